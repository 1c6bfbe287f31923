package dev.fvd;

import dev.fvd.core.io.StatsFileException;
import dev.fvd.core.metric.BootstrapMetric;
import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.core.metric.FrechetMetric;
import dev.fvd.core.metric.InfinityMetric;
import dev.fvd.core.metric.InfinityResult;
import dev.fvd.core.metric.MetricInput;
import dev.fvd.core.metric.PrdcMetric;
import dev.fvd.core.metric.PrdcResult;
import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.core.stats.StatisticsMismatchException;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.SkippedInput;
import dev.fvd.io.NpyFormatException;
import dev.fvd.report.Comparison;
import dev.fvd.report.Headline;
import dev.fvd.report.HtmlReport;
import dev.fvd.report.Provenance;
import dev.fvd.report.ReportFiles;
import dev.fvd.report.Sample;
import dev.fvd.report.SideFeatures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTML report of a comparison ({@code fvd report REAL FAKE -o report.html}), remade from saved files without
 * re-extracting: each side is a raw-feature {@code .npy} (float32/float64 {@code [N, d]}, what {@code fvd features} writes) or
 * a stats {@code .npz} ({@code fvd stats}, with its raw features when it kept them; pytorch-fid / clean-fid files too).
 * With raw features on both sides the report adds the bootstrap interval, the ∞ fit, precision/recall/density/coverage
 * (k = 3 / 5), the projection and the nearest and farthest samples; with statistics only, the distance and the provenance.
 */
public final class ComparisonReports {
    private ComparisonReports() {
    }

    /**
     * What the report computes beyond the distance.
     *
     * @param bootstrap  bootstrap resamples B (0 = no interval)
     * @param confidence interval level, e.g. 0.95
     * @param seed       seed of the bootstrap and of the ∞ fit's permutations
     * @param threads    bootstrap worker threads (the result does not depend on it)
     */
    public record Settings(int bootstrap, double confidence, long seed, int threads) {
        public Settings {
            if (bootstrap < 0) {
                throw new InvalidSettingsException("bootstrap resamples must be ≥ 0, got " + bootstrap);
            }
            if (!(confidence > 0 && confidence < 1)) {
                throw new InvalidSettingsException("confidence must lie strictly between 0 and 1, got " + confidence);
            }
            if (threads < 1) {
                throw new InvalidSettingsException("threads must be ≥ 1, got " + threads);
            }
        }
    }

    /** One side as read: statistics and/or features, and the provenance when the file has it. */
    private record Loaded(Path file, GaussianStatistics stats, float[][] features, List<Sample> samples,
                          Optional<StatsProvenance> provenance, List<SkippedInput> skipped) {
    }

    /**
     * Reads both sides, computes the metrics the inputs allow, and writes the report.
     *
     * @throws StatsFileException               naming the file when a side cannot be read
     * @throws IncompatibleStatisticsException  when two stats files were made with different protocols or models
     * @throws dev.fvd.io.OutputFileException   naming the file when the report or an asset cannot be written
     */
    public static ReportFiles fromFiles(Path real, Path fake, Settings settings, Path html, Path assets) {
        return HtmlReport.write(comparison(real, fake, settings), html, assets);
    }

    /** The comparison {@link #fromFiles} writes. */
    public static Comparison comparison(Path realFile, Path fakeFile, Settings settings) {
        Loaded real = load(realFile, "real");
        Loaded fake = load(fakeFile, "fake");
        StatsProvenance p = real.provenance().or(fake::provenance).orElse(null);
        CovarianceDivisor divisor = real.stats() != null ? real.stats().divisor()
                : fake.stats() != null ? fake.stats().divisor() : CovarianceDivisor.N_MINUS_ONE;
        MetricInput r = input(real, divisor);
        MetricInput f = input(fake, divisor);
        double value = new FrechetMetric().compute(r, f).value();
        int d = r.statistics("fd", "real").dimension();
        // without provenance the dimension is the only hint: I3D logits are 400-d, Inception pool3 2048-d
        String metric = p != null ? p.metric() : d == 400 ? "fvd" : d == 2048 ? "fid" : "fd";
        List<String> notes = new ArrayList<>();
        Computed computed = compute(r, f, settings, notes, Computed.NONE);
        List<SkippedInput> skipped = new ArrayList<>(real.skipped());
        skipped.addAll(fake.skipped());
        SideFeatures realRows = real.features() != null && fake.features() != null
                ? new SideFeatures("real: " + realFile, real.features(), traced(real, notes)) : null;
        SideFeatures fakeRows = realRows != null ? new SideFeatures("fake: " + fakeFile, fake.features(), traced(fake, notes))
                : null;
        String inputsVersion = p != null ? p.toolVersion() : null;
        return assemble(realFile.getFileName() + " vs " + fakeFile.getFileName(), metric, value, p == null ? null : p.protocol(),
                p == null ? null : p.model(), inputsVersion, describe(real), describe(fake), d, computed, realRows, fakeRows,
                skipped, notes);
    }

    /**
     * The report of a finished {@code fvd score} run ({@code --report}): its result, the raw features it kept with the
     * source of each row, and the metric results the run computed (each {@code null} when it was not asked for).
     */
    public static Comparison of(ScoreResult result, SideFeatures real, SideFeatures fake, BootstrapResult bootstrap,
                                InfinityResult infinity, PrdcResult prdc) {
        List<SkippedInput> skipped = new ArrayList<>();
        for (ScoreResult.Side side : List.of(result.real(), result.fake())) {
            for (ScoreResult.Skipped s : side.skipped()) {
                skipped.add(new SkippedInput(s.path(), s.reason()));
            }
        }
        return assemble(shortName(result.real().source()) + " vs " + shortName(result.fake().source()), result.metric(),
                result.value(), result.protocol(), result.model(), null, describe(result.real()), describe(result.fake()), real.dimension(),
                new Computed(bootstrap, infinity, prdc), real, fake, skipped, List.of());
    }

    /**
     * Like {@link #of(ScoreResult, SideFeatures, SideFeatures, BootstrapResult, InfinityResult, PrdcResult)}, taking the
     * bootstrap interval, the ∞ fit and PRDC from the run's results and computing here, from the kept features, only those
     * the run did not compute.
     */
    public static Comparison of(ScoreResult result, SideFeatures real, SideFeatures fake, CovarianceDivisor divisor,
                                Settings settings) {
        List<String> notes = new ArrayList<>();
        Computed ran = new Computed(find(result, BootstrapResult.class), find(result, InfinityResult.class),
                find(result, PrdcResult.class));
        Computed c = ran.bootstrap() != null && ran.infinity() != null && ran.prdc() != null ? ran
                : ran.completedBy(compute(MetricInput.ofFeatures(real.features(), divisor),
                        MetricInput.ofFeatures(fake.features(), divisor), settings, notes, ran));
        Comparison base = of(result, real, fake, c.bootstrap(), c.infinity(), c.prdc());
        if (notes.isEmpty()) {
            return base;
        }
        List<Provenance.Fact> facts = new ArrayList<>(base.provenance().facts());
        notes.forEach(n -> facts.add(new Provenance.Fact("note", n)));
        Provenance p = new Provenance(base.provenance().toolVersion(), base.provenance().canonical(), base.provenance().verdict(),
                facts);
        return new Comparison(base.title(), base.media(), base.frames(), base.stride(), base.headlines(), p, base.infinity(),
                base.bootstrap(), base.prdc(), base.real(), base.fake(), base.skipped());
    }

    private static <R> R find(ScoreResult result, Class<R> type) {
        return result.results().stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    /** The metric results a report shows beyond the distance; each {@code null} when not computed. */
    private record Computed(BootstrapResult bootstrap, InfinityResult infinity, PrdcResult prdc) {
        static final Computed NONE = new Computed(null, null, null);

        /** This, with what it lacks taken from {@code other}. */
        Computed completedBy(Computed other) {
            return new Computed(bootstrap != null ? bootstrap : other.bootstrap(), infinity != null ? infinity : other.infinity(),
                    prdc != null ? prdc : other.prdc());
        }
    }

    /** Computes what {@code done} lacks (all of it for {@link Computed#NONE}). */
    private static Computed compute(MetricInput r, MetricInput f, Settings settings, List<String> notes, Computed done) {
        BootstrapResult bootstrap = null;
        InfinityResult infinity = null;
        PrdcResult prdc = null;
        boolean both = r.features().isPresent() && f.features().isPresent();
        if (both) {
            if (settings.bootstrap() > 0 && done.bootstrap() == null) {
                bootstrap = new BootstrapMetric(settings.bootstrap(), settings.confidence(), settings.seed(),
                        settings.threads()).compute(r, f);
            }
            try {
                prdc = done.prdc() != null ? null : new PrdcMetric(PrdcMetric.DEFAULT_K_PR, PrdcMetric.DEFAULT_K_DC, settings.threads()).compute(r, f);
            } catch (StatisticsMismatchException e) {
                notes.add("no precision/recall/density/coverage: " + e.getMessage());
            }
        } else {
            notes.add("only statistics on " + (r.features().isEmpty() ? "the real" : "the fake") + " side: no bootstrap, "
                    + "projection or per-sample sections");
        }
        if (f.features().isPresent() && done.infinity() == null) {
            try {
                infinity = new InfinityMetric(settings.seed()).compute(r, f);
            } catch (StatisticsMismatchException e) {
                notes.add("no ∞ fit: " + e.getMessage());
            }
        }
        return new Computed(bootstrap, infinity, prdc);
    }

    private static Comparison assemble(String what, String metricId, double value, ScoreResult.Protocol protocol,
                                       ScoreResult.Model model, String inputsVersion, String realDescription,
                                       String fakeDescription, int d, Computed c, SideFeatures real, SideFeatures fake,
                                       List<SkippedInput> skipped, List<String> notes) {
        String metric = metricId.toUpperCase(Locale.ROOT);
        List<Headline> headlines = new ArrayList<>();
        headlines.add(new Headline(metric, value, c.bootstrap(), null));
        if (c.infinity() != null) {
            headlines.add(new Headline(metric + "∞", c.infinity().value(), null, "intercept of the subset curve"));
        }
        PrdcResult prdc = c.prdc();
        if (prdc != null) {
            headlines.add(new Headline("precision", prdc.precision(), null, "k = " + prdc.kPr()));
            headlines.add(new Headline("recall", prdc.recall(), null, "k = " + prdc.kPr()));
            headlines.add(new Headline("density", prdc.density(), null, "k = " + prdc.kDc()));
            headlines.add(new Headline("coverage", prdc.coverage(), null, "k = " + prdc.kDc()));
        }
        boolean video = "fvd".equals(metricId) || (!"fid".equals(metricId) && d == 400);
        int frames = video ? (protocol != null ? Math.max(1, protocol.frames()) : 16) : 1;
        int stride = protocol != null ? Math.max(1, protocol.stride()) : 1;
        return new Comparison(metric + " · " + what, video ? MediaKind.VIDEO : MediaKind.IMAGE, frames, stride, headlines,
                provenance(protocol, model, inputsVersion, realDescription, fakeDescription, d, notes), c.infinity(),
                c.bootstrap(), prdc, real, fake, skipped);
    }

    private static Loaded load(Path file, String label) {
        if (Source.of(file) instanceof Source.Stats) {
            Side side = Side.readStats(file, label);
            List<SkippedInput> skipped = side.report().skipped().stream()
                    .map(s -> new SkippedInput(s.path(), s.reason())).toList();
            return new Loaded(file, side.stats(), side.features().orElse(null), List.of(), side.provenance(), skipped);
        }
        try {
            return new Loaded(file, null, FeaturesFile.rows(file), rowSources(file), Optional.empty(), List.of());
        } catch (NpyFormatException e) {
            throw new StatsFileException(file, null, "is neither raw features (float32/float64 [N, d] .npy, or the .npz of "
                    + "'fvd features') nor a stats file: " + e.getMessage(), e);
        }
    }

    /**
     * Where each row of a features file came from, as {@code fvd features} records it ({@code sources} in its {@code .npz},
     * else {@code OUT.sources.json} beside an {@code .npy}) with each clip's start frame; empty when not recorded.
     */
    private static List<Sample> rowSources(Path file) {
        return FeaturesFile.sources(file).stream().map(r -> new Sample(r.path(), r.offset())).toList();
    }

    /** The side's row sources when they match its rows; otherwise none, with a note. */
    private static List<Sample> traced(Loaded side, List<String> notes) {
        if (side.samples().isEmpty()) {
            return List.of();
        }
        if (side.samples().size() != side.features().length) {
            notes.add(side.file() + " records " + side.samples().size() + " row sources for " + side.features().length
                    + " rows: its samples are shown without frames");
            return List.of();
        }
        if (notes.stream().noneMatch(n -> n.startsWith("frames"))) {
            notes.add("frames of each sample are shown from the start of its video (features files record the clip's index, "
                    + "not its start frame)");
        }
        return side.samples();
    }

    private static MetricInput input(Loaded side, CovarianceDivisor divisor) {
        if (side.stats() != null) {
            return side.features() != null ? MetricInput.of(side.stats(), side.features())
                    : MetricInput.ofStatistics(side.stats());
        }
        return MetricInput.ofFeatures(side.features(), divisor);
    }

    private static Provenance provenance(ScoreResult.Protocol protocol, ScoreResult.Model model, String inputsVersion,
                                         String realDescription, String fakeDescription, int d, List<String> notes) {
        List<Provenance.Fact> facts = new ArrayList<>();
        if (protocol != null) {
            facts.add(new Provenance.Fact("protocol", protocol.name() + " — " + protocol.description()));
            facts.add(new Provenance.Fact("reproduces", protocol.reference()));
            facts.add(new Provenance.Fact("preprocessing", protocol.resize() + ", " + protocol.crop() + ", " + protocol.size()
                    + " px, x·" + protocol.inputScale() + " + " + protocol.inputOffset()));
            facts.add(new Provenance.Fact("clips", protocol.frames() + " frames, stride " + protocol.stride() + ", real "
                    + protocol.realOffset() + " / fake " + protocol.fakeOffset() + ", seed " + protocol.seed()));
            facts.add(new Provenance.Fact("covariance divisor", protocol.covarianceDivisor()));
        } else {
            facts.add(new Provenance.Fact("protocol", "unknown: the inputs carry no fvd provenance"));
        }
        if (model != null) {
            facts.add(new Provenance.Fact("model", model.id()));
            facts.add(new Provenance.Fact("model sha256", model.sha256()));
            facts.add(new Provenance.Fact("weights verified", model.verified() ? "yes, against the store's pins" : "no"));
        }
        facts.add(new Provenance.Fact("features", d + "-d"));
        facts.add(new Provenance.Fact("real", realDescription));
        facts.add(new Provenance.Fact("fake", fakeDescription));
        for (String note : notes) {
            facts.add(new Provenance.Fact("note", note));
        }
        boolean canonical = protocol != null && model != null && model.verified();
        String verdict = canonical ? "protocol " + protocol.name() + " with weights verified against their pins"
                : protocol == null ? "the inputs carry no provenance: protocol and weights unknown"
                : model == null ? "no model recorded" : "weights not verified against the published ones (custom or fixture model)";
        String version = inputsVersion != null ? FvdVersion.current() + " (inputs written by " + inputsVersion + ")"
                : FvdVersion.current();
        return new Provenance(version, canonical, verdict, facts);
    }

    /** The last path component of a source, for the title (the provenance table keeps the full path). */
    private static String shortName(String source) {
        String trimmed = source.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return slash >= 0 && slash < trimmed.length() - 1 ? trimmed.substring(slash + 1) : trimmed;
    }

    private static String describe(ScoreResult.Side side) {
        return side.source() + " · " + side.kind() + " · N = " + side.count() + (side.items() != side.count() ? " from "
                + side.items() + " items" : "");
    }

    private static String describe(Loaded side) {
        String what = side.features() != null ? side.features().length + " feature rows" : "statistics";
        long n = side.stats() != null ? side.stats().count() : side.features().length;
        return side.file() + " · " + what + (n >= 0 ? " · N = " + n : "");
    }
}
