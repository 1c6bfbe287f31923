package dev.fvd.features;

/** A clip does not fit the extractor's input spec (too few frames, wrong kind); the message names the clip source. */
public class ClipRejectedException extends IllegalArgumentException {
    public ClipRejectedException(String message) {
        super(message);
    }
}
