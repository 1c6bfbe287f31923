package dev.fvd.core.io;

import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.GaussianStatistics;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Statistics files in the {@code .npz} layout of pytorch-fid ({@code fid_score.py}: {@code mu} float64 [d],
 * {@code sigma} float64 [d,d]) and clean-fid ({@code np.savez_compressed}), so that numpy, pytorch-fid and clean-fid
 * read ours as their own, and we read theirs.
 *
 * <p><b>Written keys</b> (deflate-compressed entries {@code <key>.npy}, like {@code np.savez_compressed}):
 * {@code mu} {@code <f8 [d]}, {@code sigma} {@code <f8 [d,d]}, {@code n} {@code <i8} scalar (-1 if unknown),
 * {@code divisor} 0-d {@code <U} ({@code "N-1"} or {@code "N"}), {@code fvd_format_version} {@code <i8} scalar
 * ({@value #FORMAT_VERSION}), optionally {@code provenance} (0-d {@code <U} JSON text) and {@code features}
 * {@code <f4 [N,d]}. Strings are 0-d unicode arrays, so {@code numpy.load(f, allow_pickle=False)} reads every key.
 *
 * <p><b>Read</b>: compressed or stored entries, ZIP64 ({@link ZipFile}), float32/float64, either byte order,
 * C or Fortran order. Only the keys above are decoded; others — e.g. the uint8 image batch {@code arr_0} of
 * guided-diffusion reference batches — are never read. A file without {@code n} gets count -1; without
 * {@code divisor}, {@code N-1} (what {@code np.cov} uses in pytorch-fid / clean-fid / TTUR). A {@code fvd_format_version}
 * newer than {@value #FORMAT_VERSION} is refused.
 */
public final class StatsFile {

    /** Version of the key layout above; bump when a key changes meaning. */
    public static final int FORMAT_VERSION = 1;

    static final String MU = "mu";
    static final String SIGMA = "sigma";
    static final String COUNT = "n";
    static final String DIVISOR = "divisor";
    static final String PROVENANCE = "provenance";
    static final String FEATURES = "features";
    static final String VERSION = "fvd_format_version";

    private StatsFile() {
    }

    /**
     * Writes statistics (and optionally the features they came from) as {@code .npz}; the file appears atomically.
     *
     * @param provenanceJson JSON text describing tool version, protocol, model and inputs, or {@code null}
     * @param featuresOrNull features [N,d] to keep (for kernel metrics), or {@code null}
     * @throws StatsFileException if the features do not match the statistics' dimension or the file cannot be written
     */
    public static void write(Path file, GaussianStatistics stats, String provenanceJson, float[][] featuresOrNull) {
        int d = stats.dimension();
        if (featuresOrNull != null) {
            for (int i = 0; i < featuresOrNull.length; i++) {
                if (featuresOrNull[i].length != d) {
                    throw new StatsFileException(file, FEATURES, "cannot be written: row " + i + " has dimension "
                            + featuresOrNull[i].length + "; the statistics have dimension " + d);
                }
            }
        }
        Npy.writeAtomically(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            entry(zip, VERSION, out -> NpyFormat.writeLongScalar(out, FORMAT_VERSION));
            entry(zip, MU, out -> NpyFormat.writeVector(out, stats.mean()));
            entry(zip, SIGMA, out -> NpyFormat.writeSquare(out, stats.covariance(), d));
            entry(zip, COUNT, out -> NpyFormat.writeLongScalar(out, stats.count()));
            entry(zip, DIVISOR, out -> NpyFormat.writeString(out, stats.divisor().label()));
            if (provenanceJson != null) {
                entry(zip, PROVENANCE, out -> NpyFormat.writeString(out, provenanceJson));
            }
            if (featuresOrNull != null) {
                // float32 features barely compress; favour speed
                zip.setLevel(Deflater.BEST_SPEED);
                entry(zip, FEATURES, out -> NpyFormat.writeFloatRows(out, featuresOrNull, d));
            }
            zip.finish();
        });
    }

    private static void entry(ZipOutputStream zip, String key, Npy.Body body) throws IOException {
        zip.putNextEntry(new ZipEntry(key + ".npy"));
        body.write(new OutputStream() {
            // keep body writers from closing the zip stream
            @Override
            public void write(int b) throws IOException {
                zip.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
            }
        });
        zip.closeEntry();
    }

    /**
     * Reads a stats file written by fvd, pytorch-fid, clean-fid, TTUR or guided-diffusion.
     *
     * @throws StatsFileException if the file is missing, not a zip archive, lacks {@code mu}/{@code sigma}, or has a
     *                            wrong shape, dtype, non-finite value, or unsupported format version
     */
    public static StoredStatistics read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> entries = new TreeMap<>();
            zip.stream().forEach(e -> entries.put(e.getName().endsWith(".npy")
                    ? e.getName().substring(0, e.getName().length() - 4) : e.getName(), e));

            if (entries.containsKey(VERSION)) {
                long version = read(zip, entries, file, VERSION, (in, h) -> NpyFormat.readIntegerScalar(in, h));
                if (version < 1 || version > FORMAT_VERSION) {
                    throw new StatsFileException(file, VERSION, "is " + version + "; this fvd reads format versions 1.."
                            + FORMAT_VERSION + " (written by a newer fvd?)");
                }
            }
            require(entries, file, MU);
            require(entries, file, SIGMA);
            double[] mu = read(zip, entries, file, MU, (in, h) -> NpyFormat.readVector(in, h, -1));
            int d = mu.length;
            if (d == 0) {
                throw new StatsFileException(file, MU, "is empty");
            }
            double[] sigma = read(zip, entries, file, SIGMA, (in, h) -> NpyFormat.readSquare(in, h, d));
            requireFinite(file, MU, mu, d);
            requireFinite(file, SIGMA, sigma, d);
            requireSymmetric(file, sigma, d);
            requirePsdMinors(file, sigma, d);

            long count = -1;
            if (entries.containsKey(COUNT)) {
                count = read(zip, entries, file, COUNT, (in, h) -> NpyFormat.readIntegerScalar(in, h));
                if (count != -1 && count < 1) {
                    throw new StatsFileException(file, COUNT, "is " + count + "; expected -1 (unknown) or ≥ 1");
                }
            }
            CovarianceDivisor divisor = CovarianceDivisor.N_MINUS_ONE;
            if (entries.containsKey(DIVISOR)) {
                String label = read(zip, entries, file, DIVISOR, (in, h) -> NpyFormat.readString(in, h));
                try {
                    divisor = CovarianceDivisor.parse(label);
                } catch (IllegalArgumentException e) {
                    throw new StatsFileException(file, DIVISOR, "is '" + label + "'; expected 'N-1' or 'N'");
                }
            }
            Optional<String> provenance = Optional.empty();
            if (entries.containsKey(PROVENANCE)) {
                provenance = Optional.of(read(zip, entries, file, PROVENANCE, (in, h) -> NpyFormat.readString(in, h)));
            }
            Optional<float[][]> features = Optional.empty();
            if (entries.containsKey(FEATURES)) {
                float[][] rows = read(zip, entries, file, FEATURES, (in, h) -> NpyFormat.readFloatRows(in, h, d));
                for (int i = 0; i < rows.length; i++) {
                    for (int j = 0; j < d; j++) {
                        if (!Float.isFinite(rows[i][j])) {
                            throw new StatsFileException(file, FEATURES, "has " + rows[i][j] + " at [" + i + "," + j
                                    + "]; features must be finite");
                        }
                    }
                }
                features = Optional.of(rows);
            }
            return new StoredStatistics(file, new GaussianStatistics(count, mu, sigma, divisor), provenance, features);
        } catch (NoSuchFileException e) {
            throw new StatsFileException(file, null, "does not exist", e);
        } catch (ZipException e) {
            throw new StatsFileException(file, null, "is not a readable .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StatsFileException(file, null, "cannot be read: " + e, e);
        }
    }

    private interface ArrayReader<T> {
        T read(DataInputStream in, NpyFormat.Header header) throws IOException;
    }

    private static <T> T read(ZipFile zip, Map<String, ZipEntry> entries, Path file, String key, ArrayReader<T> reader)
            throws IOException {
        ZipEntry entry = entries.get(key);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(entry), 1 << 16))) {
            NpyFormat.Header h = NpyFormat.readHeader(in, file, key, entry.getSize());
            return reader.read(in, h);
        } catch (ZipException e) {
            throw new StatsFileException(file, key, "is corrupt: " + e.getMessage(), e);
        }
    }

    private static void require(Map<String, ZipEntry> entries, Path file, String key) {
        if (!entries.containsKey(key)) {
            throw new StatsFileException(file, key, "is missing (keys present: " + String.join(", ", entries.keySet())
                    + ")");
        }
    }

    /** Relative asymmetry ‖Σ − Σᵀ‖_F / ‖Σ‖_F above which {@code sigma} is refused. */
    static final double MAX_ASYMMETRY = 1e-9;

    /**
     * A covariance is symmetric. scipy's {@code sqrtm(Σ₁Σ₂)} (pytorch-fid, clean-fid) and fvd's symmetric eigen-solvers give
     * different numbers for an asymmetric {@code sigma}, so no number is computed from one. Float32-stored files are symmetric
     * exactly (both triangles round alike); 1e-9 leaves room for a file written after arithmetic in float64.
     */
    private static void requireSymmetric(Path file, double[] sigma, int d) {
        double asymmetry = 0;
        double norm = 0;
        int worstI = 0;
        int worstJ = 0;
        double worst = -1;
        for (int i = 0; i < d; i++) {
            norm += sigma[i * d + i] * sigma[i * d + i];
            for (int j = i + 1; j < d; j++) {
                double a = sigma[i * d + j];
                double b = sigma[j * d + i];
                double diff = a - b;
                asymmetry += 2 * diff * diff;
                norm += a * a + b * b;
                if (Math.abs(diff) > worst) {
                    worst = Math.abs(diff);
                    worstI = i;
                    worstJ = j;
                }
            }
        }
        double relative = norm == 0 ? 0 : Math.sqrt(asymmetry / norm);
        if (relative > MAX_ASYMMETRY) {
            throw new StatsFileException(file, SIGMA, String.format(java.util.Locale.ROOT,
                    "is not symmetric (‖Σ−Σᵀ‖/‖Σ‖ = %.3g, above %.0e; worst at [%d,%d]: %.9g vs [%d,%d]: %.9g), so it is not a "
                            + "covariance", relative, MAX_ASYMMETRY, worstI, worstJ, sigma[worstI * d + worstJ], worstJ, worstI,
                    sigma[worstJ * d + worstI]));
        }
    }

    /**
     * The O(d²) necessary conditions of positive semidefiniteness: no negative variance, and every 2×2 principal minor
     * σᵢᵢσⱼⱼ − σᵢⱼ² ≥ 0 (|correlation| ≤ 1, with 1e-9 relative slack for rounding). The full check (an eigen-decomposition,
     * O(d³)) runs only when a distance fails ({@code dev.fvd.Side.frechet}), so reading stays cheap.
     */
    private static void requirePsdMinors(Path file, double[] sigma, int d) {
        for (int i = 0; i < d; i++) {
            double v = sigma[i * d + i];
            if (v < 0) {
                throw new StatsFileException(file, SIGMA, String.format(java.util.Locale.ROOT, "has variance %.9g < 0 at [%d,%d],"
                        + " so it is not positive semidefinite (not a covariance)", v, i, i));
            }
        }
        for (int i = 0; i < d; i++) {
            double vi = sigma[i * d + i];
            for (int j = i + 1; j < d; j++) {
                double c = sigma[i * d + j];
                if (c * c > vi * sigma[j * d + j] * (1 + 1e-9) + Double.MIN_NORMAL) {
                    throw new StatsFileException(file, SIGMA, String.format(java.util.Locale.ROOT, "is not positive "
                            + "semidefinite: |[%d,%d]| = %.9g exceeds √([%d,%d]·[%d,%d]) = %.9g (a correlation above 1)", i, j,
                            Math.abs(c), i, i, j, j, Math.sqrt(vi * sigma[j * d + j])));
                }
            }
        }
    }

    private static void requireFinite(Path file, String key, double[] values, int d) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                String at = values.length == d ? "[" + i + "]" : "[" + i / d + "," + i % d + "]";
                throw new StatsFileException(file, key, "has " + values[i] + " at " + at + "; statistics must be finite");
            }
        }
    }
}
