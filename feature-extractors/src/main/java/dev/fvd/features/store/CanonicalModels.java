package dev.fvd.features.store;

import dev.fvd.features.Protocols;
import dev.fvd.features.i3d.I3dGraph;

import java.nio.file.Path;
import java.util.Map;

/**
 * The canonical model ids and the converters that turn their weights into ONNX graphs: the one place where the importers are
 * wired into the store.
 *
 * <ul>
 *   <li>{@value #I3D_KINETICS400}: roles {@code index}, {@code data} → {@link I3dGraph#importI3d} (DeepMind kinetics-i3d
 *       {@code rgb_scratch} TF checkpoint; FVD protocols {@code tf}, {@code stylegan-v}, {@code videogpt}).</li>
 *   <li>{@value #INCEPTION_FID}: role {@code state-dict} → the FID-Inception importer (branch {@code inception}).
 *       LEAD-WIRE: not registered yet, see {@link #converters()}.</li>
 * </ul>
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
        // LEAD-WIRE: add INCEPTION_FID here once the FID-Inception importer's entry point is on the merged branch,
        // e.g. Map.entry(INCEPTION_FID, new InceptionConverter()) with files.get("state-dict").
        return Map.of(I3D_KINETICS400, new I3dConverter());
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
}
