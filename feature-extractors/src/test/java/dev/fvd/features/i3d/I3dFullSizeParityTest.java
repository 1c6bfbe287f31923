package dev.fvd.features.i3d;

import dev.fvd.datasets.Clip;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.Npy;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Full-width I3D (the real network's channel widths, random weights) against the PyTorch reference. Opt-in, as it needs
 * ~50 MB of generated weights and minutes of CPU:
 * <pre>
 * /usr/bin/python3 test-data/i3d/i3d_reference.py --full-size
 * mvn -B -q -pl feature-extractors -am test -Pfull-size -Dtest=I3dFullSizeParityTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "fvd.fullSize", matches = "true")
class I3dFullSizeParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"tf", "stylegan-v"})
    void fullWidthLogitsMatchThePyTorchReference(String protocolName) {
        Path dir = TestData.file("out/i3d-full");
        assumeTrue(Files.exists(dir.resolve("model.ckpt.index")),
                "run /usr/bin/python3 test-data/i3d/i3d_reference.py --full-size first");
        ExtractionProtocol p = ReferenceProtocols.byName(protocolName);
        byte[] model = I3dGraph.importI3d(dir.resolve("model.ckpt.index"), dir.resolve("model.ckpt.data-00000-of-00001"),
                p, "i3d-full-random", false);
        try (FeatureExtractor e = FeatureExtractors.open(model, "full", p, null, ExtractorOptions.defaults())) {
            for (String input : List.of("cricket", "random16x64x80")) {
                List<Clip> clips = Npy.read(dir.resolve("ref/" + input + "_u8.npy.gz")).clips(input);
                float[][] expected = Npy.read(dir.resolve("ref/" + input + "_" + protocolName + "_logits.npy")).floatMatrix();
                double err = I3dGraphParityTest.maxAbsDiff(e.extract(clips), expected);
                System.out.printf("I3D full-size parity %-10s %-15s max |java - torch| = %.3g%n", protocolName, input, err);
                assertThat(err).isLessThanOrEqualTo(1e-4);
            }
        }
    }
}
