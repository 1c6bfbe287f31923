package dev.fvd;

import dev.fvd.features.ModelUnavailableException;
import dev.fvd.features.store.ModelStore;
import dev.fvd.features.store.StoreLocation;
import dev.fvd.features.store.WeightsProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns {@code --model ID|PATH.onnx} into an ONNX file: a path is used as it is (custom and fixture models carry their own
 * metadata), an id goes through the {@link ModelStore} (verified cache, fetch unless offline, conversion to ONNX for the protocol).
 */
final class ModelLocator {
    static final Set<String> KNOWN_IDS = Set.of("i3d-kinetics400", "inception-fid");

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
                .toolVersion(FvdVersion.current())
                .build();
    }

    /**
     * @param home     store root, or {@code null} for {@code FVD_HOME} / {@code XDG_CACHE_HOME} / {@code ~/.cache/fvd}
     * @param offline  never touch the network; fail with the command that fixes it
     * @param warnings where the store's warnings go (non-canonical weights)
     */
    static Located locate(String model, Protocol protocol, Path home, boolean offline, Consumer<String> warnings) {
        if (isPath(model)) {
            Path file = Path.of(model);
            if (!Files.isRegularFile(file)) {
                throw new ModelUnavailableException(file + ": model file does not exist");
            }
            // a file the caller hands in is custom whatever its metadata claims: only the store verifies weights
            return new Located(file, CUSTOM, false);
        }
        if (!KNOWN_IDS.contains(model)) {
            throw new InvalidSettingsException("unknown model '" + model + "'; use one of " + KNOWN_IDS.stream().sorted().toList()
                    + " or a path to an .onnx file");
        }
        ModelStore store = store(home, offline, warnings);
        // weights first: a missing model must fail with the store's fix ("fvd models fetch …") before anything else
        store.weights(model);
        Path onnx = store.onnxFor(model, protocol.name());
        boolean verified = store.provenance(model).map(WeightsProvenance::canonical).orElse(false);
        return new Located(onnx, model, verified);
    }

    /** The id of a model the caller supplied as a file. */
    static final String CUSTOM = "custom";

    /**
     * @param onnx     the ONNX file to run
     * @param id       the store id, or {@value #CUSTOM}
     * @param verified true only when the store checked the weights against their pinned checksums
     */
    record Located(Path onnx, String id, boolean verified) {
    }
}
