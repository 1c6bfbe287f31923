package dev.fvd.datasets;

import dev.fvd.io.testing.TestData;
import dev.fvd.io.testing.NpyFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image datasets for FID: a directory, a zip of images and an {@code arr_0 [N,H,W,3]} .npz give the same 1-frame clips. */
class ImageCollectionsTest {
    private static final Path REAL = TestData.file("sample/images/real");

    @TempDir
    Path dir;

    static List<Clip> read(Path input) {
        try (ClipStream stream = Datasets.open(input, DatasetOptions.images())) {
            return TestFiles.all(stream);
        }
    }

    @Test
    void aDirectoryZipAndNpzOfTheSameImagesAgree() throws IOException {
        List<Clip> fromDirectory = read(REAL);
        assertThat(fromDirectory).hasSize(24).allSatisfy(c -> {
            assertThat(c.frames()).isEqualTo(1);
            assertThat(c.height()).isEqualTo(64);
            assertThat(c.width()).isEqualTo(64);
        });

        Path zip = dir.resolve("real.zip");
        List<Path> files;
        try (var s = Files.list(REAL)) {
            files = s.sorted((a, b) -> b.compareTo(a)).toList(); // stored in reverse: the reader must sort
        }
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            out.putNextEntry(new ZipEntry("images/"));
            out.closeEntry();
            for (Path f : files) {
                out.putNextEntry(new ZipEntry("images/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        List<Clip> fromZip = read(zip);

        byte[] all = new byte[24 * 64 * 64 * 3];
        for (int i = 0; i < 24; i++) {
            System.arraycopy(fromDirectory.get(i).pixels(), 0, all, i * 64 * 64 * 3, 64 * 64 * 3);
        }
        Path npz = dir.resolve("ref_batch.npz");
        NpyFixture.npz(npz, List.of("arr_0"), List.of(NpyFixture.npy(all, "|u1", 24, 64, 64, 3)));
        List<Clip> fromNpz = read(npz);

        assertThat(fromZip).hasSize(24);
        assertThat(fromNpz).hasSize(24);
        for (int i = 0; i < 24; i++) {
            assertThat(fromZip.get(i).pixels()).isEqualTo(fromDirectory.get(i).pixels());
            assertThat(fromNpz.get(i).pixels()).isEqualTo(fromDirectory.get(i).pixels());
        }
        assertThat(fromZip.get(3).source()).isEqualTo(zip + "!/images/real_03.png");
        assertThat(fromNpz.get(3).source()).isEqualTo(npz + "[arr_0][3]");
    }

    @Test
    void imagesOfDifferentSizesAndKindsMixInOneDirectory() throws IOException {
        Path mixed = Files.createDirectories(dir.resolve("mixed/sub"));
        Files.copy(TestData.file("datasets/images/gray.png"), mixed.resolve("b.png"));
        Files.copy(TestData.file("sample/images/fake/fake_00.jpg"), dir.resolve("mixed/a.jpg"));

        List<Clip> clips = read(dir.resolve("mixed"));

        assertThat(clips).extracting(Clip::width).containsExactly(64, 32);
    }

    @Test
    void videoFilesAreNotImages() {
        assertThatThrownBy(() -> Datasets.open(TestData.file("sample/videos/real/real_00.mp4"), DatasetOptions.images()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not an image dataset");
    }
}
