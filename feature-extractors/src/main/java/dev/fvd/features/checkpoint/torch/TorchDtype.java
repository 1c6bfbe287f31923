package dev.fvd.features.checkpoint.torch;

import java.nio.ByteBuffer;

/**
 * Element types of PyTorch storages, named after the storage classes {@code torch.save} pickles as the second field of a
 * storage's persistent id ({@code torch/serialization.py}, {@code torch/storage.py} {@code _dtype_to_storage_type_map}).
 * Every type is converted to float32 on read: fvd's networks run in float32, so a float64 or float16 checkpoint is used at
 * float32 precision; integer tensors (e.g. BatchNorm's {@code num_batches_tracked}) are exact up to 2<sup>24</sup>.
 */
public enum TorchDtype {
    FLOAT32("FloatStorage", 4),
    FLOAT64("DoubleStorage", 8),
    FLOAT16("HalfStorage", 2),
    BFLOAT16("BFloat16Storage", 2),
    INT64("LongStorage", 8),
    INT32("IntStorage", 4),
    INT16("ShortStorage", 2),
    INT8("CharStorage", 1),
    UINT8("ByteStorage", 1),
    BOOL("BoolStorage", 1);

    private final String storageClass;
    private final int elementSize;

    TorchDtype(String storageClass, int elementSize) {
        this.storageClass = storageClass;
        this.elementSize = elementSize;
    }

    /** The class name {@code torch.save} writes, e.g. {@code FloatStorage} (module {@code torch} or {@code torch.cuda}). */
    public String storageClass() {
        return storageClass;
    }

    /** Bytes per element in the serialized storage. */
    public int elementSize() {
        return elementSize;
    }

    /** Whether values are floating point (the only types a network weight may have). */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
    }

    static TorchDtype ofStorageClass(String name) {
        for (TorchDtype d : values()) {
            if (d.storageClass.equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Reads element {@code index} of a storage buffer (byte order already set on {@code data}) as float. */
    float read(ByteBuffer data, long index) {
        int at = Math.toIntExact(index * elementSize);
        return switch (this) {
            case FLOAT32 -> data.getFloat(at);
            case FLOAT64 -> (float) data.getDouble(at);
            case FLOAT16 -> halfToFloat(data.getShort(at));
            case BFLOAT16 -> Float.intBitsToFloat((data.getShort(at) & 0xffff) << 16);
            case INT64 -> (float) data.getLong(at);
            case INT32 -> (float) data.getInt(at);
            case INT16 -> (float) data.getShort(at);
            case INT8 -> (float) data.get(at);
            case UINT8 -> (float) (data.get(at) & 0xff);
            case BOOL -> data.get(at) != 0 ? 1f : 0f;
        };
    }

    /** IEEE 754 binary16 → binary32 (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {                       // inf / NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: value = mantissa · 2^-24, exact in float
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
