package dev.fvd.features.store;

import dev.fvd.features.InvalidModelException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams one manifest file over HTTP into a temporary file while hashing it (the pattern of DJL
 * {@code repository/AbstractRepository.java}: download beside the target, verify, then move). Redirects are followed because
 * GitHub release and raw URLs answer with 302 to a CDN.
 */
final class Downloader {
    private static final int PROGRESS_STEP = 256 * 1024;

    /** A download that did not deliver the bytes; the store turns it into a ModelUnavailableException with the fix. */
    static final class DownloadFailure extends Exception {
        DownloadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient client;
    private final DownloadProgress progress;
    private final String userAgent;
    private final Duration stallTimeout;

    /**
     * @param stallTimeout a transfer that receives no byte for this long is aborted (the JDK client has no read timeout for
     *                     response bodies; closing the body stream from a watchdog unblocks the read)
     */
    Downloader(HttpClient client, DownloadProgress progress, String userAgent, Duration stallTimeout) {
        this.client = client;
        this.progress = progress;
        this.userAgent = userAgent;
        this.stallTimeout = stallTimeout;
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * Downloads {@code file.url()} into {@code temp} (which exists and is overwritten).
     *
     * @return the digest of the bytes written
     * @throws DownloadFailure        network error, HTTP error status or a stream that broke off
     * @throws InvalidModelException  the server sends more bytes than the pinned size
     */
    FileDigest download(ModelFile file, Path temp) throws DownloadFailure {
        URI url = file.url();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofMinutes(2))
                .header("User-Agent", userAgent)
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DownloadFailure(describeNetworkError(url, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadFailure("interrupted while connecting to " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new DownloadFailure("HTTP " + response.statusCode() + " from " + response.uri()
                        + (response.uri().equals(url) ? "" : " (redirected from " + url + ")"), null);
            }
            OptionalLong contentLength = response.headers().firstValueAsLong("Content-Length");
            if (file.size() >= 0 && contentLength.isPresent() && contentLength.getAsLong() != file.size()) {
                throw new InvalidModelException("the server announces " + contentLength.getAsLong() + " bytes for " + url
                        + " but the pinned size of " + file.fileName() + " is " + file.size()
                        + "; the file there is not the canonical one");
            }
            long total = file.size() >= 0 ? file.size() : contentLength.orElse(-1);
            return copy(file, body, temp, total);
        } catch (IOException e) {
            // close() of a broken body stream; the copy loop reports its own failures
            throw new DownloadFailure("error reading " + url + ": " + e, e);
        }
    }

    private FileDigest copy(ModelFile file, InputStream body, Path temp, long total) throws DownloadFailure {
        StreamingDigest digest = new StreamingDigest(total);
        progress.update(file, 0, total);
        long nextReport = PROGRESS_STEP;
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fvd-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, stallTimeout.toNanos() / 4);
        watchdog.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastData.get() > stallTimeout.toNanos() && !stalled.getAndSet(true)) {
                try {
                    body.close();
                } catch (IOException e) {
                    // closing is all we want; the reading thread reports the stall
                }
            }
        }, period, period, TimeUnit.NANOSECONDS);
        try (OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) != -1; ) {
                lastData.set(System.nanoTime());
                if (file.size() >= 0 && digest.count() + n > file.size()) {
                    throw new InvalidModelException("the server sent more than the pinned " + file.size() + " bytes of "
                            + file.url() + "; the file there is not the canonical one");
                }
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                if (digest.count() >= nextReport) {
                    progress.update(file, digest.count(), total);
                    nextReport = digest.count() + PROGRESS_STEP;
                }
            }
        } catch (IOException e) {
            String received = digest.count() + (total >= 0 ? " of " + total : "") + " bytes";
            if (stalled.get()) {
                throw new DownloadFailure("the transfer of " + file.url() + " stalled: no data for "
                        + stallTimeout.toMillis() / 1000.0 + " s after " + received, e);
            }
            throw new DownloadFailure("the transfer of " + file.url() + " broke off after " + received
                    + " (" + e.getMessage() + ")", e);
        } finally {
            watchdog.shutdownNow();
        }
        progress.update(file, digest.count(), total);
        return digest.finish(temp);
    }

    /** Names the failure in words a user recognises: DNS, refused connection, no route, timeout. */
    static String describeNetworkError(URI url, IOException e) {
        String host = url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        // the JDK client wraps the cause: ConnectException(null) → ConnectException(null) → UnresolvedAddressException
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "cannot resolve host " + url.getHost() + " (DNS lookup failed: no network?) for " + url;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoRouteToHostException) {
                return "no route to host " + host + " (no network?) for " + url;
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connecting to " + host + " timed out (no network or a firewall?) for " + url;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                String detail = t.getMessage() == null ? "connection refused" : t.getMessage();
                return "cannot connect to " + host + " (" + detail + "; no network?) for " + url;
            }
            if (t instanceof HttpTimeoutException) {
                return "no response from " + host + " in time for " + url;
            }
        }
        return "network error for " + url + ": " + e;
    }
}
