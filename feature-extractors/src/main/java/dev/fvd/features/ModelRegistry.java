package dev.fvd.features;

import dev.fvd.features.i3d.I3dModel;
import dev.fvd.features.inception.FidInceptionModel;

import java.util.List;
import java.util.Optional;

/**
 * The feature networks fvd knows, one {@link ModelSpec} per model package. Nothing above feature-extractors repeats a
 * model id: it asks here.
 */
public final class ModelRegistry {
    private static final List<ModelSpec<?>> ALL = List.of(I3dModel.SPEC, FidInceptionModel.SPEC);

    private ModelRegistry() {
    }

    /** Every model, in the order {@code fvd models list} shows them. */
    public static List<ModelSpec<?>> all() {
        return ALL;
    }

    /** The ids of {@link #all()}. */
    public static List<String> ids() {
        return ALL.stream().map(ModelSpec::id).toList();
    }

    /** The model with this id, if known (exact match). */
    public static Optional<ModelSpec<?>> find(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * The model with this id.
     *
     * @throws UnknownModelException listing the known ids
     */
    public static ModelSpec<?> require(String id) {
        return find(id).orElseThrow(() -> new UnknownModelException(id, ids()));
    }
}
