package dev.fvd.features.store;

import java.util.Map;

/**
 * The canonical model ids and the converters that turn their weights into ONNX graphs.
 *
 * <p>THE place where the importers are wired into the store (see {@link #converters()}).
 */
public final class CanonicalModels {
    /** DeepMind kinetics-i3d {@code rgb_scratch} (the FVD network). */
    public static final String I3D_KINETICS400 = "i3d-kinetics400";
    /** pytorch-fid's port of the 2015-12-05 Inception-v3 graph (the FID network). */
    public static final String INCEPTION_FID = "inception-fid";

    private CanonicalModels() {
    }

    /**
     * Converter per canonical model id.
     *
     * <p>LEAD-WIRE: the I3D importer (branch {@code features}) and the FID-Inception importer (branch {@code inception}) are
     * registered here once their entry points exist.
     */
    public static Map<String, ModelConverter> converters() {
        return Map.of();
    }
}
