package dev.fvd.features.inception;

import dev.fvd.features.ReferenceProtocols;
import dev.fvd.features.checkpoint.torch.TorchCheckpointReader;
import dev.fvd.features.checkpoint.torch.TorchTensor;
import dev.fvd.features.inception.FidInceptionGraph.ResizeLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full-width (2048-d, 95 MB) check, off by default. Prepare with
 * {@code /usr/bin/python3 test-data/inception/inception_reference.py --full DIR}, then run
 * {@code mvn -B -q -pl feature-extractors -am test -Dtest=FullSizeInceptionTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfvd.inception.full=DIR}. With {@code -Dfvd.inception.pth=FILE} (pytorch-fid's real
 * {@code pt_inception-2015-12-05-6726825d.pth}) it also imports the published weights.
 */
class FullSizeInceptionTest {

    @Test
    @EnabledIfSystemProperty(named = "fvd.inception.full", matches = ".+")
    void fullWidthRandomWeightsMatchThePyTorchReference() throws Exception {
        Path dir = Path.of(System.getProperty("fvd.inception.full"));
        long t0 = System.nanoTime();
        Map<String, TorchTensor> zip = TorchCheckpointReader.read(dir.resolve("inception-full-random.pth"));
        long t1 = System.nanoTime();
        Map<String, TorchTensor> legacy = TorchCheckpointReader.read(dir.resolve("inception-full-random-legacy.pth"));
        long t2 = System.nanoTime();
        System.out.printf("read 95 MB state dict: zip %.2f s, legacy %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        assertThat(zip).hasSize(472);
        List<String> tsv = Files.readAllLines(InceptionTestData.root()
                .resolve("test-data/fid-inception/fid-inception-state-dict.tsv"));
        for (String line : tsv) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            assertThat(Arrays.toString(zip.get(f[0]).shape())).as(f[0]).isEqualTo(f[1]);
            assertThat(legacy.get(f[0]).data()).as(f[0]).isEqualTo(zip.get(f[0]).data());
        }
        for (FidInceptionParityTest.Case c : FidInceptionParityTest.cases(dir.resolve("reference"))) {
            ResizeLocation location = ResizeLocation.defaultFor(c.protocol());
            byte[] model = FidInceptionGraph.build(zip, c.protocol(), location, 0, 0, "inception-full-random",
                    false, Map.of()).toByteArray();
            byte[] pixels = ReferenceImages.pixels(c.images(), c.height(), c.width(), c.seed());
            long s = System.nanoTime();
            float[][] actual = location == ResizeLocation.CALLER
                    ? FidInceptionParityTest.run(model, FidInceptionParityTest.resizedByCaller(c.protocol(), pixels,
                    c.images(), c.height(), c.width()), c.images(), 299, 299, 3)
                    : FidInceptionParityTest.run(model, pixels, c.images(), c.height(), c.width(), 3);
            double seconds = (System.nanoTime() - s) / 1e9;
            double err = FidInceptionParityTest.maxAbsDiff(actual, FidInceptionParityTest.readRows(c.features()));
            System.out.printf("%-22s %-8s full width, %d features: max |Java − PyTorch| = %.3g (%.2f s for %d images, "
                    + "incl. session creation)%n", c.name(), location, actual[0].length, err, seconds, c.images());
            assertThat(actual[0]).hasSize(2048);
            assertThat(err).as(c.name()).isLessThanOrEqualTo(FidInceptionParityTest.TOLERANCE);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "fvd.inception.pth", matches = ".+")
    void thePublishedPytorchFidWeightsImportAsCanonical() throws Exception {
        Path pth = Path.of(System.getProperty("fvd.inception.pth"));
        assertThat(TorchCheckpointReader.sniff(pth)).isEqualTo(TorchCheckpointReader.Format.LEGACY);
        Map<String, TorchTensor> sd = TorchCheckpointReader.read(pth);
        assertThat(sd).hasSize(472);
        byte[] model = FidInceptionGraph.importFidInception(pth, ReferenceProtocols.TTUR);
        assertThat(FidInceptionGraphTest.metadata(model)).containsEntry("fvd.canonical", "true")
                .containsEntry("fvd.feature_dim", "2048");
    }
}
