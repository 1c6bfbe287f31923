package dev.fvd;

import dev.fvd.core.io.StatsFile;
import dev.fvd.core.io.StoredStatistics;
import dev.fvd.core.stats.GaussianStatistics;

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
