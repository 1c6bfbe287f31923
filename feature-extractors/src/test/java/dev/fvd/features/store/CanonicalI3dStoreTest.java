package dev.fvd.features.store;

import dev.fvd.features.i3d.I3dModel;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.datasets.Clip;
import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.Npy;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole path the CLI takes for FVD, with the real I3D importer wired in {@link dev.fvd.features.ModelRegistry}: download the kinetics-i3d
 * bundle over HTTP, verify it, convert it to ONNX once, run it. The bundle is the slim random-weight fixture
 * ({@code test-data/i3d/slim/}, real TF format, canonical names); the manifest pins it as if it were canonical, and the
 * resulting features are checked against the PyTorch reference logits of that fixture.
 */
class CanonicalI3dStoreTest {
    @TempDir
    Path cache;
    private LocalFileServer server;
    private ModelManifest manifest;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void serveSlimBundle() throws IOException {
        server = new LocalFileServer();
        byte[] index = Files.readAllBytes(TestData.file("i3d/slim/model.ckpt.index"));
        byte[] data = Files.readAllBytes(TestData.file("i3d/slim/model.ckpt.data-00000-of-00001"));
        manifest = new ModelManifest(List.of(
                ModelFile.pinnedTo(I3dModel.ID, "index", "model.ckpt.index",
                        server.serve("/rgb_scratch/model.ckpt.index", index), FileDigest.of(index)),
                ModelFile.pinnedTo(I3dModel.ID, "data", "model.ckpt.data-00000-of-00001",
                        server.serve("/rgb_scratch/model.ckpt.data-00000-of-00001", data), FileDigest.of(data))));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ModelStore store() {
        return ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest).offline(false)
                .warnings(warnings::add).build();
    }

    @Test
    void downloadsConvertsOnceAndExtractsTheReferenceFeatures() {
        Path onnx = store().onnxFor(I3dModel.ID, ReferenceProtocols.byName("tf"));
        Path again = store().onnxFor(I3dModel.ID, ReferenceProtocols.byName("tf"));

        assertThat(again).isEqualTo(onnx);
        assertThat(server.totalHits()).isEqualTo(2);
        assertThat(warnings).isEmpty();
        List<Clip> clips = Npy.read(TestData.file("i3d/ref/random11x40x52_u8.npy.gz")).clips("random11x40x52");
        float[][] expected = Npy.read(TestData.file("i3d/ref/random11x40x52_tf_logits.npy")).floatMatrix();
        try (FeatureExtractor extractor = FeatureExtractors.open(onnx, ReferenceProtocols.TF, ExtractorOptions.defaults())) {
            float[][] actual = extractor.extract(clips);
            assertThat(extractor.id()).isEqualTo(I3dModel.ID);
            assertThat(actual.length).isEqualTo(expected.length);
            for (int i = 0; i < actual.length; i++) {
                for (int j = 0; j < actual[i].length; j++) {
                    assertThat((double) Math.abs(actual[i][j] - expected[i][j])).isLessThanOrEqualTo(1e-4);
                }
            }
        }
    }

    @Test
    void aGraphFromNonCanonicalWeightsSaysSoInItsMetadata() throws OrtException {
        // the pins now name other bytes, so the slim bundle imported from disk is non-canonical
        ModelManifest strict = new ModelManifest(manifest.files().stream().map(f -> new ModelFile(f.modelId(), f.role(),
                f.fileName(), f.url(), f.size(), "0".repeat(40), null, null, "", "", "test")).toList());
        ModelStore store = ModelStore.builder().location(StoreLocation.at(cache)).manifest(strict).offline(true)
                .warnings(warnings::add).build();
        store.importFrom(I3dModel.ID, TestData.file("i3d/slim"));

        Path canonicalOnnx = store().onnxFor(I3dModel.ID, ReferenceProtocols.byName("tf"));
        Map<String, String> canonicalMetadata = metadata(canonicalOnnx);
        Path nonCanonicalOnnx = store.onnxFor(I3dModel.ID, ReferenceProtocols.byName("tf"));

        assertThat(canonicalMetadata).containsEntry(ModelMetadata.CANONICAL, "true");
        assertThat(metadata(nonCanonicalOnnx)).containsEntry(ModelMetadata.CANONICAL, "false");
        assertThat(nonCanonicalOnnx).isNotEqualTo(canonicalOnnx);
        assertThat(canonicalOnnx).as("superseded graph of the same model and protocol").doesNotExist();
        assertThat(warnings).anyMatch(w -> w.contains("NON-CANONICAL WEIGHTS for i3d-kinetics400"));
    }

    @Test
    void aProtocolOfTheOtherMetricIsRefusedAndNothingIsCached() throws IOException {
        ModelStore store = store();

        assertThatThrownBy(() -> store.onnxFor(I3dModel.ID, ReferenceProtocols.byName("ttur")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("I3D needs an FVD protocol");
        assertThat(cache.resolve("onnx")).satisfiesAnyOf(
                dir -> assertThat(dir).doesNotExist(), dir -> assertThat(dir).isEmptyDirectory());
    }

    private static Map<String, String> metadata(Path onnx) throws OrtException {
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString(),
                new OrtSession.SessionOptions())) {
            return session.getMetadata().getCustomMetadata();
        }
    }
}
