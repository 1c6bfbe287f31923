package dev.fvd.features.inception;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelIdentity;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.store.ModelFile;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The FID network: pytorch-fid's port of the 2015-12-05 Inception-v3 graph ({@code pt_inception-2015-12-05-6726825d.pth},
 * a torch state dict read by {@link TorchCheckpointReader} with its pickle allowlist), pool3 features (2048), imported by
 * {@link FidInceptionGraph}; the resize runs where {@link FidInceptionGraph.ResizeLocation#defaultFor} says.
 */
public final class FidInceptionModel {
    /** Model id of the canonical weights. */
    public static final String ID = FidInceptionGraph.MODEL_ID;
    private static final String LICENSE = "Apache-2.0";
    private static final String CITATION = "M. Heusel et al. GANs Trained by a Two Time-Scale Update Rule Converge to a Local"
            + " Nash Equilibrium. NeurIPS 2017 (FID, bioinf-jku/TTUR); Inception-v3 graph inception-2015-12-05 (C. Szegedy"
            + " et al., CVPR 2016) ported to PyTorch by M. Seitzer, pytorch-fid.";

    /** The state dict: role {@code state-dict}. */
    public static final ModelFile STATE_DICT = new ModelFile(ID, "state-dict", "pt_inception-2015-12-05-6726825d.pth",
            URI.create("https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/"
                    + "pt_inception-2015-12-05-6726825d.pth"), 95628359,
            null, "6726825d0af5f729cebd5821db510b11b1cfad8faad88a03f1befd49fb9129b2",
            FidInceptionGraph.CANONICAL_SHA256_PREFIX, LICENSE, CITATION,
            "sha256Prefix: the file name's hash suffix (torch hub check_hash convention). Full sha256 and size: not"
                    + " published by pytorch-fid itself; taken from third-party pins of this exact URL that agree with each"
                    + " other and with the prefix (e.g. genforce metrics/inception.py _MODEL_URL_SHA256['tf_inception_v3'],"
                    + " several projects recording 95,628,359 bytes).");

    /** Preprocessing of bioinf-jku/TTUR {@code fid.py} (TF1 bilinear squash to 299², {@code (x − 128)/128}); import check. */
    static final ExtractionProtocol ORIGINAL_PREPROCESSING = new ExtractionProtocol("ttur", "fid",
            ResizeMethod.TF1_BILINEAR, CropMode.SQUASH, 299, 1.0 / 128.0, -1.0, 1e-3, "bioinf-jku/TTUR fid.py",
            "FID as published: TF1 bilinear (asymmetric) squash to 299x299, (x-128)/128, Inception 2015-12-05 pool3");

    /** The registry entry. */
    public static final ModelSpec<Map<String, TorchTensor>> SPEC = new ModelSpec<>(ID, List.of(STATE_DICT), 2048,
            MediaKind.IMAGE, 1, LICENSE, CITATION, ORIGINAL_PREPROCESSING, FidInceptionModel::read,
            FidInceptionModel::build);

    private FidInceptionModel() {
    }

    /** Role {@code state-dict} → the state dict (nothing in the pickle runs; names the file on failure). */
    static Map<String, TorchTensor> read(Map<String, Path> files) {
        Path pth = files.get(STATE_DICT.role());
        if (pth == null) {
            throw new InvalidModelException("model " + ID + " needs the file of role state-dict, got " + files.keySet());
        }
        return TorchCheckpointReader.read(pth);
    }

    static OnnxProto.ModelProto build(Map<String, TorchTensor> stateDict, ExtractionProtocol preprocessing,
                                      ModelIdentity identity) {
        return FidInceptionGraph.build(stateDict, preprocessing, FidInceptionGraph.ResizeLocation.defaultFor(preprocessing),
                0, 0, identity.modelId(), identity.canonical(), identity.sourceChecksums());
    }
}
