package dev.fvd.features.vjepa;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.store.ModelFile;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * JEDi's feature network: the V-JEPA ViT-H/16 encoder {@code vith16.pth.tar} and the SSv2 attentive probe
 * {@code ssv2-probe.pth.tar}, imported by {@link VjepaGraph}. The publisher states no size or checksum: both files are
 * {@link ModelFile#UNPINNED}, recorded as imported and never canonical.
 */
public final class VjepaModel {
    /** Registry id. */
    public static final String ID = "vjepa-h16-ssv2";
    /** Feature dimension of the full model (pooler output, ViT-H embed 1280). */
    public static final int FEATURE_DIMENSION = 1280;
    static final String LICENSE = "CC-BY-NC-4.0 (facebookresearch/jepa LICENSE, as in oooolga/v-jepa); JEDi: Apache-2.0";
    static final String CITATION = "A. Bardes et al. Revisiting Feature Prediction for Learning Visual Representations "
            + "from Video (V-JEPA). arXiv 2404.08471, 2024. Used by JEDi: G. Luo et al. Beyond FVD: Enhanced Evaluation "
            + "Metrics for Video Generation Quality. arXiv 2410.05203, 2024.";
    private static final String BASE = "https://dl.fbaipublicfiles.com/jepa/vith16/";
    private static final String NO_PIN = ModelFile.UNPINNED + " JEDi and the jepa README state no size or checksum";
    /** The pretrained encoder, where JEDi downloads it ({@code videojedi/V_JEPA.py download_vjepa}). */
    public static final ModelFile ENCODER = new ModelFile(ID, "encoder", "vith16.pth.tar",
            URI.create(BASE + "vith16.pth.tar"), -1, null, null, null, LICENSE, CITATION, NO_PIN);
    /** The SSv2 attentive probe. */
    public static final ModelFile PROBE = new ModelFile(ID, "probe", "ssv2-probe.pth.tar",
            URI.create(BASE + "ssv2-probe.pth.tar"), -1, null, null, null, LICENSE, CITATION, NO_PIN);

    /**
     * JEDi's preprocessing ({@code videojedi/V_JEPA.py VJEPA.get_feats}): input in [0,1], ImageNet mean/std per channel
     * (inside the graph, {@link VjepaGraph#IMAGENET_MEAN}), 16 frames at 224². JEDi leaves the resize to the user's loader;
     * this one is fvd's choice, named here: {@code F.interpolate} bilinear (align_corners=False) squash to 224², as cd-FVD.
     */
    public static final ExtractionProtocol ORIGINAL_PREPROCESSING = new ExtractionProtocol("jedi", "fvd",
            ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, 224, 1.0 / 255.0, 0.0, 1e-6,
            "oooolga/JEDi videojedi/V_JEPA.py",
            "JEDi: x/255, PyTorch bilinear squash to 224x224 (fvd's choice), ImageNet mean/std, V-JEPA + SSv2 pooler");

    /** The registry entry; clips need one tubelet (2 frames). */
    public static final ModelSpec<VjepaWeights> SPEC = new ModelSpec<>(ID, List.of(ENCODER, PROBE), FEATURE_DIMENSION,
            MediaKind.VIDEO, 2, LICENSE, CITATION, ORIGINAL_PREPROCESSING, VjepaModel::read, VjepaGraph::build);

    private VjepaModel() {
    }

    /** Roles {@code encoder} and {@code probe} → the two state dicts. */
    static VjepaWeights read(Map<String, Path> files) {
        Path encoder = files.get(ENCODER.role());
        Path probe = files.get(PROBE.role());
        if (encoder == null || probe == null) {
            throw new InvalidModelException("model " + ID + " needs the files of roles encoder and probe, got "
                    + files.keySet());
        }
        return new VjepaWeights(VjepaGraph.encoderStateDict(VjepaGraph.readEncoderTensors(encoder), encoder.toString())
                .releasingUsedTensors(), VjepaGraph.probeStateDict(TorchCheckpointReader.read(probe,
                        name -> name.startsWith("classifier.")), probe.toString()).releasingUsedTensors());
    }
}
