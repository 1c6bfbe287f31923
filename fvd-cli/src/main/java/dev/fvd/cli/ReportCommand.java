package dev.fvd.cli;

import dev.fvd.ComparisonReports;
import dev.fvd.report.ReportFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fvd report REAL FAKE -o report.html}. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {
                "One self-contained HTML report (no network, opens from disk) remade from saved files, without re-extracting.",
                "REAL and FAKE are each raw features (.npy float [N, d], from 'fvd features') or a stats file (.npz, from "
                        + "'fvd stats', with --keep-features for the per-sample parts).",
                "Raw features on both sides add the bootstrap interval, the ∞ fit, a PCA projection and the samples "
                        + "nearest to and farthest from the real set; they are held in memory (N·d·4 bytes per side)."})
final class ReportCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "REAL", description = "Real side: features .npy or stats .npz.")
    Path real;

    @Parameters(index = "1", paramLabel = "FAKE", description = "Generated side: features .npy or stats .npz.")
    Path fake;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "REPORT.html", description = "The report to write.")
    Path output;

    @Option(names = "--report-assets", paramLabel = "DIR",
            description = "Also write each chart on its own as DIR/<chart>.svg and .png (for a paper).")
    Path assets;

    @Option(names = "--bootstrap", paramLabel = "B", defaultValue = "1000",
            description = "Bootstrap resamples of the interval (0 = none); needs raw features on both sides.")
    int bootstrap;

    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "0.95", description = "Level of the interval.")
    double confidence;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the bootstrap and the ∞ fit.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Bootstrap threads [cores]; results do not depend on it.")
    Integer threads;

    @Mixin
    OutputOptions outputOptions;

    ReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ReportFiles files = ComparisonReports.fromFiles(real, fake,
                new ComparisonReports.Settings(bootstrap, confidence, seed, n), output, assets);
        context.out().println(files.html());
        if (!outputOptions.quiet) {
            context.err().println(String.format(Locale.ROOT, "report: %s (%d bytes, %.2f s)%s", files.html(), files.bytes(),
                    files.seconds(), files.assets().isEmpty() ? "" : "; " + files.assets().size() + " chart files in " + assets));
        }
        return ExitCode.SUCCESS.code();
    }
}
