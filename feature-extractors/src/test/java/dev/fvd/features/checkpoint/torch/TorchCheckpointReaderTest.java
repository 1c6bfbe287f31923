package dev.fvd.features.checkpoint.torch;

import dev.fvd.features.InvalidModelException;
import dev.fvd.features.inception.InceptionTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixtures written by {@code test-data/inception/inception_reference.py} with torch 1.13. */
class TorchCheckpointReaderTest {
    private static final Path ZIP = InceptionTestData.inception("inception-slim-random.pth");
    private static final Path LEGACY = InceptionTestData.inception("inception-slim-random-legacy.pth");

    @Test
    void sniffsBothTorchSaveFormats() {
        assertThat(TorchCheckpointReader.sniff(ZIP)).isEqualTo(TorchCheckpointReader.Format.ZIP);
        assertThat(TorchCheckpointReader.sniff(LEGACY)).isEqualTo(TorchCheckpointReader.Format.LEGACY);
    }

    @Test
    void zipAndLegacyFilesOfTheSameStateDictGiveIdenticalTensors() {
        Map<String, TorchTensor> zip = TorchCheckpointReader.read(ZIP);
        Map<String, TorchTensor> legacy = TorchCheckpointReader.read(LEGACY);
        assertThat(new ArrayList<>(legacy.keySet())).isEqualTo(new ArrayList<>(zip.keySet()));
        for (TorchTensor z : zip.values()) {
            TorchTensor l = legacy.get(z.name());
            assertThat(l.shape()).as(z.name()).isEqualTo(z.shape());
            assertThat(l.data()).as(z.name()).isEqualTo(z.data());
            assertThat(l.sourceDtype()).isEqualTo(TorchDtype.FLOAT32);
        }
    }

    /** The OrderedDict's BUILD (its _metadata) must not wipe the entries, and SETITEMS must keep file order. */
    @Test
    void slimStateDictHasAll472CanonicalNamesInOrderWithCanonicalKernelShapes() throws IOException {
        Map<String, long[]> canonical = new LinkedHashMap<>();
        for (String line : Files.readAllLines(InceptionTestData.root()
                .resolve("test-data/fid-inception/fid-inception-state-dict.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            canonical.put(f[0], Arrays.stream(f[1].replaceAll("[\\[\\] ]", "").split(","))
                    .mapToLong(Long::parseLong).toArray());
        }
        for (Path file : List.of(ZIP, LEGACY)) {
            Map<String, TorchTensor> tensors = TorchCheckpointReader.read(file);
            assertThat(tensors).hasSize(472);
            assertThat(new ArrayList<>(tensors.keySet())).isEqualTo(new ArrayList<>(canonical.keySet()));
            for (TorchTensor t : tensors.values()) {
                long[] full = canonical.get(t.name());
                assertThat(t.rank()).as(t.name()).isEqualTo(full.length);
                if (t.rank() == 4) {   // slim widths, canonical kernel sizes
                    assertThat(t.dim(2)).isEqualTo(full[2]);
                    assertThat(t.dim(3)).isEqualTo(full[3]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch-layouts.pth", "torch-layouts-legacy.pth"})
    void stridesOffsetsSharedStoragesAndDtypesComeBackAsPyTorchShowsThem(String fixture) throws IOException {
        Map<String, TorchTensor> tensors = TorchCheckpointReader.read(InceptionTestData.inception(fixture));
        List<String> expected = Files.readAllLines(InceptionTestData.inception("reference/torch-layouts.tsv"));
        assertThat(tensors).hasSize(expected.size());
        for (String line : expected) {
            String[] f = line.split("\t", -1);
            TorchTensor t = tensors.get(f[0]);
            assertThat(t).as(f[0]).isNotNull();
            long[] shape = f[1].isEmpty() ? new long[0]
                    : Arrays.stream(f[1].split(",")).mapToLong(Long::parseLong).toArray();
            assertThat(t.shape()).as(f[0]).isEqualTo(shape);
            float[] values = new float[t.data().length];
            String[] v = f[2].isEmpty() ? new String[0] : f[2].split(",");
            for (int i = 0; i < v.length; i++) {
                values[i] = (float) Double.parseDouble(v[i]);
            }
            assertThat(t.data()).as(f[0]).isEqualTo(values);
        }
        assertThat(tensors.get("bn.num_batches_tracked").sourceDtype()).isEqualTo(TorchDtype.INT64);
        assertThat(tensors.get("bn.num_batches_tracked").data()).containsExactly(12345f);
        assertThat(tensors.get("float16").sourceDtype()).isEqualTo(TorchDtype.FLOAT16);
        assertThat(tensors.get("bfloat16").sourceDtype()).isEqualTo(TorchDtype.BFLOAT16);
        // nn.Parameter (torch._utils._rebuild_parameter) and pre-1.0 tensors (torch._utils._rebuild_tensor, transposed)
        assertThat(tensors.get("parameter").data()).containsExactly(1.5f, -0.25f);
        assertThat(tensors.get("old_style").data()).containsExactly(7f, 9f, 8f, 10f);
    }

    /** Legacy persistent ids may carry view metadata (view_key, offset, view_size); offsets add up (torch.load agrees). */
    @Test
    void legacyStorageViewsAreResolvedAgainstTheirRootStorage() {
        Map<String, TorchTensor> tensors = TorchCheckpointReader.read(InceptionTestData.inception("legacy-storage-view.pth"));
        assertThat(tensors.get("viewed").data()).containsExactly(3.5f, 4.5f);
        assertThat(tensors.get("whole").data()).containsExactly(0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"malicious-os-system.pth", "malicious-os-system-legacy.pth"})
    void aPickleThatWouldRunOsSystemIsRefusedWithoutRunningIt(String fixture) throws IOException {
        Path pwned = Path.of("/tmp/fvd-pwned");
        Files.deleteIfExists(pwned);
        Path file = InceptionTestData.inception(fixture);
        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(TorchCheckpointException.class)
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("refused to load Python global 'posix.system'")
                .hasMessageContaining("nothing was executed");
        assertThat(pwned).doesNotExist();
    }

    /** Python 3 writes builtins as {@code __builtin__} at protocol 2 (pickle's fix_imports). */
    @Test
    void builtinsEvalIsRefused() throws IOException {
        byte[] pickle = Files.readAllBytes(InceptionTestData.inception("malicious-builtins-eval.pkl"));
        assertThatThrownBy(() -> new RestrictedUnpickler(null).loads(pickle))
                .isInstanceOf(RestrictedUnpickler.RefusedException.class)
                .hasMessageContaining("'__builtin__.eval'");
        assertThat(Path.of("/tmp/fvd-pwned-eval")).doesNotExist();
    }

    /**
     * {@code test-data/inception/hostile_pickles.py}: STACK_GLOBAL (protocols 4/5), INST, OBJ, NEWOBJ, NEWOBJ_EX, REDUCE on
     * callables outside the allowlist, BUILD on anything but an OrderedDict, near-miss torch.* names. Each is refused with
     * its own message and nothing runs (Python's pickle would {@code touch /tmp/fvd-pwned-<case>}).
     */
    @Test
    void everyHostileOpcodeAndNearMissNameIsRefusedAndNothingRuns() throws IOException {
        Path dir = InceptionTestData.inception("hostile");
        List<String> lines = Files.readAllLines(dir.resolve("cases.tsv")).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(28);
        for (String line : lines) {
            String[] f = line.split("\t", 2);
            byte[] pickle = Files.readAllBytes(dir.resolve(f[0] + ".pkl"));
            assertThatThrownBy(() -> new RestrictedUnpickler(null).loads(pickle)).as(f[0])
                    .isInstanceOf(RestrictedUnpickler.RefusedException.class)
                    .hasMessageContaining(f[1]);
            assertThat(Path.of("/tmp/fvd-pwned-" + f[0])).as(f[0]).doesNotExist();
        }
    }

    /** The reader wraps a refusal with the file's name, whatever the opcode. */
    @Test
    void aHostilePickleInsideATorchZipIsRefusedNamingTheFile(@TempDir Path tmp) throws IOException {
        byte[] pickle = Files.readAllBytes(InceptionTestData.inception("hostile/stack-global-p4-os-system.pkl"));
        Path zip = tmp.resolve("evil.pth");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("evil/data.pkl"));
            out.write(pickle);
            out.closeEntry();
        }
        assertThatThrownBy(() -> TorchCheckpointReader.read(zip))
                .isInstanceOf(TorchCheckpointException.class)
                .hasMessageContaining(zip.toString())
                .hasMessageContaining("refused to load Python global 'posix.system'");
        assertThat(Path.of("/tmp/fvd-pwned-stack-global-p4-os-system")).doesNotExist();
    }

    /** razorvine knows builtins.set and datetime.datetime out of the box; the allowlist is stricter than its defaults. */
    @Test
    void globalsThatRazorvineWouldConstructAreRefusedToo() {
        for (String global : List.of("builtins\nset", "datetime\ndatetime", "__builtin__\nbytearray", "subprocess\nPopen")) {
            byte[] pickle = ("\u0080\u0002c" + global + "\n)R.").getBytes(StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> new RestrictedUnpickler(null).loads(pickle))
                    .isInstanceOf(RestrictedUnpickler.RefusedException.class)
                    .hasMessageContaining("'" + global.replace('\n', '.') + "'");
        }
    }

    @Test
    void truncatedAndForeignFilesGetTypedErrorsNamingTheFile(@TempDir Path dir) throws IOException {
        byte[] legacy = Files.readAllBytes(LEGACY);
        Path truncated = dir.resolve("truncated.pth");
        Files.write(truncated, Arrays.copyOf(legacy, legacy.length - 1000));
        assertThatThrownBy(() -> TorchCheckpointReader.read(truncated))
                .isInstanceOf(TorchCheckpointException.class).hasMessageContaining("truncated.pth");

        byte[] zip = Files.readAllBytes(ZIP);
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, Arrays.copyOf(zip, zip.length / 2));
        assertThatThrownBy(() -> TorchCheckpointReader.read(cut))
                .isInstanceOf(TorchCheckpointException.class).hasMessageContaining("cut.pth");

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, not a checkpoint");
        assertThatThrownBy(() -> TorchCheckpointReader.read(text))
                .isInstanceOf(TorchCheckpointException.class).hasMessageContaining("not a PyTorch checkpoint");

        assertThatThrownBy(() -> TorchCheckpointReader.read(dir.resolve("missing.pth")))
                .isInstanceOf(TorchCheckpointException.class).hasMessageContaining("does not exist");
    }

    @Test
    void halfPrecisionConversionCoversSubnormalsAndSpecials() {
        assertThat(TorchDtype.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(TorchDtype.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(TorchDtype.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(TorchDtype.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(TorchDtype.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(TorchDtype.halfToFloat((short) 0x7e00)).isNaN();
        assertThat(Float.floatToIntBits(TorchDtype.halfToFloat((short) 0x8000))).isEqualTo(0x80000000);
    }
}
