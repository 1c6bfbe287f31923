package dev.fvd.datasets.resize;

import dev.fvd.datasets.CropMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes and offsets of VideoGPT's {@code preprocess} ({@code videogpt/data.py}) and of squashing. */
class CropWindowTest {

    @Test
    void squashUsesTheWholeFrame() {
        assertThat(CropWindow.of(CropMode.SQUASH, 240, 320, 224, 224))
                .isEqualTo(new CropWindow(240, 320, 224, 224, 0, 0, 224, 224));
    }

    @Test
    void landscapeFramesKeepTheirHeightAndCropTheCentreColumns() {
        // scale = 224 / 240; width ceil(320 * scale) = ceil(298.67) = 299; start (299 - 224) // 2 = 37
        assertThat(CropWindow.of(CropMode.CENTER_CROP, 240, 320, 224, 224))
                .isEqualTo(new CropWindow(240, 320, 224, 299, 0, 37, 224, 224));
    }

    @Test
    void portraitFramesKeepTheirWidthAndCropTheCentreRows() {
        assertThat(CropWindow.of(CropMode.CENTER_CROP, 320, 240, 224, 224))
                .isEqualTo(new CropWindow(320, 240, 299, 224, 37, 0, 224, 224));
    }

    @Test
    void squareFramesFollowVideoGptsCeilingEvenWhenItOvershoots() {
        // 25 * (224 / 25) = 224.00000000000003 in double, so VideoGPT resizes to 225 x 224 and crops from row 0
        assertThat(CropWindow.of(CropMode.CENTER_CROP, 25, 25, 224, 224))
                .isEqualTo(new CropWindow(25, 25, 225, 224, 0, 0, 224, 224));
        assertThat(CropWindow.of(CropMode.CENTER_CROP, 256, 256, 224, 224))
                .isEqualTo(new CropWindow(256, 256, 224, 224, 0, 0, 224, 224));
    }

    @Test
    void nonSquareTargetsScaleByTheLargerRatio() {
        // our extension: 100x100 -> 50x80 needs scale 0.8 (width binds), height ceil(100 * 0.8) = 80, rows from 15
        assertThat(CropWindow.of(CropMode.CENTER_CROP, 100, 100, 50, 80))
                .isEqualTo(new CropWindow(100, 100, 80, 80, 15, 0, 50, 80));
    }
}
