package dev.fvd.spark;

import dev.fvd.ShardedStats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The per-JVM holder of open pipelines (model sessions): the first task of a run on an executor opens the model, the tasks after
 * it (concurrent ones included) reuse it. A pipeline stays open for the life of the JVM, as ONNX Runtime's environment does
 * (STYLE.md "Heavy objects loaded once"), so later runs with the same settings and model reuse it too. In local mode the driver
 * registers the pipeline it opened for validation, so the model is opened once in that JVM.
 */
final class ExecutorPipelines {
    private static final Map<String, ShardedStats> OPEN = new ConcurrentHashMap<>();

    private ExecutorPipelines() {
    }

    /** The pipeline for {@code key} (model checksum and extraction settings), opened by {@code open} if this JVM has none. */
    static ShardedStats get(String key, Supplier<ShardedStats> open) {
        return OPEN.computeIfAbsent(key, k -> open.get());
    }

    /** Registers a pipeline opened elsewhere (the driver's); returns the one held if there already was one. */
    static ShardedStats register(String key, ShardedStats pipeline) {
        ShardedStats held = OPEN.putIfAbsent(key, pipeline);
        if (held != null && held != pipeline) {
            pipeline.close();
            return held;
        }
        return pipeline;
    }

    static String key(String modelSha256, Iterable<String> extractionArgs) {
        return modelSha256 + " " + String.join(" ", extractionArgs);
    }
}
