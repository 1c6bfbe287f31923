package dev.fvd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI reads from its process besides arguments: environment variables and whether standard error is a terminal.
 * Tests pass their own, so {@code FVD_HOME} and offline mode are set per test without touching the JVM's environment.
 */
public interface Environment {

    /** An environment variable, empty when unset or blank. */
    Optional<String> variable(String name);

    /** True when standard error is a terminal a human watches: progress bars only then. */
    boolean interactive();

    /** The real process environment, interactive when {@link #stderrIsTerminal()}. */
    static Environment system() {
        return of(System.getenv(), stderrIsTerminal());
    }

    /**
     * Whether standard error (not standard output: {@code --json > f.json} must still show progress) is a terminal: the
     * launcher's answer ({@code bin/fvd} sets {@code -Dfvd.stderr.tty} from {@code [ -t 2 ]}), else on Linux where
     * {@code /proc/self/fd/2} points ({@code /dev/pts/N}, {@code /dev/ttyN}), else whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        String launcher = System.getProperty("fvd.stderr.tty");
        if (launcher != null && !launcher.isBlank()) {
            return Boolean.parseBoolean(launcher.trim());
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }
        return System.console() != null;
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
