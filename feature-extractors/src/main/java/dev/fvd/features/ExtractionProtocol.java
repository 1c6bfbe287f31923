package dev.fvd.features;

import dev.fvd.datasets.CropMode;
import dev.fvd.datasets.ResizeMethod;

/**
 * A named, immutable preprocessing + network recipe of a published metric implementation: what a graph builder bakes into
 * the graph. feature-extractors keeps no table of them; the one protocol table (with the sources of each value) is fvd-cli's
 * {@code dev.fvd.Protocols}.
 *
 * @param name          protocol name as used on the command line ({@code tf}, {@code stylegan-v}, ...)
 * @param metric        {@code "fvd"} or {@code "fid"}
 * @param resize        resize filter and coordinate convention
 * @param crop          squash to size, or resize short side + centre crop
 * @param size          network input height = width (224 for I3D, 299 for Inception)
 * @param scale         network input = pixel(0..255) · scale + offset
 * @param offset        see {@code scale}
 * @param batchNormEps  BatchNorm epsilon the reference network uses (1e-3 in the originals, 1e-5 in VideoGPT's port)
 * @param reference     repository and file the facts come from
 * @param description   one-line human description
 */
public record ExtractionProtocol(String name, String metric, ResizeMethod resize, CropMode crop, int size,
                                 double scale, double offset, double batchNormEps, String reference, String description) {
    public ExtractionProtocol {
        if (name == null || name.isBlank() || !("fvd".equals(metric) || "fid".equals(metric))) {
            throw new IllegalArgumentException("protocol needs a name and metric fvd|fid: " + name + " " + metric);
        }
        if (resize == null || crop == null || size <= 0 || !(batchNormEps > 0)) {
            throw new IllegalArgumentException("invalid protocol " + name);
        }
    }
}
