package dev.fvd.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.fvd.cli.FvdRun.fvd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statistics that are not a covariance are refused with the file and key named; statistics that give a misleading number
 * (N ≤ d, very different N, a constant side) are scored with a warning on stderr and in the JSON report; a merge that would
 * count a shard twice is refused.
 */
class StatsValidationTest {
    @TempDir
    Path work;

    /** A numpy-style .npz with float64 mu [d], sigma [d, d] and, when count ≥ 0, the int64 scalar n. */
    static Path npz(Path file, double[] mu, double[] sigma, long count) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            entry(zip, "mu", "<f8", "(" + mu.length + ",)", doubles(mu));
            entry(zip, "sigma", "<f8", "(" + mu.length + ", " + mu.length + ")", doubles(sigma));
            if (count >= 0) {
                entry(zip, "n", "<i8", "()", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(count).array());
            }
        }
        return file;
    }

    private static byte[] doubles(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    private static void entry(ZipOutputStream zip, String key, String descr, String shape, byte[] data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int headerLength = dict.length() + pad + 1;
        out.write(headerLength & 0xff);
        out.write(headerLength >> 8);
        out.write((dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        zip.putNextEntry(new ZipEntry(key + ".npy"));
        zip.write(out.toByteArray());
        zip.closeEntry();
    }

    /** A valid covariance of n seeded samples in d dimensions (divisor n − 1). */
    static double[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        double[] mu = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
                mu[j] += row[j] / n;
            }
        }
        double[] sigma = new double[d * d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    sigma[i * d + j] += (row[i] - mu[i]) * (row[j] - mu[j]) / (n - 1);
                }
            }
        }
        return new double[][] {mu, sigma};
    }

    @Test
    void anAsymmetricSigmaIsRefusedNamingFileAndKey() throws IOException {
        double[][] g = gaussian(50, 4, 1);
        Path good = npz(work.resolve("good.npz"), g[0], g[1], 50);
        double[] sigma = g[1].clone();
        sigma[1] += 1e-6;  // [0,1] no longer equals [1,0]
        Path bad = npz(work.resolve("asym.npz"), g[0], sigma, 50);
        FvdRun run = fvd(work, "distance", good.toString(), bad.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("asym.npz").contains("key 'sigma'").contains("not symmetric");
        // rounding-level asymmetry (1e-13 relative) is accepted
        sigma = g[1].clone();
        sigma[1] *= 1 + 1e-13;
        assertThat(fvd(work, "distance", good.toString(), npz(work.resolve("round.npz"), g[0], sigma, 50).toString())
                .exitCode()).isZero();
    }

    @Test
    void aSigmaThatIsNotPositiveSemidefiniteIsRefusedNamingTheFile() throws IOException {
        double[][] g = gaussian(50, 3, 2);
        Path good = npz(work.resolve("good.npz"), g[0], g[1], 50);
        Path negative = npz(work.resolve("negvar.npz"), g[0], new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, 50);
        FvdRun run = fvd(work, "distance", good.toString(), negative.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("negvar.npz").contains("key 'sigma'").contains("not positive semidefinite");
        // symmetric, positive diagonal, every |correlation| ≤ 1, yet an eigenvalue of -0.5: found when the distance fails
        double[] indefinite = {1, 0.75, -0.75, 0.75, 1, 0.75, -0.75, 0.75, 1};
        Path hidden = npz(work.resolve("indefinite.npz"), new double[3], indefinite, 50);
        FvdRun r2 = fvd(work, "distance", hidden.toString(), hidden.toString());
        assertThat(r2.exitCode()).as(r2.toString()).isEqualTo(3);
        assertThat(r2.err()).contains("indefinite.npz").contains("key 'sigma'").contains("smallest eigenvalue is -0.5");
    }

    @Test
    void fewSamplesUnequalCountsAndAConstantSideAreWarnedOnStderrAndInJson() throws IOException {
        double[][] small = gaussian(5, 8, 3);
        double[][] large = gaussian(40, 8, 4);
        Path a = npz(work.resolve("small.npz"), small[0], small[1], 5);
        Path b = npz(work.resolve("large.npz"), large[0], large[1], 40);
        FvdRun run = fvd(work, "distance", a.toString(), b.toString(), "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        String realWarnings = json.getAsJsonObject("real").get("warnings").toString();
        assertThat(realWarnings).contains("N = 5 samples for d = 8").contains("differ in N by more than 2×");
        assertThat(run.err()).contains("N = 5 samples for d = 8").contains("differ in N by more than 2×");
        Path constant = npz(work.resolve("constant.npz"), new double[8], new double[64], 40);
        FvdRun c = fvd(work, "distance", b.toString(), constant.toString(), "--json");
        assertThat(c.exitCode()).as(c.toString()).isZero();
        assertThat(JsonParser.parseString(c.out()).getAsJsonObject().getAsJsonObject("fake").get("warnings").toString())
                .contains("constant");
    }

    @Test
    void mergingTheSameShardTwiceIsRefused() throws IOException {
        double[][] g = gaussian(30, 4, 5);
        Path a = npz(work.resolve("a.npz"), g[0], g[1], 30);
        Path copy = Files.copy(a, work.resolve("copy-of-a.npz"));
        double[][] h = gaussian(30, 4, 6);
        Path b = npz(work.resolve("b.npz"), h[0], h[1], 30);
        FvdRun same = fvd(work, "stats", "--merge", a.toString(), b.toString(), a.toString(), "-o", work.resolve("m.npz").toString());
        assertThat(same.exitCode()).as(same.toString()).isEqualTo(3);
        assertThat(same.err()).contains("twice");
        FvdRun copied = fvd(work, "stats", "--merge", a.toString(), copy.toString(), "-o", work.resolve("m.npz").toString());
        assertThat(copied.exitCode()).as(copied.toString()).isEqualTo(3);
        assertThat(copied.err()).contains("copy-of-a.npz").contains("a.npz");
        assertThat(Files.exists(work.resolve("m.npz"))).isFalse();
        assertThat(fvd(work, "stats", "--merge", a.toString(), b.toString(), "-o", work.resolve("m.npz").toString()).exitCode())
                .isZero();
    }
}
