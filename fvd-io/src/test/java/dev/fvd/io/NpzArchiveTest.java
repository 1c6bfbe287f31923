package dev.fvd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.io.testing.NpyFixture;
import dev.fvd.io.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("NpzArchive and NpyArrayFile read numpy archives; NpzWriter writes what numpy reads")
class NpzArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void writesAndReadsBackEveryKeyKind() throws IOException {
        Path file = tmp.resolve("s.npz");
        double[] mu = {1, 2};
        AtomicFile.write(file, raw -> {
            NpzWriter npz = new NpzWriter(raw);
            npz.add("mu", out -> Npy.writeVector(out, mu));
            npz.add("n", out -> Npy.writeLongScalar(out, 7));
            npz.add("label", out -> Npy.writeString(out, "N-1"));
            npz.level(Deflater.BEST_SPEED).add("features", out -> Npy.writeFloatRows(out, new float[][] {{1, 2}}, 2));
            npz.finish();
        });
        try (NpzArchive archive = NpzArchive.open(file)) {
            assertThat(archive.keys()).containsExactly("mu", "n", "label", "features");
            double[] readMu = archive.read("mu", (in, h) -> Npy.readVector(in, h, 2));
            assertThat(readMu).containsExactly(mu);
            assertThat(archive.read("n", Npy::readIntegerScalar)).isEqualTo(7);
            assertThat(archive.read("label", Npy::readString)).isEqualTo("N-1");
            assertThatThrownBy(() -> archive.read("sigma", Npy::readString))
                    .isInstanceOf(NpyFormatException.class).hasMessageContaining("key 'sigma' is missing");
        }
    }

    @Test
    void readsStoredEntriesAndGuidedDiffusionBatchesWithoutDecodingTheImages() throws IOException {
        try (NpzArchive stored = NpzArchive.open(TestData.file("core/npz/numpy_stored_float32.npz"));
             NpzArchive batch = NpzArchive.open(TestData.file("core/npz/guided_diffusion_batch.npz"))) {
            String dtype = stored.read("sigma", (in, h) -> h.dtype());
            assertThat(dtype).isEqualTo("<f4");
            assertThat(batch.arrayKeys()).contains("arr_0", "mu", "sigma");
            double[] mu = batch.read("mu", (in, h) -> Npy.readVector(in, h, -1));
            assertThat(mu).hasSize(8);
        }
    }

    @Test
    void arrayFilesReadByteRangesForwardAndBackward() throws IOException {
        byte[] data = new byte[60];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        byte[] npy = NpyFixture.npy(data, "|u1", 2, 5, 2, 3);
        Path npz = tmp.resolve("videos.npz");
        NpyFixture.npz(npz, List.of("arr_0"), List.of(npy));
        Path plain = java.nio.file.Files.write(tmp.resolve("videos.npy"), npy);
        for (Path file : List.of(npz, plain)) {
            try (NpyArrayFile array = NpyArrayFile.open(file, keys -> keys.iterator().next())) {
                assertThat(array.header().shape()).containsExactly(2, 5, 2, 3);
                byte[] out = new byte[4];
                array.read(40, out);
                assertThat(out).containsExactly(40, 41, 42, 43);
                array.read(2, out);
                assertThat(out).containsExactly(2, 3, 4, 5);
                assertThatThrownBy(() -> array.read(58, new byte[4])).isInstanceOf(NpyFormatException.class)
                        .hasMessageContaining("truncated or unreadable");
            }
        }
    }

    @Test
    void aTruncatedNpyIsRefusedAtOpen() throws IOException {
        byte[] npy = NpyFixture.npy(new byte[10], "|u1", 2, 4, 2, 2, 3);
        Path file = java.nio.file.Files.write(tmp.resolve("cut.npy"), npy);
        assertThatThrownBy(() -> NpyArrayFile.open(file, keys -> null)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("is truncated");
    }
}
