package dev.fvd.core.io;

import dev.fvd.core.stats.GaussianStatistics;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a stats file holds.
 *
 * @param file           where it was read from
 * @param stats          mean, covariance, count ({@code -1} when the file has no {@code n}, e.g. pytorch-fid) and
 *                       divisor ({@code N-1} when the file does not say)
 * @param provenanceJson the provenance / protocol JSON fvd wrote, if any
 * @param features       the raw features [N,d], if the file keeps them
 */
public record StoredStatistics(Path file, GaussianStatistics stats, Optional<String> provenanceJson,
                               Optional<float[][]> features) {
}
