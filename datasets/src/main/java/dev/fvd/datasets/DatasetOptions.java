package dev.fvd.datasets;

/**
 * How a dataset is read: what it holds, how clips are sampled, what to do with bad input, and how much work runs in parallel.
 *
 * <p>At most about {@code threads + queueCapacity} inputs are decoding or decoded-but-not-consumed at any time, so memory stays
 * bounded by that many inputs' clips (each {@code clipsPerVideo × frames × H × W × 3} bytes) whatever the dataset size.
 *
 * @param kind          videos or still images
 * @param sampling      clip sampling (for images it must take 1 frame per item)
 * @param onBadInput    fail fast or skip and report
 * @param threads       decoding threads (≥ 1); results do not depend on it
 * @param queueCapacity decoded inputs that may wait for the consumer (≥ 1): the backpressure bound
 * @param autorotate    turn and flip video frames upright per their display matrix, as the ffmpeg command line does by default
 *                      ({@link DisplayTransform}); false reads frames as stored ({@code ffmpeg -noautorotate}). Sample aspect
 *                      ratios are never applied (the command line does not rescale either); both are reported
 *                      ({@link DatasetReport#display()}).
 */
public record DatasetOptions(MediaKind kind, ClipSampling sampling, BadInputPolicy onBadInput, int threads, int queueCapacity,
                             boolean autorotate) {
    public DatasetOptions {
        if (kind == null || sampling == null || onBadInput == null) {
            throw new IllegalArgumentException("kind, sampling and bad-input policy must be given");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be ≥ 1, got " + queueCapacity);
        }
        if (kind == MediaKind.IMAGE && (sampling.frames() != 1 || sampling.clipsPerVideo() != 1)) {
            throw new IllegalArgumentException("images are 1-frame clips: sampling must take 1 frame and 1 clip per item, got "
                    + sampling.frames() + " frames and " + sampling.clipsPerVideo() + " clips");
        }
        if (kind == MediaKind.IMAGE && !sampling.transform().isIdentity()) {
            throw new IllegalArgumentException("frame transform " + sampling.transform().id() + " is a video-folder rule;"
                    + " images are read as they are");
        }
    }

    /** Options with autorotation on (the ffmpeg command line's default). */
    public DatasetOptions(MediaKind kind, ClipSampling sampling, BadInputPolicy onBadInput, int threads, int queueCapacity) {
        this(kind, sampling, onBadInput, threads, queueCapacity, true);
    }

    /** Videos with {@link ClipSampling#defaults()}, fail fast, 2 threads, 8 queued inputs. */
    public static DatasetOptions videos() {
        return new DatasetOptions(MediaKind.VIDEO, ClipSampling.defaults(), BadInputPolicy.FAIL, defaultThreads(), 8);
    }

    /** Still images, one 1-frame clip each, fail fast, 2 threads, 32 queued inputs. */
    public static DatasetOptions images() {
        return new DatasetOptions(MediaKind.IMAGE, ClipSampling.singleFrame(), BadInputPolicy.FAIL, defaultThreads(), 32);
    }

    private static int defaultThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public DatasetOptions withKind(MediaKind kind) {
        return new DatasetOptions(kind, kind == MediaKind.IMAGE ? ClipSampling.singleFrame().withMaxItems(sampling.maxItems())
                : sampling, onBadInput, threads, queueCapacity, autorotate);
    }

    public DatasetOptions withSampling(ClipSampling sampling) {
        return new DatasetOptions(kind, sampling, onBadInput, threads, queueCapacity, autorotate);
    }

    public DatasetOptions withOnBadInput(BadInputPolicy onBadInput) {
        return new DatasetOptions(kind, sampling, onBadInput, threads, queueCapacity, autorotate);
    }

    public DatasetOptions withThreads(int threads) {
        return new DatasetOptions(kind, sampling, onBadInput, threads, queueCapacity, autorotate);
    }

    public DatasetOptions withQueueCapacity(int queueCapacity) {
        return new DatasetOptions(kind, sampling, onBadInput, threads, queueCapacity, autorotate);
    }

    public DatasetOptions withAutorotate(boolean autorotate) {
        return new DatasetOptions(kind, sampling, onBadInput, threads, queueCapacity, autorotate);
    }
}
