package dev.fvd.datasets;

import java.util.List;

/**
 * What a {@link ClipStream} delivered so far.
 *
 * @param source  the dataset path as given
 * @param items   videos (images, array rows) whose clips were delivered
 * @param clips   clips delivered
 * @param skipped inputs left out under {@link BadInputPolicy#SKIP}, in dataset order, with their reasons
 */
public record DatasetReport(String source, long items, long clips, List<SkippedInput> skipped) {
    public DatasetReport {
        skipped = List.copyOf(skipped);
    }
}
