package dev.fvd.report;

/**
 * The bootstrap distribution of a distance: each side resampled with replacement, the distance recomputed B times.
 *
 * @param metric     the distance's name ({@code FVD}, {@code FID})
 * @param estimate   the distance on the full sets
 * @param replicates the B recomputed distances
 * @param interval   the percentile interval drawn from them
 */
public record BootstrapSamples(String metric, double estimate, double[] replicates, Interval interval) {
    public BootstrapSamples {
        replicates = replicates.clone();
        if (replicates.length == 0) {
            throw new IllegalArgumentException("bootstrap of " + metric + " has no replicates");
        }
    }

    @Override
    public double[] replicates() {
        return replicates.clone();
    }
}
