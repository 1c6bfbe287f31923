package dev.fvd.cli;

import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the {@code fvd} command line is assembled; {@link Main} and the tests both use it, so what the tests run is
 * what users run. Commands receive a {@link CliContext} through the factory.
 */
public final class FvdCommandLine {
    private FvdCommandLine() {
    }

    /** The subcommands in the order {@code fvd --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ScoreCommand.class, StatsCommand.class, DistanceCommand.class,
            FeaturesCommand.class, ModelsCommand.class, ProtocolsCommand.class, ReportCommand.class);

    /**
     * Runs {@code fvd ARGS}: the command line of {@link #create(PrintWriter, PrintWriter, Environment, String)} for the
     * subcommand the first argument names.
     *
     * @param out machine output (JSON report, bare values)
     * @param err human output (summary, progress, warnings, one-line errors)
     * @param env environment variables and terminal detection
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, Environment env, String... args) {
        return create(out, err, env, args.length > 0 ? args[0] : null).execute(args);
    }

    /**
     * The command line with every subcommand, or with only the one {@code first} names: building the option model of all
     * seven took ~0.15 s of a one-second {@code fvd distance} (fvd-cli/bench/distance-process.sh), and no other subcommand
     * can be reached once the first argument names one. {@code null} or any other word: all of them.
     */
    static CommandLine create(PrintWriter out, PrintWriter err, Environment env, String first) {
        CliContext context = new CliContext(out, err, env);
        ContextFactory factory = new ContextFactory(context);
        CommandLine cl = new CommandLine(new FvdCommand(), factory);
        List<Class<?>> named = SUBCOMMANDS.stream().filter(c -> c.getAnnotation(CommandLine.Command.class).name().equals(first))
                .toList();
        for (Class<?> sub : named.isEmpty() ? SUBCOMMANDS : named) {
            cl.addSubcommand(sub);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new FailureReporter(context));
        cl.setParameterExceptionHandler(FailureReporter::usage);
        cl.setExitCodeExceptionMapper(t -> ExitCode.of(t).code());
        Map<String, String> exitCodes = new LinkedHashMap<>();
        Arrays.stream(ExitCode.values()).forEach(e -> exitCodes.put(Integer.toString(e.code()), e.meaning()));
        decorate(cl, exitCodes);
        return cl;
    }

    private static void decorate(CommandLine cl, Map<String, String> exitCodes) {
        cl.getCommandSpec().usageMessage()
                .showDefaultValues(true)
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes);
        cl.getSubcommands().values().forEach(sub -> decorate(sub, exitCodes));
    }

    /** Standard output as UTF-8, flushed on every line. */
    static PrintWriter stdout() {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
    }

    /** Standard error as UTF-8, flushed on every line. */
    static PrintWriter stderr() {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    }

    /** Builds commands and mixins, giving those that ask for it the {@link CliContext}. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
