package dev.fvd.spark;

import dev.fvd.cli.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code fvd-spark}: the launcher's and {@code spark-submit}'s main class
 * ({@code spark-submit --class dev.fvd.spark.Main fvd-spark.jar stats …}).
 */
@Command(name = "fvd-spark", mixinStandardHelpOptions = true, subcommands = CommandLine.HelpCommand.class,
        description = "fvd on Apache Spark: reference statistics of datasets that outgrow one machine.",
        footer = {"", "Exit codes: 0 success, 2 usage error, 3 bad input data (the file is named), 4 model unavailable or"
                + " invalid, 5 internal error."})
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** The command line used by {@link #main} and by tests. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new CommandLine(new StatsCommand(out, err)));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            int code = ex instanceof SparkStatsException s ? s.exitCode() : ExitCode.of(ex).code();
            err.println("fvd-spark: " + (code == ExitCode.INTERNAL.code() ? "internal error: " + ex : ex.getMessage()));
            if (code == ExitCode.INTERNAL.code()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        return cl;
    }
}
