package dev.fvd.report;

import java.util.List;
import java.util.Objects;

/**
 * The raw features of one side, row {@code i} made from {@code samples.get(i)}.
 *
 * @param label    what the side is ({@code real: data/ucf101})
 * @param features {@code [N][d]} features, as the metrics saw them
 * @param samples  the source of each row; may be empty when the rows cannot be traced (then no frames are shown)
 */
public record SideFeatures(String label, float[][] features, List<Sample> samples) {
    public SideFeatures {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(features, "features");
        samples = List.copyOf(samples);
        if (features.length == 0) {
            throw new IllegalArgumentException(label + ": no feature rows");
        }
        int d = features[0].length;
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != d) {
                throw new IllegalArgumentException(label + ": row " + i + " has " + features[i].length + " features, row 0 has " + d);
            }
        }
        if (!samples.isEmpty() && samples.size() != features.length) {
            throw new IllegalArgumentException(label + ": " + features.length + " feature rows but " + samples.size() + " sample sources");
        }
    }

    /** Number of rows N. */
    public int count() {
        return features.length;
    }

    /** Feature dimension d. */
    public int dimension() {
        return features[0].length;
    }
}
