package dev.fvd;

/**
 * A setting of the library a failure is about, so that a front end can name its own way to change it (the command line maps each
 * to an option) while library messages say only what is wrong.
 */
public enum Setting {
    METRIC, PROTOCOL, MODEL, FRAMES, STRIDE, OFFSET, CLIPS_PER_VIDEO, MAX_ITEMS, BATCH_SIZE, THREADS, DEVICE, KERNEL_SUBSETS,
    MEASURES, BOOTSTRAP, KEEP_FEATURES, MERGE;

    /**
     * The setting and the value that would fix the failure ({@code null} when the value is not the point: "turn it on").
     *
     * @param setting what to change
     * @param value   what to change it to, or what was given when that value is the problem
     */
    public record Hint(Setting setting, String value) {
    }

    /** A hint for this setting. */
    public Hint hint(Object value) {
        return new Hint(this, value == null ? null : value.toString());
    }
}
