package dev.fvd.datasets.resize;

import dev.fvd.io.testing.NpyFixture;
import dev.fvd.io.testing.TestData;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every filter and crop mode reproduces the reference implementations' floats (TF1 kernel formula, torch 1.13.1
 * {@code F.interpolate}, Pillow 9.4 via clean-fid, VideoGPT's centre crop) within 1e-4 on the 0–255 scale. Reference numbers:
 * {@code test-data/resize/make_reference.py}, run with {@code /usr/bin/python3}.
 */
class FrameResizerParityTest {
    private static final double TOLERANCE = 1e-4;

    record Case(String name, int inHeight, int inWidth, ResizeMethod method, CropMode crop, int outHeight, int outWidth,
                String file, String rowsFile, String colsFile) {
        @Override
        public String toString() {
            return name + " " + method.id() + " " + crop.id();
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<String> lines = Files.readAllLines(TestData.file("resize").resolve("cases.tsv"));
        return lines.stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .map(f -> new Case(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), ResizeMethod.fromId(f[3]),
                        CropMode.fromId(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), f[7], f[8], f[9]))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReferenceImplementation(Case c) throws IOException {
        Path dir = TestData.file("resize").resolve("cases");
        byte[] input = NpyFixture.read(dir.resolve(c.name() + ".input.npy")).uint8();
        NpyFixture expectedNpy = NpyFixture.read(dir.resolve(c.file()));
        float[] expected = expectedNpy.float32();
        int[] rows = c.rowsFile().equals("-") ? range(c.outHeight()) : NpyFixture.read(dir.resolve(c.rowsFile())).int32();
        int[] cols = c.colsFile().equals("-") ? range(c.outWidth()) : NpyFixture.read(dir.resolve(c.colsFile())).int32();
        assertThat(expectedNpy.shape()).containsExactly(rows.length, cols.length, 3);

        float[] actual = FrameResizer.of(c.method(), c.crop(), c.outHeight(), c.outWidth())
                .resize(input, c.inHeight(), c.inWidth());

        assertThat(actual).hasSize(c.outHeight() * c.outWidth() * 3);
        double maxError = 0;
        String worst = "";
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                for (int ch = 0; ch < 3; ch++) {
                    float e = expected[(i * cols.length + j) * 3 + ch];
                    float a = actual[(rows[i] * c.outWidth() + cols[j]) * 3 + ch];
                    double err = Math.abs((double) a - e);
                    if (err > maxError) {
                        maxError = err;
                        worst = "at y=" + rows[i] + " x=" + cols[j] + " c=" + ch + ": expected " + e + ", got " + a;
                    }
                }
            }
        }
        System.out.printf("parity %-32s %-15s %-12s max |error| = %.3g%n", c.name(), c.method().id(), c.crop().id(),
                maxError);
        assertThat(maxError).as("max abs error %s", worst).isLessThanOrEqualTo(TOLERANCE);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
