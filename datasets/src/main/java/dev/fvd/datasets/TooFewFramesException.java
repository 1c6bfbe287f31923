package dev.fvd.datasets;

import java.nio.file.Path;

/**
 * A video shorter than its clips need. Clips are never padded: a protocol that padded would compare different things.
 * Example message: {@code "v.mp4 has 12 frames; a clip of 16 frames with stride 2 needs 31"}.
 */
public class TooFewFramesException extends DatasetException {
    private final long available;
    private final long needed;

    public TooFewFramesException(Path path, String message, long available, long needed) {
        super(path, message);
        this.available = available;
        this.needed = needed;
    }

    /** Frames the video has. */
    public long available() {
        return available;
    }

    /** Frames the sampling needs. */
    public long needed() {
        return needed;
    }
}
