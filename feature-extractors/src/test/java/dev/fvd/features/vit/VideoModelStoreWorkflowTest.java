package dev.fvd.features.vit;

import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.i3dtorch.I3dTorchModel;
import dev.fvd.features.store.FileDigest;
import dev.fvd.features.store.ModelFile;
import dev.fvd.features.store.ModelManifest;
import dev.fvd.features.store.ModelStore;
import dev.fvd.features.store.StoreLocation;
import dev.fvd.features.videomae.VideoMaeModel;
import dev.fvd.features.vjepa.VjepaModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store workflow for the three new models on the reduced random checkpoints of test-data/vit: import the files a
 * user copied (under the published file names), verify them, build the graph by model id and protocol, score clips.
 */
class VideoModelStoreWorkflowTest {
    @TempDir
    Path cache;
    @TempDir
    Path usb;
    private final List<String> warnings = new ArrayList<>();

    @Test
    void videoMaeImportVerifyScore() throws IOException {
        ModelFile f = pinned(VideoMaeModel.ID, VideoMaeModel.ROLE, VideoMaeModel.FILE_NAME, "videomae-slim.pth");
        ModelStore store = store(new ModelManifest(List.of(f)), VideoMaeModel.ID, VideoMaeModel.converter(
                VideoMaeModel.ID));
        assertScores(store, VideoMaeModel.ID, "cd-fvd", "videomae");
    }

    @Test
    void vjepaImportVerifyScore() throws IOException {
        ModelFile enc = pinned(VjepaModel.ID, VjepaModel.ENCODER_ROLE, VjepaModel.ENCODER_FILE, "vjepa-slim.pth.tar");
        ModelFile probe = pinned(VjepaModel.ID, VjepaModel.PROBE_ROLE, VjepaModel.PROBE_FILE,
                "vjepa-probe-slim.pth.tar");
        ModelStore store = store(new ModelManifest(List.of(enc, probe)), VjepaModel.ID,
                VjepaModel.converter(VjepaModel.ID));
        assertScores(store, VjepaModel.ID, "jedi", "vjepa");
    }

    @Test
    void i3dTorchImportVerifyScore() throws IOException {
        ModelFile f = pinned(I3dTorchModel.ID, I3dTorchModel.ROLE, I3dTorchModel.FILE_NAME, "i3d-torch-slim.pt");
        ModelStore store = store(new ModelManifest(List.of(f)), I3dTorchModel.ID,
                I3dTorchModel.converter(I3dTorchModel.ID));
        assertScores(store, I3dTorchModel.ID, "cd-fvd-i3d", "i3dtorch");
    }

    /** A manifest entry pinned to the fixture, which is copied to the USB folder under the published name. */
    private ModelFile pinned(String id, String role, String publishedName, String fixture) throws IOException {
        Path source = VitFixtures.checkpoint(fixture);
        Files.copy(source, usb.resolve(publishedName));
        return ModelFile.pinnedTo(id, role, publishedName, usb.resolve(publishedName).toUri(), FileDigest.of(source));
    }

    private ModelStore store(ModelManifest manifest, String id, dev.fvd.features.store.ModelConverter converter) {
        return ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest).offline(true)
                .warnings(warnings::add).withoutCanonicalConverters().converter(id, converter).build();
    }

    private void assertScores(ModelStore store, String id, String protocol, String reference) {
        assertThat(store.importFrom(id, usb).canonical()).isTrue();
        assertThat(store.verify(id).summary()).isEqualTo("ok");
        Path onnx = store.onnxFor(id, protocol);
        assertThat(store.onnxFor(id, protocol)).isEqualTo(onnx); // cached
        try (FeatureExtractor extractor = FeatureExtractors.open(onnx, null, ExtractorOptions.defaults())) {
            assertThat(extractor.id()).isEqualTo(id);
            assertThat(extractor.protocol().name()).isEqualTo(protocol);
            float[][] features = extractor.extract(VitFixtures.clips("a"));
            assertThat(VitFixtures.relativeError(features, VitFixtures.reference(reference, "a")))
                    .isLessThanOrEqualTo(1e-4);
        }
        assertThat(warnings).isEmpty();
    }
}
