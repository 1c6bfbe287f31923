package dev.fvd.report;

import dev.fvd.datasets.Clip;
import dev.fvd.datasets.ClipSampling;
import dev.fvd.datasets.ClipStream;
import dev.fvd.datasets.DatasetException;
import dev.fvd.datasets.DatasetOptions;
import dev.fvd.datasets.Datasets;
import dev.fvd.datasets.MediaKind;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A strip of frames (a video clip) or a thumbnail (an image) of one sample, decoded from its source file by the
 * {@code datasets} module, so the frames shown are the frames the network saw (before resizing). Frames are scaled to
 * {@value #HEIGHT} px high and JPEG-encoded into a {@code data:} URI, so the page needs no file beside it.
 */
final class FrameStrips {
    /** Height of a frame in the page, px. */
    static final int HEIGHT = 72;
    /** At most this many frames per strip, evenly spread over the clip. */
    static final int MAX_FRAMES = 8;
    /** At most this many frames of a video are held decoded at once. */
    static final int MAX_DECODED = 64;
    private static final float JPEG_QUALITY = 0.85f;

    /**
     * A rendered strip, or the reason there is none.
     *
     * @param dataUri {@code data:image/jpeg;base64,…}, or {@code null}
     * @param width   pixel width of the strip
     * @param height  pixel height of the strip
     * @param shown   the source frame numbers shown
     * @param problem why no strip could be made, or {@code null}
     */
    record Strip(String dataUri, int width, int height, int[] shown, String problem) {
        static Strip missing(String problem) {
            return new Strip(null, 0, 0, new int[0], problem);
        }
    }

    private FrameStrips() {
    }

    /**
     * The strip of {@code sample}: the clip of {@code frames} frames every {@code stride} frames from its start frame.
     * Sources that are not a file of their own (an archive entry, an array row) get no strip, only the reason.
     */
    static Strip of(Sample sample, MediaKind media, int frames, int stride) {
        Path path;
        try {
            path = Path.of(sample.source());
        } catch (java.nio.file.InvalidPathException e) {
            return Strip.missing("not a file path: " + e.getMessage());
        }
        if (!Files.isRegularFile(path)) {
            return Strip.missing("no file at " + sample.source() + " (archive entries and array rows are not previewed)");
        }
        int span = (frames - 1) * stride + 1;
        int shownCount = Math.min(MAX_FRAMES, frames);
        int[] wanted = new int[shownCount];
        for (int i = 0; i < shownCount; i++) {
            int clipFrame = shownCount == 1 ? 0 : (int) Math.round(i * (frames - 1) / (double) (shownCount - 1));
            wanted[i] = sample.startFrame() + clipFrame * stride;
        }
        // The datasets module cuts clips from the first frame: decode every step-th frame from 0 to the clip's end (at most
        // MAX_DECODED frames in memory) and show the decoded frame nearest to each wanted one; the page prints the frame numbers.
        int end = sample.startFrame() + span - 1;
        int step = media == MediaKind.VIDEO
                ? Math.max(Math.max(1, span / (2 * shownCount)), (end + MAX_DECODED) / MAX_DECODED) : 1;
        DatasetOptions options = media == MediaKind.VIDEO
                ? DatasetOptions.videos().withThreads(1).withQueueCapacity(1)
                        .withSampling(ClipSampling.defaults().withFrames(end / step + 1).withStride(step))
                : DatasetOptions.images().withThreads(1).withQueueCapacity(1);
        Clip clip;
        try (ClipStream stream = Datasets.open(path, options)) {
            if (!stream.hasNext()) {
                return Strip.missing("no frames decoded from " + sample.source());
            }
            clip = stream.next();
        } catch (DatasetException e) {
            return Strip.missing(e.getMessage());
        }
        int[] shown = new int[shownCount];
        int width = (int) Math.max(1, Math.round(clip.width() * (double) HEIGHT / clip.height()));
        BufferedImage strip = new BufferedImage(width * shownCount + 2 * (shownCount - 1), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = strip.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, strip.getWidth(), strip.getHeight());
        for (int i = 0; i < shownCount; i++) {
            int decoded = Math.min(clip.frames() - 1, (int) Math.round(wanted[i] / (double) step));
            shown[i] = decoded * step;
            g.drawImage(frame(clip, decoded), i * (width + 2), 0, width, HEIGHT, null);
        }
        g.dispose();
        return new Strip("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg(strip)), strip.getWidth(),
                strip.getHeight(), shown, null);
    }

    private static BufferedImage frame(Clip clip, int t) {
        BufferedImage image = new BufferedImage(clip.width(), clip.height(), BufferedImage.TYPE_INT_RGB);
        byte[] p = clip.pixels();
        int base = t * clip.frameBytes();
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                int o = base + (y * clip.width() + x) * 3;
                image.setRGB(x, y, (p[o] & 0xff) << 16 | (p[o + 1] & 0xff) << 8 | (p[o + 2] & 0xff));
            }
        }
        return image;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a JPEG in memory", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
