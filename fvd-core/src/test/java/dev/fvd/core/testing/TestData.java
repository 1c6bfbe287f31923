package dev.fvd.core.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.core.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates {@code test-data/core} (system property {@code fvd.root}, else walk up from {@code user.dir}). */
public final class TestData {
    private static JsonObject reference;

    private TestData() {
    }

    public static Path root() {
        String prop = System.getProperty("fvd.root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Paths.get(prop, "test-data"))) {
            return Paths.get(prop);
        }
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("test-data"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find test-data/ above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    public static Path core(String relative) {
        return root().resolve("test-data/core").resolve(relative);
    }

    /** {@code test-data/core/reference.json}, written by make_reference.py. */
    public static synchronized JsonObject reference() {
        if (reference == null) {
            try {
                reference = JsonParser.parseString(Files.readString(core("reference.json"))).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    public static JsonObject fdCase(String name) {
        return reference().getAsJsonObject("fd").getAsJsonObject(name);
    }

    public static double[] doubles(JsonElement array) {
        var a = array.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    public static float[][] features(String name) {
        return Npy.readFloatMatrix(core(name + ".npy"));
    }

    public static float[][] firstRows(float[][] rows, int n) {
        float[][] out = new float[n][];
        System.arraycopy(rows, 0, out, 0, n);
        return out;
    }

    /** Relative difference |a−b|/|b|. */
    public static double relative(double actual, double expected) {
        return Math.abs(actual - expected) / Math.abs(expected);
    }
}
