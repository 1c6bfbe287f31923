package dev.fvd.datasets;

import dev.fvd.datasets.resize.AntialiasedCenterCrop;

import java.util.Objects;

/**
 * What happens to the sampled frames of a clip before the model's own preprocessing, uint8 to uint8: part of the protocol,
 * because some references requantise frames in their data loader.
 *
 * <ul>
 *   <li>{@link Kind#NONE}: the decoded frames as they are (every protocol but cd-FVD's folder rows).</li>
 *   <li>{@link Kind#CD_FVD_FOLDER}: cd-FVD's video-folder loader (songweige/content-debiased-fvd
 *       {@code cdfvd/utils/data_utils.py} {@code preprocess}, {@code cdfvd/fvd.py} {@code (batch['video'] * 255).byte()}):
 *       {@code /255}, short side to {@code resolution} with PyTorch's antialiased bilinear, centre crop, ×255 and truncation
 *       ({@link AntialiasedCenterCrop}). cd-FVD's {@code load_videos} default resolution is 256.</li>
 * </ul>
 *
 * @param kind       the transform
 * @param resolution output side for {@link Kind#CD_FVD_FOLDER}; 0 for {@link Kind#NONE}
 */
public record FrameTransform(Kind kind, int resolution) {
    /** The decoded frames unchanged. */
    public static final FrameTransform NONE = new FrameTransform(Kind.NONE, 0);

    /** The transforms. */
    public enum Kind { NONE, CD_FVD_FOLDER }

    public FrameTransform {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.NONE && resolution != 0) {
            throw new IllegalArgumentException("the identity transform has no resolution, got " + resolution);
        }
        if (kind == Kind.CD_FVD_FOLDER && resolution < 1) {
            throw new IllegalArgumentException("cd-FVD's folder transform needs a resolution ≥ 1, got " + resolution);
        }
    }

    /** cd-FVD's video-folder frames at {@code resolution²} (the reference's default: 256). */
    public static FrameTransform cdFvdFolder(int resolution) {
        return new FrameTransform(Kind.CD_FVD_FOLDER, resolution);
    }

    /** The name reports print: {@code none}, or e.g. {@code cd-fvd-folder-256}. */
    public String id() {
        return kind == Kind.NONE ? "none" : "cd-fvd-folder-" + resolution;
    }

    /** One line for {@code fvd protocols}. */
    public String description() {
        return kind == Kind.NONE ? "decoded frames as they are"
                : "/255, short side to " + resolution + " (torch bilinear, antialias=True), centre crop " + resolution + "x"
                        + resolution + ", (x*255).byte() truncation";
    }

    /** Whether clips pass through unchanged. */
    public boolean isIdentity() {
        return kind == Kind.NONE;
    }

    /** The clip after this transform (the same object for {@link #NONE}). */
    public Clip apply(Clip clip) {
        return kind == Kind.NONE ? clip : AntialiasedCenterCrop.of(resolution).apply(clip);
    }
}
