package dev.fvd.datasets.resize;

/**
 * One filter prepared for one input size: index and weight tables are computed once, {@link #apply} only reads them, so a
 * plan is immutable and may be shared by threads.
 */
interface FramePlan {

    /**
     * Resizes the uint8 RGB frame {@code src[srcOffset ..]} ({@code [inHeight][inWidth][3]}) into
     * {@code dst[dstOffset ..]} ({@code [outHeight][outWidth][3]} floats, 0–255).
     */
    void apply(byte[] src, int srcOffset, float[] dst, int dstOffset);
}
