package dev.fvd.report;

import java.util.List;

/**
 * The distance at a grid of fake-side subset sizes and its least-squares line in 1/N, whose intercept is FVD∞ / FID∞
 * (Chong &amp; Forsyth, "Effectively Unbiased FID and Inception Score and where to find them", CVPR 2020, §3).
 *
 * @param points    (N, D_N) pairs in increasing N
 * @param intercept the fitted distance at 1/N = 0 (D∞)
 * @param slope     the fitted slope in 1/N
 */
public record SubsetCurve(List<Point> points, double intercept, double slope) {
    public SubsetCurve {
        points = List.copyOf(points);
        if (points.size() < 2) {
            throw new IllegalArgumentException("a subset curve needs at least 2 points, got " + points.size());
        }
    }

    /** The distance {@code distance} measured with {@code n} fake samples. */
    public record Point(long n, double distance) {
    }
}
