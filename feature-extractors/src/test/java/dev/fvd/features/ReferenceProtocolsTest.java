package dev.fvd.features;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReferenceProtocolsTest {
    @Test
    void sixProtocolsAreKnownByName() {
        assertThat(ReferenceProtocols.all()).extracting(ExtractionProtocol::name)
                .containsExactly("tf", "stylegan-v", "videogpt", "ttur", "pytorch-fid", "clean");
        assertThat(ReferenceProtocols.byName("TF")).isSameAs(ReferenceProtocols.TF);
        assertThatThrownBy(() -> ReferenceProtocols.byName("tfhub")).hasMessageContaining("unknown protocol 'tfhub'");
    }

    @Test
    void defaultsAreThePublishedProtocols() {
        assertThat(ReferenceProtocols.defaultFor("fvd")).isSameAs(ReferenceProtocols.TF);
        assertThat(ReferenceProtocols.defaultFor("fid")).isSameAs(ReferenceProtocols.TTUR);
    }

    @Test
    void canonicalFvdIsTf1BilinearSquashTo224ScaledToMinusOneOne() {
        ExtractionProtocol tf = ReferenceProtocols.TF;
        assertThat(tf.resize()).isEqualTo(ResizeMethod.TF1_BILINEAR);
        assertThat(tf.crop()).isEqualTo(CropMode.SQUASH);
        assertThat(tf.size()).isEqualTo(224);
        assertThat(0 * tf.scale() + tf.offset()).isEqualTo(-1.0);
        assertThat(255 * tf.scale() + tf.offset()).isCloseTo(1.0, within(1e-12));
        assertThat(tf.batchNormEps()).isEqualTo(1e-3);
        assertThat(ReferenceProtocols.VIDEOGPT.batchNormEps()).isEqualTo(1e-5);
        assertThat(ReferenceProtocols.VIDEOGPT.crop()).isEqualTo(CropMode.CENTER_CROP);
    }

    @Test
    void fidProtocolsNormaliseAsTheirReferences() {
        // TTUR and clean-fid: (x - 128) / 128; pytorch-fid: 2 (x / 255) - 1
        assertThat(128 * ReferenceProtocols.TTUR.scale() + ReferenceProtocols.TTUR.offset()).isEqualTo(0.0);
        assertThat(128 * ReferenceProtocols.CLEAN.scale() + ReferenceProtocols.CLEAN.offset()).isEqualTo(0.0);
        assertThat(255 * ReferenceProtocols.PYTORCH_FID.scale() + ReferenceProtocols.PYTORCH_FID.offset()).isCloseTo(1.0, within(1e-12));
        assertThat(ReferenceProtocols.CLEAN.resize()).isEqualTo(ResizeMethod.PIL_BICUBIC);
        assertThat(ReferenceProtocols.TTUR.size()).isEqualTo(299);
    }

    @Test
    void devicesParse() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("cuda")).isEqualTo(new Device(Device.Type.CUDA, 0));
        assertThat(Device.parse("cuda:1").toString()).isEqualTo("cuda:1");
        assertThatThrownBy(() -> Device.parse("tpu")).hasMessageContaining("unknown device 'tpu'");
    }
}
