package dev.fvd.datasets;

import dev.fvd.io.testing.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a typed exception naming the file, or is skipped and reported; delivered clips are never lost. */
class BadInputTest {
    @TempDir
    Path dir;
    Path videos;

    /** v1, v2 good; v3 truncated; v4 empty; v5 text named .mp4; v6 good. */
    @BeforeEach
    void collectionWithBrokenFiles() throws IOException {
        videos = Files.createDirectories(dir.resolve("videos"));
        Path good = TestData.file("sample/videos/real/real_00.mp4");
        Files.copy(good, videos.resolve("v1.mp4"));
        Files.copy(good, videos.resolve("v2.mp4"));
        byte[] bytes = Files.readAllBytes(good);
        Files.write(videos.resolve("v3.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(videos.resolve("v4.mp4"), new byte[0]);
        Files.writeString(videos.resolve("v5.mp4"), "this is not a video, just some text in a file named like one\n".repeat(20));
        Files.copy(good, videos.resolve("v6.mp4"));
        Files.writeString(videos.resolve("notes.txt"), "ignored: not a video extension");
        Files.writeString(videos.resolve("._v1.mp4"), "ignored: a hidden macOS resource fork, not an input");
    }

    @Test
    void failFastStopsAtTheFirstBadFileAfterDeliveringTheGoodOnesBeforeIt() {
        List<Clip> delivered = new ArrayList<>();
        try (ClipStream stream = Datasets.open(videos, DatasetOptions.videos().withThreads(2))) {
            assertThatThrownBy(() -> {
                while (stream.hasNext()) {
                    delivered.add(stream.next());
                }
            }).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("v3.mp4")
                    .satisfies(e -> assertThat(((DatasetException) e).path()).isEqualTo(videos.resolve("v3.mp4")));
            assertThat(delivered).extracting(Clip::source).containsExactly(videos.resolve("v1.mp4").toString(),
                    videos.resolve("v2.mp4").toString());
            assertThat(stream.report().clips()).isEqualTo(2);
            assertThat(stream.report().items()).isEqualTo(2);
            // the failure is sticky: the stream cannot be silently continued past it
            assertThatThrownBy(stream::hasNext).isInstanceOf(BadInputException.class);
        }
    }

    @Test
    void skipContinuesAndListsEveryBadFileWithItsReason() {
        List<Clip> clips;
        DatasetReport report;
        try (ClipStream stream = Datasets.open(videos, DatasetOptions.videos().withOnBadInput(BadInputPolicy.SKIP))) {
            clips = TestFiles.all(stream);
            report = stream.report();
        }

        assertThat(clips).extracting(c -> Path.of(c.source()).getFileName().toString()).containsExactly("v1.mp4", "v2.mp4",
                "v6.mp4");
        assertThat(report.items()).isEqualTo(3);
        assertThat(report.clips()).isEqualTo(3);
        assertThat(report.source()).isEqualTo(videos.toString());
        assertThat(report.skipped()).extracting(s -> Path.of(s.path()).getFileName().toString())
                .containsExactly("v3.mp4", "v4.mp4", "v5.mp4");
        assertThat(report.skipped().get(1).reason()).contains("v4.mp4").contains("empty (0 bytes)");
        assertThat(report.skipped()).allSatisfy(s -> assertThat(s.reason()).contains(Path.of(s.path()).getFileName().toString()));
        report.skipped().forEach(s -> System.out.println("skipped: " + s.reason()));
    }

    @Test
    void eachKindOfBrokenFileAloneIsATypedErrorNamingIt() {
        for (String name : List.of("v3.mp4", "v4.mp4", "v5.mp4")) {
            Path file = videos.resolve(name);
            try (ClipStream stream = Datasets.open(file, DatasetOptions.videos())) {
                assertThatThrownBy(stream::hasNext).as(name).isInstanceOf(BadInputException.class).hasMessageContaining(name);
            }
        }
    }

    @Test
    void aTruncatedMp4WithItsIndexFirstGivesTheFramesThatSurvive() throws IOException {
        // the index (moov) promises 16 frames, the data stops early: clips come only from frames that decode, and RANDOM
        // offsets drawn from the over-counted container are redrawn from the real count
        Path whole = dir.resolve("whole.mp4");
        SampleDataGenerator.writeVideo(whole, SampleDataGenerator.shapes(new java.util.SplittableRandom(5), 16, 64, 64), 16, 64,
                64, true);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));

        long survived;
        try (ClipStream stream = Datasets.open(cut, DatasetOptions.videos())) {
            TooFewFramesException e = org.assertj.core.api.Assertions.catchThrowableOfType(TooFewFramesException.class,
                    stream::hasNext);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).startsWith("cut.mp4 has " + e.available() + " frames; a clip of 16 frames");
            survived = e.available();
        }
        assertThat(survived).isBetween(1L, 15L);

        ClipSampler sampler = new ClipSampler(ClipSampling.defaults().withFrames(1).withOffset(OffsetPolicy.RANDOM));
        long seed = 0;
        while (new ClipSampler(sampler.sampling().withSeed(seed)).starts(16, 0, cut, "cut")[0] < survived) {
            seed++; // a seed whose offset, drawn from the container's 16, lies past the end of the real data
        }
        ClipSampling random = sampler.sampling().withSeed(seed);
        Clip clip;
        try (ClipStream stream = Datasets.open(cut, DatasetOptions.videos().withSampling(random))) {
            clip = stream.next();
        }
        int redrawn = new ClipSampler(random).starts(survived, 0, cut, "cut")[0];
        Clip all;
        try (ClipStream stream = Datasets.open(cut, DatasetOptions.videos().withSampling(
                ClipSampling.defaults().withFrames((int) survived)))) {
            all = stream.next();
        }
        System.out.println("truncated MP4: " + survived + " of 16 frames decode; seed " + seed + " redrawn to frame " + redrawn);
        assertThat(clip.pixels()).isEqualTo(java.util.Arrays.copyOfRange(all.pixels(), redrawn * all.frameBytes(),
                (redrawn + 1) * all.frameBytes()));
    }

    @Test
    void hostileArrayHeadersAreBadInputNamingTheFile() throws IOException {
        // issue 15 item 7: before fvd-io these gave "long overflow" and "Illegal Capacity: -2" (exit 5)
        String[] shapes = {"(-2, 16, 8, 8, 3)", "(4294967296, 4294967296, 8, 8, 3)"};
        String[] reasons = {"negative dimension", "overflows 64 bits"};
        for (int i = 0; i < shapes.length; i++) {
            Path file = dir.resolve("hostile" + i + ".npy");
            Files.write(file, dev.fvd.io.testing.NpyFixture.npyWithHeader(
                    "{'descr': '|u1', 'fortran_order': False, 'shape': " + shapes[i] + ", }", new byte[64]));
            assertThatThrownBy(() -> Datasets.open(file, DatasetOptions.videos()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(file + ": ")
                    .hasMessageContaining(reasons[i]);
        }
    }

    @Test
    void emptyDirectoriesAndMissingPathsFailWhenOpened() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Datasets.open(empty, DatasetOptions.videos())).isInstanceOf(EmptyDatasetException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("no videos");
        assertThatThrownBy(() -> Datasets.open(empty, DatasetOptions.images())).isInstanceOf(EmptyDatasetException.class)
                .hasMessageContaining("no images");

        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Datasets.open(missing, DatasetOptions.videos())).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": no such file or directory");
    }

    @Test
    void unreadableFilesAreReported() throws IOException {
        Path locked = videos.resolve("v1.mp4");
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as root: permissions are not enforced");
        try (ClipStream stream = Datasets.open(locked, DatasetOptions.videos())) {
            assertThatThrownBy(stream::hasNext).isInstanceOf(BadInputException.class).hasMessageContaining("not readable");
        }
    }

    @Test
    void corruptImagesAreBadInputToo() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path good = TestData.file("sample/images/real/real_00.png");
        Files.copy(good, images.resolve("a1.png"));
        byte[] bytes = Files.readAllBytes(good);
        Files.write(images.resolve("a2.png"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Files.writeString(images.resolve("a3.jpg"), "not a jpeg");
        Files.write(images.resolve("a4.webp"), bytes);

        DatasetReport report;
        try (ClipStream stream = Datasets.open(images, DatasetOptions.images().withOnBadInput(BadInputPolicy.SKIP))) {
            assertThat(TestFiles.all(stream)).hasSize(1);
            report = stream.report();
        }
        assertThat(report.skipped()).extracting(s -> Path.of(s.path()).getFileName().toString())
                .containsExactly("a2.png", "a3.jpg", "a4.webp");
        assertThat(report.skipped().get(2).reason()).contains("WebP is not supported");
    }
}
