package dev.fvd.features.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoreLocationTest {
    private final Path home = Path.of("/home/ana");

    @Test
    void fvdHomeComesFirst() {
        StoreLocation l = StoreLocation.fromEnvironment(Map.of("FVD_HOME", "/data/fvd", "XDG_CACHE_HOME", "/xdg"), home);

        assertThat(l.root()).isEqualTo(Path.of("/data/fvd"));
        assertThat(l.origin()).isEqualTo("FVD_HOME");
    }

    @Test
    void thenXdgCacheHomeSlashFvd() {
        StoreLocation l = StoreLocation.fromEnvironment(Map.of("XDG_CACHE_HOME", "/xdg"), home);

        assertThat(l.root()).isEqualTo(Path.of("/xdg/fvd"));
        assertThat(l.origin()).isEqualTo("XDG_CACHE_HOME");
    }

    @Test
    void elseDotCacheInTheHomeDirectory() {
        assertThat(StoreLocation.fromEnvironment(Map.of(), home).root()).isEqualTo(Path.of("/home/ana/.cache/fvd"));
    }

    @Test
    void emptyValuesAndARelativeXdgCacheHomeCountAsUnset() {
        // XDG Base Directory Specification: relative paths are invalid and must be ignored
        StoreLocation l = StoreLocation.fromEnvironment(Map.of("FVD_HOME", "", "XDG_CACHE_HOME", "relative/cache"), home);

        assertThat(l.root()).isEqualTo(Path.of("/home/ana/.cache/fvd"));
    }

    @Test
    void layoutKeepsWeightsPerModelAndGraphsTogether() {
        StoreLocation l = StoreLocation.at(Path.of("/c"));
        ModelFile index = ModelManifest.canonical().filesOf("i3d-kinetics400").get(0);

        assertThat(l.weightFile(index)).isEqualTo(Path.of("/c/weights/i3d-kinetics400/model.ckpt.index"));
        assertThat(l.provenanceFile("i3d-kinetics400")).isEqualTo(Path.of("/c/weights/i3d-kinetics400/provenance.json"));
        assertThat(l.onnxDirectory()).isEqualTo(Path.of("/c/onnx"));
    }

    @Test
    void offlineSwitchReadsFvdOffline() {
        assertThat(ModelStore.offlineFromEnvironment(Map.of("FVD_OFFLINE", "1"))).isTrue();
        assertThat(ModelStore.offlineFromEnvironment(Map.of("FVD_OFFLINE", "true"))).isTrue();
        assertThat(ModelStore.offlineFromEnvironment(Map.of("FVD_OFFLINE", "0"))).isFalse();
        assertThat(ModelStore.offlineFromEnvironment(Map.of())).isFalse();
    }
}
