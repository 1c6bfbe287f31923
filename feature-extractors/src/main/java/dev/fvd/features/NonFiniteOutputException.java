package dev.fvd.features;

/**
 * The network produced NaN or ±Inf for a clip: a problem of the model (weights, graph), not of the data; the message names
 * the model and the clip that produced it.
 */
public class NonFiniteOutputException extends InvalidModelException {
    public NonFiniteOutputException(String message) {
        super(message);
    }
}
