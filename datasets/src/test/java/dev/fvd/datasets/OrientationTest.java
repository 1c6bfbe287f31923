package dev.fvd.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.io.testing.NpyFixture;
import dev.fvd.io.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15 item 13: display rotation and sample aspect ratio as the ffmpeg command line handles them by default, checked
 * against what {@code ffmpeg -i F -f rawvideo -pix_fmt rgb24 -} decodes ({@code test-data/datasets/make_orientation.py}).
 */
@DisplayName("Rotated and anamorphic videos decode as the ffmpeg command line decodes them")
class OrientationTest {
    private static final Path DIR = TestData.file("datasets/orientation");
    private static final Path CLI = DIR.resolve("cli.npz");

    private static DatasetReport[] report = new DatasetReport[1];

    private static Clip read(String name, boolean autorotate) {
        DatasetOptions options = DatasetOptions.videos().withSampling(ClipSampling.defaults().withFrames(6))
                .withAutorotate(autorotate);
        try (ClipStream stream = Datasets.open(DIR.resolve(name + ".mov"), options)) {
            List<Clip> clips = TestFiles.all(stream);
            report[0] = stream.report();
            assertThat(clips).hasSize(1);
            return clips.get(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "rot90", "rot180", "rot270"})
    void autorotationGivesTheCommandLinesFramesBitForBit(String name) {
        NpyFixture expected = NpyFixture.read(CLI, name);
        Clip clip = read(name, true);
        assertThat(new long[] {clip.frames(), clip.height(), clip.width(), 3}).containsExactly(expected.shape());
        assertThat(clip.pixels()).isEqualTo(expected.uint8());
    }

    @Test
    void theReportSaysWhatWasApplied() {
        read("rot90", true);
        assertThat(report[0].display()).containsExactly(
                new DisplayAdjustment(DIR.resolve("rot90.mov").toString(), 270, "transpose=cclock", true, "1:1"));
        read("rot180", true);
        assertThat(report[0].display()).extracting(DisplayAdjustment::filter, DisplayAdjustment::rotation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hflip,vflip", 180.0));
        read("base", true);
        assertThat(report[0].display()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rot90", "rot180", "rot270", "sar"})
    void autorotationOffReadsFramesAsStoredAndSaysSo(String name) {
        byte[] stored = NpyFixture.read(CLI, "base").uint8();
        Clip clip = read(name, false);
        assertThat(clip.height()).isEqualTo(32);
        assertThat(clip.pixels()).isEqualTo(stored);
        if (!name.equals("sar")) {
            assertThat(report[0].display()).singleElement().satisfies(d -> assertThat(d.applied()).isFalse());
        }
    }

    @Test
    void nonSquarePixelsAreKeptAsStoredAndReportedLikeTheCommandLine() {
        // ffmpeg -i sar.mov -f rawvideo gives the stored 48x32 frames: the CLI carries the 2:1 SAR as metadata only
        Clip clip = read("sar", true);
        assertThat(clip.width()).isEqualTo(48);
        assertThat(clip.pixels()).isEqualTo(NpyFixture.read(CLI, "base").uint8());
        assertThat(report[0].display()).containsExactly(
                new DisplayAdjustment(DIR.resolve("sar.mov").toString(), 0, "none", false, "2:1"));
    }

    @Test
    void theRuleTableIsFfmpegs() {
        int one = 65536;
        int w = 1 << 30;
        assertThat(DisplayTransform.of(new int[] {one, 0, 0, 0, one, 0, 0, 0, w})).isEqualTo(DisplayTransform.NONE);
        assertThat(DisplayTransform.of(new int[] {0, -one, 0, one, 0, 0, 0, 0, w})).isEqualTo(DisplayTransform.CCLOCK);
        assertThat(DisplayTransform.of(new int[] {0, one, 0, -one, 0, 0, 0, 0, w})).isEqualTo(DisplayTransform.CLOCK);
        assertThat(DisplayTransform.of(new int[] {-one, 0, 0, 0, -one, 0, 0, 0, w})).isEqualTo(DisplayTransform.HFLIP_VFLIP);
        assertThat(DisplayTransform.of(new int[] {-one, 0, 0, 0, one, 0, 0, 0, w})).isEqualTo(DisplayTransform.HFLIP);
        assertThat(DisplayTransform.of(new int[] {one, 0, 0, 0, -one, 0, 0, 0, w})).isEqualTo(DisplayTransform.VFLIP);
        assertThat(DisplayTransform.of(new int[] {0, one, 0, one, 0, 0, 0, 0, w})).isEqualTo(DisplayTransform.CCLOCK_FLIP);
        assertThat(DisplayTransform.of(new int[] {0, -one, 0, -one, 0, 0, 0, 0, w})).isEqualTo(DisplayTransform.CLOCK_FLIP);
        int c = (int) Math.round(one * Math.cos(Math.PI / 4));
        assertThat(DisplayTransform.of(new int[] {c, -c, 0, c, c, 0, 0, 0, w})).as("45°: the CLI resamples").isNull();
        assertThat(DisplayTransform.of(new int[9])).as("singular: nothing applied").isEqualTo(DisplayTransform.NONE);
    }

    @Test
    void transposesAndFlipsMovePixelsAsFfmpegsFiltersDo() {
        // 2 rows x 3 columns, one byte per pixel shown: a b c / d e f
        byte[] rgb = new byte[18];
        for (int i = 0; i < 6; i++) {
            java.util.Arrays.fill(rgb, i * 3, i * 3 + 3, (byte) ('a' + i));
        }
        assertThat(firstBytes(DisplayTransform.CLOCK.apply(rgb, 2, 3))).isEqualTo("daebfc");
        assertThat(firstBytes(DisplayTransform.CCLOCK.apply(rgb, 2, 3))).isEqualTo("cfbead");
        assertThat(firstBytes(DisplayTransform.CCLOCK_FLIP.apply(rgb, 2, 3))).isEqualTo("adbecf");
        assertThat(firstBytes(DisplayTransform.CLOCK_FLIP.apply(rgb, 2, 3))).isEqualTo("fcebda");
        assertThat(firstBytes(DisplayTransform.HFLIP.apply(rgb, 2, 3))).isEqualTo("cbafed");
        assertThat(firstBytes(DisplayTransform.VFLIP.apply(rgb, 2, 3))).isEqualTo("defabc");
        assertThat(firstBytes(DisplayTransform.HFLIP_VFLIP.apply(rgb, 2, 3))).isEqualTo("fedcba");
    }

    private static String firstBytes(byte[] rgb) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rgb.length; i += 3) {
            b.append((char) rgb[i]);
        }
        return b.toString();
    }

    @Test
    void anOddRotationIsRefusedWithAutorotationAndReadAsStoredWithout(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws java.io.IOException {
        // rot90.mov with its tkhd matrix (big-endian a b u c d v x y w) replaced by a 45° turn
        byte[] bytes = java.nio.file.Files.readAllBytes(DIR.resolve("rot90.mov"));
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(36).putInt(0).putInt(-65536).putInt(0).putInt(65536).putInt(0)
                .putInt(0).putInt(0).putInt(0).putInt(1 << 30);
        int c = (int) Math.round(65536 * Math.cos(Math.PI / 4));
        java.nio.ByteBuffer turned = java.nio.ByteBuffer.allocate(36).putInt(c).putInt(-c).putInt(0).putInt(c).putInt(c)
                .putInt(0).putInt(0).putInt(0).putInt(1 << 30);
        int at = indexOf(bytes, old.array());
        assertThat(at).isPositive();
        System.arraycopy(turned.array(), 0, bytes, at, 36);
        Path file = java.nio.file.Files.write(tmp.resolve("rot45.mov"), bytes);
        DatasetOptions options = DatasetOptions.videos().withSampling(ClipSampling.defaults().withFrames(6));
        try (ClipStream stream = Datasets.open(file, options)) {
            assertThatThrownBy(stream::hasNext).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("rot45.mov: display rotation of 315.0° is not a multiple of 90")
                    .hasMessageContaining("turn autorotation off");
        }
        try (ClipStream stream = Datasets.open(file, options.withAutorotate(false))) {
            assertThat(stream.next().pixels()).isEqualTo(NpyFixture.read(CLI, "base").uint8());
            assertThat(stream.report().display()).singleElement()
                    .satisfies(d -> assertThat(d.filter()).isEqualTo("rotate=315.0*PI/180"))
                    .satisfies(d -> assertThat(d.applied()).isFalse());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
