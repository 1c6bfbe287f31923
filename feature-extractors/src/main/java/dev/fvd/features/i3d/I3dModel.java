package dev.fvd.features.i3d;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.ResizeMethod;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.checkpoint.tf.FloatTensor;
import dev.fvd.features.store.ModelFile;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The FVD network: DeepMind kinetics-i3d {@code rgb_scratch} (TF checkpoint, 400 Kinetics logits as features), imported by
 * {@link I3dGraph}. Pins: REFERENCE.md "Canonical files and pins" (git blob ids of the files in google-deepmind/kinetics-i3d).
 */
public final class I3dModel {
    /** Model id of the canonical weights. */
    public static final String ID = "i3d-kinetics400";
    private static final String LICENSE = "Apache-2.0";
    private static final String CITATION = "J. Carreira, A. Zisserman. Quo Vadis, Action Recognition? A New Model and the"
            + " Kinetics Dataset. CVPR 2017. Checkpoint rgb_scratch of google-deepmind/kinetics-i3d, as used by FVD"
            + " (T. Unterthiner et al., Towards Accurate Generative Models of Video: A New Metric & Challenges, 2018).";
    private static final String BASE =
            "https://github.com/google-deepmind/kinetics-i3d/raw/master/data/checkpoints/rgb_scratch/";

    /** {@code model.ckpt.index}: role {@code index}. */
    public static final ModelFile INDEX = new ModelFile(ID, "index", "model.ckpt.index",
            URI.create(BASE + "model.ckpt.index"), 10953, "84dd4518e982d9ca6ce1ff02e95fca2e8cbb1f73", null, null,
            LICENSE, CITATION, "git blob id of data/checkpoints/rgb_scratch/model.ckpt.index in google-deepmind/kinetics-i3d"
                    + " (checked against test-data/kinetics-i3d/rgb_scratch.model.ckpt.index)");
    /** {@code model.ckpt.data-00000-of-00001}: role {@code data}. */
    public static final ModelFile DATA = new ModelFile(ID, "data", "model.ckpt.data-00000-of-00001",
            URI.create(BASE + "model.ckpt.data-00000-of-00001"), 50818176, "fa7df95674dbf3579e7fccd954e51e706b4734c1",
            null, null, LICENSE, CITATION,
            "git blob id of data/checkpoints/rgb_scratch/model.ckpt.data-00000-of-00001 in google-deepmind/kinetics-i3d");

    /**
     * Preprocessing of google-research {@code frechet_video_distance/frechet_video_distance.py} (TF1 bilinear squash to 224²,
     * {@code 2x/255 − 1}, BatchNorm eps 1e-3); used to check an import by one forward pass.
     */
    static final ExtractionProtocol ORIGINAL_PREPROCESSING = new ExtractionProtocol("tf", "fvd",
            ResizeMethod.TF1_BILINEAR, CropMode.SQUASH, 224, 2.0 / 255.0, -1.0, 1e-3,
            "google-research/google-research frechet_video_distance/frechet_video_distance.py",
            "FVD as published: TF1 bilinear (asymmetric) squash to 224x224, x*2/255-1, I3D rgb_scratch, BN eps 1e-3");

    /** The registry entry; minimum clip length 9 (the Logits 2×7×7 VALID average pool needs 2 time steps, REFERENCE.md §1.7). */
    public static final ModelSpec<Map<String, FloatTensor>> SPEC = new ModelSpec<>(ID, List.of(INDEX, DATA), 400,
            MediaKind.VIDEO, 9, LICENSE, CITATION, ORIGINAL_PREPROCESSING, I3dModel::read, I3dGraph::build);

    private I3dModel() {
    }

    /** Roles {@code index} and {@code data} → every tensor of the bundle (crc32c-checked). */
    static Map<String, FloatTensor> read(Map<String, Path> files) {
        Path index = files.get(INDEX.role());
        Path data = files.get(DATA.role());
        if (index == null || data == null) {
            throw new InvalidModelException("model " + ID + " needs the files of roles index and data, got " + files.keySet());
        }
        return I3dGraph.readCheckpoint(index, data);
    }
}
