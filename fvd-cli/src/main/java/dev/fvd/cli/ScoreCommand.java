package dev.fvd.cli;

import dev.fvd.ComparisonReports;
import dev.fvd.Fvd;
import dev.fvd.FvdEvaluator;
import dev.fvd.Measure;
import dev.fvd.ScoreResult;
import dev.fvd.Source;
import picocli.CommandLine;
import dev.fvd.io.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fvd score REAL FAKE}: the main job. */
@Command(name = "score", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {
                "Compare two sets: FVD (videos) or FID (images), and KVD/KID with --kernel.",
                "REAL and FAKE are each a dataset (folder of videos, frame folders or images, zip, .npy/.npz arrays) "
                        + "or a stats .npz (from 'fvd stats', pytorch-fid or clean-fid): then nothing is extracted for that "
                        + "side.",
                "Standard output: the value (or the JSON report with --json). Standard error: summary and progress.",
                "With --save-stats DIR each side's statistics are saved as soon as that side is done and reused on "
                        + "the next run, so a failure on FAKE keeps the work done on REAL."})
final class ScoreCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REAL", description = "Real dataset or stats .npz.")
    Path real;

    @Parameters(index = "1", paramLabel = "FAKE", description = "Generated dataset or stats .npz.")
    Path fake;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    OutputOptions output;

    @Option(names = "--kernel", description = "Also compute KVD/KID (unbiased MMD², cubic polynomial kernel) over random subsets"
            + " (shorthand for adding 'kernel' to --metrics).")
    boolean kernel;

    @Option(names = "--metrics", split = ",", paramLabel = "LIST",
            description = "What to report besides the Fréchet distance (fd, always): kernel (KVD/KID), infinity (FVD∞/FID∞),"
                    + " prdc (precision, recall, density, coverage), is (Inception Score, images), jedi (JEDi's MMD)."
                    + " All but fd keep the raw features of both sides in memory: N·d·4 bytes per side (2048 clips × 400-d:"
                    + " 3.3 MB; 50,000 images × 2048-d: 410 MB). Default: fd.")
    List<String> metrics;

    @Option(names = "--bootstrap", paramLabel = "B", defaultValue = "0",
            description = "Add a bootstrap percentile interval to the distance from B resamples of both sides (seeded by"
                    + " --seed; keeps the raw features, N·d·4 bytes per side); 0 = none.")
    int bootstrap;

    @Option(names = "--k-pr", paramLabel = "K", defaultValue = "3",
            description = "k of the nearest-neighbour balls of precision/recall (Kynkäänniemi et al. 2019).")
    int kPr;

    @Option(names = "--k-dc", paramLabel = "K", defaultValue = "5",
            description = "k of the nearest-neighbour balls of density/coverage (Naeem et al. 2020).")
    int kDc;

    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "0.95",
            description = "Confidence level of the bootstrap interval.")
    double confidence;

    @Option(names = "--kernel-subsets", defaultValue = "100", paramLabel = "N", description = "Number of kernel subsets.")
    int kernelSubsets;

    @Option(names = "--kernel-subset-size", defaultValue = "1000", paramLabel = "M",
            description = "Clips per kernel subset and side (capped at the smaller side).")
    int kernelSubsetSize;

    @Option(names = "--fail-above", paramLabel = "X", description = "CI gate: exit 1 when the value is above X.")
    Double failAbove;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write a self-contained HTML report of the run to FILE: the distance with its interval, the"
                    + " curve over subset sizes with the ∞ fit, precision/recall/density/coverage, a PCA projection and the"
                    + " nearest and farthest samples with their frames. Adds infinity and prdc to --metrics and a bootstrap"
                    + " of 200 resamples unless --bootstrap is given; keeps the raw features (N·d·4 bytes per side).")
    Path report;

    @Option(names = "--report-assets", paramLabel = "DIR",
            description = "With --report: also save each chart on its own as DIR/<chart>.svg and .png.")
    Path reportAssets;

    @Option(names = "--save-stats", paramLabel = "DIR",
            description = "Save real.npz / fake.npz under DIR as each side finishes; reuse them when source, protocol,"
                    + " sampling and model match (delete them to recompute).")
    Path saveStats;

    ScoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var builder = extraction.builder(context.env())
                .kernel(kernel)
                .forReport(report != null)
                .bootstrap(bootstrap, confidence)
                .prdcNeighbours(kPr, kDc)
                .kernelSubsets(kernelSubsetSize, kernelSubsets)
                .progress(ConsoleProgress.of(context, output, extraction.unit()))
                .warnings(output.warnings(context));
        if (metrics != null) {
            builder.measures(metrics.stream().map(Measure::fromId).toList());
        }
        if (saveStats != null) {
            builder.saveStats(OutputPaths.requireFolder(saveStats));  // before any extraction
        }
        if (reportAssets != null && report == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report-assets needs --report FILE");
        }
        ScoreResult result;
        try (FvdEvaluator evaluator = builder.build()) {
            if (report == null) {
                result = evaluator.score(Source.of(real), Source.of(fake));
            } else {
                FvdEvaluator.ScoredReport scored = evaluator.scoreWithReport(Source.of(real), Source.of(fake), report,
                        reportAssets, new ComparisonReports.Settings(Fvd.REPORT_BOOTSTRAP, confidence,
                                extraction.seed, Runtime.getRuntime().availableProcessors()));
                result = scored.result();
                context.err().println("report: " + scored.files().html());
            }
        }
        if (failAbove != null) {
            result = result.withGate(failAbove);
        }
        return Reports.emit(context, output, result);
    }
}
