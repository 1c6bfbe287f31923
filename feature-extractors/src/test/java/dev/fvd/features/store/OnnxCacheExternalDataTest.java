package dev.fvd.features.store;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.features.ResolvedModel;
import dev.fvd.features.checkpoint.tf.FloatTensor;
import dev.fvd.features.checkpoint.tf.TfCheckpointReader;
import dev.fvd.features.checkpoint.tf.TfCheckpointWriter;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;
import dev.fvd.features.onnx.OnnxModelFile;
import dev.fvd.features.onnx.proto.OnnxProto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversion cache's path for models over protobuf's 2 GB: with the inline limit lowered to 0 bytes, a small model goes
 * through exactly the code a ViT-g takes (external data file, opened by path). The weights are a TF bundle served by
 * {@link LocalFileServer} as in {@link OnnxCacheTest}; the converter adds a seeded 3×256 projection (3 KB, above
 * {@link OnnxModelFile#EXTERNAL_THRESHOLD}) so that something lands in the data file.
 */
class OnnxCacheExternalDataTest {
    private static final String MODEL = "tiny-i3d";
    private static final String WEIGHT = "RGB/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/w";
    private static final ExtractionProtocol TF = ReferenceProtocols.TF;
    private static final float[][] X = {{1, 0, 0, 0}, {0, 2, 0, 1}, {-0.5f, 0.25f, 3, -1}};

    @TempDir
    Path cache;
    @TempDir
    Path work;
    private LocalFileServer server;
    private ModelManifest manifest;
    private final AtomicInteger conversions = new AtomicInteger();

    /** y = (x · W) · P: W (4×3) from the checkpoint through the real reader, P (3×256) seeded. */
    private final ModelConverter wide = (files, preprocessing, canonical) -> {
        conversions.incrementAndGet();
        float[] w = TfCheckpointReader.open(files.get("index")).readAll(files.get("data")).get(WEIGHT);
        GraphBuilder g = new GraphBuilder("wide", 18);
        String x = g.input("x", ElementType.FLOAT, "N", "4");
        String h = g.node("MatMul", List.of(x, g.initializer("w", w, 4, 3)), Map.of());
        String y = g.node("MatMul", List.of(h, g.initializer("p", random(3 * 256, 5), 3, 256)), Map.of());
        g.identity(y, "y");
        g.output("y", ElementType.FLOAT, "N", "256");
        return g.build(Map.of("protocol", preprocessing.name()));
    };

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian();
        }
        return w;
    }

    private static Path writeBundle(Path dir, float[] w) {
        return TfCheckpointWriter.write(dir.resolve("model.ckpt"), Map.of(WEIGHT, new FloatTensor(new long[] {4, 3}, w)),
                false);
    }

    @BeforeEach
    void setUp() throws IOException {
        server = new LocalFileServer();
        Path index = writeBundle(work.resolve("canonical"), random(12, 42));
        byte[] indexBytes = Files.readAllBytes(index);
        byte[] dataBytes = Files.readAllBytes(work.resolve("canonical/model.ckpt.data-00000-of-00001"));
        manifest = new ModelManifest(List.of(
                ModelFile.pinnedTo(MODEL, "index", "model.ckpt.index", server.serve("/index", indexBytes),
                        FileDigest.of(indexBytes)),
                ModelFile.pinnedTo(MODEL, "data", "model.ckpt.data-00000-of-00001", server.serve("/data", dataBytes),
                        FileDigest.of(dataBytes))));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** A store that writes every graph with external data. */
    private ModelStore external() {
        return base().onnxInlineLimit(0).build();
    }

    private ModelStore.Builder base() {
        return ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest).offline(false)
                .warnings(w -> { }).toolVersion("1.0").withoutCanonicalConverters().converter(MODEL, wide);
    }

    private List<String> onnxFiles() throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("onnx"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static float[][] run(OrtSession session) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor input = OnnxTensor.createTensor(env, X); OrtSession.Result result = session.run(Map.of("x", input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    private static String sha256(byte[]... parts) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            md.update(p);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void aModelOverTheInlineLimitIsCachedWithExternalDataAndGivesBitIdenticalFeatures() throws Exception {
        ModelStore store = external();
        Path onnx = store.onnxFor(MODEL, TF);
        Path data = OnnxModelFile.dataFileOf(onnx);

        assertThat(onnxFiles()).containsExactly(onnx.getFileName().toString(), data.getFileName().toString());
        assertThat(OnnxModelFile.externalDataOf(onnx)).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo(data.toAbsolutePath());
            assertThat(d.requiredBytes()).isEqualTo(Files.size(data)).isGreaterThanOrEqualTo(3 * 256 * 4);
        });
        assertThat(Files.size(onnx)).isLessThan(3 * 256 * 4);

        byte[] inMemory = wide.convert(store.weights(MODEL), TF, true).toByteArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession fromBytes = env.createSession(inMemory, new OrtSession.SessionOptions());
             OrtSession fromFile = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            assertThat(run(fromFile)).isDeepEqualTo(run(fromBytes));
        }
        assertThat(external().onnxFor(MODEL, TF)).isEqualTo(onnx); // a hit: no new conversion
        assertThat(conversions).hasValue(2); // the cache's one + the in-memory reference's one
    }

    @Test
    void underTheDefaultLimitTheSameModelStaysOneFile() throws IOException {
        Path onnx = base().build().onnxFor(MODEL, TF);

        assertThat(onnxFiles()).containsExactly(onnx.getFileName().toString());
        assertThat(OnnxModelFile.externalDataOf(onnx)).isEmpty();
    }

    @Test
    void aMissingOrTruncatedDataFileIsRebuiltNotUsed() throws Exception {
        Path onnx = external().onnxFor(MODEL, TF);
        Path data = OnnxModelFile.dataFileOf(onnx);
        byte[] good = Files.readAllBytes(data);

        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.setLength(good.length / 2);
        }
        assertThat(external().onnxFor(MODEL, TF)).isEqualTo(onnx);
        assertThat(conversions).hasValue(2);
        assertThat(Files.readAllBytes(data)).isEqualTo(good);

        Files.delete(data);
        assertThat(external().onnxFor(MODEL, TF)).isEqualTo(onnx);
        assertThat(conversions).hasValue(3);
        assertThat(Files.readAllBytes(data)).isEqualTo(good);

        // a data file without its model (a conversion interrupted between the two moves) is no hit either
        Files.delete(onnx);
        assertThat(external().onnxFor(MODEL, TF)).isEqualTo(onnx);
        assertThat(conversions).hasValue(4);
        assertThat(onnxFiles()).containsExactly(onnx.getFileName().toString(), data.getFileName().toString());
        assertThat(onnxFiles()).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void theChecksumCoversTheDataFileAndChangesWithIt() throws Exception {
        ResolvedModel before = external().resolve(MODEL, TF);
        Path data = OnnxModelFile.dataFileOf(before.onnx());

        assertThat(before.sha256()).isEqualTo(sha256(Files.readAllBytes(before.onnx()), Files.readAllBytes(data)))
                .isEqualTo(ModelMetadata.modelChecksum(before.onnx()).substring("sha256:".length()))
                .isEqualTo(ResolvedModel.custom(before.onnx()).sha256());
        assertThat(before.metadata()).containsEntry("protocol", "tf");

        byte[] changed = Files.readAllBytes(data);
        changed[changed.length - 1] ^= 1; // same size: still a cache hit, but other weights
        Files.write(data, changed);
        ResolvedModel after = external().resolve(MODEL, TF);

        assertThat(conversions).hasValue(1);
        assertThat(after.onnx()).isEqualTo(before.onnx());
        assertThat(after.sha256()).isNotEqualTo(before.sha256())
                .isEqualTo(sha256(Files.readAllBytes(before.onnx()), changed));
    }

    @Test
    void replacingAGraphRemovesTheSupersededModelWithItsDataFile() throws IOException {
        Path before = external().onnxFor(MODEL, TF);
        Path otherDir = work.resolve("finetuned");
        writeBundle(otherDir, random(12, 7));
        external().importFrom(MODEL, otherDir);

        Path after = external().onnxFor(MODEL, TF);

        assertThat(after).isNotEqualTo(before);
        assertThat(before).doesNotExist();
        assertThat(OnnxModelFile.dataFileOf(before)).doesNotExist();
        assertThat(onnxFiles()).containsExactly(after.getFileName().toString(),
                OnnxModelFile.dataFileOf(after).getFileName().toString());

        // back under the default limit: the graph is inline and no data file of it is left behind
        Path inline = base().toolVersion("1.1").build().onnxFor(MODEL, TF);
        assertThat(onnxFiles()).containsExactly(inline.getFileName().toString());
    }
}
