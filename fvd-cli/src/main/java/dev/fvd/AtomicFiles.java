package dev.fvd;

import dev.fvd.core.io.Npy;
import dev.fvd.core.io.StatsFile;
import dev.fvd.core.stats.GaussianStatistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Writes result files so that a reader never sees half a file and an interrupted run never leaves one: write a temporary file
 * beside the target, then rename it over the target (atomic on POSIX file systems).
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    static void writeStats(Path out, GaussianStatistics stats, String provenanceJson, float[][] featuresOrNull) {
        write(out, ".npz", tmp -> StatsFile.write(tmp, stats, provenanceJson, featuresOrNull));
    }

    static void writeNpy(Path out, float[][] matrix) {
        write(out, ".npy", tmp -> Npy.write(tmp, matrix));
    }

    private static void write(Path out, String suffix, Consumer<Path> writer) {
        Path target = out.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp" + suffix);
            writer.accept(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and named after the target; nothing else to do
                }
            }
        }
    }
}
