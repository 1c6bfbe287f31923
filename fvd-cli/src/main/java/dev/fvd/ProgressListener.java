package dev.fvd;

/**
 * Receives progress of feature extraction, one side at a time, from the calling thread. The CLI draws a progress bar with it.
 */
public interface ProgressListener {

    /**
     * Extraction of one side starts.
     *
     * @param label    the side ({@code real}, {@code fake}, or the input path)
     * @param expected clips expected, or -1 when unknown before decoding ends
     */
    void start(String label, long expected);

    /** {@code clips} more clips went through the network. */
    void advance(long clips);

    /** The side is done (also called when it failed). */
    void finish();

    /** Ignores progress. */
    static ProgressListener none() {
        return new ProgressListener() {
            @Override
            public void start(String label, long expected) {
            }

            @Override
            public void advance(long clips) {
            }

            @Override
            public void finish() {
            }
        };
    }
}
