package dev.fvd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** The top-level {@code fvd} command: only subcommands ({@link FvdCommandLine} adds them). */
@Command(name = "fvd", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {
                "Fréchet Video Distance and Fréchet Inception Distance (with KVD / KID), reproducing the published "
                        + "reference implementations protocol by protocol (see 'fvd protocols')."})
final class FvdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: score, stats, distance, features, models, protocols or report");
    }
}
