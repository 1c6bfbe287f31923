package dev.fvd.datasets;

import dev.fvd.datasets.resize.AntialiasedCenterCrop;
import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sampling's frame transform is applied to every clip the stream hands out, and only to videos. */
class FrameTransformTest {
    private static final Path REAL = TestData.file("sample").resolve("videos").resolve("real");

    @Test
    void streamedClipsAreTheTransformOfTheDecodedClips() {
        ClipSampling plain = ClipSampling.defaults().withOffset(OffsetPolicy.RANDOM).withSeed(5).withMaxItems(3);
        List<Clip> decoded = read(plain);
        List<Clip> transformed = read(plain.withTransform(FrameTransform.cdFvdFolder(64)));

        assertThat(transformed).hasSameSizeAs(decoded);
        for (int i = 0; i < decoded.size(); i++) {
            Clip want = AntialiasedCenterCrop.of(64).apply(decoded.get(i));
            Clip got = transformed.get(i);
            assertThat(got.source()).isEqualTo(want.source());
            assertThat(got.frames()).isEqualTo(16);
            assertThat(got.height()).isEqualTo(64);
            assertThat(got.width()).isEqualTo(64);
            assertThat(got.pixels()).isEqualTo(want.pixels());
        }
    }

    @Test
    void namesAndChecks() {
        assertThat(FrameTransform.NONE.id()).isEqualTo("none");
        assertThat(FrameTransform.cdFvdFolder(256).id()).isEqualTo("cd-fvd-folder-256");
        assertThat(ClipSampling.defaults().transform()).isEqualTo(FrameTransform.NONE);
        assertThatThrownBy(() -> FrameTransform.cdFvdFolder(0)).hasMessageContaining("resolution ≥ 1, got 0");
        assertThatThrownBy(() -> DatasetOptions.images().withSampling(ClipSampling.singleFrame()
                .withTransform(FrameTransform.cdFvdFolder(8)))).hasMessageContaining("images are read as they are");
    }

    private static List<Clip> read(ClipSampling sampling) {
        List<Clip> clips = new ArrayList<>();
        try (ClipStream stream = Datasets.open(REAL, DatasetOptions.videos().withSampling(sampling))) {
            stream.forEachRemaining(clips::add);
        }
        return clips;
    }
}
