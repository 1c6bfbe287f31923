package dev.fvd.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress without a terminal: plain heartbeat lines, at most one per 10 s, with count, rate, total and ETA. */
class ConsoleProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void withoutATerminalAHeartbeatLineAtMostEveryTenSecondsWithTotalAndEta() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text, true), false, "clips", now::get);
        progress.start("real", 100);
        for (int i = 1; i <= 50; i++) {
            now.set(i * SECOND);  // one clip a second
            progress.advance(1);
        }
        progress.finish();
        String[] lines = text.toString().split("\\R");
        assertThat(lines[0]).isEqualTo("real: extracting features of 100 clips …");
        assertThat(lines).contains("real: 10/100 clips, 1.0 clips/s, ETA 1m30s", "real: 50/100 clips, 1.0 clips/s, ETA 50s");
        assertThat(lines).hasSize(1 + 5 + 1);  // start, one line per 10 s of 50 s, the end line
        assertThat(lines[lines.length - 1]).isEqualTo("real: 50 clips in 50.0 s");
        assertThat(text.toString()).doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void anUnknownTotalGivesCountAndRateOnly() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text, true), false, "images", now::get);
        progress.start("fake", -1);
        now.set(20 * SECOND);
        progress.advance(1);
        progress.finish();
        assertThat(text.toString()).contains("fake: extracting features …", "fake: 1 images, 0.1 images/s",
                "fake: 1 image in 20.0 s").doesNotContain("ETA");
    }

    @Test
    void onATerminalTheLibraryDrawsABarWithTotalAndEta() {
        StringWriter text = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text, true), true, "clips", System::nanoTime);
        progress.start("real", 24);
        progress.advance(12);
        progress.finish();
        assertThat(text.toString()).contains("\r").contains("real").contains("/24").contains("clips");
    }
}
