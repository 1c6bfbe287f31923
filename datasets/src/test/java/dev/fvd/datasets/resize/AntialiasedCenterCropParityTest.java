package dev.fvd.datasets.resize;

import dev.fvd.datasets.Clip;
import dev.fvd.io.testing.NpyFixture;
import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * cd-FVD's video-folder frames (short side to R with torch's antialiased bilinear, centre crop, {@code (x*255).byte()}) equal the
 * reference's bytes exactly: decoded sample-video frames (upscaling) and random frames that downscale by up to 3.3×. Reference:
 * {@code test-data/cdfvd/make_reference.py} (torch 1.13.1).
 */
class AntialiasedCenterCropParityTest {

    static Stream<String[]> cases() throws IOException {
        return Files.readAllLines(TestData.file("cdfvd").resolve("cases.txt")).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.trim().split(" "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void framesEqualTheReferenceBytes(String name, String resolution) {
        Path npz = TestData.file("cdfvd").resolve("frames.npz");
        NpyFixture input = NpyFixture.read(npz, name + ".input");
        NpyFixture expected = NpyFixture.read(npz, name + ".output");
        int[] shape = input.intShape();
        int r = Integer.parseInt(resolution);
        Clip clip = new Clip(name, 3, shape[0], shape[1], shape[2], input.uint8());

        Clip actual = AntialiasedCenterCrop.of(r).apply(clip);

        assertThat(expected.intShape()).containsExactly(shape[0], r, r, 3);
        assertThat(actual.frames()).isEqualTo(shape[0]);
        assertThat(actual.height()).isEqualTo(r);
        assertThat(actual.width()).isEqualTo(r);
        assertThat(actual.index()).isEqualTo(3);
        byte[] want = expected.uint8();
        int differing = 0;
        int maxDiff = 0;
        for (int i = 0; i < want.length; i++) {
            int d = Math.abs((want[i] & 0xff) - (actual.pixels()[i] & 0xff));
            if (d != 0) {
                differing++;
                maxDiff = Math.max(maxDiff, d);
            }
        }
        assertThat(differing).as("bytes differing from torch (max difference %d)", maxDiff).isZero();
    }

    @Test
    void truncatesInsteadOfRounding() {
        // 2x2 frames averaged to 1x1 (torch 1.13.1 gives these bytes): 127.5 -> 127 and 10.75 -> 10, where rounding gives 128, 11
        assertThat(averageOf(0, 255, 255, 0)).isEqualTo(127);
        assertThat(averageOf(10, 11, 11, 11)).isEqualTo(10);
    }

    private static int averageOf(int a, int b, int c, int d) {
        byte[] pixels = new byte[12];
        int[] values = {a, b, c, d};
        for (int i = 0; i < 12; i++) {
            pixels[i] = (byte) values[i / 3];
        }
        return AntialiasedCenterCrop.of(1).apply(new Clip("t", 0, 1, 2, 2, pixels)).value(0, 0, 0, 0);
    }

    @Test
    void refusesANonPositiveResolution() {
        assertThatThrownBy(() -> AntialiasedCenterCrop.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolution must be ≥ 1, got 0");
    }
}
