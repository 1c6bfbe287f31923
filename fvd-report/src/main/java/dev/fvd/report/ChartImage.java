package dev.fvd.report;

import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGIDGenerator;
import org.apache.batik.util.SVGConstants;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;

/**
 * One chart of the report with a file-friendly name, drawn by JFreeChart onto Apache Batik's {@link SVGGraphics2D} (vector,
 * inline in the page; Batik is Apache-2.0) or onto a {@link java.awt.image.BufferedImage} (PNG, for {@code --report-assets}).
 *
 * @param name   file stem and element id, e.g. {@code subset-curve}
 * @param chart  the chart
 * @param width  drawing width in pixels
 * @param height drawing height in pixels
 */
record ChartImage(String name, JFreeChart chart, int width, int height) {

    /** The chart as an {@code <svg>} element that scales to its container (viewBox, no fixed size). */
    String svgElement() {
        SVGGraphics2D g = draw();
        Element root = root(g);
        root.removeAttribute(SVGConstants.SVG_WIDTH_ATTRIBUTE);
        root.removeAttribute(SVGConstants.SVG_HEIGHT_ATTRIBUTE);
        root.setAttribute(SVGConstants.SVG_ID_ATTRIBUTE, "chart-" + name);
        return serialise(root);
    }

    /** The chart as a standalone SVG document. */
    String svgDocument() {
        SVGGraphics2D g = draw();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + serialise(root(g));
    }

    /** The chart as PNG at twice the drawing size (sharp in print). */
    void writePng(OutputStream out) throws IOException {
        ChartUtils.writeScaledChartAsPNG(out, chart, width, height, 2, 2);
    }

    private SVGGraphics2D draw() {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            DOMImplementation dom = factory.newDocumentBuilder().getDOMImplementation();
            document = dom.createDocument(SVGConstants.SVG_NAMESPACE_URI, SVGConstants.SVG_SVG_TAG, null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM implementation for the SVG charts", e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
        // several SVGs share one HTML document: their clip-path/gradient ids must not collide
        context.setIDGenerator(new PrefixedIds(name + "-"));
        context.setComment(null);
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(g, new Rectangle(width, height));
        return g;
    }

    private Element root(SVGGraphics2D g) {
        Element root = g.getRoot();
        root.setAttribute(SVGConstants.SVG_VIEW_BOX_ATTRIBUTE, "0 0 " + width + " " + height);
        return root;
    }

    /** Compact XML (no pretty-printing, presentation attributes) through the JDK's own serialiser. */
    private static String serialise(Element root) {
        StringWriter out = new StringWriter();
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            transformer.transform(new DOMSource(root), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise the SVG of a chart", e);
        }
        return out.toString().strip();
    }

    /** Batik's id generator with a per-chart prefix. */
    private static final class PrefixedIds extends SVGIDGenerator {
        private final String prefix;

        PrefixedIds(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String generateID(String kind) {
            return prefix + super.generateID(kind);
        }
    }
}
