package dev.fvd.features.checkpoint.torch;

import java.util.Arrays;

/**
 * One tensor of a PyTorch checkpoint, materialised contiguous (row-major, C order) as float32.
 *
 * @param name        key in the state dict, e.g. {@code Mixed_5b.branch1x1.conv.weight}; nested dicts are joined with '.'
 * @param shape       sizes, outermost first ({@code []} for a scalar)
 * @param data        {@code product(shape)} values in row-major order, whatever the strides in the file were (not copied)
 * @param sourceDtype element type stored in the file (values were converted to float32)
 */
public record TorchTensor(String name, long[] shape, float[] data, TorchDtype sourceDtype) {
    public TorchTensor {
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape)
                    + " but " + data.length + " values");
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }

    @Override
    public String toString() {
        return name + " " + sourceDtype + Arrays.toString(shape);
    }
}
