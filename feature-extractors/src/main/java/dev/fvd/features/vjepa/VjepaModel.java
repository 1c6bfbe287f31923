package dev.fvd.features.vjepa;

import dev.fvd.features.Protocols;
import dev.fvd.features.onnx.OnnxModelFile;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.store.ModelConverter;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The published V-JEPA ViT-H/16 encoder and SSv2 attentive probe JEDi uses, and their converter for the model store.
 * The publisher states no size or checksum: imported files are recorded as imported and reported unverified.
 */
public final class VjepaModel {
    /** Registry id. */
    public static final String ID = "vjepa-h16-ssv2";
    public static final String ENCODER_ROLE = "encoder";
    public static final String PROBE_ROLE = "probe";
    public static final String ENCODER_FILE = "vith16.pth.tar";
    public static final String PROBE_FILE = "ssv2-probe.pth.tar";
    /** Where JEDi downloads them ({@code videojedi/V_JEPA.py download_vjepa}). */
    public static final URI ENCODER_URL = URI.create("https://dl.fbaipublicfiles.com/jepa/vith16/" + ENCODER_FILE);
    public static final URI PROBE_URL = URI.create("https://dl.fbaipublicfiles.com/jepa/vith16/" + PROBE_FILE);
    public static final String LICENSE = "CC BY-NC 4.0 (facebookresearch/jepa LICENSE, as vendored in oooolga/v-jepa); "
            + "JEDi is Apache-2.0";
    public static final String CITATION = "Bardes et al., Revisiting Feature Prediction for Learning Visual "
            + "Representations from Video (V-JEPA), arXiv 2404.08471; Luo et al., Beyond FVD: Enhanced Evaluation "
            + "Metrics for Video Generation Quality (JEDi), arXiv 2410.05203";
    /** Feature dimension of the full model (pooler output, ViT-H embed 1280). */
    public static final int FEATURE_DIMENSION = 1280;

    private VjepaModel() {
    }

    /** Store converter: roles {@value #ENCODER_ROLE} and {@value #PROBE_ROLE} → {@link VjepaGraph}, protocol jedi. */
    public static ModelConverter converter(String modelId) {
        return new ModelConverter() {
            @Override
            public byte[] convert(Map<String, Path> files, String protocolName) {
                return convert(files, protocolName, false);
            }

            @Override
            public byte[] convert(Map<String, Path> files, String protocolName, boolean canonical) {
                if (!Protocols.JEDI.name().equals(protocolName)) {
                    throw new IllegalArgumentException(modelId + " serves protocol jedi, not " + protocolName);
                }
                Path encoder = files.get(ENCODER_ROLE);
                OnnxProto.ModelProto model = VjepaGraph.importCheckpoints(encoder, files.get(PROBE_ROLE),
                        Protocols.JEDI, modelId, canonical);
                return OnnxModelFile.toBytes(model, encoder);
            }
        };
    }
}
