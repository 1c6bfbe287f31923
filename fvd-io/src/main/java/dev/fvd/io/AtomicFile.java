package dev.fvd.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * THE way this project writes a result file, so that a reader never sees half a file and an interrupted run never leaves one:
 * write a hidden temporary file beside the target (same folder, so the same file system), flush and {@code fsync} it, then
 * rename it over the target with an atomic move (POSIX {@code rename(2)}); where the file system cannot move atomically, a
 * plain replacing move. On any failure the temporary file is deleted and the target is left as it was. The pattern of DJL's
 * {@code AbstractRepository} download (temp file in the target folder, then move).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /**
     * Writes {@code target} through {@code body}. The parent folder must exist (see {@link OutputPaths#requireWritable}).
     *
     * @throws OutputFileException naming {@code target} if the parent is missing or unwritable, the target is a folder, or
     *                             writing, syncing or moving fails
     */
    public static void write(Path target, Npy.Body body) {
        Path absolute = target.toAbsolutePath();
        OutputPaths.requireWritable(absolute);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new OutputFileException(target, "cannot be written: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one to report; the hidden temporary file is named after the target
                }
            }
        }
    }
}
