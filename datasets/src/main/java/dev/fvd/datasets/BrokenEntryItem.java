package dev.fvd.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * A folder entry that cannot be an input: a dangling symbolic link, or a link that loops back to a folder above it. Listed in
 * dataset order like any other input, so it is named when read: fail fast under {@link BadInputPolicy#FAIL}, skipped and
 * reported under {@link BadInputPolicy#SKIP} (issue 15 item 10).
 */
final class BrokenEntryItem implements DatasetItem {
    private final Path path;
    private final String reason;

    BrokenEntryItem(Path path, String reason) {
        this.path = path;
        this.reason = reason;
    }

    @Override
    public String source() {
        return path.toString();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<Clip> read(ClipSampler sampler, int index) {
        throw new BadInputException(path, path + ": " + reason);
    }
}
