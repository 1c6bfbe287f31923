package dev.fvd.datasets;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a still image with {@code javax.imageio} and converts it to packed RGB the way PIL's {@code Image.convert('RGB')} does,
 * because pytorch-fid, clean-fid and torch-fidelity decode with PIL. ImageIO's PNG and baseline/progressive JPEG decoders are
 * pixel-identical to PIL 9.4's (FFmpeg's JPEG decoder is not); {@code DatasetsImageParityTest} checks every case below against
 * PIL decodings written by {@code test-data/datasets/make_reference.py}.
 *
 * <p>Conversion rules (PIL 9.4, measured):
 * <ul>
 *   <li>palette: the palette's RGB, palette alpha / {@code tRNS} ignored;</li>
 *   <li>8-bit grey (PIL "L"): the value in all three channels. {@link BufferedImage#getRGB} is not used for grey because Java
 *       treats grey as linear light and would gamma-encode it;</li>
 *   <li>alpha (RGBA, LA): dropped, colour kept unchanged (no compositing);</li>
 *   <li>16-bit RGB, RGBA and grey+alpha PNG (PIL unpacks "RGB;16B" etc.): the high byte, {@code v >> 8};</li>
 *   <li>16-bit grey PNG without alpha (PIL mode "I"): <b>clipped</b> to 255, {@code min(v, 255)}, not scaled: PIL's I → RGB
 *       conversion saturates, so a full-range 16-bit grey image turns almost white in PIL-based FID code too.</li>
 * </ul>
 * EXIF orientation is not applied (neither does PIL's {@code Image.open}). WebP is not read: no decoder here is proven identical
 * to PIL's libwebp path.
 */
final class StillImageDecoder {
    static {
        // no temporary files for every image read
        ImageIO.setUseCache(false);
    }

    private StillImageDecoder() {
    }

    /** Decoded RGB pixels, {@code height × width × 3}. */
    record Rgb(byte[] pixels, int height, int width) {
    }

    /** Whether a file name is a WebP image (listed so that it is reported, not silently ignored). */
    static boolean isWebp(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".webp");
    }

    static Rgb decode(InputStream in, String source, Path path) {
        BufferedImage image;
        try (ImageInputStream stream = ImageIO.createImageInputStream(in)) {
            if (stream == null) {
                throw new BadInputException(path, source + ": cannot open an image stream");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new BadInputException(path, source + ": not an image format ImageIO reads (png, jpeg, bmp)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException de) {
                throw de;
            }
            throw new BadInputException(path, source + ": not a decodable image (corrupt or truncated?): " + e.getMessage(), e);
        }
        return toRgb(image, source, path);
    }

    static Rgb toRgb(BufferedImage image, String source, Path path) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] out = new byte[width * height * 3];
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int[] row = new int[width * raster.getNumBands()];
        if (model instanceof IndexColorModel palette) {
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    int i = row[x];
                    int o = (y * width + x) * 3;
                    out[o] = (byte) palette.getRed(i);
                    out[o + 1] = (byte) palette.getGreen(i);
                    out[o + 2] = (byte) palette.getBlue(i);
                }
            }
            return new Rgb(out, height, width);
        }
        int colourBands = model.getNumColorComponents();
        int type = model.getColorSpace().getType();
        boolean grey = colourBands == 1 && type == ColorSpace.TYPE_GRAY;
        boolean rgb = colourBands == 3 && type == ColorSpace.TYPE_RGB;
        int transfer = raster.getTransferType();
        boolean wide = transfer == DataBuffer.TYPE_USHORT;
        if ((!grey && !rgb) || (transfer != DataBuffer.TYPE_BYTE && !wide && transfer != DataBuffer.TYPE_INT)
                || (transfer == DataBuffer.TYPE_INT && model.getComponentSize(0) > 8)) {
            throw new BadInputException(path, source + ": unsupported image layout (" + colourBands + " colour components, "
                    + "colour space type " + type + ", transfer type " + transfer + "); convert it to 8-bit RGB");
        }
        boolean hasAlpha = model.hasAlpha();
        int bands = raster.getNumBands();
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int in = x * bands;
                int o = (y * width + x) * 3;
                if (grey) {
                    int v = row[in];
                    if (wide) {
                        // PIL: 16-bit grey opens as mode "I" and I → RGB saturates; with alpha it opens as RGBA ("LA;16B", high byte)
                        v = hasAlpha ? v >>> 8 : Math.min(v, 255);
                    }
                    out[o] = out[o + 1] = out[o + 2] = (byte) v;
                } else {
                    int shift = wide ? 8 : 0;
                    out[o] = (byte) (row[in] >>> shift);
                    out[o + 1] = (byte) (row[in + 1] >>> shift);
                    out[o + 2] = (byte) (row[in + 2] >>> shift);
                }
            }
        }
        return new Rgb(out, height, width);
    }
}
