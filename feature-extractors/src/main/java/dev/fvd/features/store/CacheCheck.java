package dev.fvd.features.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a cached weight file against its sidecar record and its pins. Cheap by default: a file whose size and modification
 * time still match the record keeps the recorded digest; {@code full} re-hashes (as {@code fvd models verify} does).
 */
final class CacheCheck {
    /**
     * State of a cached file.
     *
     * @param intact    the bytes are the ones recorded in the sidecar (or, without a record, the canonical ones)
     * @param usable    the store may use it: canonical, or a non-canonical file the user imported on purpose
     * @param canonical matches every pin of the current manifest
     */
    record State(boolean present, boolean intact, boolean usable, boolean canonical, Optional<FileDigest> digest,
                 Optional<String> problem) {
    }

    private final StoreLocation location;
    private final Sidecars sidecars;

    CacheCheck(StoreLocation location, Sidecars sidecars) {
        this.location = location;
        this.sidecars = sidecars;
    }

    /** Checks one file and brings the sidecar up to date. */
    State check(ModelFile f, Optional<StoredFile> stored, boolean full) {
        Path path = location.weightFile(f);
        if (!Files.isRegularFile(path)) {
            return new State(false, false, false, false, Optional.empty(), Optional.of("not in the cache"));
        }
        boolean described = stored.isPresent() && sidecarStillDescribes(stored.get(), path);
        FileDigest digest = !full && described ? stored.get().digest() : FileDigest.of(path);
        boolean intact = stored.isPresent() && stored.get().digest().equals(digest);
        boolean canonical = f.matches(digest);
        boolean imported = stored.isPresent() && stored.get().source().startsWith(Sidecars.IMPORT);
        String mismatches = String.join("; ", f.mismatches(digest));
        if (canonical || (intact && imported)) {
            if (!intact || !described || stored.get().canonical() != canonical) {
                // new record, touched file, or judged against other pins when recorded
                sidecars.record(f, path, intact ? stored.get().source() : "found in cache", digest, canonical);
            }
            return new State(true, true, true, canonical, Optional.of(digest), canonical ? Optional.empty()
                    : Optional.of("non-canonical (" + stored.get().source() + "): " + mismatches));
        }
        if (intact) {
            return new State(true, true, false, false, Optional.of(digest), Optional.of("not the canonical file ("
                    + stored.get().source() + "; have the pins changed?): " + mismatches));
        }
        String expected = stored.map(s -> s.digest().toString()).orElse(f.expectedDescription());
        return new State(true, false, false, false, Optional.of(digest),
                Optional.of("corrupt: expected " + expected + "; found " + digest));
    }

    private static boolean sidecarStillDescribes(StoredFile s, Path path) {
        try {
            return Files.size(path) == s.digest().size()
                    && Files.getLastModifiedTime(path).toMillis() == s.lastModifiedMillis();
        } catch (IOException e) {
            return false;
        }
    }
}
