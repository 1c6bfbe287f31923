package dev.fvd.features.store;

import dev.fvd.features.i3d.I3dModel;
import dev.fvd.features.inception.FidInceptionModel;

import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped manifest is data; these tests pin its content to REFERENCE.md "Canonical files and pins". */
class CanonicalManifestTest {
    private final ModelManifest manifest = ModelManifest.canonical();

    @Test
    void listsTheTwoCanonicalModels() {
        assertThat(manifest.modelIds()).containsExactly(I3dModel.ID, FidInceptionModel.ID);
        assertThat(manifest.filesOf("i3d-kinetics400")).extracting(ModelFile::role, ModelFile::fileName).containsExactly(
                org.assertj.core.groups.Tuple.tuple("index", "model.ckpt.index"),
                org.assertj.core.groups.Tuple.tuple("data", "model.ckpt.data-00000-of-00001"));
        assertThat(manifest.filesOf("inception-fid")).extracting(ModelFile::role).containsExactly("state-dict");
    }

    @Test
    void everyEntryHasAnHttpsUrlALicenseACitationAndAPinWithItsSource() {
        for (ModelFile f : manifest.files()) {
            assertThat(f.url().getScheme()).as(f.fileName()).isEqualTo("https");
            assertThat(f.url().getPath()).as(f.fileName()).endsWith("/" + f.fileName());
            assertThat(f.license()).as(f.fileName()).isEqualTo("Apache-2.0");
            assertThat(f.citation()).as(f.fileName()).isNotBlank();
            assertThat(f.pinSource()).as(f.fileName()).isNotBlank();
            assertThat(f.size()).as(f.fileName()).isPositive();
        }
    }

    @Test
    void i3dRgbScratchPinsAreTheGitBlobIdsOfTheKineticsI3dRepository() {
        List<ModelFile> i3d = manifest.filesOf("i3d-kinetics400");
        assertThat(i3d.get(0).url()).hasToString(
                "https://github.com/google-deepmind/kinetics-i3d/raw/master/data/checkpoints/rgb_scratch/model.ckpt.index");
        assertThat(i3d.get(0).size()).isEqualTo(10_953);
        assertThat(i3d.get(0).gitBlobSha1()).isEqualTo("84dd4518e982d9ca6ce1ff02e95fca2e8cbb1f73");
        assertThat(i3d.get(1).url()).hasToString("https://github.com/google-deepmind/kinetics-i3d/raw/master/data/"
                + "checkpoints/rgb_scratch/model.ckpt.data-00000-of-00001");
        assertThat(i3d.get(1).size()).isEqualTo(50_818_176);
        assertThat(i3d.get(1).gitBlobSha1()).isEqualTo("fa7df95674dbf3579e7fccd954e51e706b4734c1");
    }

    @Test
    void theRealRgbScratchIndexInTestDataMatchesItsPin() {
        Path index = TestData.file("kinetics-i3d/rgb_scratch.model.ckpt.index");
        ModelFile pinned = manifest.filesOf("i3d-kinetics400").get(0);

        FileDigest digest = FileDigest.of(index);

        assertThat(digest.size()).isEqualTo(10_953);
        assertThat(digest.gitBlobSha1()).isEqualTo("84dd4518e982d9ca6ce1ff02e95fca2e8cbb1f73");
        assertThat(pinned.matches(digest)).isTrue();
    }

    @Test
    void fidInceptionSha256StartsWithTheHashSuffixOfItsFileName() {
        // torch hub convention (hub.py download_url_to_file / check_hash): name-<first hex digits of sha256>.pth
        ModelFile f = manifest.filesOf("inception-fid").get(0);
        Matcher m = Pattern.compile(".*-([0-9a-f]{8,})\\.pth").matcher(f.fileName());

        assertThat(m.matches()).isTrue();
        assertThat(f.sha256Prefix()).isEqualTo(m.group(1)).isEqualTo("6726825d");
        assertThat(f.sha256()).startsWith(m.group(1));
        assertThat(f.url()).hasToString("https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/"
                + "pt_inception-2015-12-05-6726825d.pth");
    }

    @Test
    void aFileWithTheRightPrefixButAnotherFullHashIsNotCanonical() {
        ModelFile f = manifest.filesOf("inception-fid").get(0);
        FileDigest lookalike = new FileDigest(f.size(), "0".repeat(40), "6726825d" + "0".repeat(56));

        assertThat(f.matches(lookalike)).isFalse();
        assertThat(f.mismatches(lookalike)).singleElement().asString().contains("sha256 6726825d000");
    }

    @Test
    void roundTripsThroughItsJsonLayout() {
        ModelManifest again = ModelManifest.read(new StringReader(manifest.toJson()), "round trip");

        assertThat(again).isEqualTo(manifest);
    }

    @Test
    void rejectsAnotherFormatVersionAndEntriesWithoutPins() {
        assertThatThrownBy(() -> ModelManifest.read(new StringReader("{\"formatVersion\": 2, \"files\": []}"), "m.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m.json").hasMessageContaining("2");
        String noPin = "{\"formatVersion\": 1, \"files\": [{\"model\": \"x\", \"role\": \"r\", \"file\": \"f.bin\","
                + " \"url\": \"https://example.org/f.bin\"}]}";
        assertThatThrownBy(() -> ModelManifest.read(new StringReader(noPin), "m.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no checksum pin");
    }

    @Test
    void gitBlobSha1IsTheGitObjectIdOfTheContent() {
        // `printf 'hello\n' | git hash-object --stdin` and the empty blob
        assertThat(FileDigest.of("hello\n".getBytes(StandardCharsets.US_ASCII)).gitBlobSha1())
                .isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
        assertThat(FileDigest.of(new byte[0]).gitBlobSha1()).isEqualTo("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        assertThat(FileDigest.of(new byte[0]).sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
