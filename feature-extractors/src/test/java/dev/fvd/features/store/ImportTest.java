package dev.fvd.features.store;

import dev.fvd.features.ModelUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.fvd.features.store.DownloadTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Air-gapped users copy the files by hand; the store takes them, canonical or not, and says which. */
class ImportTest {
    private static final String MODEL = "tiny-net";

    @TempDir
    Path cache;
    @TempDir
    Path usb;
    private LocalFileServer server;
    private final byte[] index = randomBytes(3_000, 1);
    private final byte[] data = randomBytes(70_000, 2);
    private final List<String> warnings = new ArrayList<>();
    private ModelManifest manifest;

    @BeforeEach
    void setUp() throws IOException {
        server = new LocalFileServer();
        manifest = new ModelManifest(List.of(
                ModelFile.pinnedTo(MODEL, "index", "model.ckpt.index", server.serve("/index", index), FileDigest.of(index)),
                ModelFile.pinnedTo(MODEL, "data", "model.ckpt.data-00000-of-00001", server.serve("/data", data),
                        FileDigest.of(data))));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ModelStore store(boolean offline) {
        return ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest).offline(offline)
                .warnings(warnings::add).withoutCanonicalConverters().build();
    }

    private void writeUsb(byte[] indexBytes, byte[] dataBytes) throws IOException {
        Files.write(usb.resolve("model.ckpt.index"), indexBytes);
        Files.write(usb.resolve("model.ckpt.data-00000-of-00001"), dataBytes);
    }

    @Test
    void canonicalFilesAreImportedSilentlyAndUsableOffline() throws IOException {
        writeUsb(index, data);

        WeightsProvenance p = store(true).importFrom(MODEL, usb);
        Map<String, Path> files = store(true).weights(MODEL);

        assertThat(p.canonical()).isTrue();
        assertThat(p.file("index").orElseThrow().source()).isEqualTo("import " + usb.resolve("model.ckpt.index"));
        assertThat(warnings).isEmpty();
        assertThat(Files.readAllBytes(files.get("data"))).isEqualTo(data);
        assertThat(server.totalHits()).isZero();
        assertThat(store(true).verify(MODEL).summary()).isEqualTo("ok");
    }

    @Test
    void nonCanonicalFilesAreAcceptedWithALoudWarningAndTheirActualChecksumsRecorded() throws IOException {
        byte[] otherData = randomBytes(70_000, 99);
        writeUsb(index, otherData);

        WeightsProvenance p = store(true).importFrom(MODEL, usb);

        assertThat(warnings).singleElement().asString()
                .contains("WARNING: NON-CANONICAL WEIGHTS for tiny-net")
                .contains(usb.resolve("model.ckpt.data-00000-of-00001").toString())
                .contains("git-blob-sha1 " + FileDigest.of(otherData).gitBlobSha1())
                .contains("(expected " + FileDigest.of(data).gitBlobSha1() + ")")
                .contains("NOT comparable to published");
        assertThat(p.canonical()).isFalse();
        assertThat(p.file("index").orElseThrow().canonical()).isTrue();
        StoredFile recorded = p.file("data").orElseThrow();
        assertThat(recorded.canonical()).isFalse();
        assertThat(recorded.digest()).isEqualTo(FileDigest.of(otherData));
        String sidecar = Files.readString(cache.resolve("weights/tiny-net/provenance.json"));
        assertThat(sidecar).contains(FileDigest.of(otherData).sha256()).contains("\"canonical\": false");
    }

    @Test
    void nonCanonicalImportsAreKeptByWeightsListedAsSuchAndReplacedByAnExplicitFetch() throws IOException {
        writeUsb(index, randomBytes(70_000, 99));
        store(true).importFrom(MODEL, usb);

        store(false).weights(MODEL);
        ModelStatus listed = store(false).list().get(0);
        ModelStatus verified = store(false).verify(MODEL);
        Map<String, Path> fetched = store(false).fetch(MODEL);

        assertThat(server.hits("/data")).isEqualTo(1);
        assertThat(server.hits("/index")).isZero();
        assertThat(listed.summary()).isEqualTo("non-canonical");
        assertThat(verified.summary()).isEqualTo("non-canonical");
        assertThat(verified.digestsOk()).isTrue();
        assertThat(verified.files().get(1).problem()).get().asString().startsWith("non-canonical (import ");
        assertThat(Files.readAllBytes(fetched.get("data"))).isEqualTo(data);
        assertThat(store(false).provenance(MODEL).orElseThrow().canonical()).isTrue();
    }

    @Test
    void aCheckpointPrefixOrOneRenamedFileFindsItsSiblings() throws IOException {
        Files.write(usb.resolve("rgb_scratch.model.ckpt.index"), index);
        Files.write(usb.resolve("rgb_scratch.model.ckpt.data-00000-of-00001"), data);

        assertThat(store(true).importFrom(MODEL, usb.resolve("rgb_scratch.model.ckpt.index")).canonical()).isTrue();
        assertThat(store(true).importFrom(MODEL, usb.resolve("rgb_scratch.model.ckpt")).canonical()).isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aSingleFileModelTakesAFileOfAnyName() throws IOException {
        byte[] weights = randomBytes(5_000, 7);
        ModelManifest single = new ModelManifest(List.of(ModelFile.pinnedTo("one", "state-dict", "w-1234abcd.pth",
                server.uri("/w"), FileDigest.of(weights))));
        Path file = Files.write(usb.resolve("downloaded (1).pth"), weights);

        WeightsProvenance p = ModelStore.builder().location(StoreLocation.at(cache)).manifest(single).offline(true)
                .warnings(warnings::add).withoutCanonicalConverters().build().importFrom("one", file);

        assertThat(p.canonical()).isTrue();
        assertThat(cache.resolve("weights/one/w-1234abcd.pth")).hasBinaryContent(weights);
    }

    @Test
    void aMissingFileIsNamedAndNothingIsImported() throws IOException {
        Files.write(usb.resolve("model.ckpt.index"), index);

        assertThatThrownBy(() -> store(true).importFrom(MODEL, usb))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("missing " + usb.resolve("model.ckpt.data-00000-of-00001"))
                .hasMessageContaining("model.ckpt.index, model.ckpt.data-00000-of-00001");
        assertThat(cache.resolve("weights/tiny-net/model.ckpt.index")).doesNotExist();
    }

    @Test
    void verifyReportsMissingPartialOkAndCorruptModels() throws IOException {
        ModelStore store = store(false);
        assertThat(store.verify(MODEL).summary()).isEqualTo("missing");
        assertThat(store.verify(MODEL).present()).isFalse();

        Files.createDirectories(cache.resolve("weights/tiny-net"));
        Files.write(cache.resolve("weights/tiny-net/model.ckpt.index"), index);
        assertThat(store.verify(MODEL).summary()).isEqualTo("partial");

        store.weights(MODEL);
        ModelStatus ok = store.verify(MODEL);
        assertThat(ok.summary()).isEqualTo("ok");
        assertThat(ok.canonical()).isTrue();
        assertThat(ok.verified()).isTrue();
        assertThat(ok.files()).allSatisfy(f -> assertThat(f.actual()).isPresent());

        Path cached = cache.resolve("weights/tiny-net/model.ckpt.index");
        byte[] damaged = index.clone();
        damaged[7] ^= 1;
        Files.write(cached, damaged);
        ModelStatus corrupt = store.verify(MODEL);
        assertThat(corrupt.summary()).isEqualTo("corrupt");
        assertThat(corrupt.digestsOk()).isFalse();
        assertThat(corrupt.files().get(0).actual()).contains(FileDigest.of(damaged));
    }
}
