package dev.fvd.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Turns a failure into one line on standard error and its {@link ExitCode}. The stack trace is printed only with
 * {@code --verbose}: users get a message that names the file and the fix, not a trace.
 */
final class FailureReporter implements CommandLine.IExecutionExceptionHandler {
    private final CliContext context;

    FailureReporter(CliContext context) {
        this.context = context;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        ExitCode code = ExitCode.of(ex);
        PrintWriter err = context.err();
        String message = oneLine(ex.getMessage()) + OptionNames.suffix(ex);
        if (code == ExitCode.INTERNAL) {
            err.println("fvd: internal error: " + ex.getClass().getName() + (message.isEmpty() ? "" : ": " + message));
        } else {
            err.println("fvd: " + (message.isEmpty() ? ex.getClass().getSimpleName() : message));
        }
        if (verbose(parseResult)) {
            ex.printStackTrace(err);
        } else if (code == ExitCode.INTERNAL) {
            err.println("fvd: run again with --verbose for the stack trace");
        }
        err.flush();
        return code.code();
    }

    /** Unknown options, bad values: the message and where to read more, without the whole usage text. */
    static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("fvd: " + oneLine(ex.getMessage()));
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine cl : parseResult.asCommandLineList()) {
            CommandLine.ParseResult r = cl.getParseResult();
            if (r != null && r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
