package dev.fvd.cli;

import java.util.Map;
import java.util.Optional;

/**
 * What the CLI reads from its process besides arguments: environment variables and whether standard error is a terminal.
 * Tests pass their own, so {@code FVD_HOME} and offline mode are set per test without touching the JVM's environment.
 */
public interface Environment {

    /** An environment variable, empty when unset or blank. */
    Optional<String> variable(String name);

    /** True when a human watches: progress bars only then. */
    boolean interactive();

    /** The real process environment; interactive when {@link System#console()} exists. */
    static Environment system() {
        return of(System.getenv(), System.console() != null);
    }

    /** Given variables. */
    static Environment of(Map<String, String> variables, boolean interactive) {
        Map<String, String> copy = Map.copyOf(variables);
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return Optional.ofNullable(copy.get(name)).filter(v -> !v.isBlank());
            }

            @Override
            public boolean interactive() {
                return interactive;
            }
        };
    }
}
