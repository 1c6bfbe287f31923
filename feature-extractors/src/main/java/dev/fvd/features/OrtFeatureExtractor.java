package dev.fvd.features;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fvd.datasets.Clip;
import dev.fvd.datasets.MediaKind;
import dev.fvd.datasets.resize.FrameResizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FeatureExtractor} on one ONNX Runtime session. Clips are grouped by shape (T, H, W) and run in chunks of
 * {@link ExtractorOptions#batchSize()}; each clip's features are independent of its batch (no cross-sample op in the
 * graph). The uint8 input is copied once into a reused direct buffer that ONNX Runtime reads without another copy.
 * Not thread-safe: {@link #extract} is synchronized.
 */
final class OrtFeatureExtractor implements FeatureExtractor {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final OrtSession.SessionOptions sessionOptions;
    private final String source;
    private final String id;
    private final String protocolName;
    private final InputSpec spec;
    private final int featureDim;
    private final String inputName;
    private final String outputName;
    /** Every float {@code [N, D]} output of the graph with its D, the features output first. */
    private final Map<String, Integer> outputs;
    private final int batchSize;
    /** Non-null when the model takes pre-resized float frames ({@link ModelMetadata#INPUT_RESIZE}). */
    private final FrameResizer resizer;
    private ByteBuffer buffer;
    private boolean closed;

    OrtFeatureExtractor(OrtEnvironment env, OrtSession session, OrtSession.SessionOptions sessionOptions, String source,
                        String id, String protocolName, InputSpec spec, int featureDim, String inputName,
                        String outputName, Map<String, Integer> outputs, ExtractorOptions options,
                        FrameResizer resizer) {
        this.env = env;
        this.session = session;
        this.sessionOptions = sessionOptions;
        this.source = source;
        this.id = id;
        this.protocolName = protocolName;
        this.spec = spec;
        this.featureDim = featureDim;
        this.inputName = inputName;
        this.outputName = outputName;
        this.outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        this.batchSize = options.batchSize();
        this.resizer = resizer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String protocolName() {
        return protocolName;
    }

    @Override
    public int featureDimension() {
        return featureDim;
    }

    @Override
    public InputSpec inputSpec() {
        return spec;
    }

    @Override
    public List<String> outputNames() {
        return List.copyOf(outputs.keySet());
    }

    @Override
    public float[][] extract(List<Clip> batch) {
        return extract(batch, outputName);
    }

    @Override
    public float[][] extract(List<Clip> batch, String output) {
        return extract(batch, List.of(output)).get(output);
    }

    @Override
    public synchronized Map<String, float[][]> extract(List<Clip> batch, List<String> names) {
        for (String output : names) {
            if (!outputs.containsKey(output)) {
                throw new IllegalArgumentException(source + ": model " + id + " has no float [N, D] output '" + output
                        + "'; it has " + outputs.keySet());
            }
        }
        if (closed) {
            throw new IllegalStateException("feature extractor " + id + " is closed");
        }
        for (Clip c : batch) {
            check(c);
        }
        Map<String, float[][]> rows = new LinkedHashMap<>();
        for (String output : names) {
            rows.put(output, new float[batch.size()][]);
        }
        // group clips of equal shape: one tensor needs one shape
        Map<List<Integer>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Clip c = batch.get(i);
            groups.computeIfAbsent(List.of(c.frames(), c.height(), c.width()), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> members : groups.values()) {
            // one direct buffer holds a chunk: keep it under 2 GiB (e.g. batches of 4K clips are cut smaller)
            long clipBytes = inputBytes(batch.get(members.get(0)));
            int chunkSize = (int) Math.max(1, Math.min(batchSize, Integer.MAX_VALUE / clipBytes));
            for (int from = 0; from < members.size(); from += chunkSize) {
                List<Integer> chunk = members.subList(from, Math.min(members.size(), from + chunkSize));
                run(batch, chunk, rows);
            }
        }
        return rows;
    }

    /** Bytes of one clip in the input buffer: uint8 pixels, or float frames of the model's size with a caller resize. */
    private long inputBytes(Clip c) {
        return resizer == null ? c.pixels().length
                : (long) c.frames() * resizer.outHeight() * resizer.outWidth() * 3 * Float.BYTES;
    }

    private void check(Clip c) {
        if (spec.kind() == MediaKind.IMAGE && c.frames() != 1) {
            throw new ClipRejectedException(c.source() + ": clip has " + c.frames() + " frames; model " + id
                    + " takes single images");
        }
        if (c.frames() < spec.minFrames()) {
            throw new ClipRejectedException(c.source() + ": clip has " + c.frames() + " frames; "
                    + (id.startsWith("i3d") ? "I3D" : id) + " needs ≥ " + spec.minFrames());
        }
        if (spec.fixedFrames() > 0 && c.frames() != spec.fixedFrames()) {
            throw new ClipRejectedException(c.source() + ": clip has " + c.frames() + " frames; model " + id
                    + " needs exactly " + spec.fixedFrames());
        }
    }

    private void run(List<Clip> batch, List<Integer> chunk, Map<String, float[][]> rows) {
        Clip first = batch.get(chunk.get(0));
        int h = resizer == null ? first.height() : resizer.outHeight();
        int w = resizer == null ? first.width() : resizer.outWidth();
        long[] shape = spec.kind() == MediaKind.VIDEO
                ? new long[] {chunk.size(), first.frames(), h, w, 3}
                : new long[] {chunk.size(), h, w, 3};
        int elements = chunk.size() * first.frames() * h * w * 3;
        int bytes = resizer == null ? elements : elements * Float.BYTES;
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        if (resizer == null) {
            for (int i : chunk) {
                buffer.put(batch.get(i).pixels());
            }
            buffer.flip();
        } else {
            buffer.limit(bytes);
        }
        FloatBuffer floats = null;
        if (resizer != null) {
            floats = buffer.asFloatBuffer();
            for (int i : chunk) {
                resizer.resizeClipInto(batch.get(i), floats);
            }
            floats.flip();
        }
        try (OnnxTensor input = resizer == null
                ? OnnxTensor.createTensor(env, buffer, shape, OnnxJavaType.UINT8)
                : OnnxTensor.createTensor(env, floats, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input), rows.keySet())) {
            for (Map.Entry<String, float[][]> e : rows.entrySet()) {
                String output = e.getKey();
                int dim = outputs.get(output);
                OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
                long[] outShape = out.getInfo().getShape();
                if (outShape.length != 2 || outShape[0] != chunk.size() || outShape[1] != dim) {
                    throw new InvalidModelException(source + ": output '" + output + "' shape "
                            + java.util.Arrays.toString(outShape) + " for " + chunk.size() + " clips; expected ["
                            + chunk.size() + ", " + dim + "]");
                }
                FloatBuffer fb = out.getFloatBuffer();
                for (int i : chunk) {
                    float[] row = new float[dim];
                    fb.get(row);
                    requireFinite(row, batch.get(i), output);
                    e.getValue()[i] = row;
                }
            }
        } catch (OrtException e) {
            throw new ModelException(source + ": ONNX Runtime failed on " + chunk.size() + " clip(s) of "
                    + first.frames() + "x" + first.height() + "x" + first.width() + " (first: " + first.source() + "): "
                    + e.getMessage(), e);
        }
    }

    /** NaN or ±Inf out of the network is a model problem (issue 15 item 8): name the model and the clip. */
    private void requireFinite(float[] row, Clip clip, String output) {
        for (int j = 0; j < row.length; j++) {
            if (!Float.isFinite(row[j])) {
                throw new NonFiniteOutputException("model " + id + " (" + source + ") gave " + row[j] + " in output '"
                        + output + "' [" + j + "] for clip " + clip.source() + "; the model is broken (weights or graph),"
                        + " not the clip");
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException(source + ": cannot close ONNX Runtime session: " + e.getMessage(), e);
        } finally {
            sessionOptions.close();
            buffer = null;
        }
    }
}
