package dev.fvd;

import dev.fvd.cli.FvdRunAccess;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No class of fvd-cli's main sources depends on one that depends back on it, directly or through others (issue 9: "an import
 * graph of fvd-cli's main sources shows no arrow running back up"). The graph is the JDK's {@code jdeps -verbose:class} of the
 * compiled classes, nested classes counted as their top-level class; a cycle is a strongly connected component of more than one
 * class (Tarjan 1972).
 */
class ImportGraphTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+classes\\s*$");

    @Test
    void fvdCliMainClassesHaveNoDependencyCycle() {
        Path classes = FvdRunAccess.root().resolve("fvd-cli/target/classes");
        assertThat(classes.resolve("dev/fvd/Fvd.class")).as("compiled main classes").exists();
        Map<String, Set<String>> graph = classGraph(classes);
        assertThat(graph).as("jdeps found the facade's dependencies").containsKey("dev.fvd.Fvd");
        assertThat(graph.get("dev.fvd.Fvd")).contains("dev.fvd.FvdEvaluator");
        assertThat(cycles(graph)).as("classes that depend on each other").isEmpty();
    }

    @Test
    void theCycleFinderFindsCyclesThroughOtherClasses() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a", "d"));
        graph.put("d", Set.of());
        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
        graph.put("c", Set.of("d"));
        assertThat(cycles(graph)).isEmpty();
    }

    /** Top-level class → top-level classes of fvd-cli it uses, from {@code jdeps -verbose:class} (run in this JVM). */
    static Map<String, Set<String>> classGraph(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none",
                "-e", "dev\\.fvd\\..*", classes.toString());
        assertThat(rc).as("jdeps: " + err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String from = topLevel(m.group(1));
            String to = topLevel(m.group(2));
            if (Files.exists(classes.resolve(to.replace('.', '/') + ".class"))) {
                graph.computeIfAbsent(to, k -> new TreeSet<>());
                if (!from.equals(to)) {
                    graph.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        }
        return graph;
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    /** The strongly connected components of more than one node, each sorted (Tarjan's algorithm). */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Tarjan t = new Tarjan(graph);
        for (String v : graph.keySet()) {
            if (!t.index.containsKey(v)) {
                t.connect(v);
            }
        }
        return t.cycles;
    }

    private static final class Tarjan {
        final Map<String, Set<String>> graph;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> onStack = new TreeSet<>();
        final List<List<String>> cycles = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        void connect(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    connect(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> component = new ArrayList<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                if (component.size() > 1) {
                    component.sort(null);
                    cycles.add(component);
                }
            }
        }
    }
}
