package dev.fvd.features.inception;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ReferenceProtocols;
import dev.fvd.features.checkpoint.torch.TorchCheckpointException;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.proto.OnnxProto;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FidInceptionGraphTest {
    private static final Path ZIP = InceptionTestData.inception("inception-slim-random.pth");
    private static final Path LEGACY = InceptionTestData.inception("inception-slim-random-legacy.pth");

    static Map<String, String> metadata(byte[] model) throws InvalidProtocolBufferException {
        return OnnxProto.ModelProto.parseFrom(model).getMetadataPropsList().stream()
                .collect(Collectors.toMap(OnnxProto.StringStringEntryProto::getKey,
                        OnnxProto.StringStringEntryProto::getValue));
    }

    @Test
    void zipAndLegacyCheckpointsImportToModelsWithIdenticalFeatures() throws Exception {
        byte[] fromZip = FidInceptionGraph.importFidInception(ZIP, ReferenceProtocols.TTUR, "inception-slim-random");
        byte[] fromLegacy = FidInceptionGraph.importFidInception(LEGACY, ReferenceProtocols.TTUR, "inception-slim-random");
        byte[] pixels = ReferenceImages.pixels(2, 64, 64, 2);
        float[][] a = FidInceptionParityTest.run(fromZip, pixels, 2, 64, 64, 3);
        float[][] b = FidInceptionParityTest.run(fromLegacy, pixels, 2, 64, 64, 3);
        assertThat(b).isDeepEqualTo(a);
        assertThat(a[0]).hasSize(128);
    }

    @Test
    void importWritesTheMetadataTheRuntimeReads() throws Exception {
        Map<String, String> m = metadata(FidInceptionGraph.importFidInception(ZIP, ReferenceProtocols.PYTORCH_FID));
        assertThat(m).containsEntry("fvd.model_id", "inception-fid")
                .containsEntry("fvd.protocol", "pytorch-fid")
                .containsEntry("fvd.feature_dim", "128")
                .containsEntry("fvd.input_kind", "image")
                .containsEntry("fvd.min_frames", "1")
                .containsEntry("fvd.format", "1")
                .containsEntry("fvd.canonical", "false")       // random weights: sha256 is not 6726825d…
                .containsEntry("fvd.source.inception-slim-random.pth", dev.fvd.features.ModelMetadata.sha256(ZIP))
                .doesNotContainKey(FidInceptionGraph.CALLER_RESIZE_KEY);
    }

    @Test
    void importedInputsAreUint8AnySizeExceptCleanWhichTakesFrameResizerFloats() throws Exception {
        OnnxProto.ModelProto ttur = OnnxProto.ModelProto.parseFrom(FidInceptionGraph.importFidInception(ZIP, ReferenceProtocols.TTUR));
        OnnxProto.TypeProto.Tensor in = ttur.getGraph().getInput(0).getType().getTensorType();
        assertThat(in.getElemType()).isEqualTo(ElementType.UINT8);
        assertThat(in.getShape().getDimList()).extracting(d -> d.hasDimValue() ? String.valueOf(d.getDimValue())
                : d.getDimParam()).containsExactly("N", "H", "W", "3");

        byte[] cleanBytes = FidInceptionGraph.importFidInception(ZIP, ReferenceProtocols.CLEAN);
        OnnxProto.TypeProto.Tensor cleanIn = OnnxProto.ModelProto.parseFrom(cleanBytes).getGraph().getInput(0).getType()
                .getTensorType();
        assertThat(cleanIn.getElemType()).isEqualTo(ElementType.FLOAT);
        assertThat(cleanIn.getShape().getDimList()).extracting(d -> d.hasDimValue() ? String.valueOf(d.getDimValue())
                : d.getDimParam()).containsExactly("N", "299", "299", "3");
        assertThat(metadata(cleanBytes)).containsEntry(FidInceptionGraph.CALLER_RESIZE_KEY, "PIL_BICUBIC");
    }

    /** Batching is independent per image: a batch of two gives each image's single-image features. */
    /** The runtime resizes with FrameResizer for the clean model and gives the PIL reference features. */
    @Test
    void cleanModelRunsThroughFeatureExtractorsWithReferenceFeatures() throws Exception {
        FidInceptionParityTest.Case c = FidInceptionParityTest.cases().stream()
                .filter(k -> k.name().equals("clean-333x250")).findFirst().orElseThrow();
        byte[] pixels = ReferenceImages.pixels(c.images(), c.height(), c.width(), c.seed());
        int bytes = c.height() * c.width() * 3;
        java.util.List<dev.fvd.datasets.Clip> clips = new java.util.ArrayList<>();
        for (int i = 0; i < c.images(); i++) {
            clips.add(new dev.fvd.datasets.Clip("img" + i, i, 1, c.height(), c.width(),
                    Arrays.copyOfRange(pixels, i * bytes, (i + 1) * bytes)));
        }
        byte[] model = FidInceptionGraph.importFidInception(ZIP, ReferenceProtocols.CLEAN);
        try (dev.fvd.features.FeatureExtractor fx = dev.fvd.features.FeatureExtractors.open(model, "clean-slim",
                ReferenceProtocols.CLEAN, null, dev.fvd.features.ExtractorOptions.defaults())) {
            float[][] features = fx.extract(clips);
            assertThat(FidInceptionParityTest.maxAbsDiff(features, FidInceptionParityTest.readRows(c.features())))
                    .isLessThanOrEqualTo(FidInceptionParityTest.TOLERANCE);
        }
    }

    @Test
    void featuresDoNotDependOnTheBatch() throws Exception {
        byte[] model = FidInceptionGraph.importFidInception(ZIP, ReferenceProtocols.TTUR);
        byte[] two = ReferenceImages.pixels(2, 333, 250, 3);
        float[][] batch = FidInceptionParityTest.run(model, two, 2, 333, 250, 3);
        for (int i = 0; i < 2; i++) {
            float[][] single = FidInceptionParityTest.run(model, Arrays.copyOfRange(two, i * 333 * 250 * 3,
                    (i + 1) * 333 * 250 * 3), 1, 333, 250, 3);
            assertThat(single[0]).containsExactly(batch[i], within(1e-6f));
        }
    }

    @Test
    void aMissingOrMisShapedTensorIsNamed() {
        Map<String, TorchTensor> sd = new LinkedHashMap<>(TorchCheckpointReader.read(ZIP));
        Map<String, TorchTensor> missing = new LinkedHashMap<>(sd);
        missing.remove("Mixed_6c.branch7x7_2.conv.weight");
        assertThatThrownBy(() -> FidInceptionGraph.build(missing, ReferenceProtocols.TTUR, 0, 0))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("lacks Mixed_6c.branch7x7_2.conv.weight");

        Map<String, TorchTensor> wrong = new LinkedHashMap<>(sd);
        TorchTensor w = sd.get("Mixed_7b.branch1x1.conv.weight");
        long[] shape = w.shape();
        shape[1] -= 1;
        wrong.put(w.name(), new TorchTensor(w.name(), shape, new float[(int) (shape[0] * shape[1])], w.sourceDtype()));
        assertThatThrownBy(() -> FidInceptionGraph.build(wrong, ReferenceProtocols.TTUR, 0, 0))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("Mixed_7b.branch1x1.conv.weight")
                .hasMessageContaining("input channels");

        Map<String, TorchTensor> bn = new LinkedHashMap<>(sd);
        bn.put("Mixed_5b.branch_pool.bn.running_var", new TorchTensor("Mixed_5b.branch_pool.bn.running_var",
                new long[] {3}, new float[3], w.sourceDtype()));
        assertThatThrownBy(() -> FidInceptionGraph.build(bn, ReferenceProtocols.TTUR, 0, 0))
                .hasMessageContaining("Mixed_5b.branch_pool.bn.running_var has 3 values");
    }

    @Test
    void torchvisionsImageNetInceptionAndFvdProtocolsAreRejected() {
        Map<String, TorchTensor> sd = new LinkedHashMap<>(TorchCheckpointReader.read(ZIP));
        sd.put("AuxLogits.fc.bias", new TorchTensor("AuxLogits.fc.bias", new long[] {1}, new float[1],
                sd.get("fc.bias").sourceDtype()));
        assertThatThrownBy(() -> FidInceptionGraph.build(sd, ReferenceProtocols.TTUR, 0, 0))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("torchvision's inception_v3");
        assertThatThrownBy(() -> FidInceptionGraph.build(TorchCheckpointReader.read(ZIP), ReferenceProtocols.TF, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FID protocol");
    }

    @Test
    void importingAMaliciousCheckpointFailsWithTheGlobalNamed() {
        Path evil = InceptionTestData.inception("malicious-os-system.pth");
        assertThatThrownBy(() -> FidInceptionGraph.importFidInception(evil, ReferenceProtocols.TTUR))
                .isInstanceOf(TorchCheckpointException.class)
                .hasMessageContaining("posix.system")
                .hasMessageContaining("malicious-os-system.pth");
    }
}
