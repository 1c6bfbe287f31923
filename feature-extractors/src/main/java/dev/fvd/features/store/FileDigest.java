package dev.fvd.features.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Size and checksums of one file's bytes.
 *
 * <p>{@code gitBlobSha1} is the git object id of the bytes, {@code sha1("blob " + size + "\0" + bytes)} (git's object format,
 * {@code git hash-object}); it is the pin we can verify for files in a git repository (the kinetics-i3d checkpoints) without
 * trusting a third party. {@code sha256} is the pin of torch hub style downloads, whose file name ends in the first
 * hexadecimal digits of the sha256 (torch {@code hub.download_url_to_file(..., hash_prefix)}).
 *
 * @param size         length in bytes
 * @param gitBlobSha1  40 lowercase hex digits
 * @param sha256       64 lowercase hex digits
 */
public record FileDigest(long size, String gitBlobSha1, String sha256) {

    public FileDigest {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        Objects.requireNonNull(gitBlobSha1, "gitBlobSha1");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Hashes a file (one streaming pass). */
    public static FileDigest of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            StreamingDigest digest = new StreamingDigest(Files.size(file));
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return digest.finish(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Hashes bytes held in memory. */
    public static FileDigest of(byte[] bytes) {
        StreamingDigest digest = new StreamingDigest(bytes.length);
        digest.update(bytes, 0, bytes.length);
        return digest.finish(null);
    }

    /** The short human form used in messages: size and both checksums. */
    @Override
    public String toString() {
        return "size " + size + ", git-blob-sha1 " + gitBlobSha1 + ", sha256 " + sha256;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
