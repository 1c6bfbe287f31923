package dev.fvd.features.vit;

import dev.fvd.features.ExtractorOptions;
import dev.fvd.features.FeatureExtractor;
import dev.fvd.features.FeatureExtractors;
import dev.fvd.features.ModelSpec;
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
        ModelFile f = pinned(VideoMaeModel.CHECKPOINT, "videomae-slim.pth");
        assertScores(store(new ModelManifest(List.of(f)), VideoMaeModel.SPEC), VideoMaeModel.SPEC, "videomae");
    }

    @Test
    void vjepaImportVerifyScore() throws IOException {
        ModelFile enc = pinned(VjepaModel.ENCODER, "vjepa-slim.pth.tar");
        ModelFile probe = pinned(VjepaModel.PROBE, "vjepa-probe-slim.pth.tar");
        assertScores(store(new ModelManifest(List.of(enc, probe)), VjepaModel.SPEC), VjepaModel.SPEC, "vjepa");
    }

    @Test
    void i3dTorchImportVerifyScore() throws IOException {
        ModelFile f = pinned(I3dTorchModel.STATE_DICT, "i3d-torch-slim.pt");
        assertScores(store(new ModelManifest(List.of(f)), I3dTorchModel.SPEC), I3dTorchModel.SPEC, "i3dtorch");
    }

    /**
     * Stand-ins with the published files' structure ({@code test-data/vit/make_published_layouts.py}): VideoMAE's
     * {@code save_model} dict with optimizer, scaler and a pickled {@code argparse.Namespace}; V-JEPA's training checkpoint
     * (encoder, predictor, opt, scaler, target_encoder, epoch, loss, ...) and probe checkpoint with DDP prefixes; the legacy
     * flat I3D state dict. Same weights as the plain fixtures, so the same reference features.
     */
    @Test
    void publishedLayoutsImportVerifyScore() throws IOException {
        assertScores(store(new ModelManifest(List.of(published(VideoMaeModel.CHECKPOINT))), VideoMaeModel.SPEC),
                VideoMaeModel.SPEC, "videomae");
        assertScores(store(new ModelManifest(List.of(published(VjepaModel.ENCODER), published(VjepaModel.PROBE))),
                VjepaModel.SPEC), VjepaModel.SPEC, "vjepa");
        assertScores(store(new ModelManifest(List.of(published(I3dTorchModel.STATE_DICT))), I3dTorchModel.SPEC),
                I3dTorchModel.SPEC, "i3dtorch");
    }

    @Test
    void theRealEntriesHaveNoPublishedChecksumSoAnImportIsUsableButNeverCanonical() throws IOException {
        Files.copy(VitFixtures.checkpoint("videomae-slim.pth"), usb.resolve(VideoMaeModel.CHECKPOINT.fileName()));
        ModelStore store = store(new ModelManifest(VideoMaeModel.SPEC.files()), VideoMaeModel.SPEC);
        assertThat(VideoMaeModel.CHECKPOINT.pinned()).isFalse();
        assertThat(store.importFrom(VideoMaeModel.ID, usb).canonical()).isFalse();
        assertThat(warnings).singleElement().asString().contains("no checksum published");
        Path onnx = store.onnxFor(VideoMaeModel.ID, VideoMaeModel.ORIGINAL_PREPROCESSING);
        try (FeatureExtractor extractor = FeatureExtractors.open(onnx, null, ExtractorOptions.defaults())) {
            assertThat(VitFixtures.relativeError(extractor.extract(VitFixtures.clips("a")),
                    VitFixtures.reference("videomae", "a"))).isLessThanOrEqualTo(1e-4);
        }
        assertThat(dev.fvd.features.ModelMetadata.readFile(onnx).properties())
                .containsEntry(dev.fvd.features.ModelMetadata.CANONICAL, "false");
    }

    @Test
    void theRegistryListsTheThreeModels() {
        assertThat(dev.fvd.features.ModelRegistry.ids()).contains(VideoMaeModel.ID, VjepaModel.ID, I3dTorchModel.ID);
        assertThat(dev.fvd.features.ModelRegistry.require(VjepaModel.ID).featureDimension()).isEqualTo(1280);
        assertThat(dev.fvd.features.ModelRegistry.require(VideoMaeModel.ID).featureDimension()).isEqualTo(1408);
    }

    /** A manifest entry like {@code real} but pinned to the fixture, which is copied to the USB folder under the real name. */
    private ModelFile pinned(ModelFile real, String fixture) throws IOException {
        Path source = VitFixtures.checkpoint(fixture);
        Files.copy(source, usb.resolve(real.fileName()));
        return ModelFile.pinnedTo(real.modelId(), real.role(), real.fileName(), real.url(), FileDigest.of(source));
    }

    /** The published-layout stand-in of {@code real}, under its real file name, pinned to its own digest. */
    private ModelFile published(ModelFile real) throws IOException {
        Path source = VitFixtures.checkpoint("published-layout/" + real.fileName());
        Files.copy(source, usb.resolve(real.fileName()));
        return ModelFile.pinnedTo(real.modelId(), real.role(), real.fileName(), real.url(), FileDigest.of(source));
    }

    private ModelStore store(ModelManifest manifest, ModelSpec<?> spec) {
        return ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest).offline(true)
                .warnings(warnings::add).withoutCanonicalConverters().converter(spec.id(), spec::convert).build();
    }

    private void assertScores(ModelStore store, ModelSpec<?> spec, String reference) {
        String id = spec.id();
        assertThat(store.importFrom(id, usb).canonical()).isTrue();
        assertThat(store.verify(id).summary()).isEqualTo("ok");
        Path onnx = store.onnxFor(id, spec.importCheck());
        assertThat(store.onnxFor(id, spec.importCheck())).isEqualTo(onnx); // cached
        try (FeatureExtractor extractor = FeatureExtractors.open(onnx, null, ExtractorOptions.defaults())) {
            assertThat(extractor.id()).isEqualTo(id);
            assertThat(extractor.protocolName()).isEqualTo(spec.importCheck().name());
            float[][] features = extractor.extract(VitFixtures.clips("a"));
            assertThat(VitFixtures.relativeError(features, VitFixtures.reference(reference, "a")))
                    .isLessThanOrEqualTo(1e-4);
        }
        assertThat(warnings).isEmpty();
    }
}
