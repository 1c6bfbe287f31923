package dev.fvd.core.io;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A stats ({@code .npz}) or feature ({@code .npy}) file that cannot be read or written: missing, not an archive,
 * truncated, a missing key, a wrong shape or dtype, non-finite values, an unsupported format version. The message names
 * the file and the key, e.g. {@code "stats.npz: key 'sigma' has shape [64,63]; expected [64,64]"}.
 */
public class StatsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;

    public StatsFileException(Path file, String keyOrNull, String problem) {
        this(file, keyOrNull, problem, null);
    }

    public StatsFileException(Path file, String keyOrNull, String problem, Throwable cause) {
        super(file + ": " + (keyOrNull == null ? "" : "key '" + keyOrNull + "' ") + problem, cause);
        this.file = file;
        this.key = keyOrNull;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The array key at fault ({@code mu}, {@code sigma}, …), if the problem is in one array. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
