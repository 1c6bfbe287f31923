package dev.fvd.features;

import dev.fvd.datasets.Clip;

import java.util.List;
import java.util.Map;

/**
 * Turns uint8 clips into feature vectors with a fixed network and preprocessing protocol. Features of a clip do not depend
 * on the batch it is extracted in. Holds native resources: close it.
 */
public interface FeatureExtractor extends AutoCloseable {
    /** Model id, e.g. {@code i3d-kinetics400}. */
    String id();

    /**
     * Name of the preprocessing baked into the graph ({@code fvd.protocol} of the model's metadata), or the declared one for
     * a custom model.
     */
    String protocolName();

    int featureDimension();

    InputSpec inputSpec();

    /**
     * Extracts one feature row per clip, in order.
     *
     * @throws IllegalArgumentException (a {@link dev.fvd.features.ClipRejectedException}) naming the clip source when a clip
     *                                  does not fit the {@link #inputSpec()}
     * @throws NonFiniteOutputException  if the network gives NaN or ±Inf for a clip (names the model and the clip)
     */
    float[][] extract(List<Clip> batch);

    /**
     * Names of the model's float {@code [N, D]} outputs, the features output first (FID-Inception graphs also have
     * {@code logits}, pool3·fcᵀ without bias, for the Inception Score).
     */
    List<String> outputNames();

    /**
     * One row of the named output per clip, in order (e.g. {@code logits}); {@link #extract(List)} is this with the features
     * output.
     *
     * @throws IllegalArgumentException  if the model has no such output, or a clip does not fit the {@link #inputSpec()}
     * @throws NonFiniteOutputException  if the network gives NaN or ±Inf for a clip (names the model and the clip)
     */
    float[][] extract(List<Clip> batch, String output);

    /**
     * One row of each named output per clip, from a single run of the network over the batch (e.g. the features and the
     * {@code logits} for FID and the Inception Score together), keyed by output name.
     *
     * @throws IllegalArgumentException  if the model lacks one of the outputs, or a clip does not fit the {@link #inputSpec()}
     * @throws NonFiniteOutputException  if the network gives NaN or ±Inf for a clip (names the model and the clip)
     */
    Map<String, float[][]> extract(List<Clip> batch, List<String> outputs);

    @Override
    void close();
}
