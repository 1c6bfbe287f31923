package dev.fvd.core.metric;

/**
 * One way of comparing a real and a generated (fake) sample set: Fréchet distance, kernel MMD, bootstrap interval,
 * ∞ extrapolation, precision/recall/density/coverage, Inception Score, JEDi's MMD.
 *
 * <p>A scorer runs a list of metrics on the same two {@link MetricInput}s. {@link #needs()} says what each side must
 * carry, so the caller keeps raw features (N·d·4 bytes) or logits only when a requested metric needs them; a metric
 * that finds its input missing throws {@link MissingInputException}. Implementations are immutable, hold their
 * parameters (k, B, seed, level, subset sizes…) and copy them into their result record.
 *
 * <p>The pattern follows TorchMetrics' {@code Metric} (inputs in, one result out) and torch-fidelity's one file per
 * metric ({@code metric_fid.py}, {@code metric_kid.py}, {@code metric_isc.py}, {@code metric_prc.py}).
 *
 * @param <R> the result record
 */
public interface Metric<R extends MetricResult> {

    /** Stable short id, also the JSON key family: {@code fd}, {@code kernel}, {@code bootstrap}, {@code infinity},
     * {@code prdc}, {@code is}, {@code jedi}. */
    String id();

    /** What this metric reads from each side. */
    MetricNeeds needs();

    /**
     * Computes the metric. Inputs are not modified.
     *
     * @throws MissingInputException if a side lacks an input listed in {@link #needs()}
     * @throws dev.fvd.core.stats.StatisticsMismatchException if the sides' dimensions differ, there are too few
     *                                                        samples, or a value is not finite
     */
    R compute(MetricInput real, MetricInput fake);
}
