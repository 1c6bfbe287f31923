package dev.fvd.datasets;

import dev.fvd.io.Mt19937;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which video and which clip start cd-FVD's video-folder loader takes for each item, reproduced draw for draw
 * (songweige/content-debiased-fvd {@code cdfvd/utils/data_utils.py} {@code VideoDataset}, {@code get_dataloader};
 * {@code cdfvd/fvd.py} {@code load_videos}, {@code compute_real_stats}/{@code compute_fake_stats}; torch 1.13
 * {@code torch/utils/data/dataloader.py}, {@code sampler.py}, {@code _utils/worker.py}):
 * <ol>
 *   <li>a video of {@code n} frames has {@code max(0, n − 16 + 1)} clips of 16 consecutive frames
 *       ({@code VideoClips(files, sequence_length)}, step 1);</li>
 *   <li>{@code seed_everything(seed)} → {@code torch.manual_seed(seed)}; each pass over the loader creates a new iterator, which
 *       draws {@code base_seed = torch.empty((), int64).random_()} and then (lazily, at the first index) the
 *       {@code RandomSampler}'s seed the same way; the pass visits {@code torch.randperm(V, generator seeded with it)};</li>
 *   <li>batches of {@code batchSize} go round-robin to {@code workers} worker processes (batch {@code b} to worker
 *       {@code b mod workers}), each with Python's {@code random.seed(base_seed + worker_id)};</li>
 *   <li>per item {@code idx} ({@code get_random_clip_from_video}): move forward while the video has no clip; past the last
 *       video {@code get_clip} raises and {@code __getitem__} retries {@code (idx + 1) % num_clips()}, which comes back to 0;
 *       then {@code start = random.randint(0, n_clip − 1)} in the item's worker;</li>
 *   <li>passes repeat until {@code maxItems} items (n_fake's default 2048), the last batch cut; {@code maxItems = 0} is one
 *       pass ({@code 'full'}, n_real's default).</li>
 * </ol>
 * With {@code sample_every_n_frames = s} the window is still 16 frames and keeps every s-th ({@code video[::s]}).
 */
final class CdFvdClipDraw {
    /** cd-FVD's default {@code sequence_length}: frames of the window a clip start is drawn for. */
    static final int WINDOW = 16;
    /** cd-FVD's {@code load_videos} defaults: {@code batch_size=16}, {@code num_workers=4}. */
    static final int BATCH_SIZE = 16;
    static final int WORKERS = 4;
    /** cd-FVD's {@code VID_EXTENSIONS} ({@code cdfvd/utils/data_utils.py}), in the order its file list is built. */
    static final List<String> EXTENSIONS = List.of(".avi", ".mp4", ".webm", ".mov", ".mkv", ".m4v");

    /** One item: the video (index in the reference's file order) and the first frame of its 16-frame window. */
    record Draw(int video, int start) {
    }

    /**
     * The draws mapped onto a listing.
     *
     * @param starts  clip starts (increasing, repeats allowed) by listing index, for the items drawn at least once
     * @param skipped listing items cd-FVD's loader does not list, cannot read, or moves past (too short), with the reason
     */
    record Plan(Map<Integer, int[]> starts, List<SkippedInput> skipped) {
    }

    private CdFvdClipDraw() {
    }

    /**
     * The items in the order the reference's loader yields them.
     *
     * @param frames    frame count of each video, in the reference's file order
     * @param seed      {@code cdfvd(seed=...)}, default 42
     * @param batchSize {@code load_videos(batch_size=...)}, default 16
     * @param workers   {@code load_videos(num_workers=...)}, default 4 (≥ 1; 0 workers, which draws in the main process, is
     *                  not reproduced)
     * @param maxItems  items wanted; 0 = one pass over the videos
     * @throws IllegalArgumentException if no video has 16 frames (the reference would loop forever)
     */
    static List<Draw> draws(int[] frames, long seed, int batchSize, int workers, int maxItems) {
        return draws(frames, WINDOW, seed, batchSize, workers, maxItems);
    }

    /** {@link #draws(int[], long, int, int, int)} with a {@code sequence_length} of {@code window} frames. */
    static List<Draw> draws(int[] frames, int window, long seed, int batchSize, int workers, int maxItems) {
        if (batchSize < 1 || workers < 1 || maxItems < 0) {
            throw new IllegalArgumentException("batch size and workers must be ≥ 1 and max items ≥ 0, got " + batchSize + ", "
                    + workers + ", " + maxItems);
        }
        int videos = frames.length;
        int[] clips = new int[videos];
        boolean any = false;
        for (int i = 0; i < videos; i++) {
            clips[i] = Math.max(0, frames[i] - window + 1);
            any |= clips[i] > 0;
        }
        if (!any) {
            throw new IllegalArgumentException("no video has the " + window + " frames a cd-FVD clip needs");
        }
        Mt19937 global = new Mt19937();
        global.initGenrand((int) seed);
        List<Draw> out = new ArrayList<>();
        do {
            long baseSeed = random64(global) & Long.MAX_VALUE;
            long samplerSeed = random64(global) & Long.MAX_VALUE;
            int[] order = randperm(videos, samplerSeed);
            PythonRandom[] worker = new PythonRandom[workers];
            for (int w = 0; w < workers; w++) {
                worker[w] = new PythonRandom(baseSeed + w);
            }
            for (int i = 0; i < videos && (maxItems == 0 || out.size() < maxItems); i++) {
                int video = firstWithClips(clips, order[i]);
                PythonRandom random = worker[(i / batchSize) % workers];
                out.add(new Draw(video, (int) random.randbelow(clips[video])));
            }
        } while (maxItems != 0 && out.size() < maxItems);
        return out;
    }

    /**
     * Plans the clips of a listing as cd-FVD's video-folder loader draws them: the listed video files in the reference's
     * order ({@link #referenceOrder}; a single file is its own list), their frame counts (read now, before any clip), the
     * window {@code frames × stride}, then {@link #draws} with the sampling's seed and item count and cd-FVD's batch size
     * and worker count.
     *
     * @throws DatasetException a video that cannot be read under {@link BadInputPolicy#FAIL}
     * @throws EmptyDatasetException if no listed video has a window's frames
     */
    static Plan plan(java.nio.file.Path input, List<DatasetItem> items, ClipSampling sampling, BadInputPolicy onBadInput) {
        Map<java.nio.file.Path, Integer> byPath = new java.util.HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof VideoFileItem) {
                byPath.put(items.get(i).path().toAbsolutePath().normalize(), i);
            }
        }
        List<java.nio.file.Path> order = java.nio.file.Files.isDirectory(input) ? referenceOrder(input) : List.of(input);
        List<Integer> listed = new ArrayList<>();
        for (java.nio.file.Path p : order) {
            Integer i = byPath.remove(p.toAbsolutePath().normalize());
            if (i != null) {
                listed.add(i);
            }
        }
        List<SkippedInput> skipped = new ArrayList<>();
        java.util.Set<Integer> inOrder = new java.util.HashSet<>(listed);
        for (int i = 0; i < items.size(); i++) {
            if (!inOrder.contains(i)) {
                skipped.add(new SkippedInput(items.get(i).source(), items.get(i).source() + ": cd-FVD's video-folder loader"
                        + " does not list it (video files " + EXTENSIONS + " only)"));
            }
        }
        int window = sampling.frames() * sampling.stride();
        int[] frames = new int[listed.size()];
        for (int k = 0; k < frames.length; k++) {
            VideoFileItem video = (VideoFileItem) items.get(listed.get(k));
            try {
                frames[k] = (int) Math.min(Integer.MAX_VALUE, video.frameCount());
            } catch (DatasetException e) {
                if (onBadInput == BadInputPolicy.FAIL) {
                    throw e;
                }
                skipped.add(new SkippedInput(video.source(), e.getMessage()));
                continue;
            }
            if (frames[k] < window) {
                skipped.add(new SkippedInput(video.source(), video.source() + " has " + frames[k] + " frames; cd-FVD's"
                        + " window needs " + window + ", so its loader takes the next video instead"));
            }
        }
        List<Draw> draws;
        try {
            draws = draws(frames, window, sampling.seed(), BATCH_SIZE, WORKERS, sampling.maxItems());
        } catch (IllegalArgumentException e) {
            throw new EmptyDatasetException(input, input + ": no video has the " + window + " frames of a cd-FVD window"
                    + (skipped.isEmpty() ? "" : "; first skipped: " + skipped.get(0).reason()));
        }
        Map<Integer, List<Integer>> byItem = new java.util.TreeMap<>();
        for (Draw d : draws) {
            byItem.computeIfAbsent(listed.get(d.video()), k -> new ArrayList<>()).add(d.start());
        }
        Map<Integer, int[]> starts = new java.util.HashMap<>();
        byItem.forEach((i, list) -> starts.put(i, list.stream().mapToInt(Integer::intValue).sorted().toArray()));
        return new Plan(Map.copyOf(starts), List.copyOf(skipped));
    }

    /** {@code get_random_clip_from_video}'s forward skip, with {@code __getitem__}'s retry wrapping back to video 0. */
    private static int firstWithClips(int[] clips, int idx) {
        for (int j = idx; j < clips.length; j++) {
            if (clips[j] > 0) {
                return j;
            }
        }
        for (int j = 0; ; j++) {
            if (clips[j] > 0) {
                return j;
            }
        }
    }

    /**
     * The files cd-FVD's {@code VideoDataset} lists under {@code root}:
     * <code>sum([glob(root + '/&#42;&#42;/&#42;' + ext, recursive=True) for ext in VID_EXTENSIONS], [])</code>. Python's {@code glob} (3.11 {@code _glob2}/{@code _rlistdir}/{@code _glob1}) visits the root,
     * then every sub-folder depth first, each folder's entries in {@code os.scandir} order (the file system's readdir order,
     * which Java's directory stream returns too: it is not sorted), skips names starting with '.', follows links to folders,
     * and matches the extension case-sensitively. Folders met again through a link loop are not entered twice.
     */
    static List<java.nio.file.Path> referenceOrder(java.nio.file.Path root) {
        List<java.nio.file.Path> folders = new ArrayList<>();
        folders.add(root);
        collectFolders(root, folders, new java.util.HashSet<>(List.of(realPath(root))));
        List<java.nio.file.Path> files = new ArrayList<>();
        for (String ext : EXTENSIONS) {
            for (java.nio.file.Path folder : folders) {
                for (java.nio.file.Path entry : entries(folder)) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(".") && name.endsWith(ext)) {
                        files.add(entry);
                    }
                }
            }
        }
        return files;
    }

    private static void collectFolders(java.nio.file.Path folder, List<java.nio.file.Path> out,
                                       java.util.Set<java.nio.file.Path> seen) {
        for (java.nio.file.Path entry : entries(folder)) {
            if (entry.getFileName().toString().startsWith(".") || !java.nio.file.Files.isDirectory(entry)
                    || !seen.add(realPath(entry))) {
                continue;
            }
            out.add(entry);
            collectFolders(entry, out, seen);
        }
    }

    private static List<java.nio.file.Path> entries(java.nio.file.Path folder) {
        List<java.nio.file.Path> out = new ArrayList<>();
        try (java.nio.file.DirectoryStream<java.nio.file.Path> stream = java.nio.file.Files.newDirectoryStream(folder)) {
            stream.forEach(out::add);
        } catch (java.io.IOException e) {
            throw new BadInputException(folder, folder + ": cannot list it: " + e.getMessage(), e);
        }
        return out;
    }

    private static java.nio.file.Path realPath(java.nio.file.Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** {@code CPUGeneratorImpl::random64}: two 32-bit outputs, the first the high half. */
    private static long random64(Mt19937 mt) {
        long hi = mt.next32();
        long lo = mt.next32();
        return (hi << 32) | lo;
    }

    /** torch 1.13 {@code randperm_cpu}: {@code z = random() % (n − i)}, swap {@code r[i]} and {@code r[i + z]}. */
    private static int[] randperm(int n, long seed) {
        Mt19937 mt = new Mt19937();
        mt.initGenrand((int) seed);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (mt.next32() % (n - i));
            int t = r[i];
            r[i] = r[z + i];
            r[z + i] = t;
        }
        return r;
    }

    /**
     * CPython's {@code random.Random} seeded with a non-negative int below 2^64, given as the unsigned value of a long
     * ({@code base_seed + worker_id} can pass 2^63): {@code seed}, {@code getrandbits}, {@code _randbelow}.
     */
    static final class PythonRandom {
        private final Mt19937 mt = new Mt19937();

        PythonRandom(long seed) {
            int lo = (int) seed;
            int hi = (int) (seed >>> 32);
            mt.initByArray(hi == 0 ? new int[]{lo} : new int[]{lo, hi});
        }

        /** {@code _randbelow_with_getrandbits(n)}: {@code k = n.bit_length()}, redraw {@code getrandbits(k)} while ≥ n. */
        long randbelow(long n) {
            int k = 64 - Long.numberOfLeadingZeros(n);
            long r = getrandbits(k);
            while (r >= n) {
                r = getrandbits(k);
            }
            return r;
        }

        /** {@code getrandbits(k)} for {@code k ≤ 32}. */
        long getrandbits(int k) {
            if (k > 32) {
                throw new IllegalArgumentException("getrandbits above 32 bits is not needed here, got " + k);
            }
            return k == 0 ? 0 : mt.next32() >>> (32 - k);
        }
    }
}
