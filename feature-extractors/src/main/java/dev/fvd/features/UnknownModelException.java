package dev.fvd.features;

import java.util.List;

/** A model id that {@link ModelRegistry} does not list; the message names the known ids. */
public class UnknownModelException extends ModelUnavailableException {
    private final List<String> knownIds;

    public UnknownModelException(String id, List<String> knownIds) {
        super("unknown model '" + id + "'; known models: " + String.join(", ", knownIds)
                + " (or give the path of an .onnx file)");
        this.knownIds = List.copyOf(knownIds);
    }

    public List<String> knownIds() {
        return knownIds;
    }
}
