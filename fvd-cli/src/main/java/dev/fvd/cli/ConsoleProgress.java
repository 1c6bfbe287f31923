package dev.fvd.cli;

import dev.fvd.ProgressListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintWriter;

/**
 * Progress on standard error: a live bar when a human watches a terminal, one line per side otherwise (logs and CI), nothing
 * with {@code --quiet}.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;
    private final boolean bar;
    private ProgressBar progressBar;
    private String label;
    private long clips;
    private long startNanos;

    private ConsoleProgress(PrintWriter err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    static ProgressListener of(CliContext context, OutputOptions output) {
        if (output.quiet) {
            return ProgressListener.none();
        }
        return new ConsoleProgress(context.err(), context.env().interactive());
    }

    @Override
    public void start(String label, long expected) {
        this.label = label;
        this.clips = 0;
        this.startNanos = System.nanoTime();
        if (bar) {
            // the bar writes to the process's stderr directly: it is only drawn when that stream is a terminal
            progressBar = new ProgressBarBuilder()
                    .setTaskName(label)
                    .setInitialMax(expected)
                    .setUnit(" clips", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .showSpeed()
                    .build();
        } else {
            err.println(label + ": extracting features …");
        }
    }

    @Override
    public void advance(long n) {
        clips += n;
        if (progressBar != null) {
            progressBar.stepBy(n);
        }
    }

    @Override
    public void finish() {
        if (progressBar != null) {
            progressBar.close();
            progressBar = null;
        }
        err.printf("%s: %d clips in %.1f s%n", label, clips, (System.nanoTime() - startNanos) / 1e9);
    }
}
