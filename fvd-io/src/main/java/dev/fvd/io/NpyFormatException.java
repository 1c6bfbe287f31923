package dev.fvd.io;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code .npy} array or {@code .npz} archive that cannot be decoded: bad magic, unsupported version or dtype, malformed
 * header, a negative dimension, a shape whose byte count overflows 64 bits, truncated data, a wrong shape for what the caller
 * asked. The message names the file and, inside an archive, the key:
 * {@code "stats.npz: key 'sigma' has shape [64,63]; expected [64,64]"}. Modules map it to their own bad-input exception.
 */
public class NpyFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;
    private final String problem;

    public NpyFormatException(Path file, String keyOrNull, String problem) {
        this(file, keyOrNull, problem, null);
    }

    public NpyFormatException(Path file, String keyOrNull, String problem, Throwable cause) {
        super(file + ": " + (keyOrNull == null ? "" : "key '" + keyOrNull + "' ") + problem, cause);
        this.file = file;
        this.key = keyOrNull;
        this.problem = problem;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The array key inside an {@code .npz} archive, if the problem is in one array of it. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** What is wrong, without the file and key prefix (for callers that rewrap it). */
    public String problem() {
        return problem;
    }
}
