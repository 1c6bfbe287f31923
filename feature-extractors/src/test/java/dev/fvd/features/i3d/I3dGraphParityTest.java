package dev.fvd.features.i3d;

import dev.fvd.datasets.Clip;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.Npy;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java-built I3D graph (slim widths, seeded random weights in a real TF bundle) against the independent PyTorch float64
 * implementation in test-data/i3d/i3d_reference.py, per protocol, including resizes of odd sizes and an odd frame count.
 */
class I3dGraphParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final Map<String, FeatureExtractor> EXTRACTORS = new HashMap<>();

    @BeforeAll
    static void importSlimCheckpoint() {
        Path index = TestData.file("i3d/slim/model.ckpt.index");
        Path data = TestData.file("i3d/slim/model.ckpt.data-00000-of-00001");
        for (ExtractionProtocol p : List.of(ReferenceProtocols.TF, ReferenceProtocols.STYLEGAN_V, ReferenceProtocols.VIDEOGPT)) {
            byte[] model = I3dGraph.importI3d(index, data, p, "i3d-slim-random", false);
            EXTRACTORS.put(p.name(), FeatureExtractors.open(model, "slim-" + p.name(), p, null,
                    ExtractorOptions.defaults().withBatchSize(4)));
        }
    }

    @AfterAll
    static void close() {
        EXTRACTORS.values().forEach(FeatureExtractor::close);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        "tf, cricket", "tf, random16x64x80", "tf, random11x40x52", "tf, pattern10x251x311",
        "stylegan-v, cricket", "stylegan-v, random16x64x80", "stylegan-v, random11x40x52", "stylegan-v, pattern10x251x311",
        "videogpt, cricket", "videogpt, random16x64x80", "videogpt, random11x40x52", "videogpt, pattern10x251x311"})
    void logitsMatchThePyTorchReference(String protocol, String input) {
        List<Clip> clips = Npy.read(TestData.file("i3d/ref/" + input + "_u8.npy.gz")).clips(input);
        float[][] expected = Npy.read(TestData.file("i3d/ref/" + input + "_" + protocol + "_logits.npy")).floatMatrix();
        FeatureExtractor extractor = EXTRACTORS.get(protocol);
        float[][] actual = extractor.extract(clips);
        assertThat(actual.length).isEqualTo(expected.length);
        System.out.printf("I3D parity %-10s %-15s max |java - torch| = %.3g%n", protocol, input,
                maxAbsDiff(actual, expected));
        assertThat(maxAbsDiff(actual, expected)).as("max |java − torch| for %s %s", protocol, input)
                .isLessThanOrEqualTo(TOLERANCE);
        assertThat(extractor.featureDimension()).isEqualTo(400);
        assertThat(extractor.id()).isEqualTo("i3d-slim-random");
    }

    @Test
    void protocolsReallyDifferOnResizedInput() {
        // guards the parity test: if tf and stylegan-v gave the same logits the resize would not be under test
        float[][] tf = Npy.read(TestData.file("i3d/ref/random16x64x80_tf_logits.npy")).floatMatrix();
        float[][] sg = Npy.read(TestData.file("i3d/ref/random16x64x80_stylegan-v_logits.npy")).floatMatrix();
        assertThat(maxAbsDiff(tf, sg)).isGreaterThan(100 * TOLERANCE);
    }

    @Test
    void featuresDoNotDependOnBatchSize() {
        List<Clip> clips = new ArrayList<>();
        List<Clip> random = Npy.read(TestData.file("i3d/ref/random16x64x80_u8.npy.gz")).clips("r");
        for (int i = 0; i < 9; i++) { // 9 clips: batches of 8 leave a remainder
            clips.add(random.get(i % random.size()));
        }
        clips.add(Npy.read(TestData.file("i3d/ref/random11x40x52_u8.npy.gz")).clips("odd").get(0)); // another shape
        Path index = TestData.file("i3d/slim/model.ckpt.index");
        byte[] model = I3dGraph.importI3d(index, TestData.file("i3d/slim/model.ckpt.data-00000-of-00001"), ReferenceProtocols.TF,
                "i3d-slim-random", false);
        float[][] reference = null;
        for (int batch : new int[] {1, 3, 8}) {
            try (FeatureExtractor e = FeatureExtractors.open(model, "slim", null, null,
                    ExtractorOptions.defaults().withBatchSize(batch))) {
                float[][] f = e.extract(clips);
                if (reference == null) {
                    reference = f;
                } else {
                    assertThat(maxAbsDiff(f, reference)).as("batch %d vs 1", batch).isLessThanOrEqualTo(1e-5);
                }
            }
        }
        // the clip repeated in the batch gets identical features wherever it sits
        assertThat(maxAbsDiff(new float[][] {reference[0]}, new float[][] {reference[2]})).isLessThanOrEqualTo(1e-5);
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs((double) a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
