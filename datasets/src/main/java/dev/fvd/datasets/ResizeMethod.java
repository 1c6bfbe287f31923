package dev.fvd.datasets;

import java.util.Arrays;

/**
 * An exact, named resize filter. Each constant reproduces one reference implementation's arithmetic, so the name in a report
 * tells which published numbers a result is comparable to.
 */
public enum ResizeMethod {
    /**
     * TF1 {@code tf.image.resize_bilinear} defaults ({@code align_corners=False, half_pixel_centers=False}): source coordinate
     * {@code dst * in / out}, no antialiasing. The FVD (google-research {@code frechet_video_distance.py}) and TTUR FID convention.
     * ONNX: {@code Resize(mode=linear, coordinate_transformation_mode=asymmetric)}.
     */
    TF1_BILINEAR("tf1-bilinear"),
    /**
     * PyTorch {@code F.interpolate(mode='bilinear', align_corners=False)}: half-pixel centres, no antialiasing
     * (StyleGAN-V, pytorch-fid, TATS). ONNX: {@code Resize(mode=linear, coordinate_transformation_mode=pytorch_half_pixel)}.
     */
    TORCH_BILINEAR("torch-bilinear"),
    /**
     * PIL {@code Image.resize(BICUBIC)} on a float ({@code 'F'} mode) channel: antialiased bicubic with a = −0.5, support scaled by
     * the reduction factor; clean-fid {@code cleanfid/resize.py}. The result is clipped to [0, 255] and not requantised.
     */
    PIL_BICUBIC("pil-bicubic");

    private final String id;

    ResizeMethod(String id) {
        this.id = id;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** Parses a name as printed by {@link #id()}. */
    public static ResizeMethod fromId(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown resize method '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(ResizeMethod::id).toList()));
    }
}
