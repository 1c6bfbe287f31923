package dev.fvd.cli;

import dev.fvd.InvalidSettingsException;

import java.util.Arrays;
import java.util.Locale;

/** Parsing of option values that map to library enums, with the accepted values in the message. */
final class Options {
    private Options() {
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim().replace('-', '_'))) {
                return e;
            }
        }
        throw new InvalidSettingsException(option + ": unknown value '" + value + "'; expected one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }
}
