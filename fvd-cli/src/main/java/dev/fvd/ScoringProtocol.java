package dev.fvd;

import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.OffsetPolicy;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;

import java.util.List;
import java.util.Objects;

/**
 * Everything a published number depends on beyond the network weights: the extraction protocol (resize, crop, value range,
 * BatchNorm eps; the values of REFERENCE.md §1–2), the covariance divisor of the statistics, and the clip sampling the reference uses by default.
 *
 * @param extraction      preprocessing and network recipe
 * @param divisor         covariance divisor: N−1 in TF-GAN / TTUR / pytorch-fid / clean-fid ({@code np.cov}), N in StyleGAN-V
 * @param frames          frames per clip the reference samples (1 for images)
 * @param stride          frame stride the reference uses
 * @param offset          where a clip starts in its video by default
 * @param typicalSamples  sample count used in papers with this protocol (informative, printed by {@code fvd protocols})
 * @param notes           what a user must know to reproduce the reference exactly
 */
public record ScoringProtocol(ExtractionProtocol extraction, CovarianceDivisor divisor, int frames, int stride,
                              OffsetPolicy offset, int typicalSamples, String notes) {

    public ScoringProtocol {
        Objects.requireNonNull(extraction, "extraction");
        Objects.requireNonNull(divisor, "divisor");
        Objects.requireNonNull(offset, "offset");
    }

    /** google-research FVD / TF-GAN: N−1 ({@code tfgan.eval.frechet_classifier_distance_from_activations}), 16 frames. */
    public static final ScoringProtocol TF = new ScoringProtocol(new ExtractionProtocol("tf", "fvd", ResizeMethod.TF1_BILINEAR,
                    CropMode.SQUASH, 224, 2.0 / 255.0, -1.0, 1e-3,
                    "google-research/google-research frechet_video_distance/frechet_video_distance.py",
                    "FVD as published: TF1 bilinear (asymmetric) squash to 224x224, x*2/255-1, I3D rgb_scratch, BN eps 1e-3"), CovarianceDivisor.N_MINUS_ONE,
            16, 1, OffsetPolicy.FIRST, 2048,
            "16 consecutive frames from the start; papers use 256 (prediction) or 2048 (generation) clips");
    /**
     * StyleGAN-V {@code src/metrics/frechet_video_distance.py}: covariance ÷N ({@code FeatureStats.get_mean_cov} in
     * {@code src/metrics/metric_utils.py}: {@code raw_cov / num_items − μμᵀ}; REFERENCE.md §1), FVD16; it samples real clips at
     * a random offset and fake clips from the first frame.
     */
    public static final ScoringProtocol STYLEGAN_V = new ScoringProtocol(new ExtractionProtocol("stylegan-v", "fvd",
                    ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, 224, 2.0 / 255.0, -1.0, 1e-3,
                    "universome/stylegan-v src/metrics/frechet_video_distance.py",
                    "StyleGAN-V: PyTorch bilinear (half-pixel) squash to 224x224, x*2/255-1, same I3D weights, BN eps 1e-3"),
            CovarianceDivisor.N, 16, 1, OffsetPolicy.FIRST, 2048,
            "FVD16 with 2048 clips; StyleGAN-V takes REAL clips at a random offset (score the real side with --offset random"
                    + " into a stats file) and FAKE clips from frame 0; FVD128 = --frames 128, 'FVD16 stride 8' = --stride 8");
    /** VideoGPT / TATS / cd-fvd: N−1 ({@code np.cov}); *unverified* for every fork. */
    public static final ScoringProtocol VIDEOGPT = new ScoringProtocol(new ExtractionProtocol("videogpt", "fvd",
                    ResizeMethod.TORCH_BILINEAR, CropMode.CENTER_CROP, 224, 2.0 / 255.0, -1.0, 1e-5,
                    "wilson1yan/VideoGPT videogpt/fvd/fvd.py",
                    "VideoGPT/TATS: PyTorch bilinear short side to 224 + centre crop, x*2/255-1, BN eps 1e-5 (porting slip)"),
            CovarianceDivisor.N_MINUS_ONE, 16, 1, OffsetPolicy.FIRST, 2048,
            "reproduces the PyTorch I3D port with BatchNorm eps 1e-5; covariance divisor N-1 is unverified for every fork");
    /** TTUR {@code fid.py}: {@code np.cov(rowvar=False)}, N−1. */
    public static final ScoringProtocol TTUR = new ScoringProtocol(new ExtractionProtocol("ttur", "fid", ResizeMethod.TF1_BILINEAR,
                    CropMode.SQUASH, 299, 1.0 / 128.0, -1.0, 1e-3,
                    "bioinf-jku/TTUR fid.py",
                    "FID as published: TF1 bilinear (asymmetric) squash to 299x299, (x-128)/128, Inception 2015-12-05 pool3"), CovarianceDivisor.N_MINUS_ONE,
            1, 1, OffsetPolicy.FIRST, 50000, "use more than 2048 images (10k-50k recommended) or the covariance is singular");
    /** pytorch-fid {@code fid_score.py}: {@code np.cov(rowvar=False)}, N−1. */
    public static final ScoringProtocol PYTORCH_FID = new ScoringProtocol(new ExtractionProtocol("pytorch-fid", "fid",
                    ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, 299, 2.0 / 255.0, -1.0, 1e-3,
                    "mseitzer/pytorch-fid src/pytorch_fid/inception.py",
                    "pytorch-fid: F.interpolate bilinear (half-pixel) to 299x299, 2*(x/255)-1, FID-Inception pool3"),
            CovarianceDivisor.N_MINUS_ONE, 1, 1, OffsetPolicy.FIRST, 50000,
            "differs from TTUR by the resize convention (about 0.1% relative)");
    /** clean-fid {@code cleanfid/fid.py}: {@code np.cov(rowvar=False)}, N−1. */
    public static final ScoringProtocol CLEAN = new ScoringProtocol(new ExtractionProtocol("clean", "fid", ResizeMethod.PIL_BICUBIC,
                    CropMode.SQUASH, 299, 1.0 / 128.0, -1.0, 1e-3,
                    "GaParmar/clean-fid cleanfid/resize.py",
                    "clean-fid: per-channel float PIL bicubic (antialiased) to 299x299, clip 0..255, (x-128)/128"), CovarianceDivisor.N_MINUS_ONE,
            1, 1, OffsetPolicy.FIRST, 50000, "clean-fid mode='clean'");

    private static final List<ScoringProtocol> ALL = List.of(TF, STYLEGAN_V, VIDEOGPT, TTUR, PYTORCH_FID, CLEAN);

    /** Every known protocol, FVD ones first. */
    public static List<ScoringProtocol> all() {
        return ALL;
    }

    /** The protocol of that name ({@code tf}, {@code stylegan-v}, {@code videogpt}, {@code ttur}, {@code pytorch-fid}, {@code clean}). */
    public static ScoringProtocol named(String name) {
        String wanted = name == null ? "" : name.trim();
        return ALL.stream()
                .filter(p -> p.name().equalsIgnoreCase(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidSettingsException("unknown protocol '" + name + "'; known: "
                        + ALL.stream().map(ScoringProtocol::name).toList()));
    }

    /** {@code tf} for FVD, {@code ttur} for FID. */
    public static ScoringProtocol defaultFor(Metric metric) {
        return metric == Metric.FVD ? TF : TTUR;
    }

    public String name() {
        return extraction.name();
    }

    /** The metric this protocol belongs to. */
    public Metric metric() {
        return Metric.fromId(extraction.metric());
    }

    /** Videos or images. */
    public MediaKind media() {
        return metric().media();
    }
}
