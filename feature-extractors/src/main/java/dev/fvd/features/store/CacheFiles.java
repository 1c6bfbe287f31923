package dev.fvd.features.store;

import dev.fvd.features.ModelUnavailableException;
import dev.fvd.io.AtomicFile;
import dev.fvd.io.OutputFileException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * File plumbing of the model cache: small files (sidecars) go through fvd-io's {@link AtomicFile} (converted graphs too,
 * through {@code OnnxModelFile}: see {@link OnnxCache}); weight files
 * stream into a temporary file beside their target, are verified against their pins, and only then moved (so they cannot
 * use a write-then-move-at-once writer); hashing copies; and cleaning up after a failure so the cache looks exactly as before (no partial file, no new empty folder). A temporary file is named
 * {@code .<name>.<random>.part}, never the target's name.
 */
final class CacheFiles {
    private CacheFiles() {
    }

    /** Copies {@code source} to {@code temp} while computing its digest. */
    static FileDigest copyHashing(Path source, Path temp) {
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(temp)) {
            StreamingDigest digest = new StreamingDigest(Files.size(source));
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
            }
            out.close();
            return digest.finish(temp);
        } catch (IOException e) {
            throw cacheError("cannot copy " + source + " to", temp, e);
        }
    }

    /**
     * Writes {@code content} with the project's one atomic writer ({@link AtomicFile}: temporary file beside the target,
     * fsync, atomic move), creating the folder first.
     */
    static void writeAtomically(Path target, byte[] content) {
        createDirectories(target.toAbsolutePath().getParent());
        try {
            AtomicFile.write(target, out -> out.write(content));
        } catch (OutputFileException e) {
            throw cacheError("cannot write", target, e);
        }
    }

    /** Atomic move where the file system offers it, else a replacing move. */
    static void moveAtomically(Path temp, Path target) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw cacheError("cannot move a verified file into", target, e);
        }
    }

    static Path tempFile(Path dir, String name) {
        try {
            return Files.createTempFile(dir, "." + name + ".", ".part");
        } catch (IOException e) {
            throw cacheError("cannot create a temporary file in", dir, e);
        }
    }

    static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw cacheError("cannot create", dir, e);
        }
    }

    /** The folders from {@code dir} up to (not including) the first one that exists: what a failure must remove again. */
    static java.util.List<Path> missingFolders(Path dir) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            out.add(p);
        }
        return out;
    }

    /** Removes the folders a failed operation created, innermost first, as long as they are empty. */
    static void removeIfEmpty(java.util.List<Path> createdFolders) {
        for (Path p : createdFolders) {
            try {
                Files.deleteIfExists(p); // fails (and stops) on a non-empty folder
            } catch (IOException e) {
                return;
            }
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover .part file is harmless: it never has the target's name
        }
    }

    static ModelUnavailableException cacheError(String what, Path path, Exception e) {
        return new ModelUnavailableException("model cache: " + what + " " + path + " (" + e + "). Make the directory"
                + " writable or point FVD_HOME at a writable one.", e);
    }
}
