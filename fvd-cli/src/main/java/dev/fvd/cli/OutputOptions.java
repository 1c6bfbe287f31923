package dev.fvd.cli;

import picocli.CommandLine.Option;

/** Output switches shared by every command that computes something. */
final class OutputOptions {
    @Option(names = "--json", description = "Print a single JSON report on standard output (human text stays on standard error).")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress, warnings or summary on standard error (errors are still printed;"
            + " warnings stay in the --json report).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print the stack trace of a failure (after the one-line message).")
    boolean verbose;

    /** Warnings as {@code fvd: warning: …} lines on standard error, none with {@code --quiet}. */
    java.util.function.Consumer<String> warnings(CliContext context) {
        return w -> {
            if (!quiet) {
                context.err().println("fvd: warning: " + w);
            }
        };
    }
}
