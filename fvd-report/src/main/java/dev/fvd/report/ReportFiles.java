package dev.fvd.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link HtmlReport#write} wrote.
 *
 * @param html    the report page
 * @param bytes   its size
 * @param assets  each chart as its own SVG and PNG file (empty when no assets folder was given)
 * @param seconds wall-clock time of building and writing the report (the metrics it shows were computed before)
 */
public record ReportFiles(Path html, long bytes, List<Path> assets, double seconds) {
    public ReportFiles {
        assets = List.copyOf(assets);
    }
}
