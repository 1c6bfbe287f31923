package dev.fvd.features.checkpoint.torch;

/**
 * A storage named by a persistent id of a {@code torch.save} pickle: {@code ('storage', storage_type, key, location, numel)}
 * in the zip format, plus a sixth field {@code view_metadata = (view_key, offset, view_size)} or None in the legacy format
 * ({@code torch/serialization.py} {@code persistent_id}, {@code _legacy_load.persistent_load}).
 *
 * @param key           root storage key (zip: entry {@code <prefix>/data/<key>}; legacy: position in the trailing key list)
 * @param dtype         element type
 * @param numel         elements in the root storage
 * @param elementOffset where a legacy storage view starts inside its root storage (0 otherwise)
 */
record StorageRef(String key, TorchDtype dtype, long numel, long elementOffset) {
}
