package dev.fvd.datasets.resize;

import dev.fvd.datasets.Clip;
import dev.fvd.datasets.CropMode;

import java.util.Objects;

/**
 * cd-FVD's video-folder frame preparation, uint8 in and uint8 out (songweige/content-debiased-fvd {@code cdfvd/utils/data_utils.py}
 * {@code preprocess} and {@code cdfvd/fvd.py} {@code compute_real_stats}/{@code compute_fake_stats}):
 * <ol>
 *   <li>{@code video.permute(0, 3, 1, 2).float() / 255.} (float32 division);</li>
 *   <li>short side to {@code resolution}: {@code scale = resolution / min(h, w)}, target {@code (resolution, ceil(w·scale))} if
 *       {@code h < w} else {@code (ceil(h·scale), resolution)} (Python double arithmetic, so a square frame may get one extra
 *       row, as in VideoGPT), with {@code F.interpolate(mode='bilinear', align_corners=False, antialias=True)}
 *       ({@link TorchAntialiasBilinear});</li>
 *   <li>centre crop from {@code ((h − resolution) // 2, (w − resolution) // 2)};</li>
 *   <li>{@code (batch['video'] * 255).byte()}: float32 product, then the cast to uint8 <b>truncates</b> (e.g. 254.99997 → 254).</li>
 * </ol>
 * The model's own preprocessing (for cd-FVD: {@code /255} and a bilinear squash to 224²) runs afterwards on these bytes, as in
 * the reference. Immutable and thread-safe; weights are computed per frame size on each call (a few microseconds per clip).
 */
public final class AntialiasedCenterCrop {
    private final int resolution;

    private AntialiasedCenterCrop(int resolution) {
        this.resolution = resolution;
    }

    /**
     * The preparation to {@code resolution × resolution} (cd-FVD's {@code load_videos} default is 256).
     *
     * @throws IllegalArgumentException if the resolution is not positive
     */
    public static AntialiasedCenterCrop of(int resolution) {
        if (resolution < 1) {
            throw new IllegalArgumentException("resolution must be ≥ 1, got " + resolution);
        }
        return new AntialiasedCenterCrop(resolution);
    }

    public int resolution() {
        return resolution;
    }

    /** The clip with every frame prepared: same source, index and frame count, {@code resolution²} pixels. */
    public Clip apply(Clip clip) {
        Objects.requireNonNull(clip, "clip");
        int h = clip.height();
        int w = clip.width();
        CropWindow window = CropWindow.of(CropMode.CENTER_CROP, h, w, resolution, resolution);
        TorchAntialiasBilinear.Taps rows = TorchAntialiasBilinear.Taps.of(h, window.resizedHeight(), window.top(), resolution);
        TorchAntialiasBilinear.Taps cols = TorchAntialiasBilinear.Taps.of(w, window.resizedWidth(), window.left(), resolution);
        int firstRow = rows.first();
        int rowCount = rows.end() - firstRow;
        int inRow = w * 3;
        int outRow = resolution * 3;
        float[] frame = new float[inRow];
        float[] horizontal = new float[rowCount * outRow];
        float[] column = new float[rowCount];
        byte[] out = new byte[clip.frames() * resolution * outRow];
        byte[] pixels = clip.pixels();
        for (int t = 0; t < clip.frames(); t++) {
            int frameStart = t * clip.frameBytes();
            for (int r = 0; r < rowCount; r++) {
                int rowStart = frameStart + (firstRow + r) * inRow;
                for (int i = 0; i < inRow; i++) {
                    frame[i] = (float) (pixels[rowStart + i] & 0xff) / 255f;
                }
                int dst = r * outRow;
                for (int ox = 0; ox < resolution; ox++) {
                    for (int c = 0; c < 3; c++) {
                        horizontal[dst + ox * 3 + c] = TorchAntialiasBilinear.sum(frame, c, 3, cols, ox);
                    }
                }
            }
            int outFrame = t * resolution * outRow;
            for (int i = 0; i < outRow; i++) {
                for (int r = 0; r < rowCount; r++) {
                    column[r] = horizontal[r * outRow + i];
                }
                for (int oy = 0; oy < resolution; oy++) {
                    float v = TorchAntialiasBilinear.sum(column, -firstRow, 1, rows, oy) * 255f;
                    out[outFrame + oy * outRow + i] = (byte) (int) v;
                }
            }
        }
        return new Clip(clip.source(), clip.index(), clip.frames(), resolution, resolution, out);
    }

    @Override
    public String toString() {
        return "AntialiasedCenterCrop[" + resolution + "]";
    }
}
