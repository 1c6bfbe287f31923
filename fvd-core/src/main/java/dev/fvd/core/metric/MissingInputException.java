package dev.fvd.core.metric;

/**
 * A metric was given a side without an input it needs (raw features, logits or statistics). The message names the
 * metric, the side and what is missing.
 */
public class MissingInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MissingInputException(String message) {
        super(message);
    }
}
