package dev.fvd;

import dev.fvd.features.ModelRegistry;
import dev.fvd.features.ModelUnavailableException;
import dev.fvd.features.store.ModelStore;
import dev.fvd.features.store.StoreLocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns {@code --model ID|PATH.onnx} into an ONNX file: a path is used as it is (custom and fixture models carry their own
 * metadata), an id goes through the {@link ModelStore} (verified cache, fetch unless offline, conversion to ONNX for the protocol).
 */
final class ModelLocator {

    private ModelLocator() {
    }

    /** True when {@code model} names a file rather than a store id. */
    static boolean isPath(String model) {
        return model.toLowerCase(Locale.ROOT).endsWith(".onnx") || model.contains("/") || model.contains("\\");
    }

    /** The model store at {@code home} (or the environment's location when {@code null}). */
    static ModelStore store(Path home, boolean offline, Consumer<String> warnings) {
        return ModelStore.builder()
                .location(home != null ? StoreLocation.at(home) : StoreLocation.fromEnvironment())
                .offline(offline)
                .warnings(warnings::accept)
                .toolVersion(Fvd.version())
                .build();
    }

    /**
     * @param home     store root, or {@code null} for {@code FVD_HOME} / {@code XDG_CACHE_HOME} / {@code ~/.cache/fvd}
     * @param offline  never touch the network; fail with the command that fixes it
     * @param warnings where the store's warnings go (non-canonical weights)
     */
    static Path locate(String model, ScoringProtocol protocol, Path home, boolean offline, Consumer<String> warnings) {
        if (isPath(model)) {
            Path file = Path.of(model);
            if (!Files.isRegularFile(file)) {
                throw new ModelUnavailableException(file + ": model file does not exist");
            }
            return file;
        }
        if (ModelRegistry.find(model).isEmpty()) {
            throw new InvalidSettingsException("unknown model '" + model + "'; use one of " + ModelRegistry.ids()
                    + " or a path to an .onnx file");
        }
        ModelStore store = store(home, offline, warnings);
        // weights first: a missing model must fail with the store's fix ("fvd models fetch …") before anything else
        store.weights(model);
        return store.onnxFor(model, protocol.extraction());
    }
}
