package dev.fvd.features.store;

/**
 * Where the store sends warnings a user must see, such as non-canonical weights whose results are not comparable to published
 * numbers. The CLI prints them; the default writes to standard error.
 */
@FunctionalInterface
public interface WarningSink {

    void warn(String message);

    /** Writes each warning to {@code System.err}. */
    static WarningSink stderr() {
        return message -> System.err.println(message);
    }
}
