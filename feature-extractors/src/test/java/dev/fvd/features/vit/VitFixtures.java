package dev.fvd.features.vit;

import dev.fvd.datasets.Clip;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.Npy;
import dev.fvd.io.testing.TestData;
import dev.fvd.features.onnx.proto.OnnxProto;

import java.nio.file.Path;
import java.util.List;

/** The fixtures of test-data/vit/ (written by make_reference.py) and the parity measure the tests share. */
public final class VitFixtures {
    /** Clips of make_reference.py: a 2x16x48x64, b 1x12x120x90, c 1x18x36x36, d 1x17x56x40. */
    public static final List<String> CLIPS = List.of("a", "b", "c", "d");

    private VitFixtures() {
    }

    public static Path checkpoint(String name) {
        return TestData.file("vit/checkpoints/" + name);
    }

    public static List<Clip> clips(String name) {
        return Npy.read(TestData.file("vit/clips/" + name + ".npy")).clips(name);
    }

    public static float[][] reference(String model, String clip) {
        return Npy.read(TestData.file("vit/ref/" + model + "-" + clip + ".npy")).floatMatrix();
    }

    public static FeatureExtractor open(OnnxProto.ModelProto model, ExtractionProtocol protocol) {
        return FeatureExtractors.open(model.toByteArray(), model.getGraph().getName(), protocol, null,
                ExtractorOptions.defaults().withBatchSize(2));
    }

    /** {@code max |actual − expected| / max |expected|} over all rows (the relative error the issue bounds by 1e-4). */
    public static double relativeError(float[][] actual, float[][] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError(actual.length + " rows, expected " + expected.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            if (actual[i].length != expected[i].length) {
                throw new AssertionError("row " + i + " has " + actual[i].length + " features, expected "
                        + expected[i].length);
            }
            for (int j = 0; j < expected[i].length; j++) {
                diff = Math.max(diff, Math.abs(actual[i][j] - expected[i][j]));
                scale = Math.max(scale, Math.abs(expected[i][j]));
            }
        }
        return diff / scale;
    }
}
