package dev.fvd.features.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.fvd.features.onnx.proto.OnnxProto;
import dev.fvd.features.onnx.proto.OnnxProto.AttributeProto;
import dev.fvd.features.onnx.proto.OnnxProto.NodeProto;
import dev.fvd.features.onnx.proto.OnnxProto.TensorProto;
import dev.fvd.features.onnx.proto.OnnxProto.TensorShapeProto;
import dev.fvd.features.onnx.proto.OnnxProto.TypeProto;
import dev.fvd.features.onnx.proto.OnnxProto.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes an ONNX model (opset {@value #MIN_OPSET} or newer, default domain) node by node, so fvd can build its feature
 * networks in Java instead of shipping converted files. Operator semantics are those of the ONNX operator spec
 * (onnx/docs/Operators.md); this class only assembles the protobuf (onnx/onnx.proto).
 *
 * <p>Every node has auto-generated unique names; graph inputs/outputs are declared with numeric (fixed) or symbolic dims.
 * Initializers are stored as little-endian {@code raw_data}. Not thread-safe; one builder builds one model.
 */
public final class GraphBuilder {
    /** Resize with antialias (used by the FID protocols) needs opset 18. */
    public static final int MIN_OPSET = 18;
    /** IR version 8 is understood by every ONNX Runtime that supports opset 18. */
    private static final long IR_VERSION = 8;

    private final String graphName;
    private final int opsetVersion;
    private final OnnxProto.GraphProto.Builder graph = OnnxProto.GraphProto.newBuilder();
    private final Map<String, Integer> counters;
    private final java.util.Set<String> names;

    public GraphBuilder(String graphName, int opsetVersion) {
        this(graphName, opsetVersion, new HashMap<>(), new java.util.HashSet<>());
    }

    private GraphBuilder(String graphName, int opsetVersion, Map<String, Integer> counters, java.util.Set<String> names) {
        if (opsetVersion < MIN_OPSET) {
            throw new IllegalArgumentException("opset " + opsetVersion + " is too old; fvd graphs need opset >= " + MIN_OPSET);
        }
        this.graphName = Objects.requireNonNull(graphName);
        this.opsetVersion = opsetVersion;
        this.counters = counters;
        this.names = names;
        graph.setName(graphName);
    }

    /**
     * A builder for a subgraph (the branches of {@code If}): it shares this builder's value names, so names stay unique
     * across the whole model as ONNX requires, and its nodes may read values of the outer graph by name.
     * Finish it with {@link #buildGraph()} and pass the result as an attribute value.
     */
    public GraphBuilder subgraph(String name) {
        return new GraphBuilder(name, opsetVersion, counters, names);
    }

    /** The graph built so far (for subgraphs; a whole model comes from {@link #build}). */
    public OnnxProto.GraphProto buildGraph() {
        return graph.build();
    }

    /** Declares a graph output of known element type and unknown shape (e.g. an {@code If} branch output). */
    public void outputOfAnyShape(String name, int elemType) {
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType)).build();
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(type));
    }

    /** Declares a graph input; returns its name. Dims that parse as integers are fixed, others symbolic (e.g. "N"). */
    public String input(String name, int elemType, String... dims) {
        claim(name);
        graph.addInput(valueInfo(name, elemType, dims));
        return name;
    }

    /** Declares a graph output; the name must be produced by a node (see {@link #identity}). */
    public void output(String name, int elemType, String... dims) {
        graph.addOutput(valueInfo(name, elemType, dims));
    }

    /**
     * Declares the type and shape of an intermediate value ({@code graph.value_info}), e.g. a symbolic dim that shape
     * inference cannot derive but the caller knows two values share (ONNX Runtime's NCHWc transformer fuses an Add into
     * a Conv only when it can prove both inputs have one shape).
     */
    public void declareShape(String name, int elemType, String... dims) {
        graph.addValueInfo(valueInfo(name, elemType, dims));
    }

    /** Adds a float32 constant; returns its name. */
    public String initializer(String name, float[] data, long... dims) {
        checkCount(name, data.length, dims);
        claim(name);
        ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        graph.addInitializer(tensor(name, ElementType.FLOAT, dims, bytes));
        return name;
    }

    /** Adds an int64 constant; returns its name. */
    public String initializerInt64(String name, long[] data, long... dims) {
        checkCount(name, data.length, dims);
        claim(name);
        ByteBuffer bytes = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(data);
        graph.addInitializer(tensor(name, ElementType.INT64, dims, bytes));
        return name;
    }

    /** Adds a node with one output; returns the output name. */
    public String node(String opType, List<String> inputs, Map<String, Object> attributes) {
        return node(opType, inputs, attributes, 1).get(0);
    }

    /** Adds a node with {@code outputs} outputs; returns their names. An empty input name means "optional input absent". */
    public List<String> node(String opType, List<String> inputs, Map<String, Object> attributes, int outputs) {
        String nodeName = unique(opType);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(nodeName).addAllInput(inputs);
        List<String> outs = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            String out = outputs == 1 ? nodeName : nodeName + ":" + i;
            claim(out);
            outs.add(out);
            node.addOutput(out);
        }
        if (attributes != null) {
            // sorted by name so that the same graph always serialises to the same bytes (callers may pass Map.of)
            new TreeMap<>(attributes).forEach((key, value) -> node.addAttribute(attribute(key, value)));
        }
        graph.addNode(node);
        return outs;
    }

    /** Conv (N-d, group 1). {@code pads} in ONNX order: all begins, then all ends. */
    public String conv(String x, String w, String bOrNull, long[] kernel, long[] strides, long[] pads) {
        List<String> inputs = bOrNull == null ? List.of(x, w) : List.of(x, w, bOrNull);
        return node("Conv", inputs, attrs("kernel_shape", kernel, "strides", strides, "pads", pads));
    }

    public String relu(String x) {
        return node("Relu", List.of(x), null);
    }

    /** MaxPool; padded cells never win (ONNX pads with -inf). */
    public String maxPool(String x, long[] kernel, long[] strides, long[] pads) {
        return node("MaxPool", List.of(x), attrs("kernel_shape", kernel, "strides", strides, "pads", pads));
    }

    public String averagePool(String x, long[] kernel, long[] strides, long[] pads, boolean countIncludePad) {
        Map<String, Object> a = attrs("kernel_shape", kernel, "strides", strides, "pads", pads);
        a.put("count_include_pad", countIncludePad ? 1L : 0L);
        return node("AveragePool", List.of(x), a);
    }

    public String concat(int axis, String... xs) {
        return node("Concat", List.of(xs), attrs("axis", (long) axis));
    }

    /** ReduceMean with axes as an input (opset 18 form). */
    public String reduceMean(String x, long[] axes, boolean keepDims) {
        String axesName = initializerInt64(unique("axes"), axes, axes.length);
        return node("ReduceMean", List.of(x, axesName), attrs("keepdims", keepDims ? 1L : 0L));
    }

    public String transpose(String x, long... perm) {
        return node("Transpose", List.of(x), attrs("perm", perm));
    }

    public String cast(String x, int toElemType) {
        return node("Cast", List.of(x), attrs("to", (long) toElemType));
    }

    public String mul(String x, float scalar) {
        return node("Mul", List.of(x, initializer(unique("scalar"), new float[] {scalar})), null);
    }

    public String add(String x, float scalar) {
        return node("Add", List.of(x, initializer(unique("scalar"), new float[] {scalar})), null);
    }

    public String reshape(String x, long... shape) {
        return node("Reshape", List.of(x, initializerInt64(unique("shape"), shape, shape.length)), null);
    }

    /**
     * Resize (opset 18) to the given output {@code sizes} (full rank, including non-spatial axes).
     *
     * @param mode "linear", "cubic" or "nearest"
     * @param coordinateTransformation e.g. "asymmetric" (TF1 resize_bilinear), "half_pixel" / "pytorch_half_pixel" (torch)
     * @param antialias whether to apply the antialias filter when downsampling (PIL-style)
     */
    public String resize(String x, long[] sizes, String mode, String coordinateTransformation, boolean antialias) {
        String sizesName = initializerInt64(unique("sizes"), sizes, sizes.length);
        Map<String, Object> a = attrs("mode", mode, "coordinate_transformation_mode", coordinateTransformation);
        a.put("antialias", antialias ? 1L : 0L);
        return node("Resize", List.of(x, "", "", sizesName), a);
    }

    /** Copies {@code x} to a value named {@code outputName}, e.g. to give a graph output a stable name. */
    public String identity(String x, String outputName) {
        claim(outputName);
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(unique("Identity"))
                .addInput(x).addOutput(outputName));
        return outputName;
    }

    /** Finishes the model; {@code metadataProps} land in {@code ModelProto.metadata_props} (read back by ONNX Runtime). */
    public OnnxProto.ModelProto build(Map<String, String> metadataProps) {
        OnnxProto.ModelProto.Builder model = OnnxProto.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("fvd")
                .setProducerVersion(GraphBuilder.class.getPackage().getImplementationVersion() == null
                        ? "dev" : GraphBuilder.class.getPackage().getImplementationVersion())
                .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opsetVersion))
                .setGraph(graph.clone());
        if (metadataProps != null) {
            new LinkedHashMap<>(metadataProps).forEach((k, v) -> model.addMetadataProps(
                    OnnxProto.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        }
        return model.build();
    }

    /** A value name not used yet in this graph, e.g. for initializers of composite helpers. */
    public String freshName(String prefix) {
        return unique(prefix);
    }

    public String graphName() {
        return graphName;
    }

    // ------------------------------------------------------------------------------------------------------------

    private String unique(String prefix) {
        while (true) {
            int n = counters.merge(prefix, 1, Integer::sum);
            String name = prefix + "_" + n;
            if (!names.contains(name)) {
                return name;
            }
        }
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("value name '" + name + "' is already used in graph " + graphName);
        }
    }

    private static void checkCount(String name, int count, long[] dims) {
        long expected = 1;
        for (long d : dims) {
            expected *= d;
        }
        if (expected != count) {
            throw new IllegalArgumentException("initializer " + name + " has " + count + " values but dims "
                    + java.util.Arrays.toString(dims) + " need " + expected);
        }
    }

    private static TensorProto tensor(String name, int elemType, long[] dims, ByteBuffer bytes) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(elemType);
        for (long d : dims) {
            t.addDims(d);
        }
        bytes.rewind();
        // the buffer is this method's own and never written again: wrapping it saves a copy of every weight (ViT-g: 4 GB)
        return t.setRawData(UnsafeByteOperations.unsafeWrap(bytes)).build();
    }

    private static ValueInfoProto valueInfo(String name, int elemType, String... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (String d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d.matches("\\d+")) {
                dim.setDimValue(Long.parseLong(d));
            } else {
                dim.setDimParam(d);
            }
            shape.addDim(dim);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long || value instanceof Integer) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Float || value instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (value instanceof int[] is) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (int l : is) {
                a.addInts(l);
            }
        } else if (value instanceof OnnxProto.GraphProto gp) {
            a.setType(AttributeProto.AttributeType.GRAPH).setG(gp);
        } else if (value instanceof float[] fs) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float f : fs) {
                a.addFloats(f);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value type "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return a.build();
    }
}
