package dev.fvd.features.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code com.sun.net.httpserver}) that serves byte arrays and misbehaves on request:
 * redirects, error statuses, a Content-Length it does not honour, chunked bodies. Counts requests per path.
 */
final class LocalFileServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private final CountDownLatch closing = new CountDownLatch(1);

    private record Route(int status, byte[] body, long declaredLength, String location, boolean stall) {
        Route(int status, byte[] body, long declaredLength, String location) {
            this(status, body, declaredLength, location, false);
        }
    }

    LocalFileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** 200 with the bytes and an exact Content-Length. */
    URI serve(String path, byte[] body) {
        routes.put(path, new Route(200, body, body.length, null));
        return uri(path);
    }

    /** 200 without Content-Length (chunked transfer). */
    URI serveChunked(String path, byte[] body) {
        routes.put(path, new Route(200, body, 0, null));
        return uri(path);
    }

    /** 200 announcing {@code declaredLength} bytes but sending only {@code body}, then dropping the connection. */
    URI serveTruncated(String path, byte[] body, long declaredLength) {
        routes.put(path, new Route(200, body, declaredLength, null));
        return uri(path);
    }

    /** 200 announcing {@code declaredLength} bytes, sending {@code body}, then holding the connection open until close(). */
    URI serveStalling(String path, byte[] body, long declaredLength) {
        routes.put(path, new Route(200, body, declaredLength, null, true));
        return uri(path);
    }

    URI status(String path, int status) {
        routes.put(path, new Route(status, ("status " + status).getBytes(), -2, null));
        return uri(path);
    }

    URI redirect(String path, URI target) {
        routes.put(path, new Route(302, new byte[0], -1, target.toString()));
        return uri(path);
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Route route = routes.get(path);
        try (exchange) {
            if (route == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (route.location() != null) {
                exchange.getResponseHeaders().add("Location", route.location());
                exchange.sendResponseHeaders(route.status(), -1);
                return;
            }
            long length = route.declaredLength() == -2 ? route.body().length : route.declaredLength();
            exchange.sendResponseHeaders(route.status(), length);
            OutputStream out = exchange.getResponseBody();
            out.write(route.body());
            out.flush();
            if (route.stall()) {
                closing.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the truncated route ends here on purpose: close() finds too few bytes and drops the connection
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
