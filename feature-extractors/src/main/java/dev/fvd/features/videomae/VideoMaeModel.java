package dev.fvd.features.videomae;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.store.ModelFile;
import dev.fvd.features.vit.StateDict;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * cd-FVD's VideoMAE-v2 ViT-g/14 (SSv2 fine-tuned {@code vit_g_hybrid_pt_1200e_ssv2_ft.pth}), imported by
 * {@link VideoMaeGraph}. The publisher states no size or checksum: the file is {@link ModelFile#UNPINNED}, recorded as
 * imported and never canonical.
 */
public final class VideoMaeModel {
    /** Registry id. */
    public static final String ID = "videomae-v2-g";
    /** Feature dimension of the full model ({@code fc_norm}, ViT-g embed 1408). */
    public static final int FEATURE_DIMENSION = 1408;
    static final String LICENSE = "unverified: the weights' terms are not stated where cd-FVD downloads them "
            + "(OpenGVLab VideoMAEv2 code: MIT; songweige/content-debiased-fvd: MIT)";
    static final String CITATION = "L. Wang et al. VideoMAE V2: Scaling Video Masked Autoencoders with Dual Masking. "
            + "CVPR 2023. Used by content-debiased FVD: S. Ge et al. On the Content Bias in Frechet Video Distance. CVPR 2024.";
    /** The checkpoint, where cd-FVD downloads it ({@code cdfvd/third_party/VideoMAEv2/utils.py load_videomae_model}). */
    public static final ModelFile CHECKPOINT = new ModelFile(ID, "checkpoint", "vit_g_hybrid_pt_1200e_ssv2_ft.pth",
            URI.create("https://huggingface.co/OpenGVLab/InternVideoMAE_models/resolve/main/mae-g/"
                    + "vit_g_hybrid_pt_1200e_ssv2_ft.pth"), -1, null, null, null, LICENSE, CITATION,
            ModelFile.UNPINNED + " neither cd-FVD nor the model page states a size or checksum");

    /**
     * cd-FVD's preprocessing ({@code utils.py preprocess_videomae}): {@code x/255}, {@code F.interpolate(size=(224,224),
     * mode='bilinear', align_corners=False)} squash, no mean/std; LayerNorm eps 1e-6 in the {@code batchNormEps} slot.
     */
    public static final ExtractionProtocol ORIGINAL_PREPROCESSING = new ExtractionProtocol("cd-fvd", "fvd",
            ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, 224, 1.0 / 255.0, 0.0, 1e-6,
            "songweige/content-debiased-fvd cdfvd/third_party/VideoMAEv2/utils.py",
            "cd-FVD: x/255, PyTorch bilinear (half-pixel) squash to 224x224, no mean/std, VideoMAE-v2 ViT-g fc_norm");

    /** The registry entry; clips need one tubelet (2 frames). */
    public static final ModelSpec<StateDict> SPEC = new ModelSpec<>(ID, List.of(CHECKPOINT), FEATURE_DIMENSION,
            MediaKind.VIDEO, 2, LICENSE, CITATION, ORIGINAL_PREPROCESSING, VideoMaeModel::read, VideoMaeGraph::build);

    private VideoMaeModel() {
    }

    /** Role {@code checkpoint} → its state dict ({@code model}, else {@code module}, else the top level). */
    static StateDict read(Map<String, Path> files) {
        Path file = files.get(CHECKPOINT.role());
        if (file == null) {
            throw new InvalidModelException("model " + ID + " needs the file of role checkpoint, got " + files.keySet());
        }
        return VideoMaeGraph.stateDict(VideoMaeGraph.readModelTensors(file), file.toString()).releasingUsedTensors();
    }
}
