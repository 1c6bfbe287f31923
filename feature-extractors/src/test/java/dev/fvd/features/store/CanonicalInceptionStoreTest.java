package dev.fvd.features.store;

import dev.fvd.features.inception.FidInceptionModel;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.io.testing.TestData;
import dev.fvd.features.inception.FidInceptionGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FID path with the real FID-Inception importer wired in {@link dev.fvd.features.ModelRegistry}: download the state dict over HTTP,
 * verify it, convert once. The file is the slim random-weight fixture ({@code test-data/inception/}, a real torch.save file)
 * pinned as if canonical; the store's graph must compute exactly what the importer's own entry point computes.
 */
class CanonicalInceptionStoreTest {
    @TempDir
    Path cache;
    private LocalFileServer server;
    private ModelManifest manifest;
    private Path pth;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void serveSlimStateDict() throws IOException {
        server = new LocalFileServer();
        pth = TestData.file("inception/inception-slim-random.pth");
        byte[] bytes = Files.readAllBytes(pth);
        manifest = new ModelManifest(List.of(ModelFile.pinnedTo(FidInceptionModel.ID, "state-dict",
                "pt_inception-2015-12-05-6726825d.pth", server.serve("/fid_weights/pt_inception.pth", bytes),
                FileDigest.of(bytes))));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void downloadsConvertsOnceAndMatchesTheImporterOutput() throws OrtException {
        ModelStore store = ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest).offline(false)
                .warnings(warnings::add).build();

        Path onnx = store.onnxFor(FidInceptionModel.ID, ReferenceProtocols.byName("ttur"));
        Path again = store.onnxFor(FidInceptionModel.ID, ReferenceProtocols.byName("ttur"));

        assertThat(again).isEqualTo(onnx);
        assertThat(server.totalHits()).isEqualTo(1);
        assertThat(warnings).isEmpty();
        byte[] direct = FidInceptionGraph.importFidInception(pth, ReferenceProtocols.TTUR);
        byte[] pixels = new byte[2 * 64 * 64 * 3];
        new Random(5).nextBytes(pixels);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession fromStore = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OrtSession fromImporter = env.createSession(direct, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, ByteBuffer.wrap(pixels), new long[] {2, 64, 64, 3},
                     OnnxJavaType.UINT8);
             OrtSession.Result a = fromStore.run(Map.of(FidInceptionGraph.INPUT, input));
             OrtSession.Result b = fromImporter.run(Map.of(FidInceptionGraph.INPUT, input))) {
            assertThat((float[][]) a.get(0).getValue()).isDeepEqualTo((float[][]) b.get(0).getValue());
            Map<String, String> metadata = fromStore.getMetadata().getCustomMetadata();
            assertThat(metadata).containsEntry(ModelMetadata.MODEL_ID, FidInceptionModel.ID)
                    .containsEntry(ModelMetadata.PROTOCOL, "ttur")
                    .containsEntry(ModelMetadata.CANONICAL, "true");
        }
    }
}
