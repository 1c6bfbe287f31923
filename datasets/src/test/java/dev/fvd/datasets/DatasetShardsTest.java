package dev.fvd.datasets;

import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shards of a dataset, each file read with its position in the whole listing, give the clips of one pass. */
class DatasetShardsTest {
    static final Path REAL = TestData.file("sample/videos/real");
    /** Random offsets, two clips per video: the clips depend on each video's position. */
    static final DatasetOptions OPTIONS = DatasetOptions.videos().withThreads(1)
            .withSampling(new ClipSampling(9, 1, OffsetPolicy.RANDOM, 11, 2, 0));

    @Test
    void twoShardsGiveTheClipsOfOnePass() {
        List<Clip> whole;
        try (ClipStream all = Datasets.open(REAL, OPTIONS.withSampling(OPTIONS.sampling().withMaxItems(5)))) {
            whole = TestFiles.all(all);
        }
        List<Clip> shards = new ArrayList<>();
        shards.addAll(shard(0, 2));
        shards.addAll(shard(2, 5));
        assertThat(shards).hasSameSizeAs(whole).hasSize(10);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(shards.get(i).source()).isEqualTo(whole.get(i).source());
            assertThat(shards.get(i).pixels()).as("clip %d", i).isEqualTo(whole.get(i).pixels());
        }
    }

    @Test
    void aShardReadAtAnotherPositionDrawsOtherOffsets() {
        List<Clip> atThree = shardAt(3);
        List<Clip> atFour = shardAt(4);
        boolean same = java.util.Arrays.equals(atThree.get(0).pixels(), atFour.get(0).pixels())
                && java.util.Arrays.equals(atThree.get(1).pixels(), atFour.get(1).pixels());
        assertThat(same).as("clips of positions 3 and 4").isFalse();
    }

    @Test
    void theListingRuleIsExposedAndACapIsRefused() {
        assertThat(DatasetShards.mediaOf("a.MP4")).contains(MediaKind.VIDEO);
        assertThat(DatasetShards.mediaOf("f_0001.png")).contains(MediaKind.IMAGE);
        assertThat(DatasetShards.mediaOf(".a.mp4")).isEmpty();
        assertThat(DatasetShards.mediaOf("notes.txt")).isEmpty();
        assertThat(DatasetShards.NATURAL_ORDER.compare(Path.of("v2.mp4"), Path.of("v10.mp4"))).isNegative();
        assertThatThrownBy(() -> DatasetShards.open("s", List.of(REAL.resolve("real_00.mp4")), List.of(0),
                OPTIONS.withSampling(OPTIONS.sampling().withMaxItems(1)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyShardHasNoClipsAndIsNoError() {
        try (ClipStream s = DatasetShards.open("empty", List.of(), List.of(), OPTIONS)) {
            assertThat(s.hasNext()).isFalse();
            assertThat(s.report().clips()).isZero();
        }
    }

    private static List<Clip> shard(int from, int to) {
        List<Path> files = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = from; i < to; i++) {
            files.add(REAL.resolve(String.format("real_%02d.mp4", i)));
            positions.add(i);
        }
        try (ClipStream s = DatasetShards.open("shard " + from, files, positions, OPTIONS)) {
            return TestFiles.all(s);
        }
    }

    private static List<Clip> shardAt(int position) {
        try (ClipStream s = DatasetShards.open("one", List.of(REAL.resolve("real_00.mp4")), List.of(position), OPTIONS)) {
            return TestFiles.all(s);
        }
    }
}
