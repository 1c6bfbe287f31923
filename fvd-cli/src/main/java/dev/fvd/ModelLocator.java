package dev.fvd;

import dev.fvd.features.ModelRegistry;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.ModelUnavailableException;
import dev.fvd.features.ResolvedModel;
import dev.fvd.features.store.ModelStore;
import dev.fvd.features.store.StoreLocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns a model setting (a registry id or an ONNX file) into a {@link ResolvedModel}: a file is custom and unverified whatever
 * its metadata says; an id of {@link ModelRegistry} goes through the {@link ModelStore} (verified cache, fetch unless offline,
 * conversion to ONNX for the protocol's preprocessing), verified only when the store matched its weights to their pins.
 */
final class ModelLocator {
    private ModelLocator() {
    }

    /** True when {@code model} names a file rather than a registry id. */
    static boolean isPath(String model) {
        return model.toLowerCase(Locale.ROOT).endsWith(".onnx") || model.contains("/") || model.contains("\\");
    }

    /** The model store at {@code home} (or the environment's location when {@code null}). */
    static ModelStore store(Path home, boolean offline, Consumer<String> warnings) {
        return ModelStore.builder()
                .location(home != null ? StoreLocation.at(home) : StoreLocation.fromEnvironment())
                .offline(offline)
                .warnings(warnings::accept)
                .toolVersion(FvdVersion.current())
                .build();
    }

    /**
     * @param home     store root, or {@code null} for {@code FVD_HOME} / {@code XDG_CACHE_HOME} / {@code ~/.cache/fvd}
     * @param offline  never touch the network; fail with the command that fixes it
     * @param warnings where the store's warnings go (non-canonical weights)
     */
    static ResolvedModel locate(String model, Protocol protocol, Path home, boolean offline, Consumer<String> warnings) {
        if (isPath(model)) {
            Path file = Path.of(model);
            if (!Files.isRegularFile(file)) {
                throw new ModelUnavailableException(file + ": model file does not exist");
            }
            return ResolvedModel.custom(file);
        }
        ModelSpec<?> spec = ModelRegistry.find(model).orElseThrow(() -> new InvalidSettingsException("unknown model '"
                + model + "'; known: " + ModelRegistry.ids() + ", or an ONNX file", Setting.MODEL.hint(null)));
        // the store decides "verified": only weights it checked against their pins
        return store(home, offline, warnings).resolve(spec.id(), protocol.extraction());
    }
}
