package dev.fvd.cli;

import dev.fvd.Fvd;
import dev.fvd.Metric;
import dev.fvd.ScoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fvd distance A.npz B.npz}. */
@Command(name = "distance", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {
                "Fréchet distance between two stats files: written by 'fvd stats', pytorch-fid (mu, sigma) or clean-fid.",
                "Files of fvd carry provenance and must agree on protocol, sampling and model; foreign files are "
                        + "accepted with a note. No model is needed."})
final class DistanceCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "A.npz", description = "First stats file (reported as 'real').")
    Path a;

    @Parameters(index = "1", paramLabel = "B.npz", description = "Second stats file (reported as 'fake').")
    Path b;

    @Option(names = "--fail-above", paramLabel = "X", description = "CI gate: exit 1 when the distance is above X.")
    Double failAbove;

    @Option(names = "--metric", paramLabel = "fvd|fid",
            description = "What the files hold, for the report's label when they carry no provenance (pytorch-fid,"
                    + " clean-fid); checked against the provenance of fvd's files. Default: from the provenance, else fvd"
                    + " for 400-d features and fid otherwise.")
    String metric;

    @Mixin
    OutputOptions output;

    DistanceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ScoreResult result = Fvd.distance(a, b, metric == null ? null : Metric.fromId(metric));
        if (failAbove != null) {
            result = result.withGate(failAbove);
        }
        return Reports.emit(context, output, result);
    }
}
