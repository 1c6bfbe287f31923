package dev.fvd.features;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;

import java.util.List;
import java.util.Locale;

/**
 * Test fixture: the preprocessing values of the published FVD / FID implementations (REFERENCE.md §1–2), as the tests of
 * this module need them. The one protocol table of fvd lives in fvd-cli ({@code dev.fvd.Protocols}); feature-extractors
 * takes an {@link ExtractionProtocol} value and keeps no table.
 *
 * <ul>
 *   <li>{@code tf} (FVD default) — google-research {@code frechet_video_distance/frechet_video_distance.py}:
 *       {@code tf.image.resize_bilinear} (TF1, align_corners=False, no half-pixel) of every frame to 224×224, then
 *       {@code 2·x/255 − 1}; I3D BatchNorm eps 1e-3.</li>
 *   <li>{@code stylegan-v} — universome/stylegan-v {@code src/metrics/frechet_video_distance.py}: same weights as a
 *       TorchScript port, resize inside the detector with PyTorch bilinear (half-pixel; exact mode <i>unverified</i>,
 *       REFERENCE.md §1), squash to 224², scale to [−1, 1], eps 1e-3.</li>
 *   <li>{@code videogpt} — wilson1yan/VideoGPT {@code videogpt/fvd/fvd.py} ({@code preprocess_single}): short side to 224
 *       with {@code F.interpolate(mode='bilinear', align_corners=False)}, centre crop 224², {@code 2·x − 1} on [0,1] input;
 *       the converted {@code i3d_pretrained_400.pt} uses BatchNorm eps 1e-5 (a porting slip reproduced on purpose).</li>
 *   <li>{@code ttur} (FID default) — bioinf-jku/TTUR {@code fid.py} (Inception 2015-12-05 graph): TF1 bilinear to 299²,
 *       {@code (x − 128)/128}.</li>
 *   <li>{@code pytorch-fid} — mseitzer/pytorch-fid {@code src/pytorch_fid/inception.py}: input in [0,1],
 *       {@code F.interpolate(size=(299,299), mode='bilinear', align_corners=False)}, {@code 2x − 1}.</li>
 *   <li>{@code clean} — GaParmar/clean-fid {@code cleanfid/resize.py}: per-channel float PIL BICUBIC (antialiased) to 299²,
 *       clip to [0,255], {@code (x − 128)/128}.</li>
 * </ul>
 */
public final class ReferenceProtocols {
    public static final ExtractionProtocol TF = new ExtractionProtocol("tf", "fvd", ResizeMethod.TF1_BILINEAR,
            CropMode.SQUASH, 224, 2.0 / 255.0, -1.0, 1e-3,
            "google-research/google-research frechet_video_distance/frechet_video_distance.py",
            "FVD as published: TF1 bilinear (asymmetric) squash to 224x224, x*2/255-1, I3D rgb_scratch, BN eps 1e-3");
    public static final ExtractionProtocol STYLEGAN_V = new ExtractionProtocol("stylegan-v", "fvd",
            ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, 224, 2.0 / 255.0, -1.0, 1e-3,
            "universome/stylegan-v src/metrics/frechet_video_distance.py",
            "StyleGAN-V: PyTorch bilinear (half-pixel) squash to 224x224, x*2/255-1, same I3D weights, BN eps 1e-3");
    public static final ExtractionProtocol VIDEOGPT = new ExtractionProtocol("videogpt", "fvd",
            ResizeMethod.TORCH_BILINEAR, CropMode.CENTER_CROP, 224, 2.0 / 255.0, -1.0, 1e-5,
            "wilson1yan/VideoGPT videogpt/fvd/fvd.py",
            "VideoGPT/TATS: PyTorch bilinear short side to 224 + centre crop, x*2/255-1, BN eps 1e-5 (porting slip)");
    public static final ExtractionProtocol TTUR = new ExtractionProtocol("ttur", "fid", ResizeMethod.TF1_BILINEAR,
            CropMode.SQUASH, 299, 1.0 / 128.0, -1.0, 1e-3,
            "bioinf-jku/TTUR fid.py",
            "FID as published: TF1 bilinear (asymmetric) squash to 299x299, (x-128)/128, Inception 2015-12-05 pool3");
    public static final ExtractionProtocol PYTORCH_FID = new ExtractionProtocol("pytorch-fid", "fid",
            ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, 299, 2.0 / 255.0, -1.0, 1e-3,
            "mseitzer/pytorch-fid src/pytorch_fid/inception.py",
            "pytorch-fid: F.interpolate bilinear (half-pixel) to 299x299, 2*(x/255)-1, FID-Inception pool3");
    public static final ExtractionProtocol CLEAN = new ExtractionProtocol("clean", "fid", ResizeMethod.PIL_BICUBIC,
            CropMode.SQUASH, 299, 1.0 / 128.0, -1.0, 1e-3,
            "GaParmar/clean-fid cleanfid/resize.py",
            "clean-fid: per-channel float PIL bicubic (antialiased) to 299x299, clip 0..255, (x-128)/128");

    private static final List<ExtractionProtocol> ALL = List.of(TF, STYLEGAN_V, VIDEOGPT, TTUR, PYTORCH_FID, CLEAN);

    private ReferenceProtocols() {
    }

    /** All known protocols, FVD ones first. */
    public static List<ExtractionProtocol> all() {
        return ALL;
    }

    /** Looks a protocol up by name (case-insensitive). */
    public static ExtractionProtocol byName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ExtractionProtocol p : ALL) {
            if (p.name().equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; known: "
                + ALL.stream().map(ExtractionProtocol::name).toList());
    }

    /** {@code tf} for "fvd"/"kvd", {@code ttur} for "fid"/"kid". */
    public static ExtractionProtocol defaultFor(String metric) {
        return switch (metric == null ? "" : metric.toLowerCase(Locale.ROOT)) {
            case "fvd", "kvd" -> TF;
            case "fid", "kid" -> TTUR;
            default -> throw new IllegalArgumentException("unknown metric '" + metric + "'; known: fvd, kvd, fid, kid");
        };
    }
}
