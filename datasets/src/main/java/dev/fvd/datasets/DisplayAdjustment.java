package dev.fvd.datasets;

/**
 * How one video's stored frames relate to how it is displayed, and what was done about it (issue 15 item 13), for provenance.
 * Listed in {@link DatasetReport#display()} only for videos with a display matrix that turns or flips them, or with non-square
 * pixels.
 *
 * @param source            the video as named in clip sources
 * @param rotation          the display rotation θ in degrees, in [0, 360), as the ffmpeg command line computes it
 *                          ({@code get_rotation}); 0 without a display matrix
 * @param filter            the ffmpeg filters that show it upright ({@code transpose=clock}, {@code hflip,vflip}, …; {@code none})
 * @param applied           whether {@link #filter} was applied to the clips (autorotation on, as the ffmpeg command line does
 *                          by default); false with autorotation off
 * @param sampleAspectRatio the sample (pixel) aspect ratio of the clips' frames as {@code num:den}, after any transpose (which
 *                          inverts it, as FFmpeg's {@code vf_transpose} does). Never applied: the ffmpeg command line keeps
 *                          it as metadata and does not rescale pixels, and so do we.
 */
public record DisplayAdjustment(String source, double rotation, String filter, boolean applied, String sampleAspectRatio) {
}
