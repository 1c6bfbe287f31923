package dev.fvd.report;

import dev.fvd.core.metric.BootstrapResult;

/**
 * One number at the top of the report, e.g. {@code FVD = 231.4 (95% CI 219.8–243.9, B = 1000)}.
 *
 * @param name  what it is ({@code FVD}, {@code FVD∞}, {@code KVD}, {@code IS}, …)
 * @param value the value
 * @param ci    its bootstrap interval, or {@code null} when none was computed
 * @param note  a short qualifier shown under the value ({@code ± 0.4 std over 100 subsets}), or {@code null}
 */
public record Headline(String name, double value, BootstrapResult ci, String note) {
    public Headline {
        java.util.Objects.requireNonNull(name, "name");
    }

    /** A value without interval or note. */
    public static Headline of(String name, double value) {
        return new Headline(name, value, null, null);
    }
}
