package dev.fvd.report;

import java.util.Objects;

/**
 * Where one feature row came from, so the report can show its frames.
 *
 * @param source     the clip source as the dataset names it (a file path, an archive entry, an array row)
 * @param startFrame the first source frame of the clip (0 for images and first-frame sampling)
 */
public record Sample(String source, int startFrame) {
    public Sample {
        Objects.requireNonNull(source, "source");
        if (startFrame < 0) {
            throw new IllegalArgumentException(source + ": start frame must be ≥ 0, got " + startFrame);
        }
    }
}
