package dev.fvd.cli;

import dev.fvd.FvdEvaluator;
import dev.fvd.Source;
import dev.fvd.io.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fvd features INPUT -o OUT.npy}. */
@Command(name = "features", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {
                "Extract raw features (float32 [N, d]: I3D logits or Inception pool3) in the dataset's sorted order "
                        + "and save them as .npy for your own analyses. The file is written atomically."})
final class FeaturesCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Dataset to extract.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.npy", description = "Feature matrix to write.")
    Path output;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    OutputOptions out;

    FeaturesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        OutputPaths.requireWritable(output);  // before any extraction: a bad -o fails in a second, not after an hour
        float[][] features;
        try (FvdEvaluator evaluator = extraction.builder(context.env())
                .progress(ConsoleProgress.of(context, out, extraction.unit()))
                .warnings(out.warnings(context))
                .build()) {
            features = evaluator.saveFeatures(Source.of(input), output);
        }
        if (!out.quiet) {
            context.err().printf("%d × %d features → %s%n", features.length, features.length == 0 ? 0 : features[0].length,
                    output);
        }
        return ExitCode.SUCCESS.code();
    }
}
