package dev.fvd.features;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per-operator time of one ONNX Runtime session, from ORT's own profiler ({@code SessionOptions.enableProfiling}: a
 * Chrome-trace JSON with one {@code <node>_kernel_time} event per node and run, its {@code op_name} and its input/output
 * shapes), and the network's multiply-adds counted from those shapes.
 *
 * <p>Multiply-adds are counted on an unoptimised session (opt level NONE), where every node is one the graph builder
 * wrote: Conv = output elements × weight {@code [Cout, Cin/group, k…]} elements per output channel, MatMul = output
 * elements × K, Gemm = A elements × N.
 */
public final class OperatorProfile {
    /** One node's kernel time summed over the profiled runs (µs) with its op type and shapes. */
    public record NodeTime(String node, String opType, double micros, List<long[]> inputs, List<long[]> outputs) {
    }

    /** Ops whose kernel time is their subgraph's (the resize's identity-size {@code If}): left out of the sums. */
    private static final java.util.Set<String> CONTROL_FLOW = java.util.Set.of("If", "Loop", "Scan");

    private final List<NodeTime> nodes;
    private final int runs;

    private OperatorProfile(List<NodeTime> nodes, int runs) {
        this.nodes = nodes;
        this.runs = runs;
    }

    /**
     * Runs {@code model} {@code 1 + runs} times on one uint8 input with profiling on and keeps the last {@code runs}
     * (the first run allocates and selects kernels).
     *
     * @param configure changes the session options of {@link FeatureExtractors#sessionOptions} (null: keep them)
     */
    public static OperatorProfile run(byte[] model, ByteBuffer uint8, long[] shape, ExtractorOptions options,
                                      Consumer<OrtSession.SessionOptions> configure, int runs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path dir;
        try {
            dir = Files.createTempDirectory("fvd-ort-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String file;
        try (OrtSession.SessionOptions so = FeatureExtractors.sessionOptions(options)) {
            if (configure != null) {
                configure.accept(so);
            }
            so.enableProfiling(dir.resolve("ort").toString());
            try (OrtSession session = env.createSession(model, so);
                 OnnxTensor in = OnnxTensor.createTensor(env, uint8, shape, OnnxJavaType.UINT8)) {
                String input = session.getInputNames().iterator().next();
                for (int r = 0; r <= runs; r++) {
                    session.run(Map.of(input, in)).close();
                }
                file = session.endProfiling();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("profiled run: " + e.getMessage(), e);
        }
        try {
            Path trace = Path.of(file);
            OperatorProfile p = parse(Files.readString(trace), runs);
            Files.deleteIfExists(trace);
            Files.deleteIfExists(dir);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** {@link #run} on a batch of video clips with the default session options of {@code threads}. */
    public static OperatorProfile run(byte[] model, List<dev.fvd.datasets.Clip> clips, int threads, int runs) {
        return run(model, ExtractionBench.input(clips), ExtractionBench.shape(clips.get(0), clips.size(), clips.get(0).frames() > 1),
                ExtractorOptions.defaults().withThreads(threads).withBatchSize(clips.size()), null, runs);
    }

    /** Parses an ORT trace, keeping node events of the last {@code runs} {@code model_run} spans. */
    public static OperatorProfile parse(String json, int runs) {
        JsonArray events = JsonParser.parseString(json).getAsJsonArray();
        List<long[]> spans = new ArrayList<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if ("Session".equals(str(o, "cat")) && "model_run".equals(str(o, "name"))) {
                long ts = o.get("ts").getAsLong();
                spans.add(new long[] {ts, ts + o.get("dur").getAsLong()});
            }
        }
        spans.sort(Comparator.comparingLong(s -> s[0]));
        List<long[]> kept = spans.subList(Math.max(0, spans.size() - runs), spans.size());
        Map<String, NodeTime> byNode = new LinkedHashMap<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            String name = str(o, "name");
            if (!"Node".equals(str(o, "cat")) || name == null || !name.endsWith("_kernel_time")) {
                continue;
            }
            long ts = o.get("ts").getAsLong();
            if (kept.stream().noneMatch(s -> ts >= s[0] && ts <= s[1])) {
                continue;
            }
            JsonObject args = o.getAsJsonObject("args");
            if (CONTROL_FLOW.contains(str(args, "op_name"))) {
                continue; // its subgraph's nodes have their own events: counting both would count that time twice
            }
            String node = name.substring(0, name.length() - "_kernel_time".length());
            double dur = o.get("dur").getAsDouble();
            NodeTime before = byNode.get(node);
            byNode.put(node, new NodeTime(node, str(args, "op_name"), dur + (before == null ? 0 : before.micros()),
                    shapes(args, "input_type_shape"), shapes(args, "output_type_shape")));
        }
        return new OperatorProfile(new ArrayList<>(byNode.values()), kept.size());
    }

    /** Multiply-adds of one profiled run, counted from the Conv / MatMul / Gemm shapes (see the class comment). */
    public double multiplyAdds() {
        double macs = 0;
        for (NodeTime n : nodes) {
            if (n.outputs().isEmpty() || n.inputs().size() < 2) {
                continue;
            }
            long[] out = n.outputs().get(0);
            long[] a = n.inputs().get(0);
            long[] b = n.inputs().get(1);
            switch (n.opType()) {
                case "Conv", "FusedConv" -> macs += (double) product(out) * product(b) / b[0];
                case "MatMul", "FusedMatMul" -> macs += (double) product(out) * a[a.length - 1];
                case "Gemm", "FusedGemm" -> macs += (double) product(a) * out[out.length - 1];
                default -> {
                }
            }
        }
        return macs;
    }

    /** The share-of-time group an op type belongs to (the Conv / pooling / concat / layout split). */
    public static String group(String opType) {
        if (opType.contains("Conv")) {
            return "Conv";
        }
        if (opType.contains("Pool")) {
            return "MaxPool/AveragePool";
        }
        if (opType.equals("Concat")) {
            return "Concat";
        }
        if (opType.startsWith("Reorder") || opType.equals("Transpose")) {
            return "layout (Reorder*/Transpose)";
        }
        if (opType.contains("MatMul") || opType.contains("Gemm")) {
            return "MatMul/Gemm";
        }
        return "other";
    }

    /** Milliseconds per run by {@link #group}, largest first. */
    public Map<String, Double> millisByGroup() {
        return millisBy(n -> group(n.opType()));
    }

    /** Milliseconds per run by ORT op type, largest first. */
    public Map<String, Double> millisByOpType() {
        return millisBy(NodeTime::opType);
    }

    public double totalMillis() {
        return nodes.stream().mapToDouble(NodeTime::micros).sum() / 1000 / runs;
    }

    /** The {@code count} slowest nodes, per run (µs summed over runs ÷ runs in {@link NodeTime#micros}). */
    public List<NodeTime> slowest(int count) {
        return nodes.stream().sorted(Comparator.comparingDouble(NodeTime::micros).reversed()).limit(count)
                .map(n -> new NodeTime(n.node(), n.opType(), n.micros() / runs, n.inputs(), n.outputs())).toList();
    }

    /** Prints the group shares, the op types and the slowest nodes. */
    public void print(String title) {
        double total = totalMillis();
        System.out.printf("%s: %.0f ms of kernels per run%n", title, total);
        millisByGroup().forEach((k, v) -> System.out.printf("  %-28s %8.1f ms  %5.1f %%%n", k, v, 100 * v / total));
        StringBuilder ops = new StringBuilder("  by op type:");
        millisByOpType().forEach((k, v) -> ops.append(String.format(" %s %.1f%%", k, 100 * v / total)));
        System.out.println(ops);
        for (NodeTime n : slowest(8)) {
            System.out.printf("  %-44s %-14s %7.1f ms  in %s%n", n.node(), n.opType(), n.micros() / 1000,
                    n.inputs().isEmpty() ? "?" : java.util.Arrays.toString(n.inputs().get(0)));
        }
    }

    private Map<String, Double> millisBy(java.util.function.Function<NodeTime, String> key) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (NodeTime n : nodes) {
            sums.merge(key.apply(n), n.micros() / 1000 / runs, Double::sum);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        sums.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static List<long[]> shapes(JsonObject args, String key) {
        List<long[]> out = new ArrayList<>();
        if (args == null || !args.has(key)) {
            return out;
        }
        for (JsonElement t : args.getAsJsonArray(key)) {
            for (Map.Entry<String, JsonElement> typed : t.getAsJsonObject().entrySet()) {
                JsonArray dims = typed.getValue().getAsJsonArray();
                long[] d = new long[dims.size()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = dims.get(i).getAsLong();
                }
                out.add(d);
            }
        }
        return out;
    }

    private static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            p *= d;
        }
        return p;
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
