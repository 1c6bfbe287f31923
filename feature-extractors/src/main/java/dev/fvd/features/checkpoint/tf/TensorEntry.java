package dev.fvd.features.checkpoint.tf;

/**
 * One tensor of a TF tensor bundle, as described by its {@code BundleEntryProto} in the {@code .index} file
 * (tensorflow/core/protobuf/tensor_bundle.proto).
 *
 * @param name        variable name, e.g. {@code RGB/inception_i3d/Conv3d_1a_7x7/conv_3d/w}
 * @param dtype       TF {@code DataType} number (1 = DT_FLOAT)
 * @param shape       dimensions, TF order (conv weights {@code [kT,kH,kW,Cin,Cout]})
 * @param shardId     data shard holding the bytes
 * @param offset      byte offset in the data shard
 * @param size        byte length in the data shard
 * @param maskedCrc32c LevelDB-masked crc32c of the bytes
 */
public record TensorEntry(String name, int dtype, long[] shape, int shardId, long offset, long size, int maskedCrc32c) {
    public static final int DT_FLOAT = 1;

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public String shapeString() {
        return java.util.Arrays.toString(shape);
    }
}
