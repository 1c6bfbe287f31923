package dev.fvd.datasets;

/**
 * Where in a video its clips start.
 *
 * <ul>
 *   <li>{@link #FIRST}: at frame 0, the clips of one video placed back to back. The google-research FVD example and StyleGAN-V
 *       take generated ("fake") videos this way ({@code load_n_consecutive_random_offset=False}).</li>
 *   <li>{@link #RANDOM}: each clip at an offset drawn uniformly from every start that fits, as StyleGAN-V samples real videos
 *       ({@code universome/stylegan-v} {@code src/training/dataset.py}, {@code VideoFramesFolderDataset.__getitem__}:
 *       {@code random.randint(0, n - frames*stride + stride - 1)}, i.e. {@code [0, n - ((frames-1)*stride + 1)]}). The offsets are
 *       drawn from a generator seeded by ({@link ClipSampling#seed()}, video index), so they do not depend on thread count.</li>
 *   <li>{@link #CD_FVD}: cd-FVD's video-folder loader, draw for draw ({@link CdFvdClipDraw}): its file order, its DataLoader
 *       shuffle and worker seeds, one window of {@code frames × stride} frames per item at {@code random.randint(0, n − window)},
 *       items repeated over passes up to {@link ClipSampling#maxItems()} (0 = one pass); one clip per item.</li>
 * </ul>
 */
public enum OffsetPolicy { FIRST, RANDOM, CD_FVD }
