package dev.fvd.datasets;

import java.nio.file.Path;

/**
 * A real video that StyleGAN-V's protocol leaves out because it has fewer than {@code frames × stride} frames
 * ({@link ClipSampling#discardShortVideos()}). Not bad input: the stream lists it in {@link DatasetReport#skipped()} and goes
 * on, whatever the {@link BadInputPolicy}.
 */
public class ShortVideoDiscardedException extends TooFewFramesException {
    public ShortVideoDiscardedException(Path path, String message, long available, long needed) {
        super(path, message, available, needed);
    }
}
