package dev.fvd;

import dev.fvd.core.metric.BootstrapMetric;
import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.core.metric.InceptionScoreMetric;
import dev.fvd.core.metric.JediMetric;
import dev.fvd.core.metric.PrdcMetric;
import dev.fvd.core.metric.InfinityMetric;
import dev.fvd.core.metric.KernelMetric;
import dev.fvd.core.metric.KernelResult;
import dev.fvd.core.metric.Metric;
import dev.fvd.core.metric.MetricInput;
import dev.fvd.core.metric.MetricResult;
import dev.fvd.core.metric.MissingInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one place a {@link Measure} becomes an fvd-core {@link Metric} with this run's parameters, and where the scorer runs the
 * requested list on the two sides. Adding a measure: an enum constant in {@link Measure}, a case here, its line in the CLI
 * summary.
 */
final class Measures {
    private Measures() {
    }

    /** Whether this build computes {@code measure}. */
    static boolean available(Measure measure) {
        return switch (measure) {
            case FD, KERNEL, INFINITY, PRDC, IS, JEDI -> true;
        };
    }

    /**
     * Runs every requested measure except the plain Fréchet distance (the caller's {@code value}) and the kernel distance
     * (reported as {@link ScoreResult.Kernel}), then the bootstrap interval when asked for.
     *
     * @throws IncompatibleStatisticsException a side lacks the raw features a measure needs (a stats file without them)
     */
    static List<MetricResult> run(Set<Measure> measures, int bootstrap, double confidence, long seed, int threads,
                                  int kPr, int kDc, MetricInput real, MetricInput fake) {
        List<Metric<?>> metrics = new ArrayList<>();
        for (Measure m : Measure.values()) {
            if (!measures.contains(m)) {
                continue;
            }
            switch (m) {
                case FD, KERNEL -> {
                }
                case INFINITY -> metrics.add(new InfinityMetric(seed));
                case PRDC -> metrics.add(new PrdcMetric(kPr, kDc, threads));
                // torch-fidelity isc: 10 splits after numpy RandomState(2020).permutation, whatever the run's seed
                case IS -> metrics.add(new InceptionScoreMetric());
                case JEDI -> metrics.add(new JediMetric());
            }
        }
        if (bootstrap > 0) {
            metrics.add(new BootstrapMetric(bootstrap, confidence, seed, threads));
        }
        List<MetricResult> results = new ArrayList<>();
        for (Metric<?> metric : metrics) {
            results.add(compute(metric, real, fake));
        }
        return List.copyOf(results);
    }

    /**
     * KVD/KID over random subsets of at most {@code kernelSubsetSize} rows per side (capped at the smaller side), as clean-fid
     * / TF-GAN report it (fvd-core {@code KernelMetric}, {@code KernelDistance.subsets}).
     */
    static ScoreResult.Kernel kernel(int maxSubsetSize, int subsets, long seed, String metricId, MetricInput real,
                                     MetricInput fake) {
        float[][] x = real.requireFeatures(KernelMetric.ID, "real");
        float[][] y = fake.requireFeatures(KernelMetric.ID, "fake");
        int subsetSize = Math.min(maxSubsetSize, Math.min(x.length, y.length));
        KernelResult k = (KernelResult) compute(KernelMetric.subsets(subsetSize, subsets, seed), real, fake);
        return new ScoreResult.Kernel(dev.fvd.Metric.fromId(metricId).kernelId(), k.value(), k.std(), k.subsetSize(),
                k.subsets());
    }

    /** The bootstrap interval among {@code results}, if one was computed. */
    static java.util.Optional<BootstrapResult> bootstrap(List<MetricResult> results) {
        return results.stream().filter(BootstrapResult.class::isInstance).map(BootstrapResult.class::cast).findFirst();
    }

    private static MetricResult compute(Metric<?> metric, MetricInput real, MetricInput fake) {
        try {
            return metric.compute(real, fake);
        } catch (MissingInputException e) {
            throw new IncompatibleStatisticsException(e.getMessage() + "; recompute the statistics with the raw features"
                    + " kept", Setting.KEEP_FEATURES.hint(null));
        }
    }
}
