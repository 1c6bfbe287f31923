package dev.fvd.features.store;

import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.Protocols;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.i3d.I3dGraph;
import dev.fvd.features.inception.FidInceptionGraph;

import java.nio.file.Path;
import java.util.Map;

/**
 * The canonical model ids and the converters that turn their weights into ONNX graphs: the one place where the importers are
 * wired into the store.
 *
 * <ul>
 *   <li>{@value #I3D_KINETICS400}: roles {@code index}, {@code data} → {@link I3dGraph#importI3d} (DeepMind kinetics-i3d
 *       {@code rgb_scratch} TF checkpoint; FVD protocols {@code tf}, {@code stylegan-v}, {@code videogpt}).</li>
 *   <li>{@value #INCEPTION_FID}: role {@code state-dict} → {@link FidInceptionGraph#build} on the state dict read by
 *       {@link TorchCheckpointReader} (pytorch-fid {@code pt_inception-2015-12-05-6726825d.pth}; FID protocols {@code ttur},
 *       {@code pytorch-fid}, {@code clean}; the resize runs where {@link FidInceptionGraph.ResizeLocation#defaultFor}
 *       says).</li>
 * </ul>
 * The graphs are marked canonical ({@code fvd.canonical}) when the store found every source file matching its full pins.
 */
public final class CanonicalModels {
    /** DeepMind kinetics-i3d {@code rgb_scratch} (the FVD network). */
    public static final String I3D_KINETICS400 = "i3d-kinetics400";
    /** pytorch-fid's port of the 2015-12-05 Inception-v3 graph (the FID network). */
    public static final String INCEPTION_FID = "inception-fid";

    private CanonicalModels() {
    }

    /** Converter per canonical model id. */
    public static Map<String, ModelConverter> converters() {
        return Map.of(I3D_KINETICS400, new I3dConverter(), INCEPTION_FID, new FidInceptionConverter());
    }

    /** kinetics-i3d TF checkpoint → I3D feature graph with the protocol's preprocessing inside. */
    static final class I3dConverter implements ModelConverter {
        @Override
        public byte[] convert(Map<String, Path> files, String protocolName) {
            return convert(files, protocolName, false);
        }

        @Override
        public byte[] convert(Map<String, Path> files, String protocolName, boolean canonical) {
            return I3dGraph.importI3d(files.get("index"), files.get("data"), Protocols.byName(protocolName),
                    I3D_KINETICS400, canonical);
        }
    }

    /** pytorch-fid state dict → FID-Inception pool3 feature graph. */
    static final class FidInceptionConverter implements ModelConverter {
        @Override
        public byte[] convert(Map<String, Path> files, String protocolName) {
            return convert(files, protocolName, false);
        }

        @Override
        public byte[] convert(Map<String, Path> files, String protocolName, boolean canonical) {
            Path pth = files.get("state-dict");
            ExtractionProtocol protocol = Protocols.byName(protocolName);
            Map<String, TorchTensor> stateDict = TorchCheckpointReader.read(pth); // names the file on failure
            try {
                return FidInceptionGraph.build(stateDict, protocol,
                        FidInceptionGraph.ResizeLocation.defaultFor(protocol), 0, 0, INCEPTION_FID, canonical,
                        Map.of(pth.getFileName().toString(), ModelMetadata.sha256(pth))).toByteArray();
            } catch (InvalidModelException e) {
                throw new InvalidModelException(pth + ": " + e.getMessage(), e);
            }
        }
    }
}
