package dev.fvd.core.metric;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.io.Npy;
import dev.fvd.core.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code test-data/metrics/reference.json} and fixtures, written by {@code test-data/metrics/make_reference.py}. */
final class MetricsReference {
    private static JsonObject reference;

    private MetricsReference() {
    }

    static Path file(String name) {
        return TestData.root().resolve("test-data/metrics").resolve(name);
    }

    static synchronized JsonObject json() {
        if (reference == null) {
            try {
                reference = JsonParser.parseString(Files.readString(file("reference.json"))).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    static float[][] features(String name) {
        return Npy.readFloatMatrix(file(name + ".npy"));
    }

    /** Doubles from a JSON array of numbers or of repr strings. */
    static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(a.get(i).getAsString());
        }
        return out;
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    static double number(JsonObject o, String key) {
        return Double.parseDouble(o.get(key).getAsString());
    }
}
