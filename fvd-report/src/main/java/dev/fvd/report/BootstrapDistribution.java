package dev.fvd.report;

import dev.fvd.core.metric.BootstrapResult;

import java.util.Objects;

/**
 * A bootstrap interval with the B distances it was read from, for the histogram.
 *
 * @param result    the interval ({@link dev.fvd.core.metric.BootstrapMetric})
 * @param distances the B bootstrap distances in replicate order ({@code FrechetBootstrap.distances}, the same ones the
 *                  interval was read from: never a second bootstrap run)
 */
public record BootstrapDistribution(BootstrapResult result, double[] distances) {
    public BootstrapDistribution {
        Objects.requireNonNull(result, "result");
        distances = distances.clone();
        if (distances.length != result.replicates()) {
            throw new IllegalArgumentException("bootstrap of B = " + result.replicates() + " came with " + distances.length
                    + " distances");
        }
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }
}
