package dev.fvd.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One chart of the report with a file-friendly name, drawn by JFreeChart onto JFreeSVG's {@link SVGGraphics2D} (vector, inline
 * in the page) or onto a {@link java.awt.image.BufferedImage} (PNG, for {@code --report-assets}).
 *
 * @param name   file stem and element id, e.g. {@code subset-curve}
 * @param chart  the chart
 * @param width  drawing width in pixels
 * @param height drawing height in pixels
 */
record ChartImage(String name, JFreeChart chart, int width, int height) {

    /** The chart as an {@code <svg>} element that scales to its container (viewBox, no fixed size). */
    String svgElement() {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // several SVGs share one HTML document: their clip-path/gradient ids must not collide
        g.setDefsKeyPrefix(name + "-");
        chart.draw(g, new Rectangle(width, height));
        return g.getSVGElement("chart-" + name, false, new ViewBox(0, 0, width, height), null, null);
    }

    /** The chart as a standalone SVG document. */
    String svgDocument() {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(name + "-");
        chart.draw(g, new Rectangle(width, height));
        return g.getSVGDocument();
    }

    /** The chart as PNG at twice the drawing size (sharp in print). */
    void writePng(OutputStream out) throws IOException {
        ChartUtils.writeScaledChartAsPNG(out, chart, width, height, 2, 2);
    }
}
