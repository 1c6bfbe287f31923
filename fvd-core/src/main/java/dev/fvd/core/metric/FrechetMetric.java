package dev.fvd.core.metric;

import dev.fvd.core.distance.FrechetDistance;
import dev.fvd.core.stats.GaussianStatistics;

/**
 * The Fréchet distance (FID, Heusel et al. 2017; FVD, Unterthiner et al. 2018) from the two sides' statistics,
 * computed by {@link FrechetDistance#between}. Needs statistics only (given, or derived from features).
 */
public final class FrechetMetric implements Metric<FrechetResult> {

    /** {@value}. */
    public static final String ID = "fd";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MetricNeeds needs() {
        return MetricNeeds.both(MetricNeeds.Input.STATISTICS);
    }

    @Override
    public FrechetResult compute(MetricInput real, MetricInput fake) {
        GaussianStatistics r = real.statistics(ID, "real");
        GaussianStatistics f = fake.statistics(ID, "fake");
        return new FrechetResult(FrechetDistance.between(r, f), r.count(), f.count());
    }
}
