package dev.fvd.features.store;

import java.util.Objects;

/**
 * What the store recorded when it placed one file in the cache: where it came from, its actual digest and whether that is
 * the canonical one.
 *
 * @param role             manifest role
 * @param fileName         file name in the cache directory
 * @param source           {@code download <url>} or {@code import <absolute path>} or {@code found in cache}
 * @param storedAt         ISO-8601 instant
 * @param lastModifiedMillis the cached file's modification time when recorded (a cheap change check)
 * @param digest           the actual size and checksums of the cached bytes
 * @param canonical        true when the digest matched every manifest pin
 */
public record StoredFile(String role, String fileName, String source, String storedAt, long lastModifiedMillis,
                         FileDigest digest, boolean canonical) {

    public StoredFile {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(digest, "digest");
    }
}
