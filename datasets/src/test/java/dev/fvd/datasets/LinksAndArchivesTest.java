package dev.fvd.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fvd.io.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 item 10: symbolic link loops and dangling links are bad inputs like any other; macOS junk in zips is skipped. */
@DisplayName("Link loops and dangling links are named bad inputs; __MACOSX and ._ entries in zips are not images")
class LinksAndArchivesTest {
    private static final Path GOOD = TestData.file("sample/videos/real/real_00.mp4");

    @TempDir
    Path dir;

    /** a.mp4 good, b-loop -> . (a loop), c.mp4 -> missing.mp4 (dangling), d.mp4 good, notes -> missing (not a video name). */
    private Path linkedFolder() throws IOException {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Files.copy(GOOD, videos.resolve("a.mp4"));
        Files.createSymbolicLink(videos.resolve("b-loop"), Path.of("."));
        Files.createSymbolicLink(videos.resolve("c.mp4"), Path.of("missing.mp4"));
        Files.copy(GOOD, videos.resolve("d.mp4"));
        Files.createSymbolicLink(videos.resolve("notes"), Path.of("missing.txt"));
        return videos;
    }

    @Test
    void underSkipBothAreListedWithTheirReasonsAndTheGoodVideosAreRead() throws IOException {
        Path videos = linkedFolder();
        List<Clip> clips;
        DatasetReport report;
        try (ClipStream stream = Datasets.open(videos, DatasetOptions.videos().withOnBadInput(BadInputPolicy.SKIP))) {
            clips = TestFiles.all(stream);
            report = stream.report();
        }
        assertThat(clips).extracting(c -> Path.of(c.source()).getFileName().toString()).containsExactly("a.mp4", "d.mp4");
        assertThat(report.skipped()).extracting(SkippedInput::path)
                .containsExactly(videos.resolve("b-loop").toString(), videos.resolve("c.mp4").toString());
        assertThat(report.skipped().get(0).reason()).isEqualTo(videos.resolve("b-loop")
                + ": symbolic link loop: it leads back to ., a folder above it");
        assertThat(report.skipped().get(1).reason()).isEqualTo(videos.resolve("c.mp4")
                + ": dangling symbolic link (its target missing.mp4 does not exist)");
    }

    @Test
    void underFailTheFirstBrokenLinkStopsTheRunNamingIt() throws IOException {
        Path videos = linkedFolder();
        try (ClipStream stream = Datasets.open(videos, DatasetOptions.videos())) {
            assertThat(stream.next().source()).endsWith("a.mp4");
            assertThatThrownBy(stream::hasNext).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("b-loop: symbolic link loop")
                    .satisfies(e -> assertThat(((DatasetException) e).path()).isEqualTo(videos.resolve("b-loop")));
        }
    }

    @Test
    void imageFoldersReportDanglingLinksToo() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path jpg = firstSampleImage();
        Files.copy(jpg, images.resolve("a.jpg"));
        Files.createSymbolicLink(images.resolve("b.jpg"), Path.of("gone.jpg"));
        try (ClipStream stream = Datasets.open(images, DatasetOptions.images().withOnBadInput(BadInputPolicy.SKIP))) {
            assertThat(TestFiles.all(stream)).hasSize(1);
            assertThat(stream.report().skipped()).extracting(SkippedInput::path).containsExactly(images.resolve("b.jpg").toString());
        }
    }

    @Test
    void macosResourceForksInZipsAreNotImages() throws IOException {
        byte[] jpg = Files.readAllBytes(firstSampleImage());
        Path zip = dir.resolve("images.zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            for (String name : List.of("set/a.jpg", "__MACOSX/set/._a.jpg", "set/._b.jpg", "set/b.jpg", ".hidden/c.jpg")) {
                out.putNextEntry(new ZipEntry(name));
                // resource forks hold AppleDouble bytes, not a PNG: reading one would be a decode failure
                out.write(name.contains("._") || name.contains(".hidden") ? "AppleDouble junk".getBytes() : jpg);
                out.closeEntry();
            }
        }
        List<Clip> clips;
        try (ClipStream stream = Datasets.open(zip, DatasetOptions.images())) {
            clips = TestFiles.all(stream);
        }
        assertThat(clips).extracting(Clip::source).containsExactly(zip + "!/set/a.jpg", zip + "!/set/b.jpg");
    }

    private static Path firstSampleImage() throws IOException {
        try (var files = Files.walk(TestData.file("sample/images"))) {
            return files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
        }
    }
}
