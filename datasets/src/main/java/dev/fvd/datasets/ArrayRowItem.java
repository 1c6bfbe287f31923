package dev.fvd.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * One row of a uint8 array: a video {@code [T,H,W,3]} of {@code [N,T,H,W,3]}, or an image {@code [H,W,3]} of {@code [N,H,W,3]}.
 * Only the frames its clips use are read.
 */
final class ArrayRowItem implements DatasetItem {
    private final NpyArray array;
    private final int row;
    private final long frames;
    private final int height;
    private final int width;

    ArrayRowItem(NpyArray array, int row, long frames, int height, int width) {
        this.array = array;
        this.row = row;
        this.frames = frames;
        this.height = height;
        this.width = width;
    }

    @Override
    public String source() {
        return array.name() + "[" + row + "]";
    }

    @Override
    public Path path() {
        return array.file();
    }

    @Override
    public List<Clip> read(ClipSampler sampler, int index) {
        int[] starts = sampler.starts(frames, index, array.file(), source());
        ClipAssembler assembler = new ClipAssembler(sampler.sampling(), starts, source());
        int frameBytes = height * width * 3;
        byte[] frame = new byte[frameBytes];
        for (int t = 0; t <= assembler.lastFrame(); t++) {
            if (assembler.wants(t)) {
                array.read(((long) row * frames + t) * frameBytes, frame);
                assembler.accept(t, frame, height, width);
            }
        }
        return assembler.clips();
    }
}
