package dev.fvd.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A video stored as a folder of frame images (StyleGAN-V's {@code VideoFramesFolderDataset} layout), frames in natural order.
 * The frame count is the number of files, so only the frames the clips use are decoded.
 */
final class FrameFolderItem implements DatasetItem {
    private final Path folder;
    private final List<Path> frames;

    FrameFolderItem(Path folder, List<Path> frames) {
        this.folder = folder;
        this.frames = List.copyOf(frames);
    }

    @Override
    public String source() {
        return folder.toString();
    }

    @Override
    public Path path() {
        return folder;
    }

    @Override
    public List<Clip> read(ClipSampler sampler, int index) {
        int[] starts = sampler.starts(frames.size(), index, folder, folder.getFileName() + "/");
        ClipAssembler assembler = new ClipAssembler(sampler.sampling(), starts, source());
        for (int i = 0; i <= assembler.lastFrame(); i++) {
            if (!assembler.wants(i)) {
                continue;
            }
            Path frame = frames.get(i);
            InputFiles.requireReadableFile(frame);
            StillImageDecoder.Rgb rgb;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(frame))) {
                rgb = StillImageDecoder.decode(in, frame.toString(), frame);
            } catch (IOException e) {
                throw new BadInputException(frame, frame + ": cannot read: " + e.getMessage(), e);
            }
            if (!assembler.accept(i, rgb.pixels(), rgb.height(), rgb.width())) {
                throw new BadInputException(frame, frame + ": frame is " + rgb.width() + "x" + rgb.height()
                        + " but earlier frames of " + folder + " are " + assembler.width() + "x" + assembler.height());
            }
        }
        return assembler.clips();
    }
}
