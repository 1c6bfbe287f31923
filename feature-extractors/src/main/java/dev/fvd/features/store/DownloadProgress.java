package dev.fvd.features.store;

/**
 * Receives download progress so a caller can draw a bar. Called from the downloading thread: once with 0 bytes when the
 * transfer starts, then as bytes arrive (at most every 256 KiB), and once at the end.
 */
@FunctionalInterface
public interface DownloadProgress {

    /**
     * @param file       the manifest entry being downloaded
     * @param bytesRead  bytes received so far
     * @param totalBytes expected total (manifest size, else Content-Length), or -1 when unknown
     */
    void update(ModelFile file, long bytesRead, long totalBytes);

    /** Ignores progress. */
    static DownloadProgress none() {
        return (file, bytesRead, totalBytes) -> { };
    }
}
