package dev.fvd.features.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The provenance sidecars ({@code weights/<model>/provenance.json}) of the cache: read, and one file's record updated. */
final class Sidecars {
    /** Source prefix of files the user imported on purpose; only those are kept when not canonical. */
    static final String IMPORT = "import ";

    private final StoreLocation location;
    private final ModelManifest manifest;

    Sidecars(StoreLocation location, ModelManifest manifest) {
        this.location = location;
        this.manifest = manifest;
    }

    Optional<WeightsProvenance> read(String modelId) {
        return ProvenanceFiles.read(location.provenanceFile(modelId));
    }

    /** Records (or replaces) the entry of one file, keeping the manifest's role order; written atomically. */
    void record(ModelFile f, Path target, String source, FileDigest digest, boolean canonical) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(target).toMillis();
        } catch (IOException e) {
            throw CacheFiles.cacheError("cannot stat", target, e);
        }
        StoredFile entry = new StoredFile(f.role(), f.fileName(), source, Instant.now().toString(), modified, digest,
                canonical);
        List<StoredFile> files = new ArrayList<>(read(f.modelId()).map(WeightsProvenance::files).orElse(List.of()));
        files.removeIf(s -> s.role().equals(f.role()));
        files.add(entry);
        List<String> order = manifest.filesOf(f.modelId()).stream().map(ModelFile::role).toList();
        files.sort(Comparator.comparingInt(s -> order.indexOf(s.role())));
        WeightsProvenance updated = new WeightsProvenance(f.modelId(), files);
        CacheFiles.writeAtomically(location.provenanceFile(f.modelId()),
                ProvenanceFiles.toJson(updated).getBytes(StandardCharsets.UTF_8));
    }
}
