package dev.fvd.cli;

import dev.fvd.ScoreResult;

import java.io.PrintWriter;
import java.util.Locale;

/** The human summary of a result, on standard error. */
final class Summary {
    private Summary() {
    }

    static void print(PrintWriter err, ScoreResult r) {
        err.printf(Locale.ROOT, "%s = %.6f%n", r.metric().toUpperCase(Locale.ROOT), r.value());
        if (r.kernel() != null) {
            err.printf(Locale.ROOT, "%s = %.6g ± %.3g (%d subsets of %d)%n", r.kernel().metric().toUpperCase(Locale.ROOT),
                    r.kernel().mean(), r.kernel().std(), r.kernel().subsets(), r.kernel().subsetSize());
        }
        if (r.protocol() != null) {
            var p = r.protocol();
            err.printf(Locale.ROOT, "  protocol %s: %s %s to %d, x*%.6g%+.6g, %d frame(s) stride %d %s, covariance /%s%n",
                    p.name(), p.resize(), p.crop(), p.size(), p.inputScale(), p.inputOffset(), p.frames(), p.stride(),
                    offsets(p), p.covarianceDivisor().equals("n") ? "N" : "(N-1)");
        }
        if (r.model() != null) {
            String sha = r.model().sha256();
            err.printf("  model %s%s%s%n", r.model().id(), sha == null ? "" : " (sha256 " + sha.substring(0, Math.min(12, sha.length()))
                    + "…)", r.model().verified() ? ", weights verified against the pinned checksums"
                    : ", NOT verified: not comparable to published numbers" + (r.model().file() == null ? ""
                    : " (" + r.model().file() + ")"));
        }
        String unit = "fid".equals(r.metric()) ? "images" : "clips";
        side(err, "real", r.real(), unit);
        side(err, "fake", r.fake(), unit);
        if (r.gate() != null) {
            err.printf(Locale.ROOT, "  gate: %s %s max %s → %s%n", r.metric(), r.gate().passed() ? "≤" : ">", r.gate().max(),
                    r.gate().passed() ? "passed" : "FAILED");
        }
        err.printf(Locale.ROOT, "  %.1f s, fvd %s%n", r.elapsedS(), r.toolVersion());
    }

    /** {@code offset first}, or {@code real offset random, fake offset first} when the sides differ (StyleGAN-V). */
    static String offsets(ScoreResult.Protocol p) {
        if (p.offset() != null || p.realOffset() == null) {
            return "offset " + p.offset();
        }
        return "real offset " + p.realOffset() + ", fake offset " + p.fakeOffset();
    }

    private static void side(PrintWriter err, String name, ScoreResult.Side s, String unit) {
        if (s == null) {
            return;
        }
        err.printf("  %s: %s (%s), %s %s%s%n", name, s.source(), s.kind(), s.count() < 0 ? "?" : Long.toString(s.count()), unit,
                s.skipped().isEmpty() ? "" : ", " + s.skipped().size() + " skipped");
        for (ScoreResult.Skipped k : s.skipped()) {
            err.printf("    skipped %s: %s%n", k.path(), k.reason());
        }
        for (String w : s.warnings()) {
            err.printf("    note: %s%n", w);
        }
    }
}
