package dev.fvd.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** An image stored in a zip archive (StyleGAN-style dataset zips): named {@code archive.zip!/entry}. */
final class ZipImageItem implements DatasetItem {
    private final Path archive;
    private final ZipFile zip;
    private final ZipEntry entry;

    ZipImageItem(Path archive, ZipFile zip, ZipEntry entry) {
        this.archive = archive;
        this.zip = zip;
        this.entry = entry;
    }

    @Override
    public String source() {
        return archive + "!/" + entry.getName();
    }

    @Override
    public Path path() {
        return archive;
    }

    @Override
    public List<Clip> read(ClipSampler sampler, int index) {
        if (StillImageDecoder.isWebp(entry.getName())) {
            throw new BadInputException(archive, source() + ": WebP is not supported (no decoder here is proven identical to PIL's)");
        }
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry))) {
            StillImageDecoder.Rgb rgb = StillImageDecoder.decode(in, source(), archive);
            return List.of(new Clip(source(), 0, 1, rgb.height(), rgb.width(), rgb.pixels()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException de) {
                throw de;
            }
            throw new BadInputException(archive, source() + ": cannot read the entry: " + e.getMessage(), e);
        }
    }
}
