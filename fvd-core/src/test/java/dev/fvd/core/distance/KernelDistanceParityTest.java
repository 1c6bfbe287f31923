package dev.fvd.core.distance;

import static dev.fvd.core.testing.TestData.features;
import static dev.fvd.core.testing.TestData.relative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.StatisticsMismatchException;
import dev.fvd.core.testing.TestData;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** KID / KVD against the float64 numpy reference of {@code make_reference.py}. */
@DisplayName("KernelDistance matches the numpy reference")
class KernelDistanceParityTest {

    private static final float[][] A64 = features("fd64_a");
    private static final float[][] B64 = features("fd64_b");

    private static JsonObject kid(String name) {
        return TestData.reference().getAsJsonObject("kid").getAsJsonObject(name);
    }

    @Test
    void fullUnbiasedEstimate() {
        double expected = kid("full_d64").get("mmd").getAsDouble();
        assertThat(relative(KernelDistance.unbiasedMmd(A64, B64), expected)).isLessThan(1e-12);
        // the Python tools evaluate in float32; we are within float32 rounding of what they print
        double float32 = kid("full_d64").get("mmd_float32").getAsDouble();
        assertThat(relative(KernelDistance.unbiasedMmd(A64, B64), float32)).isLessThan(1e-4);
    }

    @Test
    void setAgainstItselfIsSlightlyNegativeAsTheUnbiasedEstimatorIs() {
        // the cross term includes the diagonal k(x,x) while the within terms exclude it
        double expected = kid("full_d64_same").get("mmd").getAsDouble();
        assertThat(expected).isNegative();
        assertThat(relative(KernelDistance.unbiasedMmd(A64, A64), expected)).isLessThan(1e-10);
    }

    @Test
    void subsetEstimateReplaysTheReferenceSubsets() {
        int[][] xi = indices("x");
        int[][] yi = indices("y");
        JsonObject ref = kid("subsets_d64");
        KernelEstimate estimate = KernelDistance.subsets(A64, B64, xi, yi, LinearAlgebra.system());

        assertThat(estimate.subsets()).isEqualTo(ref.get("subsets").getAsInt());
        assertThat(estimate.subsetSize()).isEqualTo(ref.get("subset_size").getAsInt());
        assertThat(relative(estimate.mean(), ref.get("mean").getAsDouble())).isLessThan(1e-12);
        assertThat(relative(estimate.mean(), ref.get("cleanfid_formula_mean").getAsDouble())).isLessThan(1e-12);
        assertThat(relative(estimate.std(), ref.get("std").getAsDouble())).isLessThan(1e-10);
    }

    private static int[][] indices(String key) {
        Path file = TestData.core("kid_subsets.npz");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Path tmp = java.nio.file.Files.createTempFile("kid", ".npy");
            try (var in = zip.getInputStream(zip.getEntry(key + ".npy"))) {
                java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            // int64 indices are not a float matrix; read them through the double reader's integer-free path
            long[][] raw = readInt64Matrix(tmp);
            java.nio.file.Files.delete(tmp);
            int[][] out = new int[raw.length][];
            for (int i = 0; i < raw.length; i++) {
                out[i] = java.util.Arrays.stream(raw[i]).mapToInt(Math::toIntExact).toArray();
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Minimal int64 [r,c] C-order reader for the index fixture (our public Npy API is for float matrices). */
    private static long[][] readInt64Matrix(Path file) throws java.io.IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        String header = new String(bytes, 10, headerLength, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(header).contains("'<i8'").contains("False");
        String[] shape = header.replaceAll(".*'shape': \\(([^)]*)\\).*", "$1").trim().split(",\\s*");
        int rows = Integer.parseInt(shape[0].trim());
        int cols = Integer.parseInt(shape[1].trim());
        var buffer = java.nio.ByteBuffer.wrap(bytes, 10 + headerLength, rows * cols * 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[][] out = new long[rows][cols];
        for (long[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = buffer.getLong();
            }
        }
        return out;
    }

    @Test
    void seededSubsetsAreReproducible() {
        KernelEstimate first = KernelDistance.subsets(A64, B64, 100, 20, 7);
        KernelEstimate again = KernelDistance.subsets(A64, B64, 100, 20, 7);
        KernelEstimate other = KernelDistance.subsets(A64, B64, 100, 20, 8);
        assertThat(again).isEqualTo(first);
        assertThat(other.mean()).isNotEqualTo(first.mean());
        // all subsets estimate the same quantity as the full estimate
        double full = kid("full_d64").get("mmd").getAsDouble();
        assertThat(Math.abs(first.mean() - full)).isLessThan(4 * first.std());
    }

    @Test
    void subsetSizeIsClippedToTheSmallerSetAsCleanFidDoes() {
        KernelEstimate estimate = KernelDistance.subsets(A64, B64, KernelDistance.DEFAULT_SUBSET_SIZE, 3, 1);
        assertThat(estimate.subsetSize()).isEqualTo(250);
        assertThat(estimate.subsets()).isEqualTo(3);
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThatThrownBy(() -> KernelDistance.unbiasedMmd(A64, new float[][] {new float[3], new float[3]}))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("64").hasMessageContaining("3");
        assertThatThrownBy(() -> KernelDistance.unbiasedMmd(new float[][] {A64[0]}, B64))
                .isInstanceOf(StatisticsMismatchException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> KernelDistance.subsets(A64, B64, 100, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subsets");
    }
}
