package dev.fvd.features.videomae;

import dev.fvd.features.Protocols;
import dev.fvd.features.onnx.OnnxModelFile;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.store.ModelConverter;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The published VideoMAE-v2 checkpoint cd-FVD uses, and its converter for the model store. Until the model registry
 * ({@code ModelSpec}) lands these constants are the model's entry: the publisher states no size or checksum, so an
 * imported file is recorded as what was imported and reported unverified, never canonical.
 */
public final class VideoMaeModel {
    /** Registry id. */
    public static final String ID = "videomae-v2-g";
    /** Manifest role of the single checkpoint file. */
    public static final String ROLE = "checkpoint";
    public static final String FILE_NAME = "vit_g_hybrid_pt_1200e_ssv2_ft.pth";
    /** Where cd-FVD downloads it ({@code cdfvd/third_party/VideoMAEv2/utils.py load_videomae_model}). */
    public static final URI URL = URI.create(
            "https://huggingface.co/OpenGVLab/InternVideoMAE_models/resolve/main/mae-g/" + FILE_NAME);
    public static final String LICENSE = "unverified: the weights' terms are not stated where cd-FVD downloads them; "
            + "OpenGVLab VideoMAEv2 code is MIT, cd-FVD (songweige/content-debiased-fvd) is MIT";
    public static final String CITATION = "Wang et al., VideoMAE V2: Scaling Video Masked Autoencoders with Dual Masking, "
            + "CVPR 2023; Ge et al., On the Content Bias in Frechet Video Distance, CVPR 2024";
    /** Feature dimension of the full model ({@code fc_norm}, ViT-g embed 1408). */
    public static final int FEATURE_DIMENSION = 1408;

    private VideoMaeModel() {
    }

    /** Store converter: role {@value #ROLE} → {@link VideoMaeGraph} for protocol {@code cd-fvd}. */
    public static ModelConverter converter(String modelId) {
        return new ModelConverter() {
            @Override
            public byte[] convert(Map<String, Path> files, String protocolName) {
                return convert(files, protocolName, false);
            }

            @Override
            public byte[] convert(Map<String, Path> files, String protocolName, boolean canonical) {
                if (!Protocols.CD_FVD.name().equals(protocolName)) {
                    throw new IllegalArgumentException(modelId + " serves protocol cd-fvd, not " + protocolName);
                }
                Path file = files.get(ROLE);
                OnnxProto.ModelProto model = VideoMaeGraph.importCheckpoint(file, Protocols.CD_FVD, modelId, canonical);
                return OnnxModelFile.toBytes(model, file);
            }
        };
    }
}
