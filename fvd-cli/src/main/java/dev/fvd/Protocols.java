package dev.fvd;

import dev.fvd.core.stats.CovarianceDivisor;
import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.FrameTransform;
import dev.fvd.datasets.OffsetPolicy;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.i3d.I3dModel;
import dev.fvd.features.i3dtorch.I3dTorchModel;
import dev.fvd.features.inception.FidInceptionModel;
import dev.fvd.features.videomae.VideoMaeModel;
import dev.fvd.features.vjepa.VjepaModel;

import java.util.List;
import java.util.Locale;

/**
 * The one table of protocols (REFERENCE.md §1–2): each row is a {@link Protocol} that reproduces one published implementation.
 * Adding a protocol is adding a row here (and its golden end-to-end test); nothing else lists protocols.
 *
 * <ul>
 *   <li>{@code tf} (FVD default) — google-research {@code frechet_video_distance/frechet_video_distance.py}:
 *       {@code tf.image.resize_bilinear} (TF1, align_corners=False, no half-pixel) of every frame to 224×224, then
 *       {@code 2·x/255 − 1}; I3D BatchNorm eps 1e-3; covariance ÷(N−1)
 *       ({@code tfgan.eval.frechet_classifier_distance_from_activations}); 16 frames from the first.</li>
 *   <li>{@code stylegan-v} — universome/stylegan-v {@code src/metrics/frechet_video_distance.py}: same weights as a TorchScript
 *       port, PyTorch bilinear (half-pixel) squash to 224², [−1, 1], eps 1e-3; covariance ÷N ({@code FeatureStats.get_mean_cov}
 *       in {@code src/metrics/metric_utils.py}: {@code raw_cov / num_items − μμᵀ}); REAL clips at a random offset
 *       ({@code src/training/dataset.py}, {@code random.randint(0, n − frames·stride + stride − 1)}), FAKE clips from frame 0
 *       ({@code load_n_consecutive_random_offset=False} for generated videos).</li>
 *   <li>{@code videogpt} — wilson1yan/VideoGPT {@code videogpt/fvd/fvd.py} ({@code preprocess_single}): short side to 224 with
 *       {@code F.interpolate(mode='bilinear', align_corners=False)}, centre crop 224², {@code 2·x − 1} on [0,1] input; the converted
 *       {@code i3d_pretrained_400.pt} uses BatchNorm eps 1e-5 (a porting slip reproduced on purpose); {@code np.cov}, N−1.</li>
 *   <li>{@code ttur} (FID default) — bioinf-jku/TTUR {@code fid.py} (Inception 2015-12-05 graph): TF1 bilinear to 299²,
 *       {@code (x − 128)/128}; {@code np.cov(rowvar=False)}, N−1.</li>
 *   <li>{@code pytorch-fid} — mseitzer/pytorch-fid {@code src/pytorch_fid/inception.py}: input in [0,1],
 *       {@code F.interpolate(size=(299,299), mode='bilinear', align_corners=False)}, {@code 2x − 1}; {@code fid_score.py}
 *       {@code np.cov(rowvar=False)}, N−1.</li>
 *   <li>{@code clean} — GaParmar/clean-fid {@code cleanfid/resize.py}: per-channel float PIL BICUBIC (antialiased) to 299², clip
 *       to [0,255], {@code (x − 128)/128}; {@code cleanfid/fid.py} {@code np.cov(rowvar=False)}, N−1.</li>
 *   <li>{@code cd-fvd} — songweige/content-debiased-fvd {@code cdfvd/fvd.py} with {@code model='videomae'} (Ge et al. 2024):
 *       {@code x/255}, {@code F.interpolate} bilinear (half-pixel) squash to 224², no mean/std, VideoMAE-v2 ViT-g {@code fc_norm}
 *       of the mean-pooled tokens (1408-d); covariance ÷N ({@code Σxxᵀ/N − μμᵀ}); one random 16-frame clip per video.</li>
 *   <li>{@code cd-fvd-i3d} — the same repository with {@code model='i3d'}: {@code i3d_pretrained_400.pt}, bilinear squash of
 *       0–255 floats to 224², {@code 2x/255 − 1}, BatchNorm eps 1e-5; covariance ÷N.</li>
 *   <li>{@code cd-fvd-folder}, {@code cd-fvd-i3d-folder} — the same two with the frames cd-FVD's video-folder loader makes
 *       ({@code cdfvd/utils/data_utils.py} {@code preprocess}, {@code cdfvd/fvd.py} {@code (batch['video']*255).byte()}):
 *       {@code /255}, short side to 256 with {@code F.interpolate(mode='bilinear', antialias=True)} ({@code ceil} of the other
 *       side), centre crop at {@code (size − 256) // 2}, ×255 and truncation to uint8, before the model's own preprocessing
 *       (datasets' {@code FrameTransform.cdFvdFolder(256)}); clips drawn as that loader draws them (datasets'
 *       {@code OffsetPolicy.CD_FVD}: its glob file order, torch DataLoader shuffle and worker seeds, Python
 *       {@code random.randint}, items repeated up to {@code n}). A separate row, not a flag, so stats files made with these frames
 *       carry a protocol name of their own and never mix with {@code cd-fvd}'s; the network and its preprocessing are the
 *       base row's own record ({@code extraction().name()} is {@code cd-fvd} / {@code cd-fvd-i3d}), so they run the same
 *       imported model.</li>
 *   <li>{@code jedi} — oooolga/JEDi {@code videojedi} (Luo et al. 2024): V-JEPA ViT-H/16 + SSv2 attentive pooler (1280-d),
 *       [0,1] then ImageNet mean/std; JEDi leaves the resize to the user's loader, fvd squashes with PyTorch bilinear to 224²;
 *       reports JEDi's 100·MMD² (polynomial kernel degree 2, γ = 1/d, c₀ = 0, biased) beside the Fréchet distance.</li>
 * </ul>
 */
public final class Protocols {
    private static final Protocol.Clips FVD16 = new Protocol.Clips(16, 1, OffsetPolicy.FIRST);
    private static final Protocol.Clips FVD16_RANDOM = new Protocol.Clips(16, 1, OffsetPolicy.RANDOM);
    private static final Protocol.Clips IMAGE = Protocol.Clips.image();
    /** cd-FVD's video-folder loader: its draw of 16-frame windows, frames prepared at its default resolution 256. */
    private static final Protocol.Clips CD_FVD_FOLDER_CLIPS = new Protocol.Clips(16, 1, OffsetPolicy.CD_FVD, false,
            FrameTransform.cdFvdFolder(256));

    public static final Protocol TF = row("tf", Metric.FVD, I3dModel.SPEC, FVD16, FVD16, I3dModel.SPEC.importCheck(),
            CovarianceDivisor.N_MINUS_ONE, List.of(Measure.FD), 2048,
            "google-research/google-research frechet_video_distance/frechet_video_distance.py",
            "16 consecutive frames from the start; papers use 256 (prediction) or 2048 (generation) clips");

    public static final Protocol STYLEGAN_V = row("stylegan-v", Metric.FVD, I3dModel.SPEC,
            new Protocol.Clips(16, 1, OffsetPolicy.RANDOM, true), FVD16, ResizeMethod.TORCH_BILINEAR,
            CropMode.SQUASH, 224, 2.0 / 255.0, 1e-3, CovarianceDivisor.N, 2048,
            "universome/stylegan-v src/metrics/frechet_video_distance.py",
            "StyleGAN-V: PyTorch bilinear (half-pixel) squash to 224x224, x*2/255-1, same I3D weights, BN eps 1e-3",
            "FVD16 with 2048 clips: REAL clips at a random offset (seeded), FAKE clips from frame 0 (an explicit offset"
                    + " applies to both sides); REAL videos shorter than the clip are dropped and listed as skipped;"
                    + " FVD128 = 128 frames, 'FVD16 stride 8' = stride 8");

    public static final Protocol VIDEOGPT = row("videogpt", Metric.FVD, I3dModel.SPEC, FVD16, FVD16, ResizeMethod.TORCH_BILINEAR,
            CropMode.CENTER_CROP, 224, 2.0 / 255.0, 1e-5, CovarianceDivisor.N_MINUS_ONE, 2048,
            "wilson1yan/VideoGPT videogpt/fvd/fvd.py",
            "VideoGPT/TATS: PyTorch bilinear short side to 224 + centre crop, x*2/255-1, BN eps 1e-5 (porting slip)",
            "reproduces the PyTorch I3D port with BatchNorm eps 1e-5; covariance divisor N-1 is unverified for every fork");

    public static final Protocol TTUR = row("ttur", Metric.FID, FidInceptionModel.SPEC, IMAGE, IMAGE,
            FidInceptionModel.SPEC.importCheck(), CovarianceDivisor.N_MINUS_ONE, List.of(Measure.FD), 50000,
            "bioinf-jku/TTUR fid.py", "use more than 2048 images (10k-50k recommended) or the covariance is singular");

    public static final Protocol PYTORCH_FID = row("pytorch-fid", Metric.FID, FidInceptionModel.SPEC, IMAGE, IMAGE, ResizeMethod.TORCH_BILINEAR,
            CropMode.SQUASH, 299, 2.0 / 255.0, 1e-3, CovarianceDivisor.N_MINUS_ONE, 50000,
            "mseitzer/pytorch-fid src/pytorch_fid/inception.py",
            "pytorch-fid: F.interpolate bilinear (half-pixel) to 299x299, 2*(x/255)-1, FID-Inception pool3",
            "differs from TTUR by the resize convention (about 0.1% relative)");

    public static final Protocol CLEAN = row("clean", Metric.FID, FidInceptionModel.SPEC, IMAGE, IMAGE, ResizeMethod.PIL_BICUBIC, CropMode.SQUASH, 299,
            1.0 / 128.0, 1e-3, CovarianceDivisor.N_MINUS_ONE, 50000,
            "GaParmar/clean-fid cleanfid/resize.py",
            "clean-fid: per-channel float PIL bicubic (antialiased) to 299x299, clip 0..255, (x-128)/128",
            "clean-fid mode='clean'");

    public static final Protocol CD_FVD = row("cd-fvd", Metric.FVD, VideoMaeModel.SPEC, FVD16_RANDOM, FVD16_RANDOM,
            VideoMaeModel.ORIGINAL_PREPROCESSING, CovarianceDivisor.N, List.of(Measure.FD), 2048,
            "songweige/content-debiased-fvd cdfvd/fvd.py",
            "one random 16-frame clip per video on both sides, seeded (cd-FVD's folder loader draws with its own generator, so"
                    + " the clips match in distribution, not one by one); for cd-FVD's numpy-array input: its folder loader's"
                    + " short-side-256 antialiased crop and (x*255).byte() requantisation are the row cd-fvd-folder");

    public static final Protocol CD_FVD_I3D = row("cd-fvd-i3d", Metric.FVD, I3dTorchModel.SPEC, FVD16_RANDOM,
            FVD16_RANDOM, I3dTorchModel.ORIGINAL_PREPROCESSING, CovarianceDivisor.N, List.of(Measure.FD), 2048,
            "songweige/content-debiased-fvd cdfvd/fvd.py",
            "the I3D weights cd-FVD, VideoGPT and TATS load (i3d_pretrained_400.pt); same sampling as cd-fvd");

    public static final Protocol JEDI = row("jedi", Metric.FVD, VjepaModel.SPEC, FVD16, FVD16,
            VjepaModel.ORIGINAL_PREPROCESSING, CovarianceDivisor.N_MINUS_ONE, List.of(Measure.FD, Measure.JEDI), 5000,
            "oooolga/JEDi videojedi",
            "the value to quote is `jedi` (100 x MMD^2); the Frechet distance on the same features is printed beside it;"
                    + " the resize to 224x224 is fvd's choice (JEDi leaves it to the loader)");

    public static final Protocol CD_FVD_FOLDER = row("cd-fvd-folder", Metric.FVD, VideoMaeModel.SPEC, CD_FVD_FOLDER_CLIPS,
            CD_FVD_FOLDER_CLIPS, VideoMaeModel.ORIGINAL_PREPROCESSING, CovarianceDivisor.N, List.of(Measure.FD), 2048,
            "songweige/content-debiased-fvd cdfvd/fvd.py, cdfvd/utils/data_utils.py",
            "cd-fvd as its load_videos(data_type='video_folder') reads folders: frames /255, short side to 256 (torch bilinear,"
                    + " antialias=True), centre crop 256x256, (x*255).byte() (truncation), then the model's own /255 and"
                    + " bilinear squash to 224; clips drawn as its loader draws them (its glob file order, DataLoader"
                    + " shuffle and worker seeds, random.randint start in [0, n-16]): --seed 42 and --max-videos N"
                    + " (n_fake's default 2048; 0 = one pass, n_real='full') reproduce its clips one by one; the file order"
                    + " is the folder's readdir order, so a copy of the folder elsewhere can change them, in cd-FVD too");

    public static final Protocol CD_FVD_I3D_FOLDER = row("cd-fvd-i3d-folder", Metric.FVD, I3dTorchModel.SPEC,
            CD_FVD_FOLDER_CLIPS, CD_FVD_FOLDER_CLIPS, I3dTorchModel.ORIGINAL_PREPROCESSING, CovarianceDivisor.N,
            List.of(Measure.FD), 2048, "songweige/content-debiased-fvd cdfvd/fvd.py, cdfvd/utils/data_utils.py",
            "cd-fvd-i3d with the video-folder frames of cd-fvd-folder");

    private static final List<Protocol> ALL = List.of(TF, STYLEGAN_V, VIDEOGPT, TTUR, PYTORCH_FID, CLEAN, CD_FVD, CD_FVD_I3D,
            CD_FVD_FOLDER, CD_FVD_I3D_FOLDER, JEDI);

    private Protocols() {
    }

    /** Every known protocol, FVD ones first. */
    public static List<Protocol> all() {
        return ALL;
    }

    /** The protocol of that name (case-insensitive). */
    public static Protocol named(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(p -> p.name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidSettingsException("unknown protocol '" + name + "'; known: "
                        + ALL.stream().map(Protocol::name).toList()));
    }

    /** A row; the network input is {@code pixel · scale − 1} for every known protocol. */
    private static Protocol row(String name, Metric metric, ModelSpec<?> model, Protocol.Clips real, Protocol.Clips fake, ResizeMethod resize,
                                CropMode crop, int size, double scale, double batchNormEps, CovarianceDivisor divisor,
                                int typicalSamples, String reference, String description, String notes) {
        ExtractionProtocol extraction = new ExtractionProtocol(name, metric.id(), resize, crop, size, scale, -1.0, batchNormEps,
                reference, description);
        return new Protocol(name, metric, model, real, fake, extraction, divisor, List.of(Measure.FD), typicalSamples, reference,
                description, notes);
    }

    /** A row whose preprocessing is the model's own published recipe (the one its import is checked with). */
    private static Protocol row(String name, Metric metric, ModelSpec<?> model, Protocol.Clips real, Protocol.Clips fake,
                                ExtractionProtocol extraction, CovarianceDivisor divisor, List<Measure> measures,
                                int typicalSamples, String reference, String notes) {
        return new Protocol(name, metric, model, real, fake, extraction, divisor, measures, typicalSamples, reference,
                extraction.description(), notes);
    }

    /** {@code tf} for FVD, {@code ttur} for FID. */
    public static Protocol defaultFor(Metric metric) {
        return metric == Metric.FVD ? TF : TTUR;
    }
}
