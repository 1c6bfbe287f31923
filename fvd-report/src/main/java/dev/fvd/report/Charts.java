package dev.fvd.report;

import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.core.metric.InfinityResult;
import dev.fvd.core.metric.PrdcResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.Locale;

/**
 * The report's charts as JFreeChart objects (drawn later to SVG or PNG by {@link ChartImage}). One colour per side everywhere:
 * real blue, fake orange (Okabe–Ito palette, readable with colour-vision deficiencies).
 */
final class Charts {
    static final Color REAL = new Color(0x00, 0x72, 0xB2);
    static final Color FAKE = new Color(0xE6, 0x9F, 0x00);
    static final Color FIT = new Color(0xD5, 0x5E, 0x00);
    static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Charts() {
    }

    /** D_N against 1/N with the least-squares line extended to 1/N = 0, where it meets the axis at D∞. */
    static JFreeChart subsetCurve(String metric, InfinityResult curve) {
        XYSeries measured = new XYSeries(metric + " at N fake samples");
        double maxInverse = 0;
        for (InfinityResult.Point p : curve.points()) {
            double inverse = 1.0 / p.n();
            measured.add(inverse, p.distance());
            maxInverse = Math.max(maxInverse, inverse);
        }
        XYSeries fit = new XYSeries(String.format(Locale.ROOT, "least squares: %s∞ = %.4g, slope %.4g", metric,
                curve.value(), curve.slope()));
        fit.add(0.0, curve.value());
        fit.add(maxInverse * 1.05, curve.value() + curve.slope() * maxInverse * 1.05);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(measured);
        data.addSeries(fit);
        JFreeChart chart = ChartFactory.createXYLineChart(metric + " vs subset size, extrapolated to N = ∞",
                "1 / N (fake samples)", metric, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(0, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        renderer.setSeriesPaint(0, FAKE);
        renderer.setSeriesLinesVisible(1, true);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesPaint(1, FIT);
        renderer.setSeriesStroke(1, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        ValueMarker infinity = new ValueMarker(curve.value(), FIT, new BasicStroke(1f));
        infinity.setLabel(String.format(Locale.ROOT, "%s∞ = %.4g", metric, curve.value()));
        infinity.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        infinity.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(infinity);
        return style(chart);
    }

    /** Histogram of the bootstrap replicates with the full-set estimate and the percentile interval marked. */
    static JFreeChart bootstrap(String metric, BootstrapResult b) {
        double[] values = b.distances();
        HistogramDataset data = new HistogramDataset();
        int bins = (int) Math.max(10, Math.min(60, Math.round(Math.sqrt(values.length) * 1.5)));
        data.addSeries(metric + " of a resample", values, bins);
        BootstrapResult ci = b;
        JFreeChart chart = ChartFactory.createHistogram(String.format(Locale.ROOT, "Bootstrap distribution of %s (B = %d, seed %d)",
                        metric, ci.replicates(), ci.seed()), metric, "resamples", data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, FAKE);
        renderer.setDrawBarOutline(true);
        renderer.setSeriesOutlinePaint(0, Color.WHITE);
        IntervalMarker band = new IntervalMarker(ci.low(), ci.high(), new Color(0, 0x72, 0xB2, 40));
        band.setLabel(String.format(Locale.ROOT, "%.0f%% %s interval %.4g – %.4g", ci.level() * 100, ci.method().label(),
                ci.low(), ci.high()));
        band.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        band.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(band);
        ValueMarker estimate = new ValueMarker(ci.value(), REAL, new BasicStroke(2f));
        estimate.setLabel(String.format(Locale.ROOT, "full set %.4g", ci.value()));
        estimate.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        estimate.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addDomainMarker(estimate);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return style(chart);
    }

    /** Precision, recall, density and coverage as bars (all in [0, 1] except density, which may exceed 1). */
    static JFreeChart fidelity(PrdcResult f) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String pr = "k = " + f.kPr();
        String dc = "k = " + f.kDc();
        data.addValue(f.precision(), "value", "precision (" + pr + ")");
        data.addValue(f.recall(), "value", "recall (" + pr + ")");
        data.addValue(f.density(), "value", "density (" + dc + ")");
        data.addValue(f.coverage(), "value", "coverage (" + dc + ")");
        JFreeChart chart = ChartFactory.createBarChart("Precision, recall, density, coverage", null, "value", data,
                PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, REAL);
        renderer.setMaximumBarWidth(0.12);
        renderer.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.000")));
        renderer.setDefaultItemLabelsVisible(true);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setRange(0, Math.max(1.05, f.density() * 1.1));
        ValueMarker one = new ValueMarker(1.0, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {3f, 3f}, 0f));
        plot.addRangeMarker(one);
        plot.setRangeGridlinePaint(GRID);
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        chart.getTitle().setFont(TITLE);
        return chart;
    }

    /** Real and fake features on the first two principal components of both sets pooled. */
    static JFreeChart projection(PrincipalComponents.Projection p, int realCount, int fakeCount) {
        XYSeries real = new XYSeries("real (" + realCount + ")", false, true);
        for (double[] xy : p.real()) {
            real.add(xy[0], xy[1]);
        }
        XYSeries fake = new XYSeries("fake (" + fakeCount + ")", false, true);
        for (double[] xy : p.fake()) {
            fake.add(xy[0], xy[1]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(real);
        data.addSeries(fake);
        JFreeChart chart = ChartFactory.createScatterPlot("Features on their first two principal components",
                String.format(Locale.ROOT, "PC 1 (%.1f%% of variance)", p.explained()[0] * 100),
                String.format(Locale.ROOT, "PC 2 (%.1f%% of variance)", p.explained()[1] * 100), data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesShape(1, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesPaint(0, new Color(0x00, 0x72, 0xB2, 170));
        renderer.setSeriesPaint(1, new Color(0xE6, 0x9F, 0x00, 170));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return style(chart);
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        return chart;
    }
}
