package dev.fvd.core.io;

import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.core.stats.GaussianStatistics;
import dev.fvd.io.AtomicFile;
import dev.fvd.io.Npy;
import dev.fvd.io.NpyFormatException;
import dev.fvd.io.NpzArchive;
import dev.fvd.io.NpzWriter;
import dev.fvd.io.OutputFileException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipException;

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
 * <p><b>Read</b> with fvd-io's codec ({@link NpzArchive}): compressed or stored entries, ZIP64, float32/float64, either byte order,
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
        try {
            AtomicFile.write(file, raw -> {
                NpzWriter npz = new NpzWriter(raw);
                npz.add(VERSION, out -> Npy.writeLongScalar(out, FORMAT_VERSION));
                npz.add(MU, out -> Npy.writeVector(out, stats.mean()));
                npz.add(SIGMA, out -> Npy.writeSquare(out, stats.covariance(), d));
                npz.add(COUNT, out -> Npy.writeLongScalar(out, stats.count()));
                npz.add(DIVISOR, out -> Npy.writeString(out, stats.divisor().label()));
                if (provenanceJson != null) {
                    npz.add(PROVENANCE, out -> Npy.writeString(out, provenanceJson));
                }
                if (featuresOrNull != null) {
                    // float32 features barely compress; favour speed
                    npz.level(Deflater.BEST_SPEED).add(FEATURES, out -> Npy.writeFloatRows(out, featuresOrNull, d));
                }
                npz.finish();
            });
        } catch (OutputFileException e) {
            throw new StatsFileException(file, null, e.problem(), e);
        }
    }

    /**
     * Reads a stats file written by fvd, pytorch-fid, clean-fid, TTUR or guided-diffusion.
     *
     * @throws StatsFileException if the file is missing, not a zip archive, lacks {@code mu}/{@code sigma}, or has a
     *                            wrong shape, dtype, non-finite value, or unsupported format version
     */
    public static StoredStatistics read(Path file) {
        try (NpzArchive zip = NpzArchive.open(file)) {
            if (zip.contains(VERSION)) {
                long version = zip.read(VERSION, Npy::readIntegerScalar);
                if (version < 1 || version > FORMAT_VERSION) {
                    throw new StatsFileException(file, VERSION, "is " + version + "; this fvd reads format versions 1.."
                            + FORMAT_VERSION + " (written by a newer fvd?)");
                }
            }
            require(zip, file, MU);
            require(zip, file, SIGMA);
            double[] mu = zip.read(MU, (in, h) -> Npy.readVector(in, h, -1));
            int d = mu.length;
            if (d == 0) {
                throw new StatsFileException(file, MU, "is empty");
            }
            double[] sigma = zip.read(SIGMA, (in, h) -> Npy.readSquare(in, h, d));
            requireFinite(file, MU, mu, d);
            requireFinite(file, SIGMA, sigma, d);
            requireSymmetric(file, sigma, d);
            requirePsdMinors(file, sigma, d);

            long count = -1;
            if (zip.contains(COUNT)) {
                count = zip.read(COUNT, Npy::readIntegerScalar);
                if (count != -1 && count < 1) {
                    throw new StatsFileException(file, COUNT, "is " + count + "; expected -1 (unknown) or ≥ 1");
                }
            }
            CovarianceDivisor divisor = CovarianceDivisor.N_MINUS_ONE;
            if (zip.contains(DIVISOR)) {
                String label = zip.read(DIVISOR, Npy::readString);
                try {
                    divisor = CovarianceDivisor.parse(label);
                } catch (IllegalArgumentException e) {
                    throw new StatsFileException(file, DIVISOR, "is '" + label + "'; expected 'N-1' or 'N'");
                }
            }
            Optional<String> provenance = Optional.empty();
            if (zip.contains(PROVENANCE)) {
                provenance = Optional.of(zip.read(PROVENANCE, Npy::readString));
            }
            Optional<float[][]> features = Optional.empty();
            if (zip.contains(FEATURES)) {
                float[][] rows = zip.read(FEATURES, (in, h) -> Npy.readFloatRows(in, h, d));
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
        } catch (NpyFormatException e) {
            throw new StatsFileException(e.file(), e.key().orElse(null), e.problem(), e);
        } catch (NoSuchFileException e) {
            throw new StatsFileException(file, null, "does not exist", e);
        } catch (ZipException e) {
            throw new StatsFileException(file, null, "is not a readable .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StatsFileException(file, null, "cannot be read: " + e, e);
        }
    }

    private static void require(NpzArchive zip, Path file, String key) {
        if (!zip.contains(key)) {
            throw new StatsFileException(file, key, "is missing (keys present: " + String.join(", ", new java.util.TreeSet<>(zip.keys())) + ")");
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
