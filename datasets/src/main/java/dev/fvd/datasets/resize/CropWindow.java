package dev.fvd.datasets.resize;

import dev.fvd.datasets.CropMode;

/**
 * Where the output window sits inside the resized frame: the frame is resized (conceptually, in full) to
 * {@code resizedHeight x resizedWidth}, then the {@code outHeight x outWidth} window at ({@code top}, {@code left}) is kept.
 * The filters only compute the kept window; as every filter here is separable and pointwise per output sample, that is
 * value-identical to resizing in full and slicing.
 */
record CropWindow(int inHeight, int inWidth, int resizedHeight, int resizedWidth, int top, int left, int outHeight,
                  int outWidth) {

    static CropWindow of(CropMode crop, int inHeight, int inWidth, int outHeight, int outWidth) {
        return switch (crop) {
            case SQUASH -> new CropWindow(inHeight, inWidth, outHeight, outWidth, 0, 0, outHeight, outWidth);
            case CENTER_CROP -> centerCrop(inHeight, inWidth, outHeight, outWidth);
        };
    }

    /**
     * VideoGPT {@code videogpt/data.py} {@code preprocess}: {@code scale = resolution / min(h, w)}; if {@code h < w} the target is
     * {@code (resolution, ceil(w * scale))}, else {@code (ceil(h * scale), resolution)}; then the window starts at
     * {@code (size - resolution) // 2}. Arithmetic in double exactly as Python does it (so e.g. a square input whose
     * {@code h * scale} rounds just above {@code resolution} gets one extra row, as in VideoGPT). For a non-square target (not
     * covered by VideoGPT) our definition scales by the larger of {@code outH/h}, {@code outW/w}, which reduces to the above
     * when {@code outH == outW}.
     */
    private static CropWindow centerCrop(int h, int w, int outH, int outW) {
        int rh;
        int rw;
        if (outH == outW) {
            int resolution = outH;
            double scale = (double) resolution / Math.min(h, w);
            if (h < w) {
                rh = resolution;
                rw = (int) Math.ceil(w * scale);
            } else {
                rh = (int) Math.ceil(h * scale);
                rw = resolution;
            }
        } else {
            double sh = (double) outH / h;
            double sw = (double) outW / w;
            if (sh > sw) {
                rh = outH;
                rw = (int) Math.ceil(w * sh);
            } else {
                rh = (int) Math.ceil(h * sw);
                rw = outW;
            }
        }
        rh = Math.max(rh, outH);
        rw = Math.max(rw, outW);
        return new CropWindow(h, w, rh, rw, (rh - outH) / 2, (rw - outW) / 2, outH, outW);
    }
}
