package dev.fvd.features.store;

import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelException;
import dev.fvd.features.ModelUnavailableException;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.features.ResolvedModel;
import dev.fvd.io.testing.TestData;
import dev.fvd.features.checkpoint.tf.FloatTensor;
import dev.fvd.features.checkpoint.tf.TfCheckpointWriter;
import dev.fvd.features.i3d.I3dGraph;
import dev.fvd.features.i3d.I3dModel;
import dev.fvd.features.inception.FidInceptionModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.fvd.features.store.DownloadTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15 items 2 and 3: {@code fvd models import} proves the files are the model's weights (every tensor parsed, names
 * and shapes checked, graph built, one forward pass) before it stores anything; a refused import or a failed fetch leaves
 * the store exactly as it was.
 */
class ImportValidationTest {
    @TempDir
    Path cache;
    @TempDir
    Path usb;
    private final List<String> warnings = new ArrayList<>();

    private ModelStore store() {
        return ModelStore.builder().location(StoreLocation.at(cache)).offline(true).warnings(warnings::add).build();
    }

    /** Every file under the cache with its bytes: "exactly as before" is equality of this. */
    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : s.sorted().toList()) {
                out.put(cache.relativize(p).toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return out;
    }

    @Test
    void aMaliciousPickleIsRefusedAtImportNamingTheFileAndNothingIsStored() throws IOException {
        Path evil = Files.copy(TestData.file("inception/malicious-os-system.pth"),
                usb.resolve(FidInceptionModel.STATE_DICT.fileName()));
        Map<String, byte[]> before = snapshot();

        assertThatThrownBy(() -> store().importFrom(FidInceptionModel.ID, usb))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(evil.toString())
                .hasMessageContaining("refused to load Python global 'posix.system'");

        assertThat(snapshot()).containsOnlyKeys(before.keySet());
        assertThat(cache.resolve("weights")).doesNotExist();
        assertThat(Path.of("/tmp/fvd-pwned")).doesNotExist();
    }

    @Test
    void randomBytesAreRefusedForBothModelsAndNothingIsStored() throws IOException {
        Path pth = Files.write(usb.resolve(FidInceptionModel.STATE_DICT.fileName()), randomBytes(5_000, 3));
        assertThatThrownBy(() -> store().importFrom(FidInceptionModel.ID, pth))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining(pth.toString());
        Files.write(usb.resolve(I3dModel.INDEX.fileName()), randomBytes(3_000, 4));
        Files.write(usb.resolve(I3dModel.DATA.fileName()), randomBytes(9_000, 5));
        assertThatThrownBy(() -> store().importFrom(I3dModel.ID, usb))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(usb.resolve(I3dModel.INDEX.fileName()).toString());

        assertThat(cache.resolve("weights")).doesNotExist();
    }

    @Test
    void aTensorThatDoesNotFitTheArchitectureIsNamedAndTheEarlierImportStaysAsItWas() throws IOException {
        ModelStore store = store();
        store.importFrom(I3dModel.ID, TestData.file("i3d/slim"));
        Map<String, byte[]> before = snapshot();
        // the slim bundle with one conv widened on its input side: Mixed_4c's 1x1 now takes 1 channel more
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(I3dGraph.readCheckpoint(
                TestData.file("i3d/slim/model.ckpt.index"), TestData.file("i3d/slim/model.ckpt.data-00000-of-00001")));
        String name = I3dGraph.SCOPE + "Mixed_4c/Branch_0/Conv3d_0a_1x1/conv_3d/w";
        long[] s = tensors.get(name).shape();
        long[] wider = {s[0], s[1], s[2], s[3] + 1, s[4]};
        tensors.put(name, new FloatTensor(wider, new float[(int) (wider[3] * wider[4])]));
        TfCheckpointWriter.write(usb.resolve("model.ckpt"), tensors, false);

        assertThatThrownBy(() -> store.importFrom(I3dModel.ID, usb))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(usb.resolve("model.ckpt.index").toString())
                .hasMessageContaining("tensor '" + name + "'")
                .hasMessageContaining("input channels");

        Map<String, byte[]> after = snapshot();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
    }

    @Test
    void aValidImportRunsOneForwardPassAndIsUsableButNotVerified() throws IOException {
        ModelStore store = store();
        WeightsProvenance p = store.importFrom(I3dModel.ID, TestData.file("i3d/slim"));

        assertThat(p.canonical()).isFalse(); // the slim bundle is not the published checkpoint
        ResolvedModel m = store.resolve(I3dModel.ID, ReferenceProtocols.TF);
        assertThat(m.verified()).isFalse();
        assertThat(m.spec()).isSameAs(I3dModel.SPEC);
        assertThat(m.modelId()).isEqualTo("i3d-kinetics400");
        assertThat(m.metadata()).containsEntry("fvd.canonical", "false");
    }

    @Test
    void aFailedFetchLeavesNoEmptyFolderAndGivesTheImportFormWithUrlsAndSizes() throws IOException {
        LocalFileServer server = new LocalFileServer();
        try {
            ModelManifest manifest = new ModelManifest(List.of(new ModelFile(FidInceptionModel.ID, "state-dict",
                    FidInceptionModel.STATE_DICT.fileName(), server.status("/gone", 404), 95628359, null,
                    FidInceptionModel.STATE_DICT.sha256(), null, "", "", "test")));
            ModelStore store = ModelStore.builder().location(StoreLocation.at(cache.resolve("fresh"))).manifest(manifest)
                    .offline(false).warnings(warnings::add).build();

            assertThatThrownBy(() -> store.fetch(FidInceptionModel.ID))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("fvd models import inception-fid --from DIR")
                    .hasMessageContaining("95,628,359 bytes")
                    .hasMessageContaining(server.uri("/gone").toString());
            assertThat(cache.resolve("fresh")).doesNotExist();
        } finally {
            server.close();
        }
        assertThatThrownBy(() -> store().fetch(I3dModel.ID))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("10,953 bytes")
                .hasMessageContaining("50,818,176 bytes")
                .hasMessageContaining(I3dModel.DATA.url().toString());
        assertThat(cache.resolve("weights")).doesNotExist();
    }

    @Test
    void offlineIsOneRule() {
        for (String on : new String[] {"1", "true", "TRUE", "yes", "on", " 1 ", "anything"}) {
            assertThat(ModelStore.offline(on)).as(on).isTrue();
        }
        for (String off : new String[] {null, "", "0", "false", "No", "off", " 0 "}) {
            assertThat(ModelStore.offline(off)).as(String.valueOf(off)).isFalse();
        }
        assertThat(ModelStore.offlineFromEnvironment(Map.of(ModelStore.OFFLINE_ENV, "yes"))).isTrue();
        assertThat(ModelStore.offlineFromEnvironment(Map.of())).isFalse();
    }
}
