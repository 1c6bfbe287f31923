package dev.fvd.report;

import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.SkippedInput;

import java.util.List;
import java.util.Locale;

/**
 * Writes the report page as plain, well-structured code (no template engine: the page has one fixed layout, and a
 * {@link StringBuilder} with one escaping function keeps the module free of a templating dependency and its syntax).
 * The page holds everything inline: CSS in a {@code <style>} element, charts as {@code <svg>}, frames as {@code data:} JPEGs;
 * a Content-Security-Policy forbids any request that would leave the file ({@code default-src 'none'}).
 */
final class HtmlPage {
    private static final String CSS = """
            :root { --real: #0072B2; --fake: #E69F00; --ink: #1d1d1f; --muted: #5f6368; --line: #e2e2e2; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink);
                   background: #fafafa; }
            header { background: #fff; border-bottom: 1px solid var(--line); padding: 20px 32px 16px; }
            h1 { font-size: 22px; margin: 0 0 10px; }
            h2 { font-size: 18px; margin: 0 0 6px; }
            main { padding: 8px 32px 32px; max-width: 1400px; }
            section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
            .headlines { display: flex; flex-wrap: wrap; gap: 12px 36px; align-items: baseline; }
            .headline .name { color: var(--muted); font-size: 14px; }
            .headline .value { font-size: 34px; font-weight: 650; font-variant-numeric: tabular-nums; }
            .headline .ci { color: var(--muted); font-size: 14px; }
            .badge { display: inline-block; padding: 3px 10px; border-radius: 12px; font-size: 13px; font-weight: 600; margin-top: 10px; }
            .badge.ok { background: #e6f4ea; color: #137333; }
            .badge.warn { background: #fef7e0; color: #8a4b00; }
            .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
            .grid section { margin: 0; }
            figure { margin: 0; }
            figure svg { width: 100%; height: auto; display: block; }
            figcaption, .note { color: var(--muted); font-size: 13px; margin-top: 6px; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { color: var(--muted); font-weight: 600; white-space: nowrap; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            code, .path { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12px; word-break: break-all; }
            .samples { display: flex; flex-direction: column; gap: 14px; }
            .sample { display: grid; grid-template-columns: 28px 1fr; gap: 10px; align-items: start; }
            .sample .rank { color: var(--muted); text-align: right; font-size: 18px; font-weight: 600; }
            .sample img { display: block; border-radius: 3px; max-width: 100%; height: auto; margin-top: 4px; }
            .sample .missing { color: #8a4b00; font-size: 12px; }
            .legend-real { color: var(--real); font-weight: 600; } .legend-fake { color: var(--fake); font-weight: 600; }
            footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; }
            """;

    private final StringBuilder out = new StringBuilder(1 << 16);

    /** A labelled sample row: its strip (or the reason there is none), path and distance. */
    record SampleView(int rank, Sample sample, FrameStrips.Strip strip, String measure) {
    }

    /** Everything computed for the page beyond the {@link Comparison} itself. */
    record Views(List<ChartImage> charts, List<String> chartCaptions, List<SampleView> farthest, List<SampleView> closest,
                 List<SampleView> uncovered, int uncoveredTotal, int coverageK, String samplesNote, String generated) {
    }

    static String render(Comparison c, Views v) {
        HtmlPage page = new HtmlPage();
        page.document(c, v);
        return page.out.toString();
    }

    private void document(Comparison c, Views v) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
                .append("style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(c.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(c);
        out.append("<main>\n");
        provenance(c.provenance());
        charts(v);
        if (c.hasFeatures()) {
            samples(c, v);
        } else {
            out.append("<section id=\"samples\"><h2>Samples</h2><p class=\"note\">This report was made from statistics only "
                    + "(mean and covariance): there are no per-sample features, so no projection and no nearest or farthest "
                    + "samples. Make it from raw features (<code>fvd features</code>) to see them.</p></section>\n");
        }
        skipped(c.skipped());
        out.append("</main>\n<footer>").append(esc(v.generated())).append("</footer>\n</body>\n</html>\n");
    }

    private void header(Comparison c) {
        out.append("<header>\n<h1>").append(esc(c.title())).append("</h1>\n<div class=\"headlines\">\n");
        for (Headline h : c.headlines()) {
            out.append("<div class=\"headline\"><div class=\"name\">").append(esc(h.name())).append("</div><div class=\"value\">")
                    .append(esc(number(h.value()))).append("</div>");
            if (h.ci() != null) {
                BootstrapResult ci = h.ci();
                out.append("<div class=\"ci\">").append(esc(String.format(Locale.ROOT, "%.0f%% CI %s – %s (B = %d, seed %d)",
                        ci.level() * 100, number(ci.low()), number(ci.high()), ci.replicates(), ci.seed()))).append("</div>");
            }
            if (h.note() != null) {
                out.append("<div class=\"ci\">").append(esc(h.note())).append("</div>");
            }
            out.append("</div>\n");
        }
        out.append("</div>\n");
        Provenance p = c.provenance();
        out.append("<div class=\"badge ").append(p.canonical() ? "ok" : "warn").append("\">")
                .append(p.canonical() ? "canonical: " : "not canonical: ").append(esc(p.verdict())).append("</div>\n");
        out.append("</header>\n");
    }

    private void provenance(Provenance p) {
        out.append("<section id=\"provenance\"><h2>Protocol and model</h2>\n<table>\n");
        row("tool version", "fvd " + p.toolVersion());
        for (Provenance.Fact f : p.facts()) {
            row(f.label(), f.value());
        }
        out.append("</table></section>\n");
    }

    private void row(String label, String value) {
        out.append("<tr><th>").append(esc(label)).append("</th><td><code>").append(esc(value)).append("</code></td></tr>\n");
    }

    private void charts(Views v) {
        if (v.charts().isEmpty()) {
            return;
        }
        out.append("<div class=\"grid\">\n");
        for (int i = 0; i < v.charts().size(); i++) {
            ChartImage chart = v.charts().get(i);
            out.append("<section id=\"").append(chart.name()).append("\"><figure>\n").append(chart.svgElement())
                    .append("\n<figcaption>").append(esc(v.chartCaptions().get(i))).append("</figcaption></figure></section>\n");
        }
        out.append("</div>\n");
    }

    private void samples(Comparison c, Views v) {
        String unit = c.media() == MediaKind.VIDEO ? "Each row shows up to " + FrameStrips.MAX_FRAMES
                + " frames of the clip the features came from (frame numbers of the source file under it)."
                : "Each row shows the image the features came from.";
        out.append("<section id=\"farthest\"><h2>Generated samples farthest from the real set</h2>\n<p class=\"note\">")
                .append(esc("Ranked by the Euclidean distance, in feature space, from each generated sample to its nearest real "
                        + "sample: these look least like anything real to the network. " + unit + " " + v.samplesNote()))
                .append("</p>\n");
        sampleList(v.farthest());
        out.append("</section>\n<section id=\"closest\"><h2>Generated samples closest to the real set</h2>\n<p class=\"note\">")
                .append(esc("Smallest distance to the nearest real sample. A distance near 0 can mean a copied training sample."))
                .append("</p>\n");
        sampleList(v.closest());
        out.append("</section>\n<section id=\"uncovered\"><h2>Real samples no generated sample covers</h2>\n<p class=\"note\">")
                .append(esc(String.format(Locale.ROOT, "%d of %d real samples have no generated sample strictly inside their "
                                + "%d-nearest-neighbour ball (coverage, Naeem et al. 2020); shown: the %d farthest from any "
                                + "generated sample, with that distance.", v.uncoveredTotal(), c.real().count(), v.coverageK(),
                        v.uncovered().size())))
                .append("</p>\n");
        sampleList(v.uncovered());
        out.append("</section>\n");
    }

    private void sampleList(List<SampleView> rows) {
        out.append("<div class=\"samples\">\n");
        for (SampleView s : rows) {
            out.append("<div class=\"sample\"><div class=\"rank\">").append(s.rank()).append("</div><div>")
                    .append("<div class=\"path\">").append(esc(s.sample().source())).append("</div><div class=\"note\">")
                    .append(esc(s.measure()));
            FrameStrips.Strip strip = s.strip();
            if (strip.shown().length > 1) {
                StringBuilder frames = new StringBuilder();
                for (int f : strip.shown()) {
                    frames.append(frames.length() == 0 ? "" : ", ").append(f);
                }
                out.append(" · frames ").append(esc(frames.toString()));
            }
            out.append("</div>");
            if (strip.dataUri() != null) {
                out.append("<img class=\"thumb\" alt=\"frames of ").append(esc(s.sample().source())).append("\" width=\"")
                        .append(strip.width()).append("\" height=\"").append(strip.height()).append("\" src=\"")
                        .append(strip.dataUri()).append("\">");
            } else {
                out.append("<div class=\"missing\">no preview: ").append(esc(strip.problem())).append("</div>");
            }
            out.append("</div></div>\n");
        }
        out.append("</div>\n");
    }

    private void skipped(List<SkippedInput> skipped) {
        out.append("<section id=\"skipped\"><h2>Skipped inputs</h2>\n");
        if (skipped.isEmpty()) {
            out.append("<p class=\"note\">None: every input was used.</p>");
        } else {
            out.append("<table><tr><th>input</th><th>reason</th></tr>\n");
            for (SkippedInput s : skipped) {
                out.append("<tr><td class=\"path\">").append(esc(s.path())).append("</td><td>").append(esc(s.reason()))
                        .append("</td></tr>\n");
            }
            out.append("</table>");
        }
        out.append("</section>\n");
    }

    /** Four significant digits, as the human summary of {@code fvd score} prints. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Text for HTML element content and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
