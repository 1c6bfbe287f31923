package dev.fvd.report;

import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.SkippedInput;
import dev.fvd.io.OutputFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the page holds, without a browser. */
class HtmlReportTest {

    @Test
    void imageReportShowsEveryChartAndAThumbnailPerListedSample() {
        String page = HtmlReport.render(SampleComparison.images());
        assertThat(count(page, "<svg ")).isEqualTo(4);
        for (String id : List.of("subset-curve", "bootstrap", "fidelity", "projection", "farthest", "closest", "uncovered",
                "skipped", "provenance")) {
            assertThat(page).contains("id=\"" + id + "\"");
        }
        assertThat(count(page, "<img class=\"thumb\"")).isGreaterThanOrEqualTo(2 * HtmlReport.SHOWN);
        assertThat(count(page, "src=\"data:image/jpeg;base64,")).isEqualTo(count(page, "<img "));
        assertThat(page).contains("test-data/sample/images/fake/fake_").contains("PCA of real and generated features pooled");
        assertThat(page).contains("FID∞").contains("95% CI");
    }

    @Test
    void pageRequestsNothingOutsideItself() {
        String page = HtmlReport.render(SampleComparison.images());
        assertThat(page).contains("Content-Security-Policy").contains("default-src 'none'");
        Matcher m = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(page);
        while (m.find()) {
            assertThat(m.group(1)).as("every src/href is inline data").startsWith("data:");
        }
        assertThat(page).doesNotContain("<script").doesNotContain("<link").doesNotContain("@import");
        assertThat(page).as("url(...) only to the page's own SVG definitions").doesNotContainPattern("url\\((?!#)");
    }

    @Test
    void statisticsOnlyReportSaysWhyThereAreNoSamples() {
        Comparison c = new Comparison("FVD · a.npz vs b.npz", MediaKind.VIDEO, 16, 1, List.of(Headline.of("FVD", 231.4)),
                new Provenance("dev", true, "tf protocol, weights verified against their pins", List.of()), null, null, null,
                null, null, List.of());
        String page = HtmlReport.render(c);
        assertThat(page).contains("231.4").contains("canonical: tf protocol").contains("statistics only")
                .contains("None: every input was used.");
        assertThat(page).doesNotContain("<svg ").doesNotContain("<img ");
    }

    @Test
    void textFromInputsIsEscaped() {
        Comparison c = new Comparison("<script>alert(1)</script>", MediaKind.IMAGE, 1, 1, List.of(Headline.of("FID", 1)),
                new Provenance("dev", false, "a \"quoted\" & <b>bold</b> reason", List.of(new Provenance.Fact("model", "<i>"))),
                null, null, null, null, null, List.of(new SkippedInput("x/<img src=y>.png", "bad & <ugly>")));
        String page = HtmlReport.render(c);
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=y>").doesNotContain("<b>bold")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("bad &amp; &lt;ugly&gt;").contains("&lt;i&gt;");
    }

    @Test
    void writesThePageAndEachChartAsSvgAndPng(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        ReportFiles files = HtmlReport.write(SampleComparison.images(), html, dir.resolve("assets"));
        assertThat(Files.size(html)).isEqualTo(files.bytes()).isLessThan(5L << 20);
        assertThat(files.assets()).extracting(p -> p.getFileName().toString()).containsExactly("subset-curve.svg",
                "subset-curve.png", "bootstrap.svg", "bootstrap.png", "fidelity.svg", "fidelity.png", "projection.svg",
                "projection.png");
        for (Path asset : files.assets()) {
            byte[] bytes = Files.readAllBytes(asset);
            if (asset.toString().endsWith(".png")) {
                assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
                assertThat(javax.imageio.ImageIO.read(asset.toFile()).getWidth()).isEqualTo(1280);
            } else {
                assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("<svg").contains("</svg>");
            }
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.html", "assets");
        }
    }

    @Test
    void aFolderInTheWayIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        Path html = Files.createDirectory(dir.resolve("report.html"));
        assertThatThrownBy(() -> HtmlReport.write(SampleComparison.images(), html, null))
                .isInstanceOf(OutputFileException.class).hasMessageContaining(html.toString());
    }

    @Test
    void samplesWithoutAFileOfTheirOwnGetTheReasonInsteadOfFrames() {
        FrameStrips.Strip strip = FrameStrips.of(new Sample("data/videos.npy[3]", 0), MediaKind.VIDEO, 16, 1);
        assertThat(strip.dataUri()).isNull();
        assertThat(strip.problem()).contains("data/videos.npy[3]");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
