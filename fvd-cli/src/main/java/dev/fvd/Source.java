package dev.fvd;

import dev.fvd.datasets.Clip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipFile;

/**
 * One side of a comparison: a dataset on disk, a stats file computed earlier, or clips the caller produces in memory.
 */
public sealed interface Source permits Source.Dataset, Source.Stats, Source.Clips {

    /** How the source is named in reports and error messages. */
    String label();

    /** A dataset path (folder of videos, frame folders, images, zip, {@code .npy}/{@code .npz} arrays); decoded by {@code datasets}. */
    record Dataset(Path path) implements Source {
        public Dataset {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String label() {
            return path.toString();
        }
    }

    /** A stats file ({@code .npz} with {@code mu} and {@code sigma}) written by fvd, pytorch-fid or clean-fid. */
    record Stats(Path path) implements Source {
        public Stats {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String label() {
            return path.toString();
        }
    }

    /**
     * Clips from memory. The iterator is consumed once, batch by batch: only one batch of clips is referenced at a time, so
     * a caller that generates clips lazily keeps memory flat in the number of clips.
     */
    record Clips(String label, Iterator<Clip> clips) implements Source {
        public Clips {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(clips, "clips");
        }
    }

    /** A dataset to decode. */
    static Source dataset(Path path) {
        return new Dataset(path);
    }

    /** A stats file. */
    static Source stats(Path path) {
        return new Stats(path);
    }

    /** Clips held by the caller ({@code label} names them in reports). */
    static Source ofClips(String label, Iterator<Clip> clips) {
        return new Clips(label, clips);
    }

    /**
     * A path as the command line takes it: an {@code .npz} that holds {@code mu} is a stats file, anything else a dataset
     * ({@code .npz} arrays of videos or images included).
     */
    static Source of(Path path) {
        return isStatsFile(path) ? new Stats(path) : new Dataset(path);
    }

    private static boolean isStatsFile(Path path) {
        if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz") || !Files.isRegularFile(path)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.getEntry("mu.npy") != null || zip.getEntry("mu") != null;
        } catch (IOException e) {
            // not a readable zip: let the stats reader report what is wrong with it, naming the file
            return true;
        }
    }
}
