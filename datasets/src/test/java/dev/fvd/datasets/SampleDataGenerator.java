package dev.fvd.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes the sample collection under {@code test-data/sample/} (README quick start, tests) from seeded content:
 * {@code videos/real} = a soft disc and a bar moving smoothly over a gradient, {@code videos/fake} = blocky flickering noise,
 * {@code images/real} (PNG) and {@code images/fake} (JPEG) likewise. Videos are H.264 (the bytedeco FFmpeg build has no libx264;
 * its H.264 encoder is Cisco's libopenh264) in MP4, yuv420p, 25 fps.
 *
 * <p>Run: {@code test-data/sample/make-sample-data.sh} (or
 * {@code mvn -q -pl datasets test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.fvd.datasets.SampleDataGenerator -Dexec.args=ROOT}).
 */
public final class SampleDataGenerator {
    static final int ITEMS = 24;

    private SampleDataGenerator() {
    }

    public static void main(String[] args) throws IOException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Path root = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("fvd.root", ".")).resolve("test-data/sample");
        Path real = Files.createDirectories(root.resolve("videos/real"));
        Path fake = Files.createDirectories(root.resolve("videos/fake"));
        Path realImages = Files.createDirectories(root.resolve("images/real"));
        Path fakeImages = Files.createDirectories(root.resolve("images/fake"));
        for (int i = 0; i < ITEMS; i++) {
            SplittableRandom random = new SplittableRandom(1000 + i);
            int frames = 16 + random.nextInt(5);
            int width = 64 + 16 * random.nextInt(3);
            int height = 64 + 16 * random.nextInt(3);
            writeVideo(real.resolve(String.format("real_%02d.mp4", i)), shapes(random, frames, height, width), frames, height, width);
            SplittableRandom noise = new SplittableRandom(2000 + i);
            writeVideo(fake.resolve(String.format("fake_%02d.mp4", i)), noise(noise, frames, height, width), frames, height, width);
            writeImage(realImages.resolve(String.format("real_%02d.png", i)), shapes(new SplittableRandom(3000 + i), 1, 64, 64)[0],
                    64, 64, "png");
            writeImage(fakeImages.resolve(String.format("fake_%02d.jpg", i)), noise(new SplittableRandom(4000 + i), 1, 64, 64)[0],
                    64, 64, "jpg");
        }
        System.out.println("wrote " + ITEMS + " real and fake videos and images under " + root);
    }

    /** A soft disc and a bar moving over a colour gradient: smooth, structured "real" frames. */
    static byte[][] shapes(SplittableRandom random, int frames, int height, int width) {
        double cx = random.nextDouble(0.2, 0.8) * width;
        double cy = random.nextDouble(0.2, 0.8) * height;
        double vx = random.nextDouble(-2, 2);
        double vy = random.nextDouble(-2, 2);
        double radius = random.nextDouble(8, 16);
        int[] disc = {random.nextInt(128, 256), random.nextInt(0, 128), random.nextInt(0, 256)};
        int[] background = {random.nextInt(0, 100), random.nextInt(60, 160), random.nextInt(100, 200)};
        double barSpeed = random.nextDouble(1, 3);
        byte[][] out = new byte[frames][height * width * 3];
        for (int t = 0; t < frames; t++) {
            double x0 = cx + vx * t;
            double y0 = cy + vy * t;
            int bar = (int) ((t * barSpeed) % width);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double d = Math.hypot(x - x0, y - y0);
                    double inside = Math.max(0, Math.min(1, radius - d));
                    int o = (y * width + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        double bg = background[c] + 60.0 * x / width - 30.0 * y / height;
                        double v = bg * (1 - inside) + disc[c] * inside;
                        if (Math.abs(x - bar) < 3) {
                            v = 235;
                        }
                        out[t][o + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                    }
                }
            }
        }
        return out;
    }

    /** 8×8 blocks of random colour, re-drawn partly each frame: "fake" frames with no structure. */
    static byte[][] noise(SplittableRandom random, int frames, int height, int width) {
        int bw = (width + 7) / 8;
        int bh = (height + 7) / 8;
        int[] blocks = new int[bw * bh * 3];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = random.nextInt(256);
        }
        byte[][] out = new byte[frames][height * width * 3];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < blocks.length; i++) {
                if (random.nextInt(3) == 0) {
                    blocks[i] = random.nextInt(256);
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int b = ((y / 8) * bw + x / 8) * 3;
                    int o = (y * width + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        out[t][o + c] = (byte) Math.max(0, Math.min(255, blocks[b + c] + random.nextInt(-20, 21)));
                    }
                }
            }
        }
        return out;
    }

    /** Encodes RGB frames as H.264 (libopenh264) in MP4, yuv420p, 25 fps, every frame kept. */
    static void writeVideo(Path file, byte[][] rgbFrames, int frames, int height, int width) throws IOException {
        writeVideo(file, rgbFrames, frames, height, width, false);
    }

    /** As above; {@code indexFirst} writes the MP4 index (moov) before the data ({@code movflags=faststart}). */
    static void writeVideo(Path file, byte[][] rgbFrames, int frames, int height, int width, boolean indexFirst)
            throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat("mp4");
            if (indexFirst) {
                recorder.setOption("movflags", "faststart");
            }
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.setVideoBitrate(width * height * 25 * 3 / 4);
            recorder.setGopSize(frames);
            recorder.setVideoOption("allow_skip_frames", "0");
            recorder.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            for (int t = 0; t < frames; t++) {
                ByteBuffer buffer = (ByteBuffer) frame.image[0];
                int stride = frame.imageStride;
                for (int y = 0; y < height; y++) {
                    buffer.put(y * stride, rgbFrames[t], y * width * 3, width * 3);
                }
                recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException(file + ": cannot encode: " + e.getMessage(), e);
        }
    }

    static void writeImage(Path file, byte[] rgb, int height, int width, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * 3;
                image.setRGB(x, y, (rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | (rgb[o + 2] & 0xff));
            }
        }
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }
}
