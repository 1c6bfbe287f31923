package dev.fvd.datasets;

import java.util.Iterator;

/**
 * The clips of a dataset in its deterministic order (natural sort of paths, then clip order within a video), independent of the
 * number of decoding threads. {@link #hasNext()} and {@link #next()} may throw a {@link DatasetException} for the input they
 * reach; clips delivered before remain valid and counted in {@link #report()}. Closing stops the decoding threads and releases
 * every decoder; close it in try-with-resources.
 */
public interface ClipStream extends Iterator<Clip>, AutoCloseable {
    /** What was delivered so far (and what was skipped). */
    DatasetReport report();

    /** Inputs (videos, images, array rows) the listing found before decoding, or -1 when not known; progress totals use it. */
    default long listedItems() {
        return -1;
    }

    @Override
    void close();
}
