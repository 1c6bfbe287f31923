package dev.fvd.features;

import java.util.Locale;

/**
 * Where a network runs: the CPU, or CUDA GPU {@code index} (ONNX Runtime CUDA execution provider).
 */
public record Device(Type type, int index) {
    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        if (type == null || index < 0) {
            throw new IllegalArgumentException("invalid device " + type + ":" + index);
        }
    }

    /** Parses {@code cpu}, {@code cuda} (= {@code cuda:0}) or {@code cuda:N}. */
    public static Device parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("cpu")) {
            return CPU;
        }
        if (v.equals("cuda") || v.equals("gpu")) {
            return new Device(Type.CUDA, 0);
        }
        if (v.startsWith("cuda:")) {
            try {
                return new Device(Type.CUDA, Integer.parseInt(v.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + s + "'; use cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
