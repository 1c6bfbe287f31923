package dev.fvd.features.checkpoint.torch;

import dev.fvd.features.InvalidModelException;

import java.nio.file.Path;

/**
 * A PyTorch checkpoint that cannot or must not be read: not a {@code torch.save} file, truncated, inconsistent, or a pickle
 * that asks for a Python global outside the allowlist of {@link TorchCheckpointReader} (nothing is executed then).
 * The message names the file and what is wrong.
 */
public class TorchCheckpointException extends InvalidModelException {
    private final transient Path file;

    public TorchCheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public TorchCheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }
}
