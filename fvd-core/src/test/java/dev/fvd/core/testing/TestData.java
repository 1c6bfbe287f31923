package dev.fvd.core.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code test-data/core} and its reference numbers (the locator itself is fvd-io's {@code dev.fvd.io.testing.TestData}). */
public final class TestData {
    private static JsonObject reference;

    private TestData() {
    }

    /** The repository root (the shared locator of fvd-io's test support). */
    public static Path root() {
        return dev.fvd.io.testing.TestData.root();
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
