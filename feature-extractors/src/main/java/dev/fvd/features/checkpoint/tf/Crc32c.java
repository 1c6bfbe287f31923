package dev.fvd.features.checkpoint.tf;

import java.util.zip.CRC32C;

/** LevelDB / TF crc32c masking ({@code leveldb/util/crc32c.h}, {@code tensorflow/core/lib/hash/crc32c.h}). */
final class Crc32c {
    private static final int MASK_DELTA = 0xa282ead8;

    private Crc32c() {
    }

    static int masked(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return mask((int) crc.getValue());
    }

    /** Masks a crc so that crcs of data containing crcs stay well distributed: rotate right 15, add a constant. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }
}
