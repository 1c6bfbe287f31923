package dev.fvd.datasets.resize;

import dev.fvd.datasets.Clip;
import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;

import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resizes uint8 RGB frames to float RGB frames (values 0–255, layout {@code [H][W][3]}) with one exact, named reference filter
 * and crop mode. Immutable and thread-safe; the index and weight tables of each input size are computed once and cached.
 *
 * <p>Filters (see {@code test-data/resize/README.md} for the facts and the parity data):
 * <ul>
 *   <li>{@link ResizeMethod#TF1_BILINEAR}: TF1 {@code tf.image.resize_bilinear} defaults, TensorFlow
 *       {@code tensorflow/core/kernels/image/resize_bilinear_op.cc}, float32, {@code src = dst * in / out};</li>
 *   <li>{@link ResizeMethod#TORCH_BILINEAR}: PyTorch {@code F.interpolate(size=..., mode='bilinear', align_corners=False)},
 *       {@code aten/src/ATen/native/UpSample.h} + {@code cpu/UpSampleKernel.cpp} (torch 1.13.1), half-pixel centres;</li>
 *   <li>{@link ResizeMethod#PIL_BICUBIC}: Pillow {@code Image.resize(BICUBIC)} on float {@code 'F'} channels,
 *       {@code src/libImaging/Resample.c}, antialiased, then clipped to [0, 255] as clean-fid {@code cleanfid/resize.py} does.</li>
 * </ul>
 * Crop modes:
 * <ul>
 *   <li>{@link CropMode#SQUASH}: the whole frame to {@code outHeight x outWidth} (FVD, TTUR, clean-fid).</li>
 *   <li>{@link CropMode#CENTER_CROP}: VideoGPT {@code videogpt/data.py} {@code preprocess}: short side to the target, long side
 *       {@code ceil(long * target / short)}, resized with the chosen filter, then the centre window starting at
 *       {@code (size - target) // 2}. With {@link ResizeMethod#TORCH_BILINEAR} this is exactly VideoGPT (which passes
 *       {@code size=}, not {@code scale_factor=}, to {@code F.interpolate}); with the other filters it is our definition by
 *       analogy.</li>
 * </ul>
 */
public final class FrameResizer {
    /** Distinct input sizes whose tables are kept; a dataset of many image sizes must not grow the cache without bound. */
    private static final int MAX_CACHED_SIZES = 256;

    private final ResizeMethod method;
    private final CropMode crop;
    private final int outHeight;
    private final int outWidth;
    private final ConcurrentHashMap<Long, FramePlan> plans = new ConcurrentHashMap<>();

    private FrameResizer(ResizeMethod method, CropMode crop, int outHeight, int outWidth) {
        this.method = method;
        this.crop = crop;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /**
     * A resizer to {@code outHeight x outWidth} with the given filter and crop.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public static FrameResizer of(ResizeMethod method, CropMode crop, int outHeight, int outWidth) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(crop, "crop");
        if (outHeight <= 0 || outWidth <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outHeight + "x" + outWidth);
        }
        return new FrameResizer(method, crop, outHeight, outWidth);
    }

    public ResizeMethod method() {
        return method;
    }

    public CropMode crop() {
        return crop;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    /** Floats in one output frame: {@code outHeight * outWidth * 3}. */
    public int outputFrameLength() {
        return outHeight * outWidth * 3;
    }

    /**
     * Resizes one frame.
     *
     * @param rgb    uint8 RGB, {@code [height][width][3]}
     * @return float RGB {@code [outHeight][outWidth][3]}, values 0–255
     */
    public float[] resize(byte[] rgb, int height, int width) {
        float[] out = new float[outputFrameLength()];
        resizeInto(rgb, 0, height, width, out, 0);
        return out;
    }

    /**
     * Resizes the frame {@code rgb[srcOffset .. srcOffset + height * width * 3)} into
     * {@code out[outOffset .. outOffset + outputFrameLength())} without allocating the output.
     */
    public void resizeInto(byte[] rgb, int srcOffset, int height, int width, float[] out, int outOffset) {
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(out, "out");
        checkFrame(rgb.length, srcOffset, height, width, "frame");
        if (outOffset < 0 || (long) outOffset + outputFrameLength() > out.length) {
            throw new IllegalArgumentException("output array of " + out.length + " floats cannot hold a " + outHeight + "x"
                    + outWidth + "x3 frame at offset " + outOffset);
        }
        plan(height, width).apply(rgb, srcOffset, out, outOffset);
    }

    /**
     * Resizes one frame into {@code out} at its position, advancing the position by {@link #outputFrameLength()}.
     * Heap buffers are written in place; direct buffers receive one bulk copy.
     */
    public void resizeInto(byte[] rgb, int srcOffset, int height, int width, FloatBuffer out) {
        Objects.requireNonNull(out, "out");
        int n = outputFrameLength();
        if (out.remaining() < n) {
            throw new IllegalArgumentException("output buffer has " + out.remaining() + " floats left; a " + outHeight + "x"
                    + outWidth + "x3 frame needs " + n);
        }
        if (out.hasArray() && !out.isReadOnly()) {
            resizeInto(rgb, srcOffset, height, width, out.array(), out.arrayOffset() + out.position());
            out.position(out.position() + n);
        } else {
            float[] frame = new float[n];
            resizeInto(rgb, srcOffset, height, width, frame, 0);
            out.put(frame);
        }
    }

    /**
     * Resizes every frame of a clip.
     *
     * @return float RGB {@code [frames][outHeight][outWidth][3]}, values 0–255
     */
    public float[] resizeClip(Clip clip) {
        Objects.requireNonNull(clip, "clip");
        long total = (long) clip.frames() * outputFrameLength();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(clip.source() + ": " + clip.frames() + " frames of " + outHeight + "x"
                    + outWidth + "x3 floats do not fit in one array; resize frame by frame with resizeInto");
        }
        float[] out = new float[(int) total];
        resizeClipInto(clip, out, 0);
        return out;
    }

    /** Resizes every frame of a clip into {@code out[outOffset ..]}, frames consecutive ({@code THWC}). */
    public void resizeClipInto(Clip clip, float[] out, int outOffset) {
        Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(out, "out");
        int n = outputFrameLength();
        if (outOffset < 0 || (long) outOffset + (long) clip.frames() * n > out.length) {
            throw new IllegalArgumentException(clip.source() + ": output array of " + out.length + " floats cannot hold "
                    + clip.frames() + " frames of " + outHeight + "x" + outWidth + "x3 at offset " + outOffset);
        }
        FramePlan plan = plan(clip.height(), clip.width());
        int frameBytes = clip.frameBytes();
        for (int t = 0; t < clip.frames(); t++) {
            plan.apply(clip.pixels(), t * frameBytes, out, outOffset + t * n);
        }
    }

    /**
     * Resizes every frame of a clip into {@code out} at its position ({@code THWC}), advancing the position. Heap buffers are
     * written in place; direct buffers (e.g. for an ONNX Runtime tensor) receive one bulk copy per frame.
     */
    public void resizeClipInto(Clip clip, FloatBuffer out) {
        Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(out, "out");
        int n = outputFrameLength();
        if (out.remaining() < (long) clip.frames() * n) {
            throw new IllegalArgumentException(clip.source() + ": output buffer has " + out.remaining() + " floats left; "
                    + clip.frames() + " frames of " + outHeight + "x" + outWidth + "x3 need " + (long) clip.frames() * n);
        }
        if (out.hasArray() && !out.isReadOnly()) {
            resizeClipInto(clip, out.array(), out.arrayOffset() + out.position());
            out.position(out.position() + clip.frames() * n);
            return;
        }
        FramePlan plan = plan(clip.height(), clip.width());
        float[] frame = new float[n];
        for (int t = 0; t < clip.frames(); t++) {
            plan.apply(clip.pixels(), t * clip.frameBytes(), frame, 0);
            out.put(frame);
        }
    }

    private void checkFrame(int length, int srcOffset, int height, int width, String what) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException(what + " size must be positive, got " + height + "x" + width);
        }
        long need = (long) height * width * 3;
        if (srcOffset < 0 || srcOffset + need > length) {
            throw new IllegalArgumentException(what + " of " + height + "x" + width + "x3 needs " + need
                    + " bytes at offset " + srcOffset + ", array has " + length);
        }
    }

    private FramePlan plan(int height, int width) {
        long key = ((long) height << 32) | width;
        FramePlan plan = plans.get(key);
        if (plan != null) {
            return plan;
        }
        if (plans.size() >= MAX_CACHED_SIZES) {
            plans.clear();
        }
        return plans.computeIfAbsent(key, k -> newPlan(CropWindow.of(crop, height, width, outHeight, outWidth)));
    }

    private FramePlan newPlan(CropWindow window) {
        return switch (method) {
            case TF1_BILINEAR -> new Tf1Bilinear(window);
            case TORCH_BILINEAR -> new TorchBilinear(window);
            case PIL_BICUBIC -> new PilBicubic(window);
        };
    }

    @Override
    public String toString() {
        return "FrameResizer[" + method.id() + ", " + crop.id() + ", " + outHeight + "x" + outWidth + "]";
    }
}
