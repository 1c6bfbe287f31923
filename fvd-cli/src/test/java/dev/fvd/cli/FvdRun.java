package dev.fvd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code fvd} in process through the production {@link FvdCommandLine} factory and captures both streams.
 *
 * @param exitCode the status {@code main} would exit with
 * @param out      standard output
 * @param err      standard error
 */
record FvdRun(int exitCode, String out, String err) {

    /** Runs with an empty model store in {@code home} and downloads disabled, so no test ever touches the network. */
    static FvdRun fvd(Path home, String... args) {
        return fvd(Map.of("FVD_HOME", home.toString(), "FVD_OFFLINE", "1"), args);
    }

    static FvdRun fvd(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FvdCommandLine.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                Environment.of(new HashMap<>(env), false), args);
        return new FvdRun(code, out.toString(), err.toString());
    }

    /** The repository root (fvd-io's shared test-support locator). */
    static Path root() {
        return dev.fvd.io.testing.TestData.root();
    }

    static Path testData(String first, String... more) {
        return root().resolve("test-data").resolve(Path.of(first, more));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
