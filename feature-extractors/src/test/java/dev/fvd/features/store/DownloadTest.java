package dev.fvd.features.store;

import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads against a real local HTTP server: what lands in the cache, and what never does. */
class DownloadTest {
    private static final String MODEL = "tiny-net";

    @TempDir
    Path cache;
    private LocalFileServer server;
    private final byte[] index = randomBytes(3_000, 1);
    private final byte[] data = randomBytes(700_000, 2);
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new LocalFileServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private ModelManifest manifest(URI indexUrl, URI dataUrl) {
        return new ModelManifest(List.of(
                ModelFile.pinnedTo(MODEL, "index", "model.ckpt.index", indexUrl, FileDigest.of(index)),
                ModelFile.pinnedTo(MODEL, "data", "model.ckpt.data-00000-of-00001", dataUrl, FileDigest.of(data))));
    }

    private ModelStore.Builder store(ModelManifest manifest) {
        return ModelStore.builder().location(StoreLocation.at(cache)).manifest(manifest).offline(false)
                .warnings(warnings::add).withoutCanonicalConverters();
    }

    private ModelManifest servedManifest() {
        return manifest(server.serve("/index", index), server.serve("/data", data));
    }

    private List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aServedFileLandsVerifiedInTheCacheWithCanonicalProvenance() throws IOException {
        List<long[]> progress = new ArrayList<>();
        ModelStore store = store(servedManifest())
                .progress((file, read, total) -> progress.add(new long[] {read, total})).build();

        Map<String, Path> files = store.weights(MODEL);

        assertThat(files.get("index")).isEqualTo(cache.resolve("weights/tiny-net/model.ckpt.index"));
        assertThat(Files.readAllBytes(files.get("index"))).isEqualTo(index);
        assertThat(Files.readAllBytes(files.get("data"))).isEqualTo(data);
        WeightsProvenance p = store.provenance(MODEL).orElseThrow();
        assertThat(p.canonical()).isTrue();
        assertThat(p.file("data").orElseThrow().digest()).isEqualTo(FileDigest.of(data));
        assertThat(p.file("data").orElseThrow().source()).isEqualTo("download " + server.uri("/data"));
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(data.length, data.length);
        assertThat(filesUnder(cache)).extracting(f -> f.getFileName().toString())
                .containsExactlyInAnyOrder("model.ckpt.index", "model.ckpt.data-00000-of-00001", "provenance.json");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aCacheHitDoesNotDownloadAgainEvenFromANewStoreInstance() {
        ModelManifest manifest = servedManifest();
        store(manifest).build().weights(MODEL);
        int afterFirst = server.totalHits();

        store(manifest).build().weights(MODEL);
        store(manifest).build().weights(MODEL);

        assertThat(afterFirst).isEqualTo(2);
        assertThat(server.totalHits()).isEqualTo(2);
    }

    @Test
    void onlyMissingFilesAreFetched() throws IOException {
        ModelManifest manifest = servedManifest();
        ModelStore store = store(manifest).build();
        store.weights(MODEL);
        Files.delete(cache.resolve("weights/tiny-net/model.ckpt.data-00000-of-00001"));

        store.weights(MODEL);

        assertThat(server.hits("/index")).isEqualTo(1);
        assertThat(server.hits("/data")).isEqualTo(2);
    }

    @Test
    void aRedirectIsFollowed() throws IOException {
        URI real = server.serve("/cdn/index", index);
        ModelManifest manifest = manifest(server.redirect("/release/index", real), server.serve("/data", data));

        Map<String, Path> files = store(manifest).build().weights(MODEL);

        assertThat(Files.readAllBytes(files.get("index"))).isEqualTo(index);
        assertThat(server.hits("/release/index")).isEqualTo(1);
        assertThat(server.hits("/cdn/index")).isEqualTo(1);
    }

    @Test
    void wrongBytesAreRejectedNamingUrlExpectedAndActualDigestAndNothingIsCached() throws IOException {
        byte[] corrupt = data.clone();
        corrupt[12345] ^= 1;
        ModelManifest manifest = manifest(server.serve("/index", index), server.serve("/data", corrupt));

        assertThatThrownBy(() -> store(manifest).build().weights(MODEL))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(server.uri("/data").toString())
                .hasMessageContaining(FileDigest.of(data).gitBlobSha1())
                .hasMessageContaining(FileDigest.of(corrupt).gitBlobSha1())
                .hasMessageContaining(FileDigest.of(corrupt).sha256())
                .hasMessageContaining("nothing was cached");
        assertThat(cache.resolve("weights/tiny-net/model.ckpt.data-00000-of-00001")).doesNotExist();
        assertThat(filesUnder(cache)).noneMatch(f -> f.toString().endsWith(".part"));
    }

    @Test
    void aTransferThatBreaksOffIsRejectedAndLeavesNoFile() throws IOException {
        byte[] half = Arrays.copyOf(data, data.length / 2);
        ModelManifest manifest = manifest(server.serve("/index", index),
                server.serveTruncated("/data", half, data.length));

        assertThatThrownBy(() -> store(manifest).build().weights(MODEL))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining(server.uri("/data").toString())
                .hasMessageContaining("broke off")
                .hasMessageContaining("fvd models fetch tiny-net");
        assertThat(cache.resolve("weights/tiny-net/model.ckpt.data-00000-of-00001")).doesNotExist();
        assertThat(filesUnder(cache)).noneMatch(f -> f.toString().endsWith(".part"));
    }

    @Test
    void aTransferThatStallsIsAbortedAndLeavesNoFile() throws IOException {
        ModelManifest manifest = manifest(server.serve("/index", index),
                server.serveStalling("/data", Arrays.copyOf(data, 1000), data.length));

        assertThatThrownBy(() -> store(manifest).stallTimeout(java.time.Duration.ofSeconds(1)).build().weights(MODEL))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("the transfer of " + server.uri("/data") + " stalled: no data for 1.0 s after 1000 of "
                        + data.length + " bytes")
                .hasMessageContaining("fvd models fetch tiny-net");
        assertThat(cache.resolve("weights/tiny-net/model.ckpt.data-00000-of-00001")).doesNotExist();
        assertThat(filesUnder(cache)).noneMatch(f -> f.toString().endsWith(".part"));
    }

    @Test
    void aShortBodyWithoutContentLengthFailsTheSizePin() {
        byte[] half = Arrays.copyOf(data, data.length / 2);
        ModelManifest manifest = manifest(server.serve("/index", index), server.serveChunked("/data", half));

        assertThatThrownBy(() -> store(manifest).build().weights(MODEL))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("size " + half.length + " (expected " + data.length + ")");
        assertThat(cache.resolve("weights/tiny-net/model.ckpt.data-00000-of-00001")).doesNotExist();
    }

    @Test
    void aLongerFileThanPinnedIsRejectedBeforeItIsDownloaded() {
        byte[] longer = Arrays.copyOf(data, data.length + 10);
        ModelManifest manifest = manifest(server.serve("/index", index), server.serve("/data", longer));

        assertThatThrownBy(() -> store(manifest).build().weights(MODEL))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("announces " + longer.length + " bytes")
                .hasMessageContaining("pinned size")
                .hasMessageContaining(server.uri("/data").toString());
        assertThat(cache.resolve("weights/tiny-net/model.ckpt.data-00000-of-00001")).doesNotExist();
    }

    @Test
    void httpErrorStatusesAreReportedWithTheUrlAndTheFix() {
        for (int status : new int[] {404, 500}) {
            ModelManifest manifest = manifest(server.status("/index" + status, status), server.serve("/data", data));

            assertThatThrownBy(() -> store(manifest).build().weights(MODEL))
                    .isInstanceOf(ModelUnavailableException.class)
                    .hasMessageContaining("HTTP " + status + " from " + server.uri("/index" + status))
                    .hasMessageContaining("fvd models import tiny-net --from DIR");
            assertThat(cache.resolve("weights/tiny-net/model.ckpt.index")).doesNotExist();
        }
    }

    @Test
    void offlineModeFailsFastWithTheFixAndMakesNoRequest() {
        ModelStore store = store(servedManifest()).offline(true).build();

        assertThatThrownBy(() -> store.weights(MODEL))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageStartingWith("model tiny-net is not in the cache (" + cache.resolve("weights/tiny-net")
                        + ") and downloads are off (offline). Fetch it on a machine with network: `fvd models fetch"
                        + " tiny-net`, or get the files by other means and import them: `fvd models import tiny-net --from DIR`");
        assertThat(server.totalHits()).isZero();
    }

    @Test
    void theCanonicalOfflineMessageNamesTheCanonicalFilesAndAddresses() {
        ModelStore store = ModelStore.builder().location(StoreLocation.at(cache)).offline(true).build();

        assertThatThrownBy(() -> store.weights("i3d-kinetics400"))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("model i3d-kinetics400 is not in the cache (" + cache.resolve("weights/i3d-kinetics400")
                        + ") and downloads are off (offline). Fetch it on a machine with network: `fvd models fetch"
                        + " i3d-kinetics400`, or get the files by other means and import them: `fvd models import i3d-kinetics400"
                        + " --from DIR`")
                .hasMessageContaining("model.ckpt.data-00000-of-00001 (50,818,176 bytes,"
                        + " https://github.com/google-deepmind/kinetics-i3d");
    }

    @Test
    void aRefusedConnectionSaysSoAndGivesTheSameFix() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/model.ckpt.index");
        ModelStore store = store(manifest(nowhere, nowhere.resolve("data"))).build();

        assertThatThrownBy(() -> store.weights(MODEL))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("the download failed: cannot connect to 127.0.0.1:" + closedPort)
                .hasMessageContaining("no network?")
                .hasMessageContaining("Fetch it on a machine with network: `fvd models fetch tiny-net`, or get the files"
                        + " by other means and import them: `fvd models import tiny-net --from DIR`");
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void anUnresolvableHostSaysDnsFailed() {
        URI nowhere = URI.create("http://no-such-host.invalid/model.ckpt.index");
        ModelStore store = store(manifest(nowhere, nowhere)).build();

        assertThatThrownBy(() -> store.weights(MODEL))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("cannot resolve host no-such-host.invalid (DNS lookup failed: no network?)")
                .hasMessageContaining("fvd models import tiny-net --from DIR");
    }

    @Test
    void aCorruptedCacheFileIsDetectedAndDownloadedAgain() throws IOException {
        ModelManifest manifest = servedManifest();
        ModelStore store = store(manifest).build();
        Path cached = store.weights(MODEL).get("data");
        byte[] damaged = data.clone();
        damaged[0] ^= 0x55;
        Files.write(cached, damaged);
        Files.setLastModifiedTime(cached, FileTime.fromMillis(Files.getLastModifiedTime(cached).toMillis() + 5_000));

        ModelStatus before = store.verify(MODEL);
        store.weights(MODEL);

        assertThat(warnings).singleElement().asString().startsWith("WARNING: " + cached + " is corrupt")
                .endsWith("downloading the canonical file again.");
        assertThat(before.summary()).isEqualTo("corrupt");
        assertThat(before.files().get(1).problem()).get().asString().startsWith("corrupt: expected size");
        assertThat(server.hits("/data")).isEqualTo(2);
        assertThat(Files.readAllBytes(cached)).isEqualTo(data);
        assertThat(store.verify(MODEL).summary()).isEqualTo("ok");
    }

    @Test
    void aDownloadedFileThatNewPinsNoLongerAcceptIsFetchedAgain() throws IOException {
        store(servedManifest()).build().weights(MODEL);
        byte[] newIndex = randomBytes(3_000, 3);
        ModelManifest repinned = new ModelManifest(List.of(
                ModelFile.pinnedTo(MODEL, "index", "model.ckpt.index", server.serve("/index-v2", newIndex),
                        FileDigest.of(newIndex)),
                servedManifest().files().get(1)));
        ModelStore store = store(repinned).build();

        ModelStatus before = store.list().get(0);
        Map<String, Path> files = store.weights(MODEL);

        assertThat(before.summary()).isEqualTo("non-canonical");
        assertThat(before.files().get(0).problem()).get().asString().startsWith("not the canonical file (download ");
        assertThat(server.hits("/index-v2")).isEqualTo(1);
        assertThat(server.hits("/data")).isEqualTo(1);
        assertThat(Files.readAllBytes(files.get("index"))).isEqualTo(newIndex);
        assertThat(store.verify(MODEL).summary()).isEqualTo("ok");
    }

    @Test
    void offlineStoreReportsACorruptedCacheFileAsUnavailable() throws IOException {
        ModelManifest manifest = servedManifest();
        Path cached = store(manifest).build().weights(MODEL).get("index");
        Files.write(cached, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> store(manifest).offline(true).build().weights(MODEL))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("model tiny-net has no usable canonical copy in the cache (" + cached
                        + " is corrupt: expected size 3000")
                .hasMessageContaining("downloads are off (offline)")
                .hasMessageContaining("fvd models fetch tiny-net");
    }

    @Test
    void unknownModelIdsAreNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> store(servedManifest()).build().weights("i3d"))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessage("unknown model 'i3d'; known models: tiny-net");
    }
}
