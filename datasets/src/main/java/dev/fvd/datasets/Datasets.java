package dev.fvd.datasets;

import java.nio.file.Path;

/**
 * The entry point of the datasets module: turns a path into a stream of uint8 RGB clips, decoded as the reference protocols do.
 *
 * <h2>Inputs ({@link MediaKind#VIDEO})</h2>
 * <ul>
 *   <li>a directory, walked recursively: video files ({@code mp4 m4v avi mkv webm mov gif mpg mpeg flv wmv ogv ts 3gp}, decoded by
 *       FFmpeg at native resolution to RGB24) and frame folders (a folder holding png/jpg/jpeg/bmp frames is one video, frames in
 *       natural order, decoded with ImageIO as {@link MediaKind#IMAGE}), all in natural order of their relative paths
 *       ({@code v2} before {@code v10}); other files are ignored;</li>
 *   <li>a single video file (any container FFmpeg reads);</li>
 *   <li>a {@code .npy} array, or {@code .npz} archive (array {@code arr_0}, or its only array), uint8 {@code [N,T,H,W,3]}.</li>
 * </ul>
 * <h2>Inputs ({@link MediaKind#IMAGE}, for FID)</h2>
 * <ul>
 *   <li>a directory of png/jpg/jpeg/bmp images (recursive, natural order), a {@code .zip} of such images, a single image;</li>
 *   <li>a {@code .npz} ({@code arr_0}, guided-diffusion reference batches) or {@code .npy} of uint8 {@code [N,H,W,3]}.</li>
 * </ul>
 * Still images are decoded with {@code javax.imageio} and converted like PIL's {@code convert('RGB')} (pytorch-fid, clean-fid);
 * WebP is reported as unsupported. Floating-point arrays are refused: their value range cannot be guessed.
 *
 * <h2>Sampling, order, memory, errors</h2>
 * Clips are cut per {@link ClipSampling}; the order of clips never depends on {@link DatasetOptions#threads()}; at most about
 * {@code threads + queueCapacity} inputs' clips are held in memory; bad input throws a {@link DatasetException} naming the file
 * ({@link BadInputPolicy#FAIL}) or is skipped and reported ({@link BadInputPolicy#SKIP}).
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Opens a dataset. Listing happens now (so a missing path or an empty directory fails here); decoding starts lazily on the
     * first {@link ClipStream#hasNext()}.
     *
     * @throws BadInputException     the path does not exist, cannot be read, or is not a dataset of {@code options.kind()}
     * @throws EmptyDatasetException nothing to read at the path
     */
    public static ClipStream open(Path input, DatasetOptions options) {
        if (input == null || options == null) {
            throw new IllegalArgumentException("input path and options must be given");
        }
        DatasetScanner.Listing listing = DatasetScanner.scan(input, options.kind(), options.autorotate());
        return new OrderedClipStream(input, listing, options);
    }
}
