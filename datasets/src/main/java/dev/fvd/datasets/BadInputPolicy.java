package dev.fvd.datasets;

/**
 * What happens when one input cannot give its clips (corrupt, truncated, empty, not a video, too few frames, unreadable).
 *
 * <ul>
 *   <li>{@link #FAIL}: the stream throws a {@link DatasetException} naming the file when it reaches that input in order; clips
 *       delivered before stay delivered and are counted in the report.</li>
 *   <li>{@link #SKIP}: the input is left out and listed with its reason in {@link DatasetReport#skipped()}.</li>
 * </ul>
 */
public enum BadInputPolicy { FAIL, SKIP }
