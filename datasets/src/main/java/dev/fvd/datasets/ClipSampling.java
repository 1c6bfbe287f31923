package dev.fvd.datasets;

/**
 * How clips are cut from each video: part of a metric's protocol, so it is reported with every result.
 *
 * <p>A clip takes {@code frames} frames {@code stride} apart, so it spans {@link #span()} {@code = (frames-1)*stride + 1} source
 * frames. With {@link OffsetPolicy#FIRST} the {@code clipsPerVideo} clips of a video lie back to back from frame 0 (clip k starts
 * at {@code k*span}); with {@link OffsetPolicy#RANDOM} each start is drawn uniformly from {@code [0, n - span]} (StyleGAN-V's
 * rule) with a generator seeded by {@code (seed, video index)}, and the clips of one video come in increasing start order.
 * A video too short for its clips is never padded: see {@link TooFewFramesException}.
 *
 * @param frames        frames per clip (T); FVD uses 16 (google-research {@code frechet_video_distance.py} example, StyleGAN-V
 *                      FVD16), StyleGAN-V also 128 (FVD128)
 * @param stride        distance between sampled frames (StyleGAN-V {@code subsample_factor}; 1 = consecutive frames)
 * @param offset        where clips start
 * @param seed          seed of the {@link OffsetPolicy#RANDOM} offsets
 * @param clipsPerVideo clips taken from each video
 * @param maxItems      stop after this many videos (images) that gave clips, in sorted order; 0 = all. Inputs skipped under
 *                      {@link BadInputPolicy#SKIP} do not count. With {@link OffsetPolicy#CD_FVD}: the number of items
 *                      (cd-FVD's {@code n_real}/{@code n_fake}; videos are drawn again when there are fewer), 0 = one pass.
 * @param discardShortVideos StyleGAN-V's rule for its real videos ({@code src/metrics/frechet_video_distance.py} sets
 *                      {@code discard_short_videos = True}; {@code src/training/dataset.py} keeps a video only if
 *                      {@code len(frames) >= load_n_consecutive * subsample_factor}): a video with fewer than
 *                      {@code frames × stride} frames is dropped and listed as skipped whatever the bad-input policy (it is
 *                      not bad input, the protocol leaves it out). Only with {@link OffsetPolicy#RANDOM}, as there.
 * @param transform     what happens to the sampled frames before the model sees them ({@link FrameTransform#NONE}, or cd-FVD's
 *                      folder requantisation); applied by the decoding workers, so clips come out transformed
 */
public record ClipSampling(int frames, int stride, OffsetPolicy offset, long seed, int clipsPerVideo, int maxItems,
                           boolean discardShortVideos, FrameTransform transform) {
    public ClipSampling {
        if (transform == null) {
            throw new IllegalArgumentException("frame transform must be given (FrameTransform.NONE for none)");
        }
        if (frames < 1) {
            throw new IllegalArgumentException("frames per clip must be ≥ 1, got " + frames);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("frame stride must be ≥ 1, got " + stride);
        }
        if (offset == null) {
            throw new IllegalArgumentException("offset policy must be given");
        }
        if (clipsPerVideo < 1) {
            throw new IllegalArgumentException("clips per video must be ≥ 1, got " + clipsPerVideo);
        }
        if (maxItems < 0) {
            throw new IllegalArgumentException("max items must be ≥ 0 (0 = all), got " + maxItems);
        }
        if ((long) frames * stride > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a clip of " + frames + " frames with stride " + stride + " is too long");
        }
        if (offset == OffsetPolicy.CD_FVD && clipsPerVideo != 1) {
            throw new IllegalArgumentException("cd-FVD's loader draws one clip per item (a video drawn again is another item),"
                    + " got " + clipsPerVideo + " clips per video");
        }
        if (discardShortVideos && offset != OffsetPolicy.RANDOM) {
            throw new IllegalArgumentException("discarding short videos is StyleGAN-V's rule for randomly offset (real) clips;"
                    + " it needs the RANDOM offset policy, got " + offset);
        }
    }

    /** Sampling with the decoded frames unchanged ({@link FrameTransform#NONE}). */
    public ClipSampling(int frames, int stride, OffsetPolicy offset, long seed, int clipsPerVideo, int maxItems,
                        boolean discardShortVideos) {
        this(frames, stride, offset, seed, clipsPerVideo, maxItems, discardShortVideos, FrameTransform.NONE);
    }

    /** Sampling that keeps every video long enough for its clips (no StyleGAN-V discard rule). */
    public ClipSampling(int frames, int stride, OffsetPolicy offset, long seed, int clipsPerVideo, int maxItems) {
        this(frames, stride, offset, seed, clipsPerVideo, maxItems, false);
    }

    /**
     * StyleGAN-V's real-video sampling ({@code universome/stylegan-v} {@code src/metrics/frechet_video_distance.py},
     * {@code src/training/dataset.py}): one clip per video at a seeded random offset in {@code [0, L - span]}
     * ({@code random.randint(0, L - n·s + s - 1)}), videos shorter than {@code n·s} frames discarded and listed.
     * Its generated videos use {@link #defaults()}-style {@link OffsetPolicy#FIRST} sampling
     * ({@code load_n_consecutive_random_offset = False}).
     */
    public static ClipSampling styleganVReal(int frames, int stride, long seed) {
        return new ClipSampling(frames, stride, OffsetPolicy.RANDOM, seed, 1, 0, true);
    }

    /** 16 consecutive frames from the start of each video, one clip per video, all videos (the FVD16 setting). */
    public static ClipSampling defaults() {
        return new ClipSampling(16, 1, OffsetPolicy.FIRST, 0, 1, 0);
    }

    /** One frame per item: how still images are read. */
    public static ClipSampling singleFrame() {
        return new ClipSampling(1, 1, OffsetPolicy.FIRST, 0, 1, 0);
    }

    /** Source frames one clip covers: {@code (frames - 1) * stride + 1}. */
    public int span() {
        return (frames - 1) * stride + 1;
    }

    public ClipSampling withFrames(int frames) {
        return new ClipSampling(frames, stride, offset, seed, clipsPerVideo, maxItems, discardShortVideos, transform);
    }

    public ClipSampling withStride(int stride) {
        return new ClipSampling(frames, stride, offset, seed, clipsPerVideo, maxItems, discardShortVideos, transform);
    }

    /** Another offset policy; leaving {@link OffsetPolicy#RANDOM} also drops the discard rule that only applies to it. */
    public ClipSampling withOffset(OffsetPolicy offset) {
        return new ClipSampling(frames, stride, offset, seed, clipsPerVideo, maxItems,
                discardShortVideos && offset == OffsetPolicy.RANDOM, transform);
    }

    public ClipSampling withSeed(long seed) {
        return new ClipSampling(frames, stride, offset, seed, clipsPerVideo, maxItems, discardShortVideos, transform);
    }

    public ClipSampling withClipsPerVideo(int clipsPerVideo) {
        return new ClipSampling(frames, stride, offset, seed, clipsPerVideo, maxItems, discardShortVideos, transform);
    }

    public ClipSampling withMaxItems(int maxItems) {
        return new ClipSampling(frames, stride, offset, seed, clipsPerVideo, maxItems, discardShortVideos, transform);
    }

    public ClipSampling withDiscardShortVideos(boolean discardShortVideos) {
        return new ClipSampling(frames, stride, offset, seed, clipsPerVideo, maxItems, discardShortVideos, transform);
    }

    public ClipSampling withTransform(FrameTransform transform) {
        return new ClipSampling(frames, stride, offset, seed, clipsPerVideo, maxItems, discardShortVideos, transform);
    }
}
