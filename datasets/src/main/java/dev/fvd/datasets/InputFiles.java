package dev.fvd.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks shared by every reader, kept apart from the FFmpeg reader so image datasets never load FFmpeg's natives. */
final class InputFiles {
    private InputFiles() {
    }

    /** A regular, readable, non-empty file, or a {@link BadInputException} saying which of these it is not. */
    static void requireReadableFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new BadInputException(path, path + ": not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new BadInputException(path, path + ": not readable (permission denied)");
        }
        try {
            if (Files.size(path) == 0) {
                throw new BadInputException(path, path + ": file is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw new BadInputException(path, path + ": cannot read its size: " + e.getMessage(), e);
        }
    }

}
