package dev.fvd.datasets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a {@link ClipSampling} and a video's frame count into clip start frames.
 *
 * <p>Random offsets follow StyleGAN-V ({@code universome/stylegan-v} {@code src/training/dataset.py},
 * {@code VideoFramesFolderDataset.__getitem__}): {@code random.randint(0, n - F*s + s - 1)}, inclusive bounds, i.e. uniform over
 * every start {@code o} with {@code o + (F-1)*s ≤ n-1}. StyleGAN-V draws from Python's global generator, so its exact offsets
 * cannot be reproduced; we reproduce the distribution, drawing from a {@link SplittableRandom} seeded by
 * {@link #videoSeed(long, int)} so each video's offsets depend only on (seed, video index), never on thread scheduling.
 */
final class ClipSampler {
    private final ClipSampling sampling;
    /** {@link OffsetPolicy#CD_FVD}: the drawn starts of each video by listing index; null otherwise. */
    private final Map<Integer, int[]> planned;

    ClipSampler(ClipSampling sampling) {
        this(sampling, null);
    }

    ClipSampler(ClipSampling sampling, Map<Integer, int[]> planned) {
        if ((sampling.offset() == OffsetPolicy.CD_FVD) != (planned != null)) {
            throw new IllegalArgumentException("cd-FVD's draws are planned over the whole listing before decoding");
        }
        this.sampling = sampling;
        this.planned = planned;
    }

    /** Whether the listing item at {@code index} gives any clip (false: cd-FVD's draw did not pick it). */
    boolean drawn(int index) {
        return planned == null || planned.containsKey(index);
    }

    ClipSampling sampling() {
        return sampling;
    }

    /**
     * Frames needed before any clip can be cut: all clips back to back for FIRST, one clip for RANDOM, and {@code frames × stride}
     * under StyleGAN-V's discard rule ({@link ClipSampling#discardShortVideos()}).
     */
    long framesNeeded() {
        if (sampling.offset() == OffsetPolicy.FIRST) {
            return (long) sampling.clipsPerVideo() * sampling.span();
        }
        if (sampling.offset() == OffsetPolicy.CD_FVD) {
            return (long) sampling.frames() * sampling.stride();
        }
        return sampling.discardShortVideos() ? (long) sampling.frames() * sampling.stride() : sampling.span();
    }

    /** Starts of the clips of FIRST: clip k at {@code k * span}. Needs no frame count. */
    int[] firstStarts() {
        int[] starts = new int[sampling.clipsPerVideo()];
        for (int k = 0; k < starts.length; k++) {
            starts[k] = k * sampling.span();
        }
        return starts;
    }

    /**
     * Starts of the clips of a video with {@code frameCount} frames, in increasing order.
     *
     * @throws TooFewFramesException if the video is shorter than {@link #framesNeeded()}
     */
    int[] starts(long frameCount, int videoIndex, Path path, String name) {
        requireFrames(frameCount, path, name);
        if (sampling.offset() == OffsetPolicy.FIRST) {
            return firstStarts();
        }
        if (planned != null) {
            return planned.get(videoIndex).clone();
        }
        SplittableRandom random = new SplittableRandom(videoSeed(sampling.seed(), videoIndex));
        int bound = (int) (frameCount - sampling.span() + 1);
        int[] starts = new int[sampling.clipsPerVideo()];
        for (int k = 0; k < starts.length; k++) {
            starts[k] = random.nextInt(bound);
        }
        // increasing order lets one forward decoding pass serve every clip of the video
        Arrays.sort(starts);
        return starts;
    }

    void requireFrames(long frameCount, Path path, String name) {
        long needed = framesNeeded();
        if (frameCount < needed && sampling.discardShortVideos()) {
            throw new ShortVideoDiscardedException(path, name + " has " + frameCount + " frame" + (frameCount == 1 ? "" : "s")
                    + "; StyleGAN-V discards real videos shorter than frames × stride = " + sampling.frames() + " × "
                    + sampling.stride() + " = " + needed + " (discard_short_videos)", frameCount, needed);
        }
        if (frameCount < needed) {
            throw new TooFewFramesException(path, tooFewMessage(name, frameCount), frameCount, needed);
        }
    }

    String tooFewMessage(String name, long frameCount) {
        if (sampling.offset() == OffsetPolicy.CD_FVD) {
            return name + " has " + frameCount + " frame" + (frameCount == 1 ? "" : "s") + "; cd-FVD's window of "
                    + sampling.frames() + " frames with stride " + sampling.stride() + " needs " + framesNeeded();
        }
        int clips = sampling.offset() == OffsetPolicy.FIRST ? sampling.clipsPerVideo() : 1;
        String what = clips == 1 ? "a clip of " + sampling.frames() + " frames with stride " + sampling.stride() + " needs "
                : clips + " back-to-back clips of " + sampling.frames() + " frames with stride " + sampling.stride() + " need ";
        return name + " has " + frameCount + " frame" + (frameCount == 1 ? "" : "s") + "; " + what + framesNeeded();
    }

    /** Last source frame any clip uses: decoding can stop after it. */
    int lastFrame(int[] starts) {
        return starts[starts.length - 1] + sampling.span() - 1;
    }

    /**
     * The seed of one video's offsets: SplitMix64's finaliser over (seed, index), so neighbouring indices get unrelated streams.
     */
    static long videoSeed(long seed, int videoIndex) {
        long z = seed + 0x9E3779B97F4A7C15L * (videoIndex + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
