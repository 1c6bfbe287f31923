package dev.fvd.features.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The provenance sidecar of one model's cached weights ({@code weights/<model-id>/provenance.json}): per file, its source,
 * actual digests and whether they are canonical. Result files should copy {@link #canonical()} and the digests, so a number
 * computed with non-canonical weights can never pass for a comparable one.
 *
 * @param modelId model id
 * @param files   one entry per cached file
 */
public record WeightsProvenance(String modelId, List<StoredFile> files) {

    public WeightsProvenance {
        Objects.requireNonNull(modelId, "modelId");
        files = List.copyOf(files);
    }

    /** True when every recorded file matched its canonical pins. */
    public boolean canonical() {
        return !files.isEmpty() && files.stream().allMatch(StoredFile::canonical);
    }

    /** The record of one role, if present. */
    public Optional<StoredFile> file(String role) {
        return files.stream().filter(f -> f.role().equals(role)).findFirst();
    }
}
