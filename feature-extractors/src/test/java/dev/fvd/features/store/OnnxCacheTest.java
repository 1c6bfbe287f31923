package dev.fvd.features.store;

import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ReferenceProtocols;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelUnavailableException;
import dev.fvd.features.checkpoint.tf.FloatTensor;
import dev.fvd.features.checkpoint.tf.TfCheckpointReader;
import dev.fvd.features.checkpoint.tf.TfCheckpointWriter;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;
import dev.fvd.features.onnx.proto.OnnxProto;
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
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The converted-graph cache. The weights are a random TF tensor bundle written in the real on-disk format under the canonical
 * kinetics-i3d names; the converter reads it with the real checkpoint reader and builds a real ONNX graph (a 4→3 linear map
 * with the checkpoint's weight), which ONNX Runtime then runs.
 */
class OnnxCacheTest {
    private static final String MODEL = "tiny-i3d";
    private static final String WEIGHT = "RGB/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/w";

    @TempDir
    Path cache;
    @TempDir
    Path work;
    private LocalFileServer server;
    private ModelManifest manifest;
    private float[] weight;
    private final List<String> warnings = new ArrayList<>();
    private final AtomicInteger conversions = new AtomicInteger();

    /** Reads the checkpoint through the real reader and emits y = x · W as ONNX. */
    private class LinearFromCheckpoint implements ModelConverter {
        @Override
        public OnnxProto.ModelProto convert(Map<String, Path> files, ExtractionProtocol preprocessing, boolean canonical) {
            conversions.incrementAndGet();
            TfCheckpointReader reader = TfCheckpointReader.open(files.get("index"));
            float[] w = reader.readAll(files.get("data")).get(WEIGHT);
            GraphBuilder g = new GraphBuilder("linear", 18);
            String x = g.input("x", ElementType.FLOAT, "N", "4");
            String wName = g.initializer("w", w, 4, 3);
            String y = g.node("MatMul", List.of(x, wName), Map.of());
            g.identity(y, "y");
            g.output("y", ElementType.FLOAT, "N", "3");
            return g.build(Map.of("protocol", preprocessing.name()));
        }
    }

    private static ExtractionProtocol withName(ExtractionProtocol p, String name) {
        return new ExtractionProtocol(name, p.metric(), p.resize(), p.crop(), p.size(), p.scale(), p.offset(),
                p.batchNormEps(), p.reference(), p.description());
    }

    private static float[] randomWeights(long seed) {
        Random r = new Random(seed);
        float[] w = new float[12];
        for (int i = 0; i < w.length; i++) {
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
        weight = randomWeights(42);
        Path index = writeBundle(work.resolve("canonical"), weight);
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

    private ModelStore.Builder store() {
        return ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest).offline(false)
                .warnings(warnings::add).toolVersion("1.0").withoutCanonicalConverters()
                .converter(MODEL, new LinearFromCheckpoint());
    }

    private List<String> onnxFiles() throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("onnx"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theCacheKeysOnThePreprocessingValueNotOnItsName() {
        ExtractionProtocol tf = ReferenceProtocols.TF;
        ExtractionProtocol otherEps = new ExtractionProtocol(tf.name(), tf.metric(), tf.resize(), tf.crop(), tf.size(),
                tf.scale(), tf.offset(), 1e-5, tf.reference(), tf.description());

        Path first = store().build().onnxFor(MODEL, tf);
        Path second = store().build().onnxFor(MODEL, otherEps);
        Path same = store().build().onnxFor(MODEL, withName(otherEps, "tf"));

        assertThat(conversions).hasValue(2);
        assertThat(second).isNotEqualTo(first);
        assertThat(same).isEqualTo(second);
    }

    @Test
    void convertsOnceAndServesTheCachedGraphAfterwardsEvenToANewStore() throws IOException {
        Path first = store().build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));
        Path second = store().build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));

        assertThat(conversions).hasValue(1);
        assertThat(second).isEqualTo(first);
        assertThat(first.getParent()).isEqualTo(cache.resolve("onnx"));
        assertThat(first.getFileName().toString()).matches("tiny-i3d-tf-[0-9a-f]{16}\\.onnx");
        assertThat(onnxFiles()).hasSize(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    void theCachedGraphRunsInOnnxRuntimeWithTheCheckpointWeights() throws OrtException {
        Path model = store().build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));
        float[][] x = {{1, 0, 0, 0}, {0, 2, 0, 1}};

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = session.run(Map.of("x", input))) {
            float[][] y = (float[][]) result.get(0).getValue();
            assertThat(session.getMetadata().getCustomMetadata()).containsEntry("protocol", "tf");
            for (int j = 0; j < 3; j++) {
                assertThat(y[0][j]).isEqualTo(weight[j]);
                assertThat(y[1][j]).isCloseTo(2 * weight[3 + j] + weight[9 + j], within(1e-6f));
            }
        }
    }

    @Test
    void eachProtocolHasItsOwnGraph() throws IOException {
        Path tf = store().build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));
        Path styleganV = store().build().onnxFor(MODEL, ReferenceProtocols.byName("stylegan-v"));

        assertThat(conversions).hasValue(2);
        assertThat(styleganV).isNotEqualTo(tf);
        assertThat(onnxFiles()).hasSize(2);
    }

    @Test
    void newSourceWeightsAreConvertedAgainAndTheSupersededGraphRemoved() throws IOException {
        Path before = store().build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));
        Path otherDir = work.resolve("finetuned");
        writeBundle(otherDir, randomWeights(7));
        store().build().importFrom(MODEL, otherDir);
        warnings.clear();

        Path after = store().build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));

        assertThat(conversions).hasValue(2);
        assertThat(after).isNotEqualTo(before);
        assertThat(before).doesNotExist();
        assertThat(onnxFiles()).containsExactly(after.getFileName().toString());
        assertThat(warnings).singleElement().asString().contains("NON-CANONICAL").contains("NOT comparable");
    }

    @Test
    void aNewToolOrConverterVersionConvertsAgain() {
        Path v1 = store().build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));
        Path v2 = store().toolVersion("1.1").build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));
        Path v3 = store().toolVersion("1.1").converter(MODEL, new LinearFromCheckpoint() {
            @Override
            public String version() {
                return "2";
            }
        }).build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));

        assertThat(conversions).hasValue(3);
        assertThat(List.of(v1, v2, v3)).doesNotHaveDuplicates();
    }

    @Test
    void theConverterGetsTheCachedFilesKeyedByRole() {
        List<Map<String, Path>> seen = new ArrayList<>();
        store().converter(MODEL, (files, protocol, canonical) -> {
            seen.add(files);
            return OnnxProto.ModelProto.newBuilder().setGraph(OnnxProto.GraphProto.getDefaultInstance()).build();
        }).build().onnxFor(MODEL, ReferenceProtocols.byName("tf"));

        assertThat(seen).singleElement().isEqualTo(Map.of(
                "index", cache.resolve("weights/tiny-i3d/model.ckpt.index"),
                "data", cache.resolve("weights/tiny-i3d/model.ckpt.data-00000-of-00001")));
    }

    @Test
    void aConverterThatRejectsTheWeightsOrProducesNothingCachesNothing() throws IOException {
        ModelStore rejecting = store().converter(MODEL, (files, protocol, canonical) -> {
            throw new InvalidModelException(files.get("index") + ": checkpoint has no tensor 'x'");
        }).build();
        ModelStore empty = store().converter(MODEL, (files, protocol, canonical) -> OnnxProto.ModelProto.getDefaultInstance())
                .build();

        assertThatThrownBy(() -> rejecting.onnxFor(MODEL, ReferenceProtocols.byName("tf"))).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("no tensor 'x'");
        assertThatThrownBy(() -> empty.onnxFor(MODEL, ReferenceProtocols.byName("tf"))).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("produced no ONNX model for protocol tf");
        assertThat(Files.exists(cache.resolve("onnx")) ? onnxFiles() : List.of()).isEmpty();
    }

    @Test
    void offlineWithoutWeightsFailsBeforeConverting() {
        assertThatThrownBy(() -> store().offline(true).build().onnxFor(MODEL, ReferenceProtocols.byName("tf")))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("fvd models fetch tiny-i3d");
        assertThat(conversions).hasValue(0);
    }

    @Test
    void aModelWithoutConverterOrABadProtocolNameIsAProgrammingError() {
        ModelStore store = store().build();
        ModelStore bare = ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest)
                .withoutCanonicalConverters().build();

        assertThatThrownBy(() -> bare.onnxFor(MODEL, ReferenceProtocols.byName("tf"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no ONNX converter is registered for model tiny-i3d");
        assertThatThrownBy(() -> store.onnxFor(MODEL, withName(ReferenceProtocols.TF, "../tf"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.onnxFor("nope", ReferenceProtocols.byName("tf"))).isInstanceOf(ModelUnavailableException.class);
    }
}
