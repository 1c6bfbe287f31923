package dev.fvd;

import com.google.gson.JsonParseException;
import dev.fvd.core.io.StatsFileException;
import dev.fvd.io.AtomicFile;
import dev.fvd.io.Npy;
import dev.fvd.io.NpyFormatException;
import dev.fvd.io.NpzArchive;
import dev.fvd.io.NpzWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The raw-features file of {@code fvd features}, written and read in this one place: to an {@code .npz}, arrays
 * {@code features} (float32 [N, d]) and {@code sources} (a JSON string: one {@code {"path", "clip"}} per row, the input file and
 * the clip's index in the dataset's order); to any other name, the float32 {@code .npy} matrix and the sources beside it in
 * {@code OUT.sources.json}. A plain float32/float64 {@code .npy} [N, d] from any pipeline reads as features without sources.
 */
final class FeaturesFile {
    private FeaturesFile() {
    }

    /**
     * Where one feature row came from.
     *
     * @param path the input (file path, array entry or caller's label)
     * @param clip   the clip's index in the dataset's deterministic order
     * @param offset the index of the clip's first frame in its source (0 for images; files written before it existed read
     *               as 0)
     */
    record RowSource(String path, long clip, int offset) {
    }

    /** Writes the rows and their sources atomically (an interrupted run leaves no partial file). */
    static void write(Path out, float[][] features, List<RowSource> sources) {
        String json = Json.COMPACT.toJson(sources);
        if (isNpz(out)) {
            int d = features.length == 0 ? 0 : features[0].length;
            AtomicFile.write(out, stream -> {
                NpzWriter npz = new NpzWriter(stream);
                npz.add("features", body -> Npy.writeFloatRows(body, features, d));
                npz.add("sources", body -> Npy.writeString(body, json));
                npz.finish();
            });
        } else {
            Npy.write(out, features);
            AtomicFile.write(sidecar(out), stream -> stream.write(json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The feature rows of a features file. */
    static float[][] rows(Path file) {
        if (!isNpz(file)) {
            return Npy.readFloatMatrix(file);
        }
        try (NpzArchive npz = NpzArchive.open(file)) {
            return npz.read("features", (in, h) -> Npy.readFloatRows(in, h, -1));
        } catch (IOException e) {
            throw new NpyFormatException(file, "features", "cannot be read: " + e, e);
        }
    }

    /** Where each row came from, as recorded; empty when the file records nothing. */
    static List<RowSource> sources(Path file) {
        String json;
        try {
            if (isNpz(file)) {
                try (NpzArchive npz = NpzArchive.open(file)) {
                    if (!npz.contains("sources")) {
                        return List.of();
                    }
                    json = npz.read("sources", Npy::readString);
                }
            } else {
                Path sidecar = sidecar(file);
                if (!Files.isRegularFile(sidecar)) {
                    return List.of();
                }
                json = Files.readString(sidecar);
            }
        } catch (IOException e) {
            throw new StatsFileException(file, "sources", "cannot be read: " + e.getMessage(), e);
        }
        try {
            RowSource[] rows = Json.COMPACT.fromJson(json, RowSource[].class);
            return rows == null ? List.of() : List.of(rows);
        } catch (JsonParseException e) {
            throw new StatsFileException(file, "sources", "is not the JSON list of {path, clip} 'fvd features' writes: "
                    + e.getMessage(), e);
        }
    }

    private static boolean isNpz(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz");
    }

    private static Path sidecar(Path npy) {
        return npy.resolveSibling(npy.getFileName() + ".sources.json");
    }
}
