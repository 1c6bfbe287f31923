package dev.fvd.features.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the store keeps its files, and why there.
 *
 * <p>Layout under {@code root}: {@code weights/<model-id>/<canonical file name>} plus {@code weights/<model-id>/provenance.json},
 * and {@code onnx/<model-id>-<protocol>-<cache key>.onnx}.
 *
 * @param root   cache root directory (need not exist yet)
 * @param origin how it was chosen: {@code FVD_HOME}, {@code XDG_CACHE_HOME}, {@code user.home} or {@code explicit}
 */
public record StoreLocation(Path root, String origin) {

    public StoreLocation {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        Objects.requireNonNull(origin, "origin");
    }

    /** A store at a chosen directory (tests, {@code --cache-dir}). */
    public static StoreLocation at(Path root) {
        return new StoreLocation(root, "explicit");
    }

    /** {@code FVD_HOME}, else {@code $XDG_CACHE_HOME/fvd}, else {@code ~/.cache/fvd}, from this process's environment. */
    public static StoreLocation fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The same rule on a given environment. Empty values count as unset, and a relative {@code XDG_CACHE_HOME} is ignored,
     * as the XDG Base Directory Specification requires.
     */
    public static StoreLocation fromEnvironment(Map<String, String> env, Path userHome) {
        String fvdHome = env.get("FVD_HOME");
        if (fvdHome != null && !fvdHome.isBlank()) {
            return new StoreLocation(Path.of(fvdHome), "FVD_HOME");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new StoreLocation(Path.of(xdg, "fvd"), "XDG_CACHE_HOME");
        }
        return new StoreLocation(userHome.resolve(".cache").resolve("fvd"), "user.home");
    }

    /** Directory holding one model's weight files. */
    public Path weightsDirectory(String modelId) {
        return root.resolve("weights").resolve(modelId);
    }

    /** Cached copy of one manifest file. */
    public Path weightFile(ModelFile file) {
        return weightsDirectory(file.modelId()).resolve(file.fileName());
    }

    /** The provenance sidecar of one model. */
    public Path provenanceFile(String modelId) {
        return weightsDirectory(modelId).resolve("provenance.json");
    }

    /** Directory of converted ONNX graphs. */
    public Path onnxDirectory() {
        return root.resolve("onnx");
    }
}
