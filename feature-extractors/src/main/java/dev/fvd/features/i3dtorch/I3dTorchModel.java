package dev.fvd.features.i3dtorch;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.checkpoint.tf.FloatTensor;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.i3d.I3dGraph;
import dev.fvd.features.store.ModelFile;
import dev.fvd.features.vit.StateDict;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code i3d_pretrained_400.pt}, the PyTorch port of the Kinetics-400 I3D that VideoGPT, TATS and cd-FVD load, imported by
 * {@link I3dTorchImport} into the {@link I3dGraph} topology. No publisher states a checksum: the file is
 * {@link ModelFile#UNPINNED}, recorded as imported and never canonical.
 */
public final class I3dTorchModel {
    /** Registry id. */
    public static final String ID = "i3d-torch-400";
    static final String LICENSE = "unverified: converted from DeepMind kinetics-i3d weights (Apache-2.0); distributed in "
            + "songweige/TATS without a stated license for the file";
    static final String CITATION = "J. Carreira, A. Zisserman. Quo Vadis, Action Recognition? A New Model and the Kinetics "
            + "Dataset. CVPR 2017. PyTorch port (piergiaj/pytorch-i3d layout) as loaded by VideoGPT, TATS and cd-FVD.";
    /** The state dict, where cd-FVD downloads it ({@code cdfvd/third_party/i3d/utils.py load_i3d_model}). */
    public static final ModelFile STATE_DICT = new ModelFile(ID, "state-dict", "i3d_pretrained_400.pt",
            URI.create("https://github.com/songweige/TATS/raw/main/tats/fvd/i3d_pretrained_400.pt"), -1, null, null, null,
            LICENSE, CITATION, ModelFile.UNPINNED + " TATS and cd-FVD state no size or checksum");

    /**
     * cd-FVD's I3D preprocessing ({@code cdfvd/third_party/i3d/utils.py preprocess_i3d}): {@code F.interpolate} bilinear of
     * 0–255 floats squashed to 224², {@code 2x/255 − 1}; BatchNorm eps 1e-5 ({@code pytorch_i3d.py Unit3D}).
     */
    public static final ExtractionProtocol ORIGINAL_PREPROCESSING = new ExtractionProtocol("cd-fvd-i3d", "fvd",
            ResizeMethod.TORCH_BILINEAR, CropMode.SQUASH, 224, 2.0 / 255.0, -1.0, 1e-5,
            "songweige/content-debiased-fvd cdfvd/third_party/i3d/utils.py",
            "cd-FVD's I3D: PyTorch bilinear squash of 0..255 to 224x224, 2x/255-1, i3d_pretrained_400.pt, BN eps 1e-5");

    /** The registry entry; 9 frames at least, as every I3D graph. */
    public static final ModelSpec<Map<String, FloatTensor>> SPEC = new ModelSpec<>(ID, List.of(STATE_DICT), 400,
            MediaKind.VIDEO, 9, LICENSE, CITATION, ORIGINAL_PREPROCESSING, I3dTorchModel::read, I3dGraph::build);

    private I3dTorchModel() {
    }

    /** Role {@code state-dict} → the weights under DeepMind names and layouts (gamma folded, strictly checked). */
    static Map<String, FloatTensor> read(Map<String, Path> files) {
        Path file = files.get(STATE_DICT.role());
        if (file == null) {
            throw new InvalidModelException("model " + ID + " needs the file of role state-dict, got " + files.keySet());
        }
        return I3dTorchImport.toTfLayout(StateDict.under(TorchCheckpointReader.read(file), "", file.toString()));
    }
}
