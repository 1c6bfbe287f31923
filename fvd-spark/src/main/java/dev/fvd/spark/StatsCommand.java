package dev.fvd.spark;

import dev.fvd.cli.ExtractionOptions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code fvd-spark stats INPUT -o OUT.npz [--master URL] [--features OUT.parquet] [the extraction options of fvd stats]}. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Extract features of INPUT on a Spark cluster and save their mean and covariance to an .npz, as 'fvd stats'"
                + " does: same pipeline, same provenance (plus the Spark master and partition count); equal to 'fvd stats' on"
                + " the same input to rounding (≤ 1e-12 relative), whatever the number of partitions.",
                "INPUT: a folder, a glob or a list file (.txt, .lst) of video (image) files on any Hadoop file system"
                        + " (file:, hdfs:, s3a:); OUT likewise."})
final class StatsCommand implements Callable<Integer> {
    private final PrintWriter out;
    private final PrintWriter err;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "Folder, glob or list file of inputs.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.npz", description = "Stats file to write.")
    String output;

    @Option(names = "--features", paramLabel = "OUT.parquet",
            description = "Also write the raw features (source, position, clip, start_frame, features) as Parquet.")
    String features;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (local[N], spark://…, yarn, k8s://…). Default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Partitions (tasks) the dataset is split into; 0 = four per core of the cluster. Does not change"
                    + " results beyond rounding.")
    int partitions;

    @Option(names = "--json", description = "Print the result as JSON on standard output.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard error.")
    boolean quiet;

    @Mixin
    ExtractionOptions extraction;

    StatsCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        StatsJob job = new StatsJob(input, output, features, partitions, extractionArgs());
        SparkSession.Builder builder = SparkSession.builder().appName("fvd-spark stats " + input);
        if (master != null) {
            builder.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            SparkStats.Result result = SparkStats.run(spark, job);
            if (json) {
                out.println(result.side().toJson());
                out.flush();
            }
            if (!quiet) {
                var side = result.side();
                err.printf("%d clips from %s%s in %d partitions on %s → %s%n", side.count(), side.source(),
                        side.skipped().isEmpty() ? "" : " (" + side.skipped().size() + " skipped)", result.partitions(),
                        spark.sparkContext().master(), output);
                side.skipped().forEach(s -> err.printf("  skipped %s: %s%n", s.path(), s.reason()));
                err.flush();
            }
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** The extraction options as given, to be parsed again by every executor ({@link ExtractionArgs}). */
    private List<String> extractionArgs() {
        Set<String> names = spec.mixins().get("extraction").options().stream().map(OptionSpec::longestName)
                .collect(Collectors.toSet());
        List<String> args = new ArrayList<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (OptionSpec option : parsed.matchedOptions()) {
            if (!names.contains(option.longestName())) {
                continue;
            }
            List<String> values = option.originalStringValues();
            if (values.isEmpty()) {
                args.add(option.longestName());
            }
            for (String v : values) {
                args.add(option.longestName());
                args.add(v);
            }
        }
        return args;
    }
}
