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
 */
final class VideoFileItem implements DatasetItem {
    static {
        // FFmpeg prints every concealed error to stderr; we report bad input through exceptions instead
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    private final Path path;
    private final String source;

    VideoFileItem(Path path) {
        this.path = path;
        this.source = path.toString();
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
                    if (!assembler.accept(index, rgb, height, width)) {
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

    /** {@code nb_frames} of the first video stream, 0 when the container does not say. */
    private static long containerFrameCount(FFmpegFrameGrabber grabber) {
        AVFormatContext context = grabber.getFormatContext();
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                    && (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return Math.max(0, stream.nb_frames());
            }
        }
        return 0;
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
