package dev.fvd.features.onnx;

/**
 * ONNX tensor element types used by fvd graphs, as the int values of {@code TensorProto.DataType} in onnx/onnx.proto.
 */
public final class ElementType {
    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT64 = 7;
    public static final int DOUBLE = 11;

    private ElementType() {
    }
}
