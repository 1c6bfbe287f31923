package dev.fvd.features;

import dev.fvd.datasets.MediaKind;

/**
 * What a feature extractor accepts: videos or images, the minimum number of frames and an optional fixed frame count.
 *
 * @param kind        {@link MediaKind#VIDEO} for I3D, {@link MediaKind#IMAGE} (1-frame clips) for Inception
 * @param minFrames   I3D needs at least 9 frames: its final VALID 2×7×7 average pool needs 2 time steps
 *                    (REFERENCE.md §1.7, DeepMind kinetics-i3d {@code i3d.py})
 * @param fixedFrames 0 = any number of frames ≥ minFrames
 */
public record InputSpec(MediaKind kind, int minFrames, int fixedFrames) {
    public InputSpec {
        if (kind == null || minFrames < 1 || fixedFrames < 0) {
            throw new IllegalArgumentException("invalid input spec " + kind + " " + minFrames + " " + fixedFrames);
        }
    }

    /** I3D on videos: ≥ 9 frames, any length. */
    public static InputSpec i3d() {
        return new InputSpec(MediaKind.VIDEO, 9, 0);
    }

    /** Inception on single images. */
    public static InputSpec image() {
        return new InputSpec(MediaKind.IMAGE, 1, 1);
    }
}
