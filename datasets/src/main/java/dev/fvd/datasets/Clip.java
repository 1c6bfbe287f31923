package dev.fvd.datasets;

import java.util.Objects;

/**
 * A clip of RGB frames as unsigned bytes, layout {@code [frames][height][width][3]} row-major with no padding. A still image is a
 * clip of one frame.
 *
 * @param source    where the frames came from (a file path, an array entry, or a caller's label), for error messages and reports
 * @param index     the position of this clip in its dataset's deterministic order
 * @param frames    number of frames (T)
 * @param height    frame height in pixels (H)
 * @param width     frame width in pixels (W)
 * @param pixels    {@code frames * height * width * 3} bytes, values 0–255 read as unsigned
 * @param start     index of the clip's first frame in its source (0 for stills, arrays and callers' frames)
 */
public record Clip(String source, long index, int frames, int height, int width, byte[] pixels, int start) {
    public Clip {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pixels, "pixels");
        if (start < 0) {
            throw new IllegalArgumentException(source + ": clip start frame must be ≥ 0, got " + start);
        }
        if (frames <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(source + ": clip shape must be positive, got T=" + frames + " H=" + height
                    + " W=" + width);
        }
        long expected = (long) frames * height * width * 3;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(source + ": clip of " + frames + "x" + height + "x" + width + "x3 needs "
                    + expected + " bytes, got " + pixels.length);
        }
    }

    /** A clip whose first frame is the source's first (stills, arrays, frames a caller holds). */
    public Clip(String source, long index, int frames, int height, int width, byte[] pixels) {
        this(source, index, frames, height, width, pixels, 0);
    }

    /** Bytes in one frame. */
    public int frameBytes() {
        return height * width * 3;
    }

    /** The unsigned value at frame {@code t}, row {@code y}, column {@code x}, channel {@code c}. */
    public int value(int t, int y, int x, int c) {
        return pixels[((t * height + y) * width + x) * 3 + c] & 0xff;
    }
}
