package dev.fvd.spark;

/**
 * A failure of fvd-spark with the exit code of {@code fvd} it maps to ({@code dev.fvd.cli.ExitCode}). Thrown on the driver, and
 * by tasks in place of the pipeline's own exception (whose fields, such as a {@code Path}, need not be serializable), so the
 * driver reports the message that names the file rather than Spark's stage failure text.
 */
public class SparkStatsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public SparkStatsException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The {@code fvd} exit code: 2 usage, 3 bad input, 4 model, 5 internal. */
    public int exitCode() {
        return exitCode;
    }
}
