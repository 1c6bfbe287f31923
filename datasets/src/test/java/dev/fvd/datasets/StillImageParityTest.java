package dev.fvd.datasets;

import dev.fvd.io.testing.TestData;
import dev.fvd.io.testing.NpyFixture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Still images decode to exactly the pixels PIL 9.4's {@code Image.open(f).convert('RGB')} gives (pytorch-fid, clean-fid,
 * torch-fidelity). References: {@code test-data/datasets/make_reference.py}.
 */
class StillImageParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"rgb.png", "gray.png", "rgba.png", "gray-alpha.png", "palette.png", "palette-transparent.png",
            "rgb16.png", "rgba16.png", "gray16.png", "gray-alpha16.png", "gray16-low.png", "baseline.jpg", "progressive.jpg",
            "gray.jpg", "subsampling-444.jpg", "rgb.bmp"})
    void decodesLikePilConvertRgb(String name) {
        Path image = TestData.file("datasets/images/" + name);
        Path reference = TestData.file("datasets/images/" + name + ".pil.npy");
        byte[] expected = NpyFixture.read(reference).uint8();
        long[] shape = NpyFixture.read(reference).shape();

        List<Clip> clips;
        try (ClipStream stream = Datasets.open(image, DatasetOptions.images())) {
            clips = TestFiles.all(stream);
        }

        assertThat(clips).hasSize(1);
        Clip clip = clips.get(0);
        assertThat(new long[] {clip.height(), clip.width(), 3}).containsExactly(shape);
        assertThat(maxAbsDifference(clip.pixels(), expected)).as("max |Java − PIL| for %s", name).isZero();
    }

    static int maxAbsDifference(byte[] a, byte[] b) {
        assertThat(a).hasSameSizeAs(b);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        return max;
    }
}
