package dev.fvd.datasets;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A video file decoded by FFmpeg through JavaCV's {@link FFmpegFrameGrabber}, at native resolution, to packed RGB24.
 *
 * <p>The grabber is asked for {@code AV_PIX_FMT_RGB24} (its default is BGR24), so FFmpeg's swscale converts whatever the stream
 * holds: YUV with JavaCV's default {@code SWS_BILINEAR} chroma handling, grayscale replicated to three channels, alpha dropped,
 * 10/12/16-bit sources reduced to 8 bits. The grabber reuses its frame buffer and its rows may be padded
 * ({@code imageStride ≥ width*3}), so every wanted frame is copied out row by row. Decoding stops as soon as the last wanted
 * frame is read.
 *
 * <p>{@link OffsetPolicy#RANDOM} needs the frame count first: the container's count ({@code AVStream.nb_frames}, exact in
 * MP4/MOV sample tables) is used when present; otherwise (MKV, WebM, GIF…) a first pass decodes without colour conversion and
 * counts. If a container count turns out too high (the stream ends early), the offsets are drawn again from the decoded count
 * and the video is decoded again, so clips never come from frames that do not exist.
 *
 * <p><b>Display matrix and sample aspect ratio</b> (issue 15 item 13) follow the ffmpeg command line's defaults: with
 * {@code autorotate} (the CLI's {@code -autorotate}, on by default) each frame is turned or flipped upright per the stream's
 * display matrix ({@link DisplayTransform}, bit-identical to the CLI's {@code transpose}/{@code hflip}/{@code vflip} filters);
 * a display rotation that is not a multiple of 90° is refused as bad input (the CLI would resample it with its {@code rotate}
 * filter, which is not reproduced). A non-square sample aspect ratio is never applied: the CLI keeps it as metadata and does not
 * rescale the pixels. Both are reported ({@link #display()}).
 */
final class VideoFileItem implements DatasetItem {
    static {
        // FFmpeg prints every concealed error to stderr; we report bad input through exceptions instead
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    private final Path path;
    private final String source;
    private final boolean autorotate;
    // set by the decoding thread in read(); the stream reads it after the item's future completed
    private volatile DisplayAdjustment display;

    VideoFileItem(Path path, boolean autorotate) {
        this.path = path;
        this.source = path.toString();
        this.autorotate = autorotate;
    }

    @Override
    public java.util.Optional<DisplayAdjustment> display() {
        return java.util.Optional.ofNullable(display);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<Clip> read(ClipSampler sampler, int index) {
        InputFiles.requireReadableFile(path);
        String name = path.getFileName().toString();
        ClipSampling sampling = sampler.sampling();
        if (sampling.offset() == OffsetPolicy.FIRST) {
            Decoded decoded = decode(sampler.firstStarts(), sampling, null);
            if (decoded.clips == null) {
                sampler.requireFrames(decoded.framesSeen, path, name);
                throw new IllegalStateException("unreachable: " + name);
            }
            return decoded.clips;
        }
        Decoded decoded;
        try (FFmpegFrameGrabber grabber = open(true)) {
            long count = containerFrameCount(grabber);
            if (count <= 0) {
                count = countFramesByDecoding();
            }
            decoded = decode(sampler.starts(count, index, path, name), sampling, grabber);
        } catch (FrameGrabber.Exception e) {
            throw new BadInputException(path, source + ": FFmpeg cannot decode it: " + reason(e), e);
        }
        if (decoded.clips != null) {
            return decoded.clips;
        }
        // the container over-counted: draw from what the stream really holds
        long actual = countFramesByDecoding();
        decoded = decode(sampler.starts(actual, index, path, name), sampling, null);
        if (decoded.clips == null) {
            throw new BadInputException(path, source + ": decoding gave " + decoded.framesSeen + " frames on one pass and "
                    + actual + " on another");
        }
        return decoded.clips;
    }

    /** Clips cut at {@code starts}; null clips when the stream ended first (then {@code framesSeen} is the full count). */
    private record Decoded(List<Clip> clips, long framesSeen) {
    }

    /** Decodes from the start with {@code opened} (a fresh RGB grabber, closed by the caller) or a grabber of its own. */
    private Decoded decode(int[] starts, ClipSampling sampling, FFmpegFrameGrabber opened) {
        ClipAssembler assembler = new ClipAssembler(sampling, starts, source);
        int last = assembler.lastFrame();
        try (FFmpegFrameGrabber own = opened == null ? open(true) : null) {
            FFmpegFrameGrabber grabber = opened == null ? own : opened;
            DisplayTransform transform = displayTransform(grabber);
            int index = 0;
            byte[] rgb = null;
            while (index <= last) {
                stopIfCancelled();
                Frame frame = grabber.grabImage();
                if (frame == null || frame.image == null) {
                    return new Decoded(null, index);
                }
                if (assembler.wants(index)) {
                    int width = frame.imageWidth;
                    int height = frame.imageHeight;
                    if (rgb == null || rgb.length != width * height * 3) {
                        rgb = new byte[width * height * 3];
                    }
                    copyRgb(frame, rgb);
                    byte[] shown = transform.apply(rgb, height, width);
                    if (transform.transposes()) {
                        height = frame.imageWidth;
                        width = frame.imageHeight;
                    }
                    if (!assembler.accept(index, shown, height, width)) {
                        throw new BadInputException(path, source + ": frame " + index + " is " + width + "x" + height
                                + " but earlier frames are " + assembler.width() + "x" + assembler.height());
                    }
                }
                index++;
            }
            return new Decoded(assembler.clips(), index);
        } catch (FrameGrabber.Exception e) {
            throw new BadInputException(path, source + ": FFmpeg cannot decode it: " + reason(e), e);
        }
    }

    /**
     * Reads the first video stream's display matrix and sample aspect ratio, records them in {@link #display} when worth
     * reporting, and returns the transform to apply ({@link DisplayTransform#NONE} with autorotation off).
     *
     * @throws BadInputException for a display rotation that is not a multiple of 90° while autorotation is on
     */
    private DisplayTransform displayTransform(FFmpegFrameGrabber grabber) {
        AVFormatContext context = grabber.getFormatContext();
        AVStream stream = videoStream(context);
        int[] matrix = stream == null ? null : displayMatrix(stream);
        DisplayTransform transform = matrix == null ? DisplayTransform.NONE : DisplayTransform.of(matrix);
        double rotation = matrix == null ? 0 : DisplayTransform.rotation(matrix);
        if (Double.isNaN(rotation)) {
            rotation = 0;
        }
        org.bytedeco.ffmpeg.avutil.AVRational sar = stream == null ? null
                : avformat.av_guess_sample_aspect_ratio(context, stream, null);
        int num = sar == null || sar.num() <= 0 || sar.den() <= 0 ? 1 : sar.num();
        int den = sar == null || sar.num() <= 0 || sar.den() <= 0 ? 1 : sar.den();
        if (transform == null) {
            if (autorotate) {
                throw new BadInputException(path, source + ": display rotation of " + rotation + "° is not a multiple of 90;"
                        + " the ffmpeg command line would resample it with its rotate filter, which is not reproduced here:"
                        + " turn autorotation off to read the frames as stored");
            }
            transform = DisplayTransform.NONE;
            display = new DisplayAdjustment(source, rotation, "rotate=" + rotation + "*PI/180", false, num + ":" + den);
            return transform;
        }
        boolean turned = transform != DisplayTransform.NONE;
        if (turned && autorotate && transform.transposes()) {
            int swap = num;
            num = den;
            den = swap;
        }
        if (turned || num != den) {
            display = new DisplayAdjustment(source, rotation, transform.filter(), turned && autorotate, num + ":" + den);
        }
        return autorotate ? transform : DisplayTransform.NONE;
    }

    private static AVStream videoStream(AVFormatContext context) {
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                    && (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return stream;
            }
        }
        return null;
    }

    /** The stream's display matrix side data (9 native-order ints, 16.16 fixed point), or null. */
    private static int[] displayMatrix(AVStream stream) {
        org.bytedeco.ffmpeg.avcodec.AVCodecParameters par = stream.codecpar();
        org.bytedeco.ffmpeg.avcodec.AVPacketSideData sd = org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get(
                par.coded_side_data(), par.nb_coded_side_data(), org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 36 || sd.data() == null || sd.data().isNull()) {
            return null;
        }
        int[] m = new int[9];
        new org.bytedeco.javacpp.IntPointer(sd.data()).get(m);
        return m;
    }

    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("error (-?\\d+)");

    /** FFmpeg's own words for the error code in a JavaCV message ("Invalid data found when processing input"). */
    static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        java.util.regex.Matcher m = ERROR_CODE.matcher(message);
        if (m.find()) {
            byte[] text = new byte[256];
            if (avutil.av_strerror(Integer.parseInt(m.group(1)), text, text.length) == 0) {
                int n = 0;
                while (n < text.length && text[n] != 0) {
                    n++;
                }
                return new String(text, 0, n, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return message;
    }

    /** A closed stream interrupts its workers: stop decoding (the grabber is closed on the way out). */
    private static void stopIfCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("decoding cancelled");
        }
    }

    /** Copies a grabbed RGB24 frame into {@code out} ({@code height × width × 3}), honouring a padded row stride. */
    private void copyRgb(Frame frame, byte[] out) {
        // JavaCV derives imageChannels as stride / width, so a padded RGB24 row (e.g. width 64, linesize 256) reads as
        // "4 channels": trust the pixel format we asked for and the stride, not that field
        if (frame.imageDepth != Frame.DEPTH_UBYTE) {
            throw new BadInputException(path, source + ": FFmpeg gave depth " + frame.imageDepth + " where RGB24 was asked");
        }
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int rowBytes = frame.imageWidth * 3;
        int stride = Math.abs(frame.imageStride);
        if (stride < rowBytes) {
            throw new BadInputException(path, source + ": row stride " + stride + " < " + rowBytes);
        }
        for (int y = 0; y < frame.imageHeight; y++) {
            buffer.get(y * stride, out, y * rowBytes, rowBytes);
        }
    }

    private FFmpegFrameGrabber open(boolean rgb) throws FrameGrabber.Exception {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile());
        if (rgb) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        }
        // parallelism comes from decoding several videos at once; frame threads would oversubscribe the cores
        grabber.setVideoOption("threads", "1");
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            grabber.close();
            throw new BadInputException(path, source + ": FFmpeg cannot open it as a video (" + reason(e)
                    + "): corrupt, truncated, or not a video", e);
        }
        if (!grabber.hasVideo()) {
            grabber.close();
            throw new BadInputException(path, source + ": has no video stream");
        }
        return grabber;
    }

    /** The frame count the random offsets are drawn from: the container's, else a decoding count. */
    long frameCount() {
        InputFiles.requireReadableFile(path);
        try (FFmpegFrameGrabber grabber = open(true)) {
            long count = containerFrameCount(grabber);
            return count > 0 ? count : countFramesByDecoding();
        } catch (FrameGrabber.Exception e) {
            throw new BadInputException(path, source + ": FFmpeg cannot decode it: " + reason(e), e);
        }
    }

    /** {@code nb_frames} of the first video stream, 0 when the container does not say. */
    private static long containerFrameCount(FFmpegFrameGrabber grabber) {
        AVStream stream = videoStream(grabber.getFormatContext());
        return stream == null ? 0 : Math.max(0, stream.nb_frames());
    }

    /** Decodes every frame without colour conversion and counts them. */
    private long countFramesByDecoding() {
        try (FFmpegFrameGrabber grabber = open(false)) {
            long count = 0;
            while (grabber.grabFrame(false, true, false, false, false) != null) {
                stopIfCancelled();
                count++;
            }
            return count;
        } catch (FrameGrabber.Exception e) {
            throw new BadInputException(path, source + ": FFmpeg cannot decode it: " + reason(e), e);
        }
    }
}
