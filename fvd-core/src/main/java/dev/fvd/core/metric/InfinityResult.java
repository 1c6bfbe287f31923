package dev.fvd.core.metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FVD∞ / FID∞ (Chong &amp; Forsyth 2020): the intercept of the least-squares line of D_N against 1/N.
 *
 * @param value  intercept at 1/N → 0
 * @param slope  slope of D_N against 1/N
 * @param points the (N, D_N) pairs the line was fitted to, in grid order
 * @param seed   seed of the fake-side permutations
 */
public record InfinityResult(double value, double slope, List<Point> points, long seed) implements MetricResult {

    /** One grid point: the distance {@code distance} with {@code n} fake samples. */
    public record Point(int n, double distance) {
    }

    public InfinityResult {
        points = List.copyOf(points);
    }

    @Override
    public String metric() {
        return "infinity";
    }

    /** {@code {"infinity": {"value", "slope", "points": [[N, D_N], …]}}}. */
    @Override
    public Map<String, Object> entries() {
        List<Object> pts = new ArrayList<>();
        for (Point p : points) {
            pts.add(List.of(p.n(), p.distance()));
        }
        Map<String, Object> inf = new LinkedHashMap<>();
        inf.put("value", value);
        inf.put("slope", slope);
        inf.put("points", pts);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("infinity", inf);
        return m;
    }
}
