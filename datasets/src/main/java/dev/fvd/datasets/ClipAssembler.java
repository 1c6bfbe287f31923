package dev.fvd.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects frames arriving in source order into the clips that use them. A frame can belong to several clips (overlapping
 * random offsets), so it is copied once per use.
 */
final class ClipAssembler {
    private final ClipSampling sampling;
    private final int[] starts;
    private final String source;
    private byte[][] pixels;
    private int height;
    private int width;

    ClipAssembler(ClipSampling sampling, int[] starts, String source) {
        this.sampling = sampling;
        this.starts = starts.clone();
        this.source = source;
    }

    /** Last source frame needed. */
    int lastFrame() {
        return starts[starts.length - 1] + sampling.span() - 1;
    }

    /** Whether frame {@code index} is used by any clip. */
    boolean wants(int index) {
        for (int start : starts) {
            int rel = index - start;
            if (rel >= 0 && rel < sampling.span() && rel % sampling.stride() == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Offers frame {@code index}, {@code height × width × 3} bytes; returns false if its size differs from the first frame's.
     */
    boolean accept(int index, byte[] rgb, int height, int width) {
        if (pixels == null) {
            this.height = height;
            this.width = width;
            pixels = new byte[starts.length][];
        } else if (height != this.height || width != this.width) {
            return false;
        }
        int frameBytes = height * width * 3;
        for (int k = 0; k < starts.length; k++) {
            int rel = index - starts[k];
            if (rel >= 0 && rel < sampling.span() && rel % sampling.stride() == 0) {
                if (pixels[k] == null) {
                    pixels[k] = new byte[sampling.frames() * frameBytes];
                }
                System.arraycopy(rgb, 0, pixels[k], (rel / sampling.stride()) * frameBytes, frameBytes);
            }
        }
        return true;
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** The finished clips (index 0; the stream numbers them). */
    List<Clip> clips() {
        List<Clip> clips = new ArrayList<>(starts.length);
        for (int k = 0; k < pixels.length; k++) {
            clips.add(new Clip(source, 0, sampling.frames(), height, width, pixels[k], starts[k]));
        }
        return clips;
    }
}
