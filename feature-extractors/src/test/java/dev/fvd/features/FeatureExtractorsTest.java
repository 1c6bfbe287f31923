package dev.fvd.features;

import dev.fvd.io.testing.TestData;
import dev.fvd.datasets.Clip;
import dev.fvd.datasets.MediaKind;
import dev.fvd.features.onnx.ElementType;
import dev.fvd.features.onnx.GraphBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FeatureExtractorsTest {
    private static final Path SLIM = TestData.file("models/i3d-slim-random.onnx");

    @Test
    void committedSlimModelDescribesItselfFromItsMetadata() {
        try (FeatureExtractor e = FeatureExtractors.open(SLIM, null, ExtractorOptions.defaults())) {
            assertThat(e.id()).isEqualTo("i3d-slim-random");
            assertThat(e.protocolName()).isEqualTo("tf");
            assertThat(e.featureDimension()).isEqualTo(400);
            assertThat(e.inputSpec()).isEqualTo(new InputSpec(MediaKind.VIDEO, 9, 0));
        }
    }

    @Test
    void committedSlimModelIsUpToDateWithTheReferenceNumbers() {
        // guards the README quick-start fixture: regenerate with `sh test-data/i3d/make_fixture_model.sh` if this fails
        List<Clip> clips = Npy.read(TestData.file("i3d/ref/random16x64x80_u8.npy.gz")).clips("random");
        float[][] expected = Npy.read(TestData.file("i3d/ref/random16x64x80_tf_logits.npy")).floatMatrix();
        try (FeatureExtractor e = FeatureExtractors.open(SLIM, ReferenceProtocols.TF, ExtractorOptions.defaults())) {
            float[][] actual = e.extract(clips);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).containsExactly(expected[i], within(1e-4f));
            }
        }
    }

    @Test
    void askingForCudaOnACpuOnlyBuildFailsLoudly() {
        assertThatThrownBy(() -> FeatureExtractors.open(SLIM, null,
                ExtractorOptions.defaults().withDevice(Device.parse("cuda"))))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("device cuda:0 requested but the CUDA execution provider is not available: "
                        + "build with -Pgpu and install CUDA 12 + cuDNN 9");
    }

    @Test
    void clipsShorterThanNineFramesAreRejectedNamingTheSource() {
        try (FeatureExtractor e = FeatureExtractors.open(SLIM, ReferenceProtocols.TF, ExtractorOptions.defaults())) {
            Clip shortClip = new Clip("videos/a.mp4#0", 0, 7, 32, 32, new byte[7 * 32 * 32 * 3]);
            assertThatThrownBy(() -> e.extract(List.of(shortClip))).isInstanceOf(ClipRejectedException.class)
                    .hasMessage("videos/a.mp4#0: clip has 7 frames; I3D needs ≥ 9");
        }
    }

    @Test
    void nineFramesAreEnoughAndGiveFiniteFeatures() {
        try (FeatureExtractor e = FeatureExtractors.open(SLIM, ReferenceProtocols.TF, ExtractorOptions.defaults())) {
            byte[] px = new byte[9 * 24 * 30 * 3];
            new Random(3).nextBytes(px);
            float[][] f = e.extract(List.of(new Clip("nine", 0, 9, 24, 30, px)));
            assertThat(f[0]).hasSize(400);
            for (float v : f[0]) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void aModelBuiltForAnotherProtocolIsRefused() {
        assertThatThrownBy(() -> FeatureExtractors.open(SLIM, ReferenceProtocols.STYLEGAN_V, ExtractorOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("built for protocol 'tf' but 'stylegan-v' was requested");
    }

    @Test
    void missingFileIsUnavailableWithTheFixInTheMessage(@TempDir Path dir) {
        assertThatThrownBy(() -> FeatureExtractors.open(dir.resolve("nope.onnx"), null, ExtractorOptions.defaults()))
                .isInstanceOf(ModelUnavailableException.class).hasMessageContaining("nope.onnx")
                .hasMessageContaining("fvd models");
    }

    @Test
    void garbageFileIsInvalidNamingTheFile(@TempDir Path dir) throws IOException {
        Path bad = Files.write(dir.resolve("bad.onnx"), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> FeatureExtractors.open(bad, ReferenceProtocols.TF, InputSpec.i3d(), ExtractorOptions.defaults()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("bad.onnx");
    }

    @Test
    void customModelWithoutMetadataNeedsADeclaredSpec(@TempDir Path dir) throws IOException {
        Path model = write(dir, "mean-color.onnx", meanColourImageModel(ElementType.UINT8, false));
        assertThatThrownBy(() -> FeatureExtractors.open(model, null, ExtractorOptions.defaults()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("mean-color.onnx")
                .hasMessageContaining("no fvd metadata");
        try (FeatureExtractor e = FeatureExtractors.open(model, ReferenceProtocols.TTUR, InputSpec.image(),
                ExtractorOptions.defaults())) {
            assertThat(e.id()).isEqualTo("mean-color");
            assertThat(e.featureDimension()).isEqualTo(3);
            byte[] px = {10, 20, (byte) 200, 30, 40, (byte) 250};  // 1×2 image
            float[][] f = e.extract(List.of(new Clip("img", 0, 1, 1, 2, px)));
            assertThat(f[0]).containsExactly(new float[] {20f, 30f, 225f}, within(1e-6f));
            assertThatThrownBy(() -> e.extract(List.of(new Clip("vid", 0, 2, 1, 2, new byte[12]))))
                    .isInstanceOf(ClipRejectedException.class).hasMessageContaining("vid: clip has 2 frames");
        }
    }

    @Test
    void wrongShapedModelsAreInvalidNamingTheFile(@TempDir Path dir) throws IOException {
        Path floatInput = write(dir, "float-in.onnx", meanColourImageModel(ElementType.FLOAT, false));
        assertThatThrownBy(() -> FeatureExtractors.open(floatInput, ReferenceProtocols.TTUR, InputSpec.image(),
                ExtractorOptions.defaults())).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("float-in.onnx").hasMessageContaining("needs uint8 of rank 4");
        Path rank3 = write(dir, "rank3-out.onnx", meanColourImageModel(ElementType.UINT8, true));
        assertThatThrownBy(() -> FeatureExtractors.open(rank3, ReferenceProtocols.TTUR, InputSpec.image(),
                ExtractorOptions.defaults())).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("rank3-out.onnx").hasMessageContaining("float of rank 2");
        // an image model declared as a video model: rank 4 input where rank 5 is needed
        Path image = write(dir, "image.onnx", meanColourImageModel(ElementType.UINT8, false));
        assertThatThrownBy(() -> FeatureExtractors.open(image, ReferenceProtocols.TF, InputSpec.i3d(),
                ExtractorOptions.defaults())).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("image.onnx").hasMessageContaining("rank 5");
    }

    @Test
    void modelsWithInputResizeGetFramesResizedByFrameResizer(@TempDir Path dir) throws IOException {
        // float [N,5,4,3] (pre-resized, 0..255) → identity-like flattening: the features are the resized pixels themselves
        GraphBuilder g = new GraphBuilder("pre-resized", 18);
        String x = g.input("images", ElementType.FLOAT, "N", "5", "4", "3");
        g.identity(g.reshape(x, -1, 60), "out");
        g.output("out", ElementType.FLOAT, "N", "60");
        Map<String, String> meta = new java.util.LinkedHashMap<>(new ModelMetadata("tiny-clean", "clean", 60,
                MediaKind.IMAGE, 1, false, Map.of()).toProperties());
        meta.put(ModelMetadata.INPUT_RESIZE, "PIL_BICUBIC");
        Path model = write(dir, "pre-resized.onnx", g.build(meta).toByteArray());
        byte[] a = new byte[9 * 7 * 3];
        byte[] b = new byte[3 * 2 * 3];
        new Random(5).nextBytes(a);
        new Random(6).nextBytes(b);
        try (FeatureExtractor e = FeatureExtractors.open(model, null, ExtractorOptions.defaults().withBatchSize(2))) {
            float[][] f = e.extract(List.of(new Clip("a", 0, 1, 9, 7, a), new Clip("b", 1, 1, 3, 2, b)));
            dev.fvd.datasets.resize.FrameResizer pil = dev.fvd.datasets.resize.FrameResizer.of(
                    dev.fvd.datasets.ResizeMethod.PIL_BICUBIC, dev.fvd.datasets.CropMode.SQUASH, 5, 4);
            assertThat(f[0]).containsExactly(pil.resize(a, 9, 7));
            assertThat(f[1]).containsExactly(pil.resize(b, 3, 2));
        }
    }

    @Test
    void aNetworkOutputWithNanOrInfIsAModelErrorNamingTheModelAndTheClip(@TempDir Path dir) throws IOException {
        // log of the mean colour: a black image gives -Inf, 0/0 is NaN
        GraphBuilder g = new GraphBuilder("log-colour", 18);
        String x = g.cast(g.input("image", ElementType.UINT8, "N", "H", "W", "3"), ElementType.FLOAT);
        g.identity(g.node("Log", List.of(g.reduceMean(x, new long[] {1, 2}, false)), null), "out");
        g.output("out", ElementType.FLOAT, "N", "3");
        Path model = write(dir, "log-colour.onnx", g.build(Map.of()).toByteArray());
        try (FeatureExtractor e = FeatureExtractors.open(model, ReferenceProtocols.TTUR, InputSpec.image(),
                ExtractorOptions.defaults())) {
            byte[] grey = {10, 20, 30, 40, 50, 60};
            float[] ok = e.extract(List.of(new Clip("ok.png", 0, 1, 1, 2, grey)))[0];
            assertThat(ok[0]).isCloseTo((float) Math.log(25), within(1e-5f));
            assertThatThrownBy(() -> e.extract(List.of(new Clip("ok.png", 0, 1, 1, 2, grey),
                    new Clip("images/black.png", 1, 1, 1, 2, new byte[6]))))
                    .isInstanceOf(NonFiniteOutputException.class).isInstanceOf(ModelException.class)
                    .hasMessageContaining("model log-colour").hasMessageContaining("log-colour.onnx")
                    .hasMessageContaining("-Infinity").hasMessageContaining("clip images/black.png");
        }
    }

    /** uint8 [N,H,W,3] → mean over H, W → float [N,3] (or [N,1,3] if {@code rank3}). */
    private static byte[] meanColourImageModel(int inputType, boolean rank3) {
        GraphBuilder g = new GraphBuilder("mean-colour", 18);
        String x = g.input("image", inputType, "N", "H", "W", "3");
        String f = inputType == ElementType.FLOAT ? x : g.cast(x, ElementType.FLOAT);
        String m = g.reduceMean(f, rank3 ? new long[] {1} : new long[] {1, 2}, false);
        if (rank3) {
            m = g.reduceMean(m, new long[] {1}, true);
            g.identity(m, "out");
            g.output("out", ElementType.FLOAT, "N", "1", "3");
        } else {
            g.identity(m, "out");
            g.output("out", ElementType.FLOAT, "N", "3");
        }
        return g.build(Map.of()).toByteArray();
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
