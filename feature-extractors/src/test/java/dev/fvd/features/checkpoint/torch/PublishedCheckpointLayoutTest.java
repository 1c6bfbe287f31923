package dev.fvd.features.checkpoint.torch;

import dev.fvd.features.videomae.VideoMaeGraph;
import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The training-checkpoint structures of the files users download ({@code test-data/vit/make_published_layouts.py}) read with
 * the restricted unpickler: the pickled {@code argparse.Namespace} as inert data, the optimizer and GradScaler state parsed but
 * their storages never read, and everything else still refused.
 */
class PublishedCheckpointLayoutTest {
    private static final Path VIDEOMAE = published("vit_g_hybrid_pt_1200e_ssv2_ft.pth");

    private static Path published(String name) {
        return TestData.file("vit/checkpoints/published-layout/" + name);
    }

    @Test
    void videoMaeSaveModelDictWithNamespaceArgsReads() {
        Map<String, TorchTensor> all = TorchCheckpointReader.read(VIDEOMAE);
        assertThat(all.keySet()).anyMatch(k -> k.startsWith("model.blocks.0."))
                .anyMatch(k -> k.startsWith("optimizer.state.0.exp_avg"))
                .noneMatch(k -> k.startsWith("args."));
        Map<String, TorchTensor> plain = TorchCheckpointReader.read(TestData.file("vit/checkpoints/videomae-slim.pth"));
        Map<String, TorchTensor> model = VideoMaeGraph.readModelTensors(VIDEOMAE);
        assertThat(model.keySet()).containsExactlyElementsOf(plain.keySet());
        model.forEach((k, t) -> assertThat(t.data()).as(k).containsExactly(plain.get(k).data()));
    }

    /**
     * torch.save numbers storages in pickling order, and {@code 'model'} comes first: with every later storage (the AdamW
     * moments and step counters) deleted from the archive the model still reads, so those entries are never opened.
     */
    @Test
    void theOptimizerStateIsNeverRead(@TempDir Path dir) throws IOException {
        int modelStorages = VideoMaeGraph.readModelTensors(VIDEOMAE).size();
        Path stripped = dir.resolve("stripped.pth");
        int dropped = 0;
        try (ZipFile in = new ZipFile(VIDEOMAE.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(stripped))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String[] parts = e.getName().split("/");
                if (parts.length == 3 && parts[1].equals("data") && Integer.parseInt(parts[2]) >= modelStorages) {
                    dropped++;
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        assertThat(dropped).isGreaterThanOrEqualTo(4);
        assertThat(VideoMaeGraph.readModelTensors(stripped)).hasSize(modelStorages);
        assertThatThrownBy(() -> TorchCheckpointReader.read(stripped)).isInstanceOf(TorchCheckpointException.class)
                .hasMessageContaining("is missing");
    }

    @Test
    void vjepaTrainingAndProbeCheckpointsRead() {
        Map<String, TorchTensor> encoder = TorchCheckpointReader.read(published("vith16.pth.tar"),
                k -> k.startsWith("target_encoder."));
        assertThat(encoder.keySet()).allMatch(k -> k.startsWith("target_encoder.module.backbone.")).isNotEmpty();
        // the importer reads the target encoder alone: the online encoder's storages stay unread
        assertThat(dev.fvd.features.vjepa.VjepaGraph.readEncoderTensors(published("vith16.pth.tar")).keySet())
                .containsExactlyElementsOf(encoder.keySet());
        Map<String, TorchTensor> all = TorchCheckpointReader.read(published("vith16.pth.tar"));
        assertThat(all.keySet()).anyMatch(k -> k.startsWith("predictor.module.backbone."))
                .anyMatch(k -> k.startsWith("opt.state.")).anyMatch(k -> k.startsWith("encoder.module.backbone."));
        assertThat(TorchCheckpointReader.read(published("ssv2-probe.pth.tar"), k -> k.startsWith("classifier.")).keySet())
                .allMatch(k -> k.startsWith("classifier.module.")).isNotEmpty();
    }

    @Test
    void theLegacyFlatI3dStateDictReads() {
        assertThat(TorchCheckpointReader.sniff(published("i3d_pretrained_400.pt")))
                .isEqualTo(TorchCheckpointReader.Format.LEGACY);
        assertThat(TorchCheckpointReader.read(published("i3d_pretrained_400.pt")).keySet())
                .anyMatch(k -> k.startsWith("Conv3d_1a_7x7.")).noneMatch(k -> k.contains(".module."));
    }

    @Test
    void aNamespaceIsDataNeverAnObject() throws IOException {
        // Namespace(a=1, b='x') at protocol 2: GLOBAL, EMPTY_TUPLE, NEWOBJ, then BUILD with its __dict__
        Object ns = new RestrictedUnpickler(null).loads(pickle("\u0080\u0002cargparse\nNamespace\n)\u0081}(X\u0001\u0000\u0000\u0000a"
                + "K\u0001X\u0001\u0000\u0000\u0000bX\u0001\u0000\u0000\u0000xub."));
        assertThat(ns).isInstanceOf(RestrictedUnpickler.Namespace.class);
        @SuppressWarnings("unchecked")
        Map<Object, Object> attributes = (Map<Object, Object>) ns;
        assertThat(attributes).containsEntry("a", 1).containsEntry("b", "x");
    }

    @Test
    void aNamespaceWithArgumentsOrAForeignStateIsRefused() {
        assertThatThrownBy(() -> new RestrictedUnpickler(null).loads(pickle("\u0080\u0002cargparse\nNamespace\n"
                + "X\u0001\u0000\u0000\u0000a\u0085R.")))
                .isInstanceOf(RestrictedUnpickler.RefusedException.class)
                .hasMessageContaining("argparse.Namespace called with ('a',)");
        assertThatThrownBy(() -> new RestrictedUnpickler(null).loads(pickle("\u0080\u0002cargparse\nNamespace\n)\u0081"
                + "K\u0001b.")))
                .isInstanceOf(RestrictedUnpickler.RefusedException.class).hasMessageContaining("refused BUILD");
        // a hostile global inside the arguments is refused where it is named, before anything else happens
        assertThatThrownBy(() -> new RestrictedUnpickler(null).loads(pickle("\u0080\u0002cargparse\nNamespace\n)\u0081}("
                + "X\u0001\u0000\u0000\u0000acposix\nsystem\nub.")))
                .isInstanceOf(RestrictedUnpickler.RefusedException.class).hasMessageContaining("'posix.system'");
        // other argparse names stay refused
        assertThatThrownBy(() -> new RestrictedUnpickler(null).loads(pickle("\u0080\u0002cargparse\nArgumentParser\n)\u0081.")))
                .isInstanceOf(RestrictedUnpickler.RefusedException.class).hasMessageContaining("'argparse.ArgumentParser'");
    }

    private static byte[] pickle(String opcodes) {
        return opcodes.getBytes(StandardCharsets.ISO_8859_1);
    }
}
