package dev.fvd.datasets;

/**
 * An input left out of a dataset.
 *
 * @param path   the file (or archive entry, or array row) as named in clip sources
 * @param reason why, as the exception message that {@link BadInputPolicy#FAIL} would have thrown
 */
public record SkippedInput(String path, String reason) {
}
