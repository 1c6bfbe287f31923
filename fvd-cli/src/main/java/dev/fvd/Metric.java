package dev.fvd;

import dev.fvd.datasets.MediaKind;

import java.util.Arrays;
import java.util.Locale;

/**
 * The two metric families fvd computes. Each pairs a Fréchet distance with its kernel (MMD) companion on the same features:
 * FVD with KVD on I3D logits (Unterthiner et al. 2018, google-research {@code frechet_video_distance.py}), FID with KID on
 * Inception pool3 features (Heusel et al. 2017 / Bińkowski et al. 2018, TTUR {@code fid.py}).
 */
public enum Metric {
    /** Fréchet Video Distance on videos, I3D Kinetics-400 logits (400-d); kernel companion KVD. */
    FVD("fvd", "kvd", MediaKind.VIDEO),
    /** Fréchet Inception Distance on images, Inception-v3 pool3 (2048-d); kernel companion KID. */
    FID("fid", "kid", MediaKind.IMAGE);

    private final String id;
    private final String kernelId;
    private final MediaKind media;

    Metric(String id, String kernelId, MediaKind media) {
        this.id = id;
        this.kernelId = kernelId;
        this.media = media;
    }

    /** {@code fvd} or {@code fid}, as on the command line and in reports. */
    public String id() {
        return id;
    }

    /** {@code kvd} or {@code kid}. */
    public String kernelId() {
        return kernelId;
    }

    /** Videos for FVD, still images for FID. */
    public MediaKind media() {
        return media;
    }

    /** Parses {@code fvd} or {@code fid} (case-insensitive). */
    public static Metric fromId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidSettingsException("unknown metric '" + id + "'; expected fvd or fid"));
    }
}
