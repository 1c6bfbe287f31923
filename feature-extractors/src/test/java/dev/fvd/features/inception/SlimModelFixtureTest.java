package dev.fvd.features.inception;

import dev.fvd.datasets.Clip;
import dev.fvd.datasets.MediaKind;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.features.onnx.proto.OnnxProto;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code test-data/models/inception-slim-random.onnx} (the CLI tests' {@code --metric fid} model; regenerate with
 * {@code sh test-data/inception/make_fixture_model.sh}) is current and runs through the runtime with reference features.
 */
class SlimModelFixtureTest {
    private static final Path MODEL = InceptionTestData.root().resolve("test-data/models/inception-slim-random.onnx");

    @Test
    void committedModelIsWhatTheImporterBuildsToday() throws Exception {
        OnnxProto.ModelProto committed = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(MODEL));
        OnnxProto.ModelProto fresh = OnnxProto.ModelProto.parseFrom(FidInceptionGraph.importFidInception(
                InceptionTestData.inception("inception-slim-random.pth"), ReferenceProtocols.TTUR, "inception-slim-random"));
        assertThat(canonicalOrder(committed.getGraph())).as("rerun test-data/inception/make_fixture_model.sh")
                .isEqualTo(canonicalOrder(fresh.getGraph()));
        assertThat(FidInceptionGraphTest.metadata(committed.toByteArray()))
                .containsEntry("fvd.model_id", "inception-slim-random")
                .containsEntry("fvd.protocol", "ttur")
                .containsEntry("fvd.canonical", "false");
        assertThat(Files.size(MODEL)).isLessThan(2_000_000);
    }

    /**
     * Attributes sorted by name: some nodes get their attributes from {@code Map.of}, whose iteration order changes from
     * one JVM to the next, so the serialized order is not part of the model's meaning.
     */
    static OnnxProto.GraphProto canonicalOrder(OnnxProto.GraphProto graph) {
        OnnxProto.GraphProto.Builder b = graph.toBuilder();
        for (OnnxProto.NodeProto.Builder node : b.getNodeBuilderList()) {
            List<OnnxProto.AttributeProto> sorted = new ArrayList<>(node.getAttributeList());
            sorted.sort(java.util.Comparator.comparing(OnnxProto.AttributeProto::getName));
            node.clearAttribute().addAllAttribute(sorted);
        }
        return b.build();
    }

    @Test
    void runsThroughFeatureExtractorsWithTheReferenceFeaturesForMixedImageSizes() throws Exception {
        List<FidInceptionParityTest.Case> cases = FidInceptionParityTest.cases().stream()
                .filter(c -> c.protocol() == ReferenceProtocols.TTUR).toList();
        List<Clip> clips = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (FidInceptionParityTest.Case c : cases) {
            byte[] pixels = ReferenceImages.pixels(c.images(), c.height(), c.width(), c.seed());
            int bytes = c.height() * c.width() * 3;
            float[][] rows = FidInceptionParityTest.readRows(c.features());
            for (int i = 0; i < c.images(); i++) {
                clips.add(new Clip(c.name() + "#" + i, i, 1, c.height(), c.width(),
                        Arrays.copyOfRange(pixels, i * bytes, (i + 1) * bytes)));
                expected.add(rows[i]);
            }
        }
        try (FeatureExtractor fx = FeatureExtractors.open(MODEL, null, ExtractorOptions.defaults().withBatchSize(3))) {
            assertThat(fx.id()).isEqualTo("inception-slim-random");
            assertThat(fx.protocolName()).isEqualTo("ttur");
            assertThat(fx.featureDimension()).isEqualTo(128);
            assertThat(fx.inputSpec().kind()).isEqualTo(MediaKind.IMAGE);
            float[][] features = fx.extract(clips);
            assertThat(FidInceptionParityTest.maxAbsDiff(features, expected.toArray(new float[0][])))
                    .isLessThanOrEqualTo(FidInceptionParityTest.TOLERANCE);
        }
    }
}
