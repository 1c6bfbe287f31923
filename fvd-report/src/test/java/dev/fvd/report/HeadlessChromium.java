package dev.fvd.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through the Chrome DevTools Protocol (JSON messages over the browser's WebSocket, with
 * {@code java.net.http}): one page target attached in flat mode, every event kept for the test to inspect.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path DEFAULT = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<JsonObject> events = new ArrayList<>();
    private final String session;

    /** The browser to use: {@code -Dfvd.chromium=PATH}, else {@code /usr/bin/chromium}. */
    static Path executable() {
        return Path.of(System.getProperty("fvd.chromium", DEFAULT.toString()));
    }

    HeadlessChromium(Path executable) throws IOException, InterruptedException {
        profile = Files.createTempDirectory("fvd-report-chromium-");
        process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String endpoint = endpoint();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                .buildAsync(URI.create(endpoint), new Listener()).join();
        JsonObject target = send(null, "Target.createTarget", params("url", "about:blank"));
        JsonObject attach = new JsonObject();
        attach.addProperty("targetId", target.get("targetId").getAsString());
        attach.addProperty("flatten", true);
        session = send(null, "Target.attachToTarget", attach).get("sessionId").getAsString();
    }

    private String endpoint() throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (err.readLine() != null) {
                            // keep the pipe empty so the browser never blocks on stderr
                        }
                    } catch (IOException ignored) {
                        // the browser exited
                    }
                }, "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IOException("chromium printed no DevTools endpoint; its stderr:\n" + seen);
    }

    /** A command to the attached page. */
    JsonObject page(String method, JsonObject params) {
        return send(session, method, params);
    }

    JsonObject send(String sessionId, String method, JsonObject params) {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params == null ? new JsonObject() : params);
        if (sessionId != null) {
            message.addProperty("sessionId", sessionId);
        }
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(message.toString(), true).join();
        try {
            JsonObject answer = reply.get(60, TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.getAsJsonObject("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + ": no answer from chromium within 60 s", e);
        }
    }

    /** Waits until an event named {@code method} arrived. */
    void await(String method, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (events(method).size() > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no " + method + " event within " + timeout);
    }

    /** The events named {@code method} received so far, their {@code params}. */
    List<JsonObject> events(String method) {
        synchronized (events) {
            return events.stream().filter(e -> method.equals(e.get("method").getAsString()))
                    .map(e -> e.getAsJsonObject("params")).toList();
        }
    }

    static JsonObject params(String key, Object value) {
        JsonObject o = new JsonObject();
        if (value instanceof Number n) {
            o.addProperty(key, n);
        } else if (value instanceof Boolean b) {
            o.addProperty(key, b);
        } else {
            o.addProperty(key, String.valueOf(value));
        }
        return o;
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // the browser is killed below anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(partial.toString()).getAsJsonObject();
                partial.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonObject> reply = pending.remove(message.get("id").getAsInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                } else if (message.has("method")) {
                    synchronized (events) {
                        events.add(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    /** The JSON array a {@code Runtime.evaluate} of {@code JSON.stringify(...)} returned. */
    static JsonArray array(JsonObject result) {
        return JsonParser.parseString(result.getAsJsonObject("result").get("value").getAsString()).getAsJsonArray();
    }
}
