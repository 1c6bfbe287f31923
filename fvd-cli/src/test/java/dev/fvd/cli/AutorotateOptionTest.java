package dev.fvd.cli;

import dev.fvd.io.testing.NpyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.fvd.cli.FvdRun.fvd;
import static dev.fvd.cli.FvdRun.testData;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --no-autorotate} at the command line: a clip whose MOV display matrix says 90° gives the features of its stored,
 * unturned frames with the option, and other features without it (turned upright, as the ffmpeg command line shows it).
 * Fixture: {@code test-data/cli/make_rotated.py} (10 lossless frames, enough for the slim I3D).
 */
class AutorotateOptionTest {
    private static final String MODEL = testData("models", "i3d-slim-random.onnx").toString();

    @TempDir
    Path work;

    @Test
    void noAutorotateReadsTheFramesAsStored() {
        float[] base = features("base", "base.npy");
        float[] turned = features("rot90", "turned.npy");
        float[] stored = features("rot90", "stored.npy", "--no-autorotate");

        assertThat(stored).containsExactly(base);
        assertThat(turned).isNotEqualTo(base);
    }

    private float[] features(String folder, String out, String... extra) {
        Path file = work.resolve(out);
        String[] args = {"features", testData("cli", "rotated", folder).toString(), "-o", file.toString(), "--model", MODEL,
                "--frames", "10"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        FvdRun run = fvd(work, all);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return NpyFixture.read(file).float32();
    }
}
