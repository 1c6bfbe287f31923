package dev.fvd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("AtomicFile writes a file whole or not at all; OutputPaths fails early on paths that cannot be written")
class AtomicFileTest {

    @TempDir
    Path tmp;

    private Stream<Path> listing() throws IOException {
        return Files.list(tmp);
    }

    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.writeString(tmp.resolve("out.npz"), "old");
        AtomicFile.write(target, out -> out.write("new".getBytes()));
        assertThat(target).hasContent("new");
        try (Stream<Path> files = listing()) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailingWriterLeavesTheOldTargetAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(tmp.resolve("out.npz"), "old");
        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).isInstanceOf(OutputFileException.class).hasMessageContaining(target.toString()).hasMessageContaining("disk full");
        assertThat(target).hasContent("old");
        try (Stream<Path> files = listing()) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFolderIsNotAFileToWrite() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("stats.npz"));
        assertThatThrownBy(() -> OutputPaths.requireWritable(folder))
                .isInstanceOf(OutputFileException.class).hasMessage(folder + ": is a folder; expected a file path to write");
        assertThatThrownBy(() -> AtomicFile.write(folder, out -> out.write(1))).isInstanceOf(OutputFileException.class);
    }

    @Test
    void aMissingParentFailsAtOnceNamingTheFolder() {
        Path target = tmp.resolve("missing/out.npz");
        assertThatThrownBy(() -> OutputPaths.requireWritable(target))
                .isInstanceOf(OutputFileException.class)
                .hasMessage(target + ": cannot be written: its folder " + tmp.resolve("missing") + " does not exist");
    }

    @Test
    void aParentThatIsAFileFailsAtOnce() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> OutputPaths.requireWritable(file.resolve("out.npz")))
                .isInstanceOf(OutputFileException.class).hasMessageContaining("is not a folder");
    }

    @Test
    void anUnwritableParentFailsAtOnce() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> OutputPaths.requireWritable(locked.resolve("out.npz")))
                    .isInstanceOf(OutputFileException.class).hasMessageContaining("is not writable");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void anExistingWritableTargetPasses() throws IOException {
        Path target = Files.writeString(tmp.resolve("out.npy"), "x");
        assertThat(OutputPaths.requireWritable(target)).isEqualTo(target);
        assertThat(OutputPaths.requireWritable(tmp.resolve("new.npy"))).isEqualTo(tmp.resolve("new.npy"));
    }

    @Test
    void anOutputFolderIsCreatedOrRefusedIfItIsAFile() throws IOException {
        Path dir = tmp.resolve("cache/stats");
        assertThat(OutputPaths.requireFolder(dir)).isDirectory();
        assertThat(OutputPaths.requireFolder(dir)).isDirectory();
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> OutputPaths.requireFolder(file))
                .isInstanceOf(OutputFileException.class).hasMessage(file + ": is a file; expected a folder for output files");
    }
}
