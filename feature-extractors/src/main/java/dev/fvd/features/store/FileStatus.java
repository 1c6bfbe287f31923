package dev.fvd.features.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * State of one cached file, for {@code fvd models list|verify}.
 *
 * @param file      the manifest entry
 * @param path      where the cached copy lives (or would live)
 * @param present   the file exists
 * @param actual    its digest: re-hashed by {@code verify}, taken from the sidecar by {@code list}; empty when missing
 * @param canonical the digest matches every manifest pin
 * @param digestOk  the bytes are the ones the store recorded when it placed the file (a canonical file without a record
 *                  counts as intact);
 *                  false for a corrupted or tampered file
 * @param problem   what is wrong, in words, or empty
 */
public record FileStatus(ModelFile file, Path path, boolean present, Optional<FileDigest> actual, boolean canonical,
                         boolean digestOk, Optional<String> problem) {

    public FileStatus {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(problem, "problem");
    }
}
