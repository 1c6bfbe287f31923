package dev.fvd.datasets;

import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link OffsetPolicy#CD_FVD} in the stream: the clips are exactly the windows cd-FVD's video-folder loader draws
 * ({@link CdFvdClipDraw}, itself checked against torch's DataLoader in {@code CdFvdClipDrawTest}) over its own file order,
 * with repeats over passes, and what that loader leaves out is listed with the reason.
 */
class CdFvdFolderSamplingTest {
    private static final Path REAL = TestData.file("sample").resolve("videos").resolve("real");

    @Test
    void onePassGivesEachVideoItsDrawnWindow() {
        assertStreamFollowsThePlan(REAL, new ClipSampling(16, 1, OffsetPolicy.CD_FVD, 42, 1, 0), 24);
    }

    @Test
    void moreItemsThanVideosDrawVideosAgain() {
        List<Window> windows = assertStreamFollowsThePlan(REAL, new ClipSampling(16, 1, OffsetPolicy.CD_FVD, 7, 1, 50), 50);
        assertThat(windows.stream().map(Window::video).distinct().count()).isLessThan(50);
    }

    @Test
    void strideKeepsEverySecondFrameOfTheWindow() {
        // sample_every_n_frames = 2 with sequence_length 16: 8 frames from a 16-frame window
        assertStreamFollowsThePlan(REAL, new ClipSampling(8, 2, OffsetPolicy.CD_FVD, 42, 1, 5), 5);
    }

    @Test
    void theReferenceFileOrderIsExtensionFirstThenFoldersDepthFirst(@TempDir Path root) throws IOException {
        for (String f : List.of("b.mp4", "a.avi", "sub/c.mp4", "sub/deeper/g.mp4", "asub/h.webm", ".hidden.mp4", ".hid/d.mp4",
                "e.gif", "f.MP4", "sub/i.avi")) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.createFile(root.resolve(f));
        }
        // what Python 3.11's glob gives for this tree (checked with /usr/bin/python3; sibling folders hold disjoint
        // extensions here, so the file system's readdir order does not matter)
        assertThat(CdFvdClipDraw.referenceOrder(root)).extracting(p -> root.relativize(p).toString())
                .containsExactly("a.avi", "sub/i.avi", "b.mp4", "sub/c.mp4", "sub/deeper/g.mp4", "asub/h.webm");
    }

    @Test
    void shortAndUnlistedInputsAreListedWithTheReason(@TempDir Path root) throws IOException {
        Files.copy(REAL.resolve("real_00.mp4"), root.resolve("long.mp4")); // 20 frames
        Files.copy(REAL.resolve("real_03.mp4"), root.resolve("short.mp4")); // 16 frames
        Files.copy(TestData.file("kinetics-i3d").resolve("v_CricketShot_g04_c01_rgb.gif"), root.resolve("clip.gif"));
        ClipSampling sampling = new ClipSampling(18, 1, OffsetPolicy.CD_FVD, 42, 1, 3);
        List<Clip> clips = new ArrayList<>();
        DatasetReport report;
        try (ClipStream stream = Datasets.open(root, DatasetOptions.videos().withSampling(sampling))) {
            stream.forEachRemaining(clips::add);
            report = stream.report();
        }
        assertThat(clips).hasSize(3).allMatch(c -> c.source().endsWith("long.mp4"));
        assertThat(report.skipped()).extracting(SkippedInput::reason)
                .anyMatch(r -> r.contains("short.mp4 has 16 frames; cd-FVD's window needs 18, so its loader takes the next"))
                .anyMatch(r -> r.contains("clip.gif: cd-FVD's video-folder loader does not list it"));
    }

    @Test
    void oneClipPerItemAndNoShards() {
        assertThatThrownBy(() -> new ClipSampling(16, 1, OffsetPolicy.CD_FVD, 0, 2, 0))
                .hasMessageContaining("one clip per item");
        assertThatThrownBy(() -> DatasetShards.open("s", List.of(REAL.resolve("real_00.mp4")), List.of(0),
                DatasetOptions.videos().withSampling(new ClipSampling(16, 1, OffsetPolicy.CD_FVD, 0, 1, 0))))
                .hasMessageContaining("cannot be split into shards");
    }

    private record Window(String video, int start) {
    }

    /** Streams, finds each clip's window in its fully decoded video, and compares them with the plan. */
    private static List<Window> assertStreamFollowsThePlan(Path folder, ClipSampling sampling, int expected) {
        List<Clip> clips = new ArrayList<>();
        try (ClipStream stream = Datasets.open(folder, DatasetOptions.videos().withSampling(sampling))) {
            stream.forEachRemaining(clips::add);
        }
        assertThat(clips).hasSize(expected);
        List<Path> order = CdFvdClipDraw.referenceOrder(folder);
        int[] frames = new int[order.size()];
        Map<String, Clip> full = new HashMap<>();
        for (int k = 0; k < frames.length; k++) {
            frames[k] = (int) new VideoFileItem(order.get(k), true).frameCount();
            full.put(order.get(k).toString(), decodeAll(order.get(k), frames[k]));
        }
        List<Window> planned = new ArrayList<>();
        for (CdFvdClipDraw.Draw d : CdFvdClipDraw.draws(frames, sampling.frames() * sampling.stride(), sampling.seed(),
                16, 4, sampling.maxItems())) {
            planned.add(new Window(order.get(d.video()).toString(), d.start()));
        }
        List<Window> streamed = new ArrayList<>();
        for (Clip c : clips) {
            streamed.add(new Window(c.source(), startOf(c, full.get(c.source()), sampling.stride())));
        }
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(planned);
        return streamed;
    }

    private static Clip decodeAll(Path video, int frames) {
        try (ClipStream s = Datasets.open(video, DatasetOptions.videos().withSampling(ClipSampling.defaults().withFrames(frames)))) {
            return s.next();
        }
    }

    /** The first frame {@code o} with {@code clip} = frames {@code o, o + stride, ...} of {@code full}. */
    private static int startOf(Clip clip, Clip full, int stride) {
        int fb = full.frameBytes();
        for (int o = 0; o + (clip.frames() - 1) * stride < full.frames(); o++) {
            boolean same = true;
            for (int t = 0; same && t < clip.frames(); t++) {
                same = Arrays.equals(clip.pixels(), t * fb, (t + 1) * fb, full.pixels(), (o + t * stride) * fb,
                        (o + t * stride + 1) * fb);
            }
            if (same) {
                return o;
            }
        }
        throw new AssertionError(clip.source() + ": clip matches no window of the video");
    }
}
