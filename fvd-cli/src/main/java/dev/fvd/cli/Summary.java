package dev.fvd.cli;

import dev.fvd.ScoreResult;
import dev.fvd.core.metric.BootstrapResult;
import dev.fvd.core.metric.InceptionScoreResult;
import dev.fvd.core.metric.InfinityResult;
import dev.fvd.core.metric.JediResult;
import dev.fvd.core.metric.PrdcResult;

import java.io.PrintWriter;
import java.util.Locale;

/** The human summary of a result, on standard error. */
final class Summary {
    private Summary() {
    }

    static void print(PrintWriter err, ScoreResult r) {
        err.println(headline(r));
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

    /**
     * The value with what qualifies it, in one line: {@code FVD = 231.400000 (95% CI 219.8–243.9, B=1000) · FVD∞ = 204.7}, then
     * precision/recall/density/coverage, the Inception Score and JEDi when they were asked for.
     */
    static String headline(ScoreResult r) {
        String name = r.metric().toUpperCase(Locale.ROOT);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s = %.6f", name, r.value()));
        r.result(BootstrapResult.class).ifPresent(b -> line.append(String.format(Locale.ROOT, " (%s%% CI %.6g–%.6g, B=%d)",
                new java.math.BigDecimal(Double.toString(100 * b.level())).stripTrailingZeros().toPlainString(), b.low(),
                b.high(), b.replicates())));
        r.result(InfinityResult.class).ifPresent(i -> line.append(String.format(Locale.ROOT, " · %s∞ = %.6g", name,
                i.value())));
        r.result(PrdcResult.class).ifPresent(p -> line.append(String.format(Locale.ROOT,
                " · precision %.4f recall %.4f (k=%d) · density %.4f coverage %.4f (k=%d)", p.precision(), p.recall(),
                p.kPr(), p.density(), p.coverage(), p.kDc())));
        r.result(InceptionScoreResult.class).ifPresent(i -> line.append(String.format(Locale.ROOT,
                " · IS = %.6g ± %.3g (%d splits)", i.mean(), i.std(), i.splits())));
        r.result(JediResult.class).ifPresent(j -> line.append(String.format(Locale.ROOT, " · JEDi = %.6g", j.value())));
        return line.toString();
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
        err.printf("  %s: %s (%s), %s%s%n", name, s.source(), s.kind(), s.count() < 0 ? "? " + unit : count(s.count(), unit),
                s.skipped().isEmpty() ? "" : ", " + s.skipped().size() + " skipped");
        s.skipped().forEach(k -> err.println("    " + skipped(k)));
        for (String w : s.warnings()) {
            err.printf("    note: %s%n", w);
        }
    }
}
