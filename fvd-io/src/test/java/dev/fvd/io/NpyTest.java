package dev.fvd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.io.testing.NpyFixture;
import dev.fvd.io.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Npy reads what numpy writes (any version, byte order, memory order) and writes what numpy reads")
class NpyTest {

    @TempDir
    Path tmp;

    @Test
    void fortranOrderAndBigEndianFilesGiveTheSameRows() {
        double[][] fortran = Npy.readDoubleMatrix(TestData.file("core/npz/features_fortran_f8.npy"));
        float[][] bigEndian = Npy.readFloatMatrix(TestData.file("core/npz/features_bigendian_f4.npy"));
        assertThat(fortran).hasDimensions(5, 8);
        assertThat(bigEndian).hasDimensions(5, 8);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                assertThat(bigEndian[i][j]).isEqualTo((float) fortran[i][j]);
            }
        }
    }

    @Test
    void theFixtureReaderAndTheMatrixReaderAgreeOnNumpyFloat32Features() {
        Path file = TestData.file("core/fd64_a.npy");
        assertThat(Npy.readFloatMatrix(file)).hasDimensions(300, 64).isDeepEqualTo(NpyFixture.read(file).floatMatrix());
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
    void roundTripsScalarsAndUnicodeStrings() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeString(out, "N-1 ✓ 𝄞");
        var in = new ByteArrayInputStream(out.toByteArray());
        NpyHeader h = Npy.readHeader(in, Path.of("s.npy"), null, out.size());
        assertThat(h.dtype()).isEqualTo("<U7");
        assertThat(h.rank()).isZero();
        assertThat(Npy.readString(in, h)).isEqualTo("N-1 ✓ 𝄞");

        out.reset();
        Npy.writeLongScalar(out, -42);
        in = new ByteArrayInputStream(out.toByteArray());
        assertThat(Npy.readIntegerScalar(in, Npy.readHeader(in, Path.of("n.npy"), "n", -1))).isEqualTo(-42);
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
    void readsVersion2And3Headers() throws IOException {
        byte[] v1 = NpyFixture.npy(NpyFixture.float32Bytes(1f, 2f), "<f4", 1, 2);
        int headerLength = (v1[8] & 0xFF) | (v1[9] & 0xFF) << 8;
        for (int major : new int[] {2, 3}) {
            byte[] v = new byte[v1.length + 2];
            System.arraycopy(v1, 0, v, 0, 8);
            v[6] = (byte) major;
            v[8] = (byte) headerLength;
            v[9] = (byte) (headerLength >> 8);
            System.arraycopy(v1, 10, v, 12, v1.length - 10);
            Path file = Files.write(tmp.resolve("v" + major + ".npy"), v);
            assertThat(Npy.readFloatMatrix(file)).isDeepEqualTo(new float[][] {{1f, 2f}});
        }
    }

    @Test
    void rejectsRaggedRows() {
        assertThatThrownBy(() -> Npy.write(tmp.resolve("r.npy"), new float[][] {{1f, 2f}, {3f}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        assertThat(tmp.resolve("r.npy")).doesNotExist();
    }

    @Test
    void rejectsArraysThatAreNotFloatMatricesNamingTheFile() throws IOException {
        Path file = tmp.resolve("vector.npy");
        try (var out = Files.newOutputStream(file)) {
            Npy.writeVector(out, new double[] {1, 2, 3});
        }
        assertThatThrownBy(() -> Npy.readFloatMatrix(file))
                .isInstanceOf(NpyFormatException.class).hasMessage(file + ": has shape [3]; expected [N,d]");
        Path junk = Files.write(tmp.resolve("junk.npy"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertThatThrownBy(() -> Npy.readFloatMatrix(junk))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("junk.npy").hasMessageContaining("bad magic");
        assertThatThrownBy(() -> Npy.readFloatMatrix(tmp.resolve("absent.npy")))
                .isInstanceOf(NpyFormatException.class).hasMessageEndingWith("absent.npy: does not exist");
    }

    @Test
    void rejectsTruncatedDataBeforeReadingIt() throws IOException {
        Npy.write(tmp.resolve("t.npy"), new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}});
        byte[] bytes = Files.readAllBytes(tmp.resolve("t.npy"));
        Path cut = Files.write(tmp.resolve("cut.npy"), Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> Npy.readFloatMatrix(cut))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("truncated")
                .hasMessageContaining("needs 152 bytes, only 147 present");
    }
}
