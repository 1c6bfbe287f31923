package dev.fvd.features.checkpoint.tf;

import dev.fvd.features.InvalidModelException;
import dev.fvd.io.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TfCheckpointTest {

    @Test
    void realKineticsI3dIndexListsIts230FloatTensors() {
        TfCheckpointReader reader = TfCheckpointReader.open(TestData.file("kinetics-i3d/rgb_scratch.model.ckpt.index"));
        Map<String, TensorEntry> tensors = reader.tensors();
        assertThat(tensors).hasSize(230);
        assertThat(tensors.values()).allMatch(e -> e.dtype() == TensorEntry.DT_FLOAT && e.shardId() == 0);
        assertThat(tensors.values().stream().mapToLong(TensorEntry::size).sum()).isEqualTo(50_818_176L);
        assertThat(reader.entry("RGB/inception_i3d/Conv3d_1a_7x7/conv_3d/w").shape()).containsExactly(7, 7, 7, 3, 64);
        assertThat(reader.entry("RGB/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/w").shape())
                .containsExactly(1, 1, 1, 1024, 400);
        assertThat(reader.entry("RGB/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/b").shape()).containsExactly(400);
        // the known typo of the DeepMind checkpoint is kept in the names
        assertThat(tensors).containsKey("RGB/inception_i3d/Mixed_5b/Branch_2/Conv3d_0a_3x3/conv_3d/w");
        // tensors tile the data file: every entry starts where the previous one (in offset order) ends
        long[] ends = tensors.values().stream().sorted(java.util.Comparator.comparingLong(TensorEntry::offset))
                .mapToLong(e -> e.offset() + e.size()).toArray();
        assertThat(ends[ends.length - 1]).isEqualTo(50_818_176L);
        for (TensorEntry e : tensors.values()) {
            assertThat(e.size()).as(e.name()).isEqualTo(4 * e.elementCount());
        }
    }

    @Test
    void writtenBundleRoundTripsWithAndWithoutSnappyBlocks(@TempDir Path dir) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) { // enough entries for several data blocks and restart points
            float[] v = new float[1 + random.nextInt(50)];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) random.nextGaussian();
            }
            tensors.put("net/layer_" + i + "/conv_3d/w", new FloatTensor(new long[] {v.length}, v));
        }
        for (boolean snappy : new boolean[] {false, true}) {
            Path index = TfCheckpointWriter.write(dir.resolve("s" + snappy + "/model.ckpt"), tensors, snappy);
            TfCheckpointReader reader = TfCheckpointReader.open(index);
            assertThat(reader.tensors()).hasSize(300);
            Map<String, float[]> read = reader.readAll(reader.defaultDataFile());
            tensors.forEach((name, t) -> assertThat(read.get(name)).as(name).containsExactly(t.values()));
        }
        // snappy blocks really are compressed blocks (type byte 1 in the first data block's trailer)
        assertThat(blockTypeOfFirstBlock(dir.resolve("strue/model.ckpt.index"))).isEqualTo(1);
        assertThat(blockTypeOfFirstBlock(dir.resolve("sfalse/model.ckpt.index"))).isEqualTo(0);
    }

    @Test
    void corruptTensorBytesFailTheCrcNamingFileAndTensor(@TempDir Path dir) throws IOException {
        Path index = TfCheckpointWriter.write(dir.resolve("model.ckpt"),
                Map.of("a", new FloatTensor(new long[] {2}, new float[] {1, 2})), false);
        TfCheckpointReader reader = TfCheckpointReader.open(index);
        Path data = reader.defaultDataFile();
        byte[] bytes = Files.readAllBytes(data);
        bytes[3] ^= 1;
        Files.write(data, bytes);
        assertThatThrownBy(() -> reader.readAll(data)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("crc32c mismatch for tensor a").hasMessageContaining(data.toString());
    }

    @Test
    void notAnIndexIsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Path bogus = dir.resolve("bogus.index");
        Files.write(bogus, new byte[100]);
        assertThatThrownBy(() -> TfCheckpointReader.open(bogus)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("bogus.index").hasMessageContaining("magic");
    }

    private static int blockTypeOfFirstBlock(Path index) {
        try {
            byte[] file = Files.readAllBytes(index);
            // first data block starts at 0; find its size from the index: simplest is to scan the reader's handles,
            // but the first block's handle is also the first index entry; decode the footer → index block → first value
            var footer = com.google.protobuf.CodedInputStream.newInstance(file, file.length - 48, 40);
            footer.readRawVarint64();
            footer.readRawVarint64();
            long indexOffset = footer.readRawVarint64();
            // index block (uncompressed): entry 0 = shared(0) nonShared valueLen key value
            var in = com.google.protobuf.CodedInputStream.newInstance(file, (int) indexOffset, file.length - (int) indexOffset);
            in.readRawVarint32();
            int nonShared = in.readRawVarint32();
            in.readRawVarint32();
            in.skipRawBytes(nonShared);
            long offset = in.readRawVarint64();
            long size = in.readRawVarint64();
            return file[(int) (offset + size)];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
