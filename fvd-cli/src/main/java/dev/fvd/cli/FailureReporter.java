package dev.fvd.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.fvd.core.io.StatsFileException;
import dev.fvd.datasets.DatasetException;
import dev.fvd.features.checkpoint.torch.TorchCheckpointException;
import dev.fvd.io.OutputFileException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a failure into one line on standard error and its {@link ExitCode}. The stack trace is printed only with
 * {@code --verbose}: users get a message that names the file and the fix, not a trace. With {@code --json} standard output
 * still gets exactly one JSON object, {@code {"error": {"exit_code", "kind", "message", "file"}}}, so a {@code jq} pipeline
 * sees why the run failed.
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
            message = ex.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
            err.println("fvd: internal error: " + message);
        } else {
            message = message.isEmpty() ? ex.getClass().getSimpleName() : message;
            err.println("fvd: " + message);
        }
        if (matched(parseResult, "--verbose")) {
            ex.printStackTrace(err);
        } else if (code == ExitCode.INTERNAL) {
            err.println("fvd: run again with --verbose for the stack trace");
        }
        err.flush();
        if (matched(parseResult, "--json")) {
            printJson(context.out(), code, message, file(ex));
        }
        return code.code();
    }

    /** Unknown options, bad values: the message and where to read more, without the whole usage text. */
    static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = oneLine(ex.getMessage());
        err.println("fvd: " + message);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        if (Arrays.asList(args).contains("--json")) {
            printJson(cl.getOut(), ExitCode.USAGE, message, null);
        }
        return ExitCode.USAGE.code();
    }

    /** {@code {"error": {"exit_code": 3, "kind": "bad_input", "message": "…", "file": "…"}}}; file is null when none is at fault. */
    static void printJson(PrintWriter out, ExitCode code, String message, Path file) {
        JsonObject error = new JsonObject();
        error.addProperty("exit_code", code.code());
        error.addProperty("kind", code.name().toLowerCase(Locale.ROOT));
        error.addProperty("message", message);
        error.addProperty("file", file == null ? null : file.toString());
        JsonObject root = new JsonObject();
        root.add("error", error);
        out.println(new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create().toJson(root));
        out.flush();
    }

    /** The file a failure names, from the typed exceptions that carry one (the cause chain is searched too). */
    static Path file(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StatsFileException s && s.file() != null) {
                return s.file();
            }
            if (c instanceof DatasetException d && d.path() != null) {
                return d.path();
            }
            if (c instanceof OutputFileException o && o.file() != null) {
                return o.file();
            }
            if (c instanceof TorchCheckpointException p && p.file() != null) {
                return p.file();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static boolean matched(CommandLine.ParseResult parseResult, String option) {
        for (CommandLine cl : parseResult.asCommandLineList()) {
            CommandLine.ParseResult r = cl.getParseResult();
            if (r != null && r.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
