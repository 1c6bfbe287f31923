package dev.fvd.features.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes size, git blob sha1 and sha256 while bytes stream past, so a download or a copy is hashed without a second read.
 *
 * <p>The git blob header needs the size before the content ({@code "blob <size>\0"}); the size is announced up front (from the
 * manifest, the Content-Length or the source file). If the stream turns out to have a different length, the blob sha1 is
 * recomputed from the written file in {@link #finish(Path)} so the reported digest is always true to the bytes.
 */
final class StreamingDigest {
    private final long announcedSize;
    private final MessageDigest gitBlob = newDigest("SHA-1");
    private final MessageDigest sha256 = newDigest("SHA-256");
    private long count;

    StreamingDigest(long announcedSize) {
        this.announcedSize = announcedSize;
        if (announcedSize >= 0) {
            gitBlob.update(("blob " + announcedSize + "\0").getBytes(StandardCharsets.US_ASCII));
        }
    }

    void update(byte[] buffer, int offset, int length) {
        gitBlob.update(buffer, offset, length);
        sha256.update(buffer, offset, length);
        count += length;
    }

    long count() {
        return count;
    }

    /**
     * @param writtenCopy the file holding the same bytes, used only when the announced size was wrong (may be null for
     *                    in-memory input, whose size is always announced exactly)
     */
    FileDigest finish(Path writtenCopy) {
        String sha = FileDigest.hex(sha256.digest());
        if (announcedSize == count) {
            return new FileDigest(count, FileDigest.hex(gitBlob.digest()), sha);
        }
        if (writtenCopy == null) {
            throw new IllegalStateException("announced " + announcedSize + " bytes but saw " + count);
        }
        return new FileDigest(count, gitBlobSha1(writtenCopy, count), sha);
    }

    private static String gitBlobSha1(Path file, long size) {
        MessageDigest md = newDigest("SHA-1");
        md.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return FileDigest.hex(md.digest());
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }
}
