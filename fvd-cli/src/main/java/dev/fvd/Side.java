package dev.fvd;

import dev.fvd.core.distance.FrechetDistance;
import dev.fvd.core.io.StatsFile;
import dev.fvd.core.io.StatsFileException;
import dev.fvd.core.io.StoredStatistics;
import dev.fvd.core.linalg.LinearAlgebra;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.core.stats.StatisticsMismatchException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The statistics of one side of a comparison, with what is known about how they were made.
 *
 * @param label      {@code real}, {@code fake}, or a file name, for messages
 * @param stats      mean and covariance
 * @param features   raw features when kept (kernel metrics, {@code --keep-features})
 * @param provenance how they were made, when known
 * @param report     the side as reported
 */
record Side(String label, GaussianStatistics stats, Optional<float[][]> features, Optional<StatsProvenance> provenance,
            ScoreResult.Side report) {

    /** Reads a stats file; a file without fvd provenance gets a warning in its report. */
    static Side readStats(Path file, String label) {
        StoredStatistics stored = StatsFile.read(file);
        Optional<StatsProvenance> provenance = StatsProvenance.parse(stored.provenanceJson());
        List<String> warnings = new ArrayList<>();
        long items = stored.stats().count();
        List<ScoreResult.Skipped> skipped = List.of();
        if (provenance.isEmpty()) {
            warnings.add(file + " carries no fvd provenance (pytorch-fid / clean-fid file?): its protocol and model cannot be"
                    + " checked against the other side");
        } else if (provenance.get().source() != null) {
            items = provenance.get().source().items();
            skipped = Objects.requireNonNullElse(provenance.get().source().skipped(), List.of());
        }
        ScoreResult.Side report = new ScoreResult.Side(file.toString(), "stats", stored.stats().count(), items, skipped,
                file.toString(), warnings);
        return new Side(label, stored.stats(), stored.features(), provenance, report);
    }

    /** This side with more warnings in its report. */
    Side withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(report.warnings());
        all.addAll(more);
        return new Side(label, stats, features, provenance, new ScoreResult.Side(report.source(), report.kind(), report.count(),
                report.items(), report.skipped(), report.statsFile(), List.copyOf(all)));
    }

    /**
     * What a reader of the distance between {@code a} and {@code b} must know, per side (index 0 for {@code a}, 1 for {@code b}):
     * N ≤ d (the covariance is singular and the Fréchet distance strongly biased upwards; Chong &amp; Forsyth 2020), sample
     * counts that differ by more than 2× (the bias differs between the sides), a constant side (zero covariance).
     */
    static List<List<String>> comparisonWarnings(Side a, Side b) {
        List<List<String>> out = List.of(new ArrayList<>(), new ArrayList<>());
        Side[] sides = {a, b};
        for (int i = 0; i < 2; i++) {
            GaussianStatistics g = sides[i].stats();
            String name = sides[i].report().source();
            if (g.count() > 0 && g.count() <= g.dimension()) {
                out.get(i).add(name + ": N = " + g.count() + " samples for d = " + g.dimension() + " features (N ≤ d): the "
                        + "covariance is singular and the distance strongly biased; use more than " + g.dimension() + " samples");
            }
            if (constant(g)) {
                out.get(i).add(name + ": every feature is constant (zero covariance): the inputs are all the same?");
            }
        }
        long na = a.stats().count();
        long nb = b.stats().count();
        if (na > 0 && nb > 0 && (na > 2 * nb || nb > 2 * na)) {
            int smaller = na < nb ? 0 : 1;
            out.get(smaller).add("the sides differ in N by more than 2× (" + na + " vs " + nb + "): the distance's bias differs "
                    + "between them; compare with equal counts");
        }
        return out;
    }

    private static boolean constant(GaussianStatistics g) {
        int d = g.dimension();
        double scale = 0;
        for (double m : g.mean()) {
            scale = Math.max(scale, m * m);
        }
        double tolerance = 1e-12 * Math.max(1, scale);
        for (int i = 0; i < d; i++) {
            if (Math.abs(g.covariance()[i * d + i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Fréchet distance of two sides. When it fails because a covariance is not positive semidefinite, the failure names
     * the stats file whose {@code sigma} has a negative eigenvalue beyond rounding (checked only then: O(d³)).
     */
    static double frechet(Side a, Side b) {
        try {
            return FrechetDistance.between(a.stats(), b.stats());
        } catch (StatisticsMismatchException e) {
            for (Side s : List.of(a, b)) {
                if (s.report().statsFile() == null || !"stats".equals(s.report().kind())) {
                    continue;
                }
                int d = s.stats().dimension();
                double[] eigenvalues = LinearAlgebra.system().symmetricEigenvalues(s.stats().covariance().clone(), d);
                double min = Double.POSITIVE_INFINITY;
                double max = 0;
                for (double v : eigenvalues) {
                    min = Math.min(min, v);
                    max = Math.max(max, Math.abs(v));
                }
                if (min < -1e-9 * Math.max(max, Double.MIN_NORMAL)) {
                    throw new StatsFileException(Path.of(s.report().statsFile()), "sigma", String.format(
                            "is not positive semidefinite: its smallest eigenvalue is %.6g (largest magnitude %.6g); a "
                                    + "covariance has none below 0", min, max), e);
                }
            }
            throw e;
        }
    }

    /**
     * Refuses to compare or merge statistics made differently: the protocol name, frames, stride, covariance divisor and model
     * checksum must agree when both sides record them, and the feature dimensions must agree always.
     */
    static void requireSameOrigin(Side a, Side b) {
        if (a.stats().dimension() != b.stats().dimension()) {
            throw new IncompatibleStatisticsException(a.label() + " has " + a.stats().dimension() + "-d features but "
                    + b.label() + " has " + b.stats().dimension() + "-d: they come from different networks");
        }
        if (a.provenance().isPresent() && b.provenance().isPresent()) {
            StatsProvenance pa = a.provenance().get();
            StatsProvenance pb = b.provenance().get();
            requireMatch(a, b, "protocol", pa.protocol().name(), pb.protocol().name());
            requireMatch(a, b, "frames per clip", pa.protocol().frames(), pb.protocol().frames());
            requireMatch(a, b, "frame stride", pa.protocol().stride(), pb.protocol().stride());
            requireMatch(a, b, "covariance divisor", pa.protocol().covarianceDivisor(), pb.protocol().covarianceDivisor());
            if (pa.model() != null && pb.model() != null && pa.model().sha256() != null && pb.model().sha256() != null) {
                requireMatch(a, b, "model checksum (sha256)", pa.model().sha256(), pb.model().sha256());
            }
        }
    }

    /**
     * Checks a stats side against the settings the caller gave explicitly (and the model, once one is open). Settings left at
     * their defaults are compared between the two sides instead ({@link #requireSameOrigin}).
     */
    static void requireMatches(Side side, String metric, ScoreResult.Protocol protocol, ScoreResult.Model modelOrNull,
                               ExplicitSettings explicit) {
        side.provenance().ifPresent(p -> {
            if (explicit.metric()) {
                requireSetting(side, "metric", p.metric(), metric, Setting.METRIC.hint(p.metric()));
            }
            if (explicit.protocol()) {
                requireSetting(side, "protocol", p.protocol().name(), protocol.name(),
                        Setting.PROTOCOL.hint(p.protocol().name()));
            }
            if (explicit.frames()) {
                requireSetting(side, "frames per clip", p.protocol().frames(), protocol.frames(),
                        Setting.FRAMES.hint(p.protocol().frames()));
            }
            if (explicit.stride()) {
                requireSetting(side, "frame stride", p.protocol().stride(), protocol.stride(),
                        Setting.STRIDE.hint(p.protocol().stride()));
            }
            if (modelOrNull != null && p.model() != null && p.model().sha256() != null) {
                requireSetting(side, "model checksum (sha256)", p.model().sha256(), modelOrNull.sha256(),
                        Setting.MODEL.hint(p.model().id()));
            }
        });
    }

    private static void requireMatch(Side a, Side b, String what, Object va, Object vb) {
        if (!Objects.equals(va, vb)) {
            throw new IncompatibleStatisticsException(a.label() + " and " + b.label() + " were computed with a different " + what
                    + " (" + va + " vs " + vb + "); their distance would not mean anything");
        }
    }

    private static void requireSetting(Side side, String what, Object stored, Object asked, Setting.Hint fix) {
        if (!Objects.equals(stored, asked)) {
            throw new IncompatibleStatisticsException(side.report().source() + " was computed with " + what + " " + stored
                    + " but this run uses " + asked + "; use the same " + what + " or recompute the stats", fix);
        }
    }
}
