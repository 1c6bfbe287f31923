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
            err.printf(Locale.ROOT, "  protocol %s: %s %s to %d, x*%.6g%+.6g, %d frame(s) stride %d offset %s, covariance /%s%n",
                    p.name(), p.resize(), p.crop(), p.size(), p.inputScale(), p.inputOffset(), p.frames(), p.stride(),
                    p.offset(), p.covarianceDivisor().equals("n") ? "N" : "(N-1)");
        }
        if (r.model() != null) {
            String sha = r.model().sha256();
            err.printf("  model %s%s%n", r.model().id(), sha == null ? "" : " (sha256 " + sha.substring(0, Math.min(12, sha.length()))
                    + "…)");
        }
        String unit = "fid".equals(r.metric()) ? "images" : "clips";
        side(err, "real", r.real(), unit);
        side(err, "fake", r.fake(), unit);
        if (r.gate() != null) {
            err.printf(Locale.ROOT, "  gate: %s %s %s (--fail-above) → %s%n", r.metric(), r.gate().passed() ? "≤" : ">", r.gate().max(),
                    r.gate().passed() ? "passed" : "FAILED");
        }
        err.printf(Locale.ROOT, "  %.1f s, fvd %s%n", r.elapsedS(), r.toolVersion());
    }

    /** {@code skipped PATH: REASON}, the path once even when the reason starts with it (as the decoders' messages do). */
    static String skipped(ScoreResult.Skipped k) {
        String reason = k.reason() == null ? "" : k.reason();
        if (k.path() != null && reason.startsWith(k.path() + ": ")) {
            reason = reason.substring(k.path().length() + 2);
        }
        return "skipped " + k.path() + ": " + reason;
    }

    /** {@code 1 clip}, {@code 2 clips}, {@code 1 image}: {@code unit} is the plural ({@code clips} or {@code images}). */
    static String count(long n, String unit) {
        return n + " " + (n == 1 && unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit);
    }

    private static void side(PrintWriter err, String name, ScoreResult.Side s, String unit) {
        if (s == null) {
            return;
        }
        err.printf("  %s: %s (%s), %s%s%n", name, s.source(), s.kind(), s.count() < 0 ? "? " + unit : count(s.count(), unit),
                s.skipped().isEmpty() ? "" : ", " + s.skipped().size() + " skipped");
        s.skipped().forEach(k -> err.println("    " + skipped(k)));
        for (String w : s.warnings()) {
            err.printf("    note: %s%n", w);
        }
    }
}
