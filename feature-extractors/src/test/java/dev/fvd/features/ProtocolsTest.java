package dev.fvd.features;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProtocolsTest {
    @Test
    void theKnownProtocolsAreKnownByName() {
        assertThat(Protocols.all()).extracting(ExtractionProtocol::name)
                .containsExactly("tf", "stylegan-v", "videogpt", "ttur", "pytorch-fid", "clean", "cd-fvd", "cd-fvd-i3d",
                        "jedi");
        assertThat(Protocols.byName("TF")).isSameAs(Protocols.TF);
        assertThatThrownBy(() -> Protocols.byName("tfhub")).hasMessageContaining("unknown protocol 'tfhub'");
    }

    @Test
    void defaultsAreThePublishedProtocols() {
        assertThat(Protocols.defaultFor("fvd")).isSameAs(Protocols.TF);
        assertThat(Protocols.defaultFor("fid")).isSameAs(Protocols.TTUR);
    }

    @Test
    void canonicalFvdIsTf1BilinearSquashTo224ScaledToMinusOneOne() {
        ExtractionProtocol tf = Protocols.TF;
        assertThat(tf.resize()).isEqualTo(ResizeMethod.TF1_BILINEAR);
        assertThat(tf.crop()).isEqualTo(CropMode.SQUASH);
        assertThat(tf.size()).isEqualTo(224);
        assertThat(0 * tf.scale() + tf.offset()).isEqualTo(-1.0);
        assertThat(255 * tf.scale() + tf.offset()).isCloseTo(1.0, within(1e-12));
        assertThat(tf.batchNormEps()).isEqualTo(1e-3);
        assertThat(Protocols.VIDEOGPT.batchNormEps()).isEqualTo(1e-5);
        assertThat(Protocols.VIDEOGPT.crop()).isEqualTo(CropMode.CENTER_CROP);
    }

    @Test
    void fidProtocolsNormaliseAsTheirReferences() {
        // TTUR and clean-fid: (x - 128) / 128; pytorch-fid: 2 (x / 255) - 1
        assertThat(128 * Protocols.TTUR.scale() + Protocols.TTUR.offset()).isEqualTo(0.0);
        assertThat(128 * Protocols.CLEAN.scale() + Protocols.CLEAN.offset()).isEqualTo(0.0);
        assertThat(255 * Protocols.PYTORCH_FID.scale() + Protocols.PYTORCH_FID.offset()).isCloseTo(1.0, within(1e-12));
        assertThat(Protocols.CLEAN.resize()).isEqualTo(ResizeMethod.PIL_BICUBIC);
        assertThat(Protocols.TTUR.size()).isEqualTo(299);
    }

    @Test
    void devicesParse() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("cuda")).isEqualTo(new Device(Device.Type.CUDA, 0));
        assertThat(Device.parse("cuda:1").toString()).isEqualTo("cuda:1");
        assertThatThrownBy(() -> Device.parse("tpu")).hasMessageContaining("unknown device 'tpu'");
    }
}
