package dev.fvd.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.Fvd;
import dev.fvd.FvdEvaluator;
import dev.fvd.ScoreResult;
import dev.fvd.Source;
import dev.fvd.core.io.StatsFile;
import dev.fvd.core.io.StoredStatistics;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.datasets.BadInputPolicy;
import dev.fvd.datasets.OffsetPolicy;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * fvd-spark on {@code local[2]} against {@code fvd stats} (the library call behind it, {@link FvdEvaluator#saveStatistics}) on
 * the bundled sample videos and the slim random-weight I3D: the same statistics to ≤ 1e-12 relative for 1, 2 and 7
 * partitions, the same skipped list under {@code --on-bad-input skip}, and a merge that does not depend on scheduling.
 * Random clip offsets are used on purpose: they are seeded by each video's position in the whole listing, so a wrong
 * position in any partition would change the clips and fail the comparison.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkStatsTest {
    static final Path REAL = TestData.path("sample", "videos", "real");
    static final String MODEL = TestData.path("models", "i3d-slim-random.onnx").toString();
    /** The fixture needs ≥ 9 frames; random offsets make positions matter. */
    static final List<String> OPTIONS = List.of("--model", MODEL, "--frames", "10", "--offset", "random", "--seed", "7",
            "--batch", "3", "--threads", "1", "--decode-threads", "1");

    @TempDir
    static Path work;
    SparkSession spark;
    GaussianStatistics reference;

    @BeforeAll
    void startSparkAndRunFvdStats() {
        spark = TestData.localSpark(2);
        Path out = work.resolve("fvd-stats.npz");
        try (FvdEvaluator fvd = library(BadInputPolicy.FAIL).build()) {
            fvd.saveStatistics(Source.of(REAL), out, false);
        }
        reference = StatsFile.read(out).stats();
        assertThat(reference.count()).isEqualTo(24);
    }

    @AfterAll
    void stopSpark() {
        spark.stop();
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 7})
    void statisticsEqualFvdStatsWhateverThePartitionCount(int partitions) {
        Path out = work.resolve("spark-" + partitions + ".npz");
        String features = partitions == 7 ? work.resolve("features.parquet").toString() : null;
        SparkStats.Result result = SparkStats.run(spark, job(REAL.toString(), out, features, partitions, OPTIONS));

        GaussianStatistics stats = StatsFile.read(out).stats();
        assertThat(result.partitions()).isEqualTo(partitions);
        assertThat(result.side().count()).isEqualTo(24);
        assertThat(result.side().items()).isEqualTo(24);
        assertThat(stats.count()).isEqualTo(reference.count());
        assertThat(stats.divisor()).isEqualTo(reference.divisor());
        assertThat(relativeError(stats.mean(), reference.mean())).isLessThanOrEqualTo(1e-12);
        assertThat(relativeError(stats.covariance(), reference.covariance())).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void theMergeDoesNotDependOnScheduling() throws IOException {
        Path folder = copyOf(8, "eight");
        Path a = work.resolve("run-a.npz");
        Path b = work.resolve("run-b.npz");
        SparkStats.run(spark, job(folder.toString(), a, null, 7, OPTIONS));
        SparkStats.run(spark, job(folder.toString(), b, null, 7, OPTIONS));
        GaussianStatistics x = StatsFile.read(a).stats();
        GaussianStatistics y = StatsFile.read(b).stats();
        assertThat(x.mean()).containsExactly(y.mean());
        assertThat(x.covariance()).containsExactly(y.covariance());
    }

    @Test
    void provenanceIsThatOfFvdStatsPlusTheEngine() {
        Path out = work.resolve("spark-2.npz");
        if (!Files.exists(out)) {
            SparkStats.run(spark, job(REAL.toString(), out, null, 2, OPTIONS));
        }
        Path fvdOut = work.resolve("fvd-stats.npz");
        JsonObject ours = provenance(out);
        JsonObject theirs = provenance(fvdOut);
        JsonObject engine = ours.remove("engine").getAsJsonObject();
        assertThat(engine.get("name").getAsString()).isEqualTo("spark");
        assertThat(engine.get("version").getAsString()).isEqualTo(spark.version());
        assertThat(engine.get("master").getAsString()).isEqualTo("local[2]");
        assertThat(engine.get("partitions").getAsInt()).isEqualTo(2);
        assertThat(ours.getAsJsonObject("source").remove("stats_file").getAsString()).isEqualTo(out.toString());
        theirs.getAsJsonObject("source").remove("stats_file");
        assertThat(ours).isEqualTo(theirs);
        // fvd reads it as one of its own: same protocol and model, so the distance is accepted (and ≈ 0)
        ScoreResult d = Fvd.distance(out, fvdOut);
        assertThat(d.value()).isLessThan(1e-9);
        // its provenance is read as fvd's own (no "without provenance" note); 24 clips of 400-d logits do warn that N ≤ d
        assertThat(d.real().warnings()).allMatch(w -> w.contains("(N ≤ d)"));
    }

    @Test
    void aCorruptVideoUnderSkipGivesWhatFvdStatsSkipGives() throws IOException {
        Path folder = copyOf(8, "with-corrupt");
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        Files.write(folder.resolve("real_05x.mp4"), garbage);
        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(List.of("--on-bad-input", "skip"));

        Path fvdOut = work.resolve("skip-fvd.npz");
        ScoreResult.Side expected;
        try (FvdEvaluator fvd = library(BadInputPolicy.SKIP).build()) {
            expected = fvd.saveStatistics(Source.of(folder), fvdOut, false);
        }
        Path out = work.resolve("skip-spark.npz");
        SparkStats.Result result = SparkStats.run(spark, job(folder.toString(), out, null, 7, options));

        assertThat(expected.skipped()).hasSize(1);
        assertThat(result.side().skipped()).isEqualTo(expected.skipped());
        assertThat(result.side().count()).isEqualTo(expected.count()).isEqualTo(8);
        assertThat(result.side().items()).isEqualTo(expected.items());
        assertThat(result.inputs()).isEqualTo(9);
        GaussianStatistics ours = StatsFile.read(out).stats();
        GaussianStatistics theirs = StatsFile.read(fvdOut).stats();
        assertThat(relativeError(ours.mean(), theirs.mean())).isLessThanOrEqualTo(1e-12);
        assertThat(relativeError(ours.covariance(), theirs.covariance())).isLessThanOrEqualTo(1e-12);
        // the skipped file is in the result file's provenance too, not only in an executor's log
        assertThat(provenance(out).getAsJsonObject("source").get("skipped").toString()).contains("real_05x.mp4");
    }

    @Test
    void aCorruptVideoUnderFailStopsTheJobNamingTheFile() throws IOException {
        Path folder = Files.createDirectories(work.resolve("fail-corrupt"));
        Files.copy(REAL.resolve("real_00.mp4"), folder.resolve("real_00.mp4"));
        Files.copy(REAL.resolve("real_01.mp4"), folder.resolve("real_01.mp4"));
        Files.write(folder.resolve("real_02.mp4"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> SparkStats.run(spark, job(folder.toString(), work.resolve("fail.npz"), null, 2, OPTIONS)))
                .isInstanceOfSatisfying(SparkStatsException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageContaining("real_02.mp4");
    }

    @Test
    void featuresParquetHoldsEveryClipWithItsSourceAndGivesTheSameStatistics() {
        Path table = work.resolve("features.parquet");
        if (!Files.exists(table)) {
            SparkStats.run(spark, job(REAL.toString(), work.resolve("spark-7.npz"), table.toString(), 7, OPTIONS));
        }
        List<Row> rows = spark.read().parquet(table.toString()).orderBy("position", "clip").collectAsList();
        assertThat(rows).hasSize(24);
        FeatureStatistics fold = new FeatureStatistics(reference.dimension());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertThat(r.getInt(r.fieldIndex("position"))).isEqualTo(i);
            assertThat(r.getInt(r.fieldIndex("clip"))).isZero();
            assertThat(r.isNullAt(r.fieldIndex("start_frame"))).as("random offsets").isTrue();
            assertThat(r.getString(r.fieldIndex("source"))).isEqualTo(REAL.resolve(String.format("real_%02d.mp4", i)).toString());
            List<Float> f = r.getList(r.fieldIndex("features"));
            float[] values = new float[f.size()];
            for (int j = 0; j < values.length; j++) {
                values[j] = f.get(j);
            }
            fold.add(values);
        }
        GaussianStatistics stats = fold.toGaussian(reference.divisor());
        assertThat(relativeError(stats.mean(), reference.mean())).isLessThanOrEqualTo(1e-12);
        assertThat(relativeError(stats.covariance(), reference.covariance())).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void aListFileKeepsItsOrderAndAGlobSelects() throws IOException {
        Path list = work.resolve("inputs.txt");
        Files.writeString(list, "# two videos\n" + REAL.resolve("real_03.mp4") + "\n\n" + REAL.resolve("real_01.mp4") + "\n");
        assertThat(InputListing.list(list.toString(), dev.fvd.datasets.MediaKind.VIDEO,
                spark.sparkContext().hadoopConfiguration()))
                .extracting(s -> s.substring(s.lastIndexOf('/') + 1)).containsExactly("real_03.mp4", "real_01.mp4");
        assertThat(InputListing.list(REAL.resolve("real_1?.mp4").toString(), dev.fvd.datasets.MediaKind.VIDEO,
                spark.sparkContext().hadoopConfiguration()))
                .extracting(s -> s.substring(s.lastIndexOf('/') + 1))
                .containsExactly("real_10.mp4", "real_11.mp4", "real_12.mp4", "real_13.mp4", "real_14.mp4", "real_15.mp4",
                        "real_16.mp4", "real_17.mp4", "real_18.mp4", "real_19.mp4");
    }

    /** A folder with the first {@code n} sample videos. */
    private static Path copyOf(int n, String name) throws IOException {
        Path folder = Files.createDirectories(work.resolve(name));
        for (int i = 0; i < n; i++) {
            String video = String.format("real_%02d.mp4", i);
            Files.copy(REAL.resolve(video), folder.resolve(video));
        }
        return folder;
    }

    private static StatsJob job(String input, Path out, String features, int partitions, List<String> options) {
        return new StatsJob(input, out.toString(), features, partitions, options);
    }

    /** The library settings {@code OPTIONS} stand for, as {@code fvd stats} builds them. */
    private static Fvd.Builder library(BadInputPolicy policy) {
        return Fvd.builder().model(MODEL).frames(10).offset(OffsetPolicy.RANDOM).seed(7).batchSize(3).threads(1)
                .decodeThreads(1).onBadInput(policy);
    }

    private static JsonObject provenance(Path statsFile) {
        StoredStatistics s = StatsFile.read(statsFile);
        return JsonParser.parseString(s.provenanceJson().orElseThrow()).getAsJsonObject();
    }

    /** max |a − b| / max |b|. */
    static double relativeError(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }
}
