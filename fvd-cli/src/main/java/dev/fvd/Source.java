package dev.fvd;

import dev.fvd.datasets.Clip;

import dev.fvd.io.Npy;
import dev.fvd.io.NpyFormatException;
import dev.fvd.io.NpyHeader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipFile;

/**
 * One side of a comparison: a dataset on disk, a stats file computed earlier, or clips the caller produces in memory.
 */
public sealed interface Source permits Source.Dataset, Source.Stats, Source.Features, Source.Clips {

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
     * Raw features, one row per sample: a float32/float64 {@code .npy} {@code [N, d]}, or an {@code .npz} holding it as
     * {@code features} (what {@code fvd features} writes), or a caller's own pipeline's. Nothing is extracted; float64 values are rounded to float32 as the networks' own features are.
     * The file records neither protocol nor model: only the feature dimension is checked against the other side.
     */
    record Features(Path path) implements Source {
        public Features {
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

    /** Raw features in a {@code .npy} {@code [N, d]}. */
    static Source features(Path path) {
        return new Features(path);
    }

    /**
     * A path as the command line takes it: an {@code .npz} that holds {@code mu} is a stats file, a float {@code .npy} of rank
     * 2 raw features, anything else a dataset (uint8 {@code .npy}/{@code .npz} arrays of videos or images included).
     */
    static Source of(Path path) {
        if (isStatsFile(path)) {
            return new Stats(path);
        }
        return isFeatureMatrix(path) ? new Features(path) : new Dataset(path);
    }

    private static boolean isFeatureMatrix(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz") && Files.isRegularFile(path)) {
            try (ZipFile zip = new ZipFile(path.toFile())) {
                return zip.getEntry("features.npy") != null;
            } catch (IOException e) {
                return false;
            }
        }
        if (!name.endsWith(".npy") || !Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            NpyHeader header = Npy.readHeader(in, path, null, -1);
            return header.isFloat() && header.rank() == 2;
        } catch (IOException | NpyFormatException e) {
            // not a readable array: the dataset reader reports what is wrong with it, naming the file
            return false;
        }
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
