package dev.fvd.datasets;

import java.util.Arrays;

/** How a frame is brought to the square network input before resizing. */
public enum CropMode {
    /** Resize the whole frame to the target size; the aspect ratio is not kept (FVD, TTUR, TATS, cd-fvd). */
    SQUASH("squash"),
    /** Resize the short side to the target size keeping the aspect ratio, then cut the centre square (VideoGPT). */
    CENTER_CROP("center-crop");

    private final String id;

    CropMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static CropMode fromId(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown crop mode '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(CropMode::id).toList()));
    }
}
