package dev.fvd.features.checkpoint.torch;

/**
 * A tensor as {@code torch._utils._rebuild_tensor(_v2)} describes it: a view of a storage with an element offset, sizes and
 * strides (in elements). Materialised after unpickling, when the storage bytes are known.
 */
record TensorRef(StorageRef storage, long storageOffset, long[] size, long[] stride) {
}
