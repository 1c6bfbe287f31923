package dev.fvd.cli;

import dev.fvd.ProgressListener;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of feature extraction, on standard error only (standard output stays the machine output, so {@code --json > f.json}
 * still shows progress and {@code 2> log} holds it). When standard error is a terminal: a live bar drawn by the maintained
 * {@code me.tongfei:progressbar} library, with total and ETA when the count is known (a folder). Otherwise (CI, Slurm, a file):
 * plain heartbeat lines ({@code real: 120/500 clips, 4.2 clips/s, ETA 1m33s}) at most every {@link #HEARTBEAT_NANOS}, so a
 * log shows life without filling up. Nothing with {@code --quiet}.
 */
final class ConsoleProgress implements ProgressListener {
    /** Heartbeat period without a terminal: 10 s. */
    static final long HEARTBEAT_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final String unit;
    private final LongSupplier clock;
    private ProgressBar progressBar;
    private String label;
    private long expected;
    private long done;
    private long startNanos;
    private long lastLineNanos;

    ConsoleProgress(PrintWriter err, boolean terminal, String unit, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.unit = unit;
        this.clock = clock;
    }

    /** @param unit {@code clips} or {@code images} */
    static ProgressListener of(CliContext context, OutputOptions output, String unit) {
        if (output.quiet) {
            return ProgressListener.none();
        }
        return new ConsoleProgress(context.err(), context.env().interactive(), unit, System::nanoTime);
    }

    @Override
    public void start(String label, long expected) {
        this.label = label;
        this.expected = expected;
        this.done = 0;
        this.startNanos = clock.getAsLong();
        this.lastLineNanos = startNanos;
        if (terminal) {
            // the library renders the bar; the consumer only returns to the line start and prints it on standard error
            progressBar = new ProgressBarBuilder()
                    .setTaskName(label)
                    .setInitialMax(expected)
                    .setUnit(" " + unit, 1)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r' + line);
                        err.flush();
                    }, 100))
                    .showSpeed()
                    .build();
        } else {
            err.println(label + ": extracting features" + (expected > 0 ? " of " + Summary.count(expected, unit) : "") + " …");
            err.flush();
        }
    }

    @Override
    public void advance(long n) {
        done += n;
        if (progressBar != null) {
            progressBar.stepBy(n);
            return;
        }
        long now = clock.getAsLong();
        if (now - lastLineNanos >= HEARTBEAT_NANOS) {
            lastLineNanos = now;
            err.println(heartbeat(now));
            err.flush();
        }
    }

    @Override
    public void finish() {
        if (progressBar != null) {
            progressBar.close();
            progressBar = null;
            err.println();
        }
        err.printf(Locale.ROOT, "%s: %s in %.1f s%n", label, Summary.count(done, unit), (clock.getAsLong() - startNanos) / 1e9);
        err.flush();
    }

    /** {@code real: 120/500 clips, 4.2 clips/s, ETA 1m33s} (no total and ETA when the count is unknown). */
    String heartbeat(long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder line = new StringBuilder(label).append(": ").append(done);
        if (expected > 0) {
            line.append('/').append(expected);
        }
        line.append(' ').append(unit).append(String.format(Locale.ROOT, ", %.1f %s/s", rate, unit));
        if (expected > 0 && rate > 0) {
            long eta = Math.round(Math.max(0, expected - done) / rate);
            line.append(", ETA ").append(eta >= 60 ? eta / 60 + "m" + String.format(Locale.ROOT, "%02d", eta % 60) + "s" : eta + "s");
        }
        return line.toString();
    }
}
