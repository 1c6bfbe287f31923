package dev.fvd.cli;

import com.google.gson.JsonObject;
import dev.fvd.Fvd;
import dev.fvd.FvdEvaluator;
import dev.fvd.InvalidSettingsException;
import dev.fvd.Protocol;
import dev.fvd.ScoreResult;
import dev.fvd.Source;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.io.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fvd stats INPUT -o OUT.npz} and {@code fvd stats --merge A.npz B.npz … -o OUT.npz}. */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {
                "Extract features of INPUT and save their mean and covariance (mergeable, with provenance) to an .npz"
                        + " that numpy, pytorch-fid and clean-fid read as their own. The file is written atomically: an "
                        + "interrupted run leaves no partial file.",
                "With --merge, combine stats files of disjoint shards of one dataset exactly (equal to one pass)."})
final class StatsCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", description = "Dataset to extract (not with --merge).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.npz", description = "Stats file to write.")
    Path output;

    @Option(names = "--keep-features", description = "Also store the raw features (needed for KVD/KID from stats files).")
    boolean keepFeatures;

    @Option(names = "--merge", arity = "2..*", paramLabel = "SHARD.npz", description = "Merge these stats files instead.")
    List<Path> merge;

    @Option(names = "--as", paramLabel = "real|fake", defaultValue = "real",
            description = {"Which side of the protocol INPUT is, for protocols that cut the two sides differently "
                    + "(stylegan-v: real clips at a seeded random offset, fake clips from frame 0); recorded in the "
                    + "provenance. Default: ${DEFAULT-VALUE}."})
    String as;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    OutputOptions out;

    StatsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        OutputPaths.requireWritable(output);  // before any extraction: a bad -o fails in a second, not after an hour
        if (merge != null) {
            if (input != null) {
                throw new InvalidSettingsException("give either INPUT or --merge SHARDS, not both");
            }
            GaussianStatistics merged = Fvd.mergeStatistics(merge, output);
            if (out.json) {
                JsonObject o = new JsonObject();
                o.addProperty("output", output.toString());
                o.addProperty("count", merged.count());
                o.addProperty("dimension", merged.dimension());
                o.addProperty("shards", merge.size());
                context.out().println(o);
            }
            if (!out.quiet) {
                context.err().printf("merged %d shards: %d samples, %d-d → %s%n", merge.size(), merged.count(),
                        merged.dimension(), output);
            }
            return ExitCode.SUCCESS.code();
        }
        if (input == null) {
            throw new InvalidSettingsException("missing INPUT (or --merge SHARDS)");
        }
        role(); // a bad --as fails before any extraction
        var builder = extraction.builder(context.env())
                .progress(ConsoleProgress.of(context, out, extraction.unit()))
                .warnings(out.warnings(context));
        ScoreResult.Side side;
        try (FvdEvaluator evaluator = builder.build()) {
            side = evaluator.saveStatistics(Source.of(input), role(), output, keepFeatures);
        }
        if (out.json) {
            context.out().println(side.toJson());
        }
        if (!out.quiet) {
            context.err().printf("%s from %s%s → %s%n", Summary.count(side.count(), extraction.unit()), side.source(),
                    side.skipped().isEmpty() ? "" : " (" + side.skipped().size() + " skipped)", output);
            side.skipped().forEach(s -> context.err().println("  " + Summary.skipped(s)));
        }
        return ExitCode.SUCCESS.code();
    }

    private Protocol.Role role() {
        return switch (as.trim().toLowerCase(Locale.ROOT)) {
            case "real" -> Protocol.Role.REAL;
            case "fake" -> Protocol.Role.FAKE;
            default -> throw new InvalidSettingsException("--as takes real or fake, got '" + as + "'");
        };
    }
}
