package dev.fvd.datasets.resize;

/**
 * The shared driver of the two bilinear filters: every output row blends two input rows ({@code rowLower[y]},
 * {@code rowUpper[y]}) that were first interpolated horizontally. Output rows visit input rows in non-decreasing order, so two
 * cached horizontal rows suffice and every input row is interpolated once (value-identical to the non-separable formula: the
 * horizontal lerps of a row do not depend on the output row). Subclasses supply the arithmetic of their reference kernel.
 */
abstract class SeparableTwoTap implements FramePlan {
    final int inWidth;
    final int outWidth;
    /** Input row of the top and bottom tap of each output row; filled by the subclass constructor. */
    final int[] rowLower;
    final int[] rowUpper;

    SeparableTwoTap(CropWindow window) {
        this.inWidth = window.inWidth();
        this.outWidth = window.outWidth();
        this.rowLower = new int[window.outHeight()];
        this.rowUpper = new int[window.outHeight()];
    }

    /** Interpolates one input row (uint8 RGB from {@code rowStart}) to {@code outWidth} pixels, three floats each. */
    abstract void horizontal(byte[] src, int rowStart, float[] row);

    /** Blends the two horizontally interpolated rows of output row {@code y} into {@code dst[out .. out + n)}. */
    abstract void vertical(float[] top, float[] bottom, int y, float[] dst, int out, int n);

    @Override
    public final void apply(byte[] src, int srcOffset, float[] dst, int dstOffset) {
        int rowLength = outWidth * 3;
        float[] bufA = new float[rowLength];
        float[] bufB = new float[rowLength];
        int rowA = -1;
        int rowB = -1;
        int inRowBytes = inWidth * 3;
        int out = dstOffset;
        for (int y = 0; y < rowLower.length; y++) {
            int lo = rowLower[y];
            int hi = rowUpper[y];
            float[] top;
            if (rowA == lo) {
                top = bufA;
            } else if (rowB == lo) {
                top = bufB;
            } else if (rowA != hi) {
                horizontal(src, srcOffset + lo * inRowBytes, bufA);
                rowA = lo;
                top = bufA;
            } else {
                horizontal(src, srcOffset + lo * inRowBytes, bufB);
                rowB = lo;
                top = bufB;
            }
            float[] bottom;
            if (rowA == hi) {
                bottom = bufA;
            } else if (rowB == hi) {
                bottom = bufB;
            } else if (rowA != lo) {
                horizontal(src, srcOffset + hi * inRowBytes, bufA);
                rowA = hi;
                bottom = bufA;
            } else {
                horizontal(src, srcOffset + hi * inRowBytes, bufB);
                rowB = hi;
                bottom = bufB;
            }
            vertical(top, bottom, y, dst, out, rowLength);
            out += rowLength;
        }
    }
}
