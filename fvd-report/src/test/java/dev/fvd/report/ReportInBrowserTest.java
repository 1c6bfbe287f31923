package dev.fvd.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of the bundled sample videos, opened from disk in headless Chromium: it loads with no console error and no
 * request beyond its own file, every chart and every frame strip is drawn with a non-zero size, and screenshots land in
 * {@code target/report-screenshots/}.
 */
class ReportInBrowserTest {

    @Test
    void sampleReportLoadsOfflineWithEveryChartAndStripDrawn() throws Exception {
        Path browser = HeadlessChromium.executable();
        if (!Files.isExecutable(browser)) {
            System.err.println("SKIPPED ReportInBrowserTest: no browser at " + browser
                    + " (install Debian's chromium, or pass -Dfvd.chromium=PATH)");
        }
        Assumptions.assumeTrue(Files.isExecutable(browser), "SKIPPED: no headless browser at " + browser
                + " (install Debian's chromium, or pass -Dfvd.chromium=PATH)");

        Path out = Path.of("target/report-screenshots").toAbsolutePath();
        Files.createDirectories(out);
        Path html = out.resolve("sample-videos.html");
        ReportFiles files = HtmlReport.write(SampleComparison.videos(), html, out.resolve("assets"));
        String url = html.toUri().toString();

        try (HeadlessChromium chromium = new HeadlessChromium(browser)) {
            chromium.page("Runtime.enable", null);
            chromium.page("Log.enable", null);
            chromium.page("Network.enable", null);
            chromium.page("Page.enable", null);
            JsonObject metrics = new JsonObject();
            metrics.addProperty("width", 1280);
            metrics.addProperty("height", 900);
            metrics.addProperty("deviceScaleFactor", 1);
            metrics.addProperty("mobile", false);
            chromium.page("Emulation.setDeviceMetricsOverride", metrics);
            chromium.page("Page.navigate", HeadlessChromium.params("url", url));
            chromium.await("Page.loadEventFired", Duration.ofSeconds(60));

            List<String> requests = new ArrayList<>();
            for (JsonObject e : chromium.events("Network.requestWillBeSent")) {
                String requested = e.getAsJsonObject("request").get("url").getAsString();
                if (!requested.equals(url) && !requested.startsWith("data:")) {
                    requests.add(requested);
                }
            }
            assertThat(requests).as("requests beyond the report file itself").isEmpty();

            List<String> errors = new ArrayList<>();
            for (JsonObject e : chromium.events("Runtime.consoleAPICalled")) {
                if ("error".equals(e.get("type").getAsString()) || "warning".equals(e.get("type").getAsString())) {
                    errors.add(e.toString());
                }
            }
            for (JsonObject e : chromium.events("Runtime.exceptionThrown")) {
                errors.add(e.toString());
            }
            for (JsonObject e : chromium.events("Log.entryAdded")) {
                JsonObject entry = e.getAsJsonObject("entry");
                if ("error".equals(entry.get("level").getAsString()) || "warning".equals(entry.get("level").getAsString())) {
                    errors.add(entry.toString());
                }
            }
            assertThat(errors).as("console errors and warnings (a CSP violation would be one)").isEmpty();

            JsonObject evaluate = new JsonObject();
            evaluate.addProperty("expression", "JSON.stringify(Array.from(document.querySelectorAll('figure svg, img')).map(e => {"
                    + " const r = e.getBoundingClientRect();"
                    + " return {tag: e.tagName, id: e.id || e.alt, w: r.width, h: r.height,"
                    + " decoded: e.tagName !== 'IMG' || (e.complete && e.naturalWidth > 0)}; }))");
            JsonArray boxes = HeadlessChromium.array(chromium.page("Runtime.evaluate", evaluate));
            int charts = 0;
            int strips = 0;
            for (JsonElement b : boxes) {
                JsonObject box = b.getAsJsonObject();
                assertThat(box.get("w").getAsDouble()).as("width of " + box).isGreaterThan(0);
                assertThat(box.get("h").getAsDouble()).as("height of " + box).isGreaterThan(0);
                assertThat(box.get("decoded").getAsBoolean()).as("image decoded: " + box).isTrue();
                if ("svg".equalsIgnoreCase(box.get("tag").getAsString())) {
                    charts++;
                } else {
                    strips++;
                }
            }
            assertThat(charts).as("charts: subset curve, bootstrap, PRDC, projection").isEqualTo(4);
            assertThat(strips).as("frame strips: farthest + closest (6 each) + coverage misses").isGreaterThanOrEqualTo(12);

            Files.write(out.resolve("sample-videos-viewport.png"), screenshot(chromium, false));
            Files.write(out.resolve("sample-videos-full.png"), screenshot(chromium, true));
        }
        assertThat(files.bytes()).as("page size").isLessThan(5L << 20);
        assertThat(files.assets()).hasSize(8);
        System.err.printf("report: %d bytes, built and written in %.2f s; screenshots in %s%n", files.bytes(), files.seconds(), out);
    }

    private static byte[] screenshot(HeadlessChromium chromium, boolean fullPage) {
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        if (fullPage) {
            JsonObject size = chromium.page("Page.getLayoutMetrics", null).getAsJsonObject("cssContentSize");
            JsonObject clip = new JsonObject();
            clip.addProperty("x", 0);
            clip.addProperty("y", 0);
            clip.addProperty("width", size.get("width").getAsDouble());
            clip.addProperty("height", size.get("height").getAsDouble());
            clip.addProperty("scale", 1);
            params.add("clip", clip);
            params.addProperty("captureBeyondViewport", true);
        }
        return Base64.getDecoder().decode(chromium.page("Page.captureScreenshot", params).get("data").getAsString());
    }
}
