package dev.fvd.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A still image file: one 1-frame clip, decoded by {@link StillImageDecoder}. */
final class ImageFileItem implements DatasetItem {
    private final Path path;

    ImageFileItem(Path path) {
        this.path = path;
    }

    @Override
    public String source() {
        return path.toString();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<Clip> read(ClipSampler sampler, int index) {
        InputFiles.requireReadableFile(path);
        if (StillImageDecoder.isWebp(path.getFileName().toString())) {
            throw new BadInputException(path, path + ": WebP is not supported (no decoder here is proven identical to PIL's)");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            StillImageDecoder.Rgb rgb = StillImageDecoder.decode(in, source(), path);
            return List.of(new Clip(source(), 0, 1, rgb.height(), rgb.width(), rgb.pixels()));
        } catch (IOException e) {
            throw new BadInputException(path, path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
