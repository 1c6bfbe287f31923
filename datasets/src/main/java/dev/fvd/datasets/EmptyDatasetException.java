package dev.fvd.datasets;

import java.nio.file.Path;

/** A dataset with nothing to read: an empty directory or archive, or one where every input was skipped. */
public class EmptyDatasetException extends DatasetException {
    public EmptyDatasetException(Path path, String message) {
        super(path, message);
    }
}
