package dev.fvd.core.metric;

import java.util.Map;

/**
 * The outcome of one {@link Metric}: a record carrying the numbers and the parameters that produced them.
 *
 * <p>{@link #entries()} gives the same content under the stable JSON keys of the report (issue 10: {@code value},
 * {@code ci}, {@code infinity}, {@code precision}, {@code recall}, {@code density}, {@code coverage}, {@code k_pr},
 * {@code k_dc}, {@code inception_score}, {@code jedi}, …), so every writer of the report prints a result the same way.
 * Values are {@link Number}, {@link String}, {@link java.util.List} or nested {@link Map} (insertion-ordered).
 */
public interface MetricResult {

    /** The {@link Metric#id()} that produced this result. */
    String metric();

    /** This result under the report's JSON keys; per-sample arrays are not included (they stay on the record). */
    Map<String, Object> entries();
}
