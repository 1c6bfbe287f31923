package dev.fvd.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.FeatureStatistics;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.core.testing.TestData;
import dev.fvd.io.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("StatsFile reads what numpy / pytorch-fid / clean-fid / guided-diffusion write, and writes what they read")
class StatsFileTest {

    private static final JsonObject NPZ = TestData.reference().getAsJsonObject("npz");
    private static final double[] MU = TestData.doubles(NPZ.get("mu"));
    private static final double[] SIGMA = TestData.doubles(NPZ.get("sigma"));
    private static final double[] FEATURES = TestData.doubles(NPZ.get("features"));

    @TempDir
    Path tmp;

    private static Path npz(String name) {
        return TestData.core("npz/" + name);
    }

    @Test
    void readsNumpyCompressedAsPytorchFidWritesIt() {
        StoredStatistics s = StatsFile.read(npz("numpy_compressed.npz"));
        assertThat(s.stats().mean()).containsExactly(MU);
        assertThat(s.stats().covariance()).containsExactly(SIGMA);
        assertThat(s.stats().count()).as("pytorch-fid files carry no count").isEqualTo(-1);
        assertThat(s.stats().divisor()).isEqualTo(CovarianceDivisor.N_MINUS_ONE);
        assertThat(s.provenanceJson()).isEmpty();
        assertThat(s.features()).isEmpty();
    }

    @Test
    void readsStoredFloat32Entries() {
        StoredStatistics s = StatsFile.read(npz("numpy_stored_float32.npz"));
        assertThat(s.stats().covariance()).containsExactly(TestData.doubles(NPZ.get("sigma_float32")));
    }

    @Test
    void readsBigEndianArrays() {
        StoredStatistics s = StatsFile.read(npz("numpy_bigendian.npz"));
        assertThat(s.stats().mean()).containsExactly(MU);
        assertThat(s.stats().covariance()).containsExactly(SIGMA);
    }

    @Test
    void readsFortranOrderArrays() {
        StoredStatistics s = StatsFile.read(npz("numpy_fortran.npz"));
        assertThat(s.stats().covariance()).containsExactly(SIGMA);
        float[][] features = s.features().orElseThrow();
        assertThat(features).hasDimensions(5, 8);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                assertThat((double) features[i][j]).isEqualTo(FEATURES[i * 8 + j]);
            }
        }
    }

    @Test
    void readsGuidedDiffusionReferenceBatchesIgnoringTheImages() {
        StoredStatistics s = StatsFile.read(npz("guided_diffusion_batch.npz"));
        assertThat(s.stats().mean()).containsExactly(MU);
        assertThat(s.stats().covariance()).containsExactly(SIGMA);
    }

    @Test
    void neverDecodesKeysItDoesNotNeed() throws IOException {
        // an arr_0 whose header claims 100000x256x256x3 uint8 (19 GB) but holds no data: reading it would fail
        Path file = tmp.resolve("huge_batch.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("arr_0.npy"));
            Npy.writeHeader(zip, "|u1", 100000, 256, 256, 3);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("mu.npy"));
            Npy.writeVector(zip, MU);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("sigma.npy"));
            Npy.writeSquare(zip, SIGMA, 8);
            zip.closeEntry();
        }
        assertThat(StatsFile.read(file).stats().covariance()).containsExactly(SIGMA);
    }

    @Test
    void wrongShapeNamesFileKeyAndShapes() {
        Path file = npz("wrong_shape.npz");
        assertThatThrownBy(() -> StatsFile.read(file))
                .isInstanceOf(StatsFileException.class)
                .hasMessage(file + ": key 'sigma' has shape [8,7]; expected [8,8]")
                .satisfies(e -> assertThat(((StatsFileException) e).key()).contains("sigma"));
    }

    @Test
    void hostileShapesAreBadInputNamingFileAndKey() throws IOException {
        // issue 15 item 7: today's parser said "long overflow" / "Illegal Capacity: -2" (exit 5)
        for (String shape : new String[] {"(-2, 8)", "(4294967296, 4294967296)"}) {
            Path file = tmp.resolve("hostile.npz");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                zip.putNextEntry(new ZipEntry("mu.npy"));
                Npy.writeVector(zip, MU);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("sigma.npy"));
                zip.write(dev.fvd.io.testing.NpyFixture.npyWithHeader(
                        "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", new byte[64]));
                zip.closeEntry();
            }
            assertThatThrownBy(() -> StatsFile.read(file))
                    .isInstanceOf(StatsFileException.class)
                    .hasMessageStartingWith(file + ": key 'sigma' has ")
                    .hasMessageContaining(shape.startsWith("(-") ? "negative dimension" : "overflows 64 bits")
                    .satisfies(e -> assertThat(((StatsFileException) e).key()).contains("sigma"));
        }
    }

    @Test
    void nonFiniteValuesAreRejectedWithTheirPosition() {
        assertThatThrownBy(() -> StatsFile.read(npz("nan_sigma.npz")))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("key 'sigma'")
                .hasMessageContaining("NaN at [2,3]");
    }

    @Test
    void missingKeysAreNamed() {
        assertThatThrownBy(() -> StatsFile.read(npz("missing_sigma.npz")))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("key 'sigma' is missing")
                .hasMessageContaining("keys present: mu");
    }

    @Test
    void truncatedArchivesAreReported() {
        assertThatThrownBy(() -> StatsFile.read(npz("truncated.npz")))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("truncated.npz");
    }

    @Test
    void newerFormatVersionsAreRefused() {
        assertThatThrownBy(() -> StatsFile.read(npz("newer_version.npz")))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("key 'fvd_format_version' is 99");
    }

    @Test
    void filesThatAreNotArchivesOrMissingAreReported() throws IOException {
        Path text = Files.writeString(tmp.resolve("stats.npz"), "not a zip", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StatsFile.read(text))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("stats.npz").hasMessageContaining("zip");
        assertThatThrownBy(() -> StatsFile.read(tmp.resolve("absent.npz")))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("does not exist");
    }

    @Test
    void roundTripKeepsEverything() {
        float[][] features = TestData.features("fd64_a");
        FeatureStatistics acc = new FeatureStatistics(64);
        acc.addAll(features);
        GaussianStatistics stats = acc.toGaussian(CovarianceDivisor.N);
        String provenance = "{\"tool\":\"fvd\",\"protocol\":\"stylegan-v\",\"note\":\"Fréchet ∑ 🎬\"}";
        Path file = tmp.resolve("stats.npz");

        StatsFile.write(file, stats, provenance, features);
        StoredStatistics back = StatsFile.read(file);

        assertThat(back.file()).isEqualTo(file);
        assertThat(back.stats().count()).isEqualTo(300);
        assertThat(back.stats().divisor()).isEqualTo(CovarianceDivisor.N);
        assertThat(back.stats().mean()).containsExactly(stats.mean());
        assertThat(back.stats().covariance()).containsExactly(stats.covariance());
        assertThat(back.provenanceJson()).contains(provenance);
        assertThat(back.features().orElseThrow()).isDeepEqualTo(features);
    }

    @Test
    void optionalPartsMayBeOmitted() {
        GaussianStatistics stats = new GaussianStatistics(-1, MU, SIGMA, CovarianceDivisor.N_MINUS_ONE);
        Path file = tmp.resolve("plain.npz");
        StatsFile.write(file, stats, null, null);
        StoredStatistics back = StatsFile.read(file);
        assertThat(back.stats().count()).isEqualTo(-1);
        assertThat(back.provenanceJson()).isEmpty();
        assertThat(back.features()).isEmpty();
    }

    @Test
    void refusesFeaturesOfAnotherDimension() {
        GaussianStatistics stats = new GaussianStatistics(-1, MU, SIGMA, CovarianceDivisor.N_MINUS_ONE);
        assertThatThrownBy(() -> StatsFile.write(tmp.resolve("x.npz"), stats, null, new float[][] {new float[7]}))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("key 'features'")
                .hasMessageContaining("dimension 7");
        assertThat(tmp.resolve("x.npz")).doesNotExist();
    }

    /**
     * Writes the samples that {@code make_reference.py --verify-java-output fvd-core/target/java-npz} checks with
     * numpy.load(allow_pickle=False); one of them is committed as {@code test-data/core/java-written/}.
     */
    @Test
    void writesSamplesForTheNumpyVerifier() throws IOException {
        Path out = Paths.get(TestData.root().toString(), "fvd-core", "target", "java-npz");
        Files.createDirectories(out);
        float[][] a = TestData.features("fd64_a");
        float[][] b = TestData.features("fd64_b");
        String provenance = "{\"tool\":\"fvd-core test\",\"source\":\"test-data/core/fd64_a.npy\"}";
        StatsFile.write(out.resolve("java_fd64_a.npz"), stats(a, CovarianceDivisor.N_MINUS_ONE), provenance, a);
        StatsFile.write(out.resolve("java_fd64_b.npz"), stats(b, CovarianceDivisor.N_MINUS_ONE),
                "{\"source\":\"test-data/core/fd64_b.npy\"}", null);
        StatsFile.write(out.resolve("java_fd64_a_divisor_n.npz"), stats(a, CovarianceDivisor.N), null, null);
        assertThat(StatsFile.read(out.resolve("java_fd64_a.npz")).features()).isPresent();
    }

    @Test
    void theCommittedJavaWrittenSampleStillReadsBack() {
        StoredStatistics s = StatsFile.read(TestData.core("java-written/java_fd64_b.npz"));
        GaussianStatistics now = stats(TestData.features("fd64_b"), CovarianceDivisor.N_MINUS_ONE);
        assertThat(s.stats().count()).isEqualTo(250);
        for (int i = 0; i < now.covariance().length; i++) {
            assertThat(s.stats().covariance()[i]).isCloseTo(now.covariance()[i],
                    org.assertj.core.data.Offset.offset(1e-13));
        }
        assertThat(s.provenanceJson()).hasValueSatisfying(p -> assertThat(p).contains("fd64_b"));
    }

    private static GaussianStatistics stats(float[][] rows, CovarianceDivisor divisor) {
        FeatureStatistics acc = new FeatureStatistics(rows[0].length);
        acc.addAll(rows);
        return acc.toGaussian(divisor);
    }
}
