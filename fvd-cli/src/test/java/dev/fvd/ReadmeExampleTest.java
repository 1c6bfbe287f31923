package dev.fvd;

import dev.fvd.cli.FvdRunAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library example of {@code fvd-cli/README.md} is compiled from the README text itself and run on the sample videos with the
 * slim I3D fixture, so the documentation cannot drift from the API.
 */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    static String example() throws Exception {
        String readme = Files.readString(FvdRunAccess.root().resolve("fvd-cli").resolve("README.md"));
        Matcher m = Pattern.compile("<!-- example: ScoreMyGenerator[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README holds the ScoreMyGenerator example").isTrue();
        return m.group(1);
    }

    @Test
    void readmeLibraryExampleCompilesAndRuns() throws Exception {
        Path source = dir.resolve("ScoreMyGenerator.java");
        Files.writeString(source, example());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-classpath", classpath(), "-d", dir.toString(),
                source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("ScoreMyGenerator").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {
                    FvdRunAccess.root().resolve("test-data/sample/videos/real").toString(),
                    FvdRunAccess.root().resolve("test-data/models/i3d-slim-random.onnx").toString()});
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("FVD \\d+\\.\\d{3}, KVD -?\\d+\\.\\d{4} ± \\d+\\.\\d{4} over 12 vs 12 clips")
                .contains("\"kind\": \"clips\"").contains("\"source\": \"my-generator\"");
    }

    /** The test class path, expanded from surefire's manifest-only jar when it uses one. */
    private static String classpath() throws Exception {
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("surefire")) {
                try (var jar = new java.util.jar.JarFile(entry)) {
                    String manifestCp = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (manifestCp != null) {
                        Path base = Path.of(entry).toAbsolutePath().getParent();
                        for (String url : manifestCp.split(" ")) {
                            if (!url.isBlank()) {
                                Path p = url.startsWith("file:") ? Path.of(new java.net.URI(url)) : base.resolve(url);
                                cp.append(File.pathSeparator).append(p);
                            }
                        }
                    }
                }
            }
        }
        return cp.toString();
    }
}
