package dev.fvd.features.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * State of one model's cached weights, for {@code fvd models list|verify}.
 *
 * @param modelId   model id
 * @param directory the model's cache directory
 * @param files     one status per manifest file
 * @param verified  true when every present file was re-hashed ({@code verify}); false for the cheap check ({@code list})
 */
public record ModelStatus(String modelId, Path directory, List<FileStatus> files, boolean verified) {

    public ModelStatus {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(directory, "directory");
        files = List.copyOf(files);
    }

    /** Every file is in the cache. */
    public boolean present() {
        return files.stream().allMatch(FileStatus::present);
    }

    /** Present and every file is the canonical one: results are comparable to published numbers. */
    public boolean canonical() {
        return present() && files.stream().allMatch(FileStatus::canonical);
    }

    /** Present and no file is corrupted (non-canonical imports count as ok). */
    public boolean digestsOk() {
        return present() && files.stream().allMatch(FileStatus::digestOk);
    }

    /** One word for tables: {@code missing}, {@code partial}, {@code corrupt}, {@code non-canonical} or {@code ok}. */
    public String summary() {
        if (files.stream().noneMatch(FileStatus::present)) {
            return "missing";
        }
        if (!present()) {
            return "partial";
        }
        if (!digestsOk()) {
            return "corrupt";
        }
        return canonical() ? "ok" : "non-canonical";
    }
}
