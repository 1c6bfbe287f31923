package dev.fvd.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Npy reads and writes numpy .npy feature matrices")
class NpyTest {

    private static final double[] FEATURES = TestData.doubles(TestData.reference().getAsJsonObject("npz").get("features"));

    @TempDir
    Path tmp;

    @Test
    void readsFortranOrderFloat64() {
        double[][] m = Npy.readDoubleMatrix(TestData.core("npz/features_fortran_f8.npy"));
        assertThat(m).hasDimensions(5, 8);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                assertThat(m[i][j]).isEqualTo(FEATURES[i * 8 + j]);
            }
        }
    }

    @Test
    void readsBigEndianFloat32() {
        float[][] m = Npy.readFloatMatrix(TestData.core("npz/features_bigendian_f4.npy"));
        assertThat((double) m[4][7]).isEqualTo(FEATURES[39]);
        assertThat((double) m[1][2]).isEqualTo(FEATURES[10]);
    }

    @Test
    void readsNumpyFloat32Features() {
        float[][] m = TestData.features("fd64_a");
        assertThat(m).hasDimensions(300, 64);
    }

    @Test
    void roundTripsFloatAndDoubleMatrices() {
        float[][] f = {{1.5f, -2f, Float.MIN_VALUE}, {0f, 3e38f, -0f}};
        double[][] d = {{Math.PI, -1e-300}, {Double.MAX_VALUE, 0}};
        Npy.write(tmp.resolve("f.npy"), f);
        Npy.write(tmp.resolve("d.npy"), d);
        assertThat(Npy.readFloatMatrix(tmp.resolve("f.npy"))).isDeepEqualTo(f);
        assertThat(Npy.readDoubleMatrix(tmp.resolve("d.npy"))).isDeepEqualTo(d);
    }

    @Test
    void headersAreAlignedTo64BytesAsNumpyWritesThem() throws IOException {
        Npy.write(tmp.resolve("f.npy"), new float[][] {{1f}});
        byte[] bytes = Files.readAllBytes(tmp.resolve("f.npy"));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(bytes[10 + headerLength - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void rejectsRaggedRows() {
        assertThatThrownBy(() -> Npy.write(tmp.resolve("r.npy"), new float[][] {{1f, 2f}, {3f}}))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("row 1");
    }

    @Test
    void rejectsArraysThatAreNotFloatMatrices() throws IOException {
        Path file = tmp.resolve("vector.npy");
        try (var out = Files.newOutputStream(file)) {
            NpyFormat.writeVector(out, new double[] {1, 2, 3});
        }
        assertThatThrownBy(() -> Npy.readFloatMatrix(file))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("vector.npy")
                .hasMessageContaining("shape [3]; expected [N,d]");
        Path junk = Files.write(tmp.resolve("junk.npy"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertThatThrownBy(() -> Npy.readFloatMatrix(junk))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("bad magic");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        Npy.write(tmp.resolve("t.npy"), new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}});
        byte[] bytes = Files.readAllBytes(tmp.resolve("t.npy"));
        Path cut = Files.write(tmp.resolve("cut.npy"), java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> Npy.readFloatMatrix(cut))
                .isInstanceOf(StatsFileException.class).hasMessageContaining("truncated");
    }
}
