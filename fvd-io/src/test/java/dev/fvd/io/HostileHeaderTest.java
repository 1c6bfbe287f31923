package dev.fvd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.io.testing.NpyFixture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 item 7: shapes that overflow a long or are negative are refused while parsing, naming the file (and key). */
@DisplayName("Hostile .npy headers are refused while parsing, naming the file")
class HostileHeaderTest {

    @TempDir
    Path tmp;

    private Path npy(String name, String shape, String descr) throws Exception {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        return Files.write(tmp.resolve(name), NpyFixture.npyWithHeader(dict, new byte[16]));
    }

    @Test
    void aShapeWhoseByteCountOverflowsALongIsRefused() throws Exception {
        Path file = npy("huge.npy", "(4294967296, 4294967296, 3)", "|u1");
        assertThatThrownBy(() -> Npy.readFile(file, (in, h) -> h))
                .isExactlyInstanceOf(NpyFormatException.class)
                .hasMessage(file + ": has an impossible shape (4294967296, 4294967296, 3) of |u1: its byte count overflows 64 bits");
        // fits in elements, overflows only once multiplied by the item size
        Path wide = npy("wide.npy", "(2305843009213693952,)", "<f8");
        assertThatThrownBy(() -> Npy.readFile(wide, (in, h) -> h)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("overflows 64 bits");
    }

    @Test
    void aNegativeDimensionIsRefused() throws Exception {
        Path file = npy("negative.npy", "(-2, 3)", "<f4");
        assertThatThrownBy(() -> Npy.readFloatMatrix(file))
                .isExactlyInstanceOf(NpyFormatException.class)
                .hasMessage(file + ": has a negative dimension in shape (-2, 3)");
    }

    @Test
    void aMalformedShapeOrDtypeIsRefused() throws Exception {
        Path text = npy("text.npy", "(None, 3)", "<f4");
        assertThatThrownBy(() -> Npy.readFloatMatrix(text)).isInstanceOf(NpyFormatException.class)
                .hasMessage(text + ": has a malformed shape (None, 3)");
        Path dtype = npy("dtype.npy", "(1,)", "<U99999999999");
        assertThatThrownBy(() -> Npy.readFile(dtype, (in, h) -> h)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("unsupported dtype '<U99999999999'");
    }

    @Test
    void insideAnArchiveTheKeyIsNamedToo() throws Exception {
        Path file = tmp.resolve("batch.npz");
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (9223372036854775807, 2), }";
        NpyFixture.npz(file, List.of("arr_0"), List.of(NpyFixture.npyWithHeader(dict, new byte[0])));
        assertThatThrownBy(() -> NpyArrayFile.open(file, keys -> "arr_0"))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageStartingWith(file + ": key 'arr_0' has an impossible shape")
                .satisfies(e -> assertThat(((NpyFormatException) e).key()).contains("arr_0"));
    }

    @Test
    void anAbsurdHeaderLengthIsRefusedBeforeAllocating() {
        byte[] bytes = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertThatThrownBy(() -> Npy.readHeader(new ByteArrayInputStream(bytes), Path.of("x.npy"), null, -1))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("refusing (> 1 MiB)");
    }
}
