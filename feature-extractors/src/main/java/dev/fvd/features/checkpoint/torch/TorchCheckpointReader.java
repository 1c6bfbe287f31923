package dev.fvd.features.checkpoint.torch;

import net.razorvine.pickle.PickleException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the tensors of a PyTorch {@code torch.save} checkpoint (a state dict) without Python and without executing any
 * pickled code. Both formats of {@code torch/serialization.py} (REFERENCE.md §3) are recognised by their first bytes:
 * <ul>
 *   <li><b>zip</b> (default since torch 1.6): entries {@code <prefix>/data.pkl} (the pickled object),
 *       {@code <prefix>/data/<key>} (raw storages) and optionally {@code <prefix>/byteorder}; the prefix is taken from the
 *       first entry.</li>
 *   <li><b>legacy</b> ({@code _use_new_zipfile_serialization=False}, and every file written by torch &lt; 1.6, e.g. pytorch-fid's
 *       {@code pt_inception-2015-12-05-6726825d.pth}): consecutive pickles — magic number {@code 0x1950a86a20f9469cfc6c},
 *       protocol version 1001, a sys_info dict, the object, the sorted list of storage keys — then for each key an int64
 *       element count followed by the raw elements.</li>
 * </ul>
 * The pickles may only name the globals listed in {@link RestrictedUnpickler} ({@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2} and friends, the storage classes); anything else, e.g. {@code posix.system} or
 * {@code builtins.eval}, fails with a {@link TorchCheckpointException} naming the global, before it is resolved.
 *
 * <p>Tensors are materialised contiguous via their storage offset and strides, so views and transposes come back with the
 * values PyTorch shows. Nested dicts are flattened with '.'; values that are not tensors (epoch counters, strings) are
 * skipped. All element types are returned as float32 ({@link TorchDtype}).
 */
public final class TorchCheckpointReader {
    /** {@code torch/serialization.py} MAGIC_NUMBER of the legacy format. */
    static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** {@code torch/serialization.py} PROTOCOL_VERSION of the legacy format. */
    static final int LEGACY_PROTOCOL = 1001;

    private TorchCheckpointReader() {
    }

    /** The format of a checkpoint file, decided by its first bytes. */
    public enum Format { ZIP, LEGACY }

    /**
     * Reads every tensor of the checkpoint, in file order.
     *
     * @throws TorchCheckpointException if the file is missing, not a torch.save file, inconsistent, or names a refused global
     */
    public static Map<String, TorchTensor> read(Path file) {
        return read(file, null);
    }

    /**
     * Reads only the tensors whose (flattened) names {@code keepOrNull} accepts (null: all); the storages of the others are skipped, not
     * loaded. A training checkpoint (e.g. V-JEPA's {@code vith16.pth.tar}: online and target encoder, predictor, optimizer
     * state) is then read with the memory of the one state dict a feature network needs.
     *
     * @return the kept tensors, in file order (possibly none: the caller names what it missed)
     * @throws TorchCheckpointException as {@link #read(Path)}
     */
    public static Map<String, TorchTensor> read(Path file, java.util.function.Predicate<String> keepOrNull) {
        java.util.function.Predicate<String> keep = keepOrNull == null ? name -> true : keepOrNull;
        Format format = sniff(file);
        try {
            Map<String, TorchTensor> out = format == Format.ZIP ? readZip(file, keep) : readLegacy(file, keep);
            if (out.isEmpty() && keepOrNull == null) {
                throw new TorchCheckpointException(file, "contains no tensors");
            }
            return Collections.unmodifiableMap(out);
        } catch (RestrictedUnpickler.RefusedException e) {
            throw new TorchCheckpointException(file, e.getMessage());
        } catch (PickleException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new TorchCheckpointException(file, "malformed torch.save pickle: " + e, e);
        } catch (EOFException e) {
            throw new TorchCheckpointException(file, "truncated file", e);
        } catch (IOException e) {
            throw new TorchCheckpointException(file, "cannot read: " + e, e);
        }
    }

    /** Tells the zip format from the legacy one by the first bytes. */
    public static Format sniff(Path file) {
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new TorchCheckpointException(file, "file does not exist");
        } catch (IOException e) {
            throw new TorchCheckpointException(file, "cannot read: " + e, e);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Format.ZIP;
        }
        // PROTO 2, LONG1 of 10 bytes, then the magic little-endian (pickle of MAGIC_NUMBER at protocol 2)
        byte[] magic = LEGACY_MAGIC.toByteArray();
        if (n >= 14 && (head[0] & 0xff) == 0x80 && (head[2] & 0xff) == 0x8a && head[3] == 10) {
            boolean same = true;
            for (int i = 0; i < 10; i++) {
                same &= head[4 + i] == magic[magic.length - 1 - i];
            }
            if (same) {
                return Format.LEGACY;
            }
        }
        throw new TorchCheckpointException(file, "not a PyTorch checkpoint (neither the torch.save zip format nor the "
                + "legacy format with magic 0x1950a86a20f9469cfc6c; torch < 0.4 tar files are not supported)");
    }

    // ---- zip format -------------------------------------------------------------------------------------------------

    private static Map<String, TorchTensor> readZip(Path file, java.util.function.Predicate<String> keep)
            throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            if (!entries.hasMoreElements()) {
                throw new TorchCheckpointException(file, "empty zip archive");
            }
            String first = entries.nextElement().getName();
            int slash = first.indexOf('/');
            if (slash < 0) {
                throw new TorchCheckpointException(file, "zip entry '" + first + "' has no '<prefix>/' folder");
            }
            String prefix = first.substring(0, slash);
            ZipEntry pickle = zip.getEntry(prefix + "/data.pkl");
            if (pickle == null) {
                throw new TorchCheckpointException(file, "zip archive has no " + prefix + "/data.pkl"
                        + (zip.getEntry(prefix + "/constants.pkl") != null
                        ? " (a TorchScript archive from torch.jit.save, not a torch.save state dict)" : ""));
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry byteorder = zip.getEntry(prefix + "/byteorder");
            if (byteorder != null) {
                try (InputStream in = zip.getInputStream(byteorder)) {
                    String value = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                    order = switch (value) {
                        case "little" -> ByteOrder.LITTLE_ENDIAN;
                        case "big" -> ByteOrder.BIG_ENDIAN;
                        default -> throw new TorchCheckpointException(file, prefix + "/byteorder is '" + value + "'");
                    };
                }
            }
            Map<String, StorageRef> storages = new LinkedHashMap<>();
            Object root;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pickle))) {
                root = new RestrictedUnpickler(id -> storage(storages, id)).load(in);
            }
            Map<String, TensorRef> wanted = wantedTensors(file, root, keep);
            Materialised out = new Materialised(file, wanted);
            for (StorageRef s : storages.values()) {
                if (!out.needs(s.key())) {
                    continue;
                }
                ZipEntry e = zip.getEntry(prefix + "/data/" + s.key());
                if (e == null) {
                    throw new TorchCheckpointException(file, "storage " + s.key() + " (" + prefix + "/data/" + s.key()
                            + ") is missing");
                }
                // read exactly what the persistent id announces, so a lying (or zip-bomb) entry cannot exhaust memory
                long expected = s.numel() * s.dtype().elementSize();
                if (s.numel() < 0 || expected > Integer.MAX_VALUE - 8) {
                    throw new TorchCheckpointException(file, "storage " + s.key() + " claims " + s.numel() + " elements");
                }
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] raw = in.readNBytes((int) expected);
                    if (raw.length < expected) {
                        throw new TorchCheckpointException(file, "storage " + s.key() + " has " + raw.length
                                + " bytes; its persistent id needs " + expected);
                    }
                    out.fill(s.key(), ByteBuffer.wrap(raw).order(order));
                }
            }
            return out.tensors();
        } catch (ZipException e) {
            throw new TorchCheckpointException(file, "corrupt zip archive: " + e.getMessage(), e);
        }
    }

    // ---- legacy format ----------------------------------------------------------------------------------------------

    private static Map<String, TorchTensor> readLegacy(Path file, java.util.function.Predicate<String> keep)
            throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Object magic = new RestrictedUnpickler(null).load(in);
            if (!LEGACY_MAGIC.equals(magic)) {
                throw new TorchCheckpointException(file, "invalid legacy magic number " + magic);
            }
            Object protocol = new RestrictedUnpickler(null).load(in);
            if (!(protocol instanceof Number p) || p.intValue() != LEGACY_PROTOCOL) {
                throw new TorchCheckpointException(file, "legacy protocol version " + protocol + "; expected "
                        + LEGACY_PROTOCOL);
            }
            Object sysInfo = new RestrictedUnpickler(null).load(in);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                order = ByteOrder.BIG_ENDIAN;
            }
            Map<String, StorageRef> storages = new LinkedHashMap<>();
            Object root = new RestrictedUnpickler(id -> storage(storages, id)).load(in);
            Object keys = new RestrictedUnpickler(null).load(in);
            if (!(keys instanceof List<?> keyList)) {
                throw new TorchCheckpointException(file, "legacy storage key list is " + RestrictedUnpickler.describe(keys));
            }
            Map<String, TensorRef> wanted = wantedTensors(file, root, keep);
            Materialised out = new Materialised(file, wanted);
            DataInputStream data = new DataInputStream(in);
            for (Object k : keyList) {
                StorageRef s = storages.get(String.valueOf(k));
                if (s == null) {
                    throw new TorchCheckpointException(file, "storage key " + k + " is not used by any tensor");
                }
                long count = order == ByteOrder.LITTLE_ENDIAN ? Long.reverseBytes(data.readLong()) : data.readLong();
                if (count != s.numel()) {
                    throw new TorchCheckpointException(file, "storage " + k + " holds " + count + " elements; its "
                            + "persistent id says " + s.numel());
                }
                long size = count * s.dtype().elementSize();
                if (count < 0 || size > Integer.MAX_VALUE - 8) {
                    throw new TorchCheckpointException(file, "storage " + k + " has " + count + " elements");
                }
                if (!out.needs(s.key())) {
                    data.skipNBytes(size);
                    continue;
                }
                byte[] raw = new byte[(int) size];
                data.readFully(raw);
                out.fill(s.key(), ByteBuffer.wrap(raw).order(order));
            }
            return out.tensors();
        }
    }

    // ---- shared -----------------------------------------------------------------------------------------------------

    /** Registers the storage of a persistent id; both formats' ids have the same first five fields. */
    private static StorageRef storage(Map<String, StorageRef> storages, Object[] id) {
        TorchDtype dtype = ((RestrictedUnpickler.StorageType) id[1]).dtype();
        String key = String.valueOf(id[2]);
        long numel = RestrictedUnpickler.integer(id[4], "storage numel");
        StorageRef root = storages.get(key);
        if (root == null) {
            root = new StorageRef(key, dtype, numel, 0);
            storages.put(key, root);
        } else if (root.dtype() != dtype) {
            throw new RestrictedUnpickler.RefusedException("storage " + key + " is used as " + root.dtype() + " and "
                    + dtype);
        }
        if (id.length == 6 && id[5] != null) {
            // legacy view_metadata = (view_key, offset, view_size), in elements of the root storage
            if (!(id[5] instanceof Object[] view) || view.length != 3) {
                throw new RestrictedUnpickler.RefusedException("storage view metadata "
                        + RestrictedUnpickler.describe(id[5]));
            }
            long offset = RestrictedUnpickler.integer(view[1], "view offset");
            return new StorageRef(key, dtype, root.numel(), offset);
        }
        return root;
    }

    /** The tensors of the pickled object by flattened name ('.'-joined nested dicts), those {@code keep} accepts. */
    private static Map<String, TensorRef> wantedTensors(Path file, Object root,
                                                        java.util.function.Predicate<String> keep) {
        if (!(root instanceof Map<?, ?> dict)) {
            throw new TorchCheckpointException(file, "holds " + RestrictedUnpickler.describe(root)
                    + ", not a dict of tensors (a state dict)");
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        flatten("", dict, keep, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> dict, java.util.function.Predicate<String> keep,
                                Map<String, TensorRef> out) {
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            String name = prefix + e.getKey();
            if (e.getValue() instanceof TensorRef t) {
                if (keep.test(name)) {
                    out.put(name, t);
                }
            } else if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, keep, out);
            }
        }
    }

    /**
     * The wanted tensors, filled one storage at a time: each storage's bytes are turned into the float arrays of the tensors
     * that view it and then dropped, so reading holds the tensors plus one storage, never every storage's bytes as well
     * (ViT-g: 4 GB of tensors, not 8).
     */
    private static final class Materialised {
        private final Path file;
        private final Map<String, TensorRef> wanted;
        private final Map<String, List<String>> byStorage = new HashMap<>();
        private final Map<String, TorchTensor> out = new LinkedHashMap<>();

        Materialised(Path file, Map<String, TensorRef> wanted) {
            this.file = file;
            this.wanted = wanted;
            wanted.forEach((name, t) -> {
                byStorage.computeIfAbsent(t.storage().key(), k -> new java.util.ArrayList<>()).add(name);
                out.put(name, null); // keeps file order
            });
        }

        boolean needs(String storageKey) {
            return byStorage.containsKey(storageKey);
        }

        void fill(String storageKey, ByteBuffer storage) {
            for (String name : byStorage.remove(storageKey)) {
                out.put(name, tensor(file, name, wanted.get(name), storage));
            }
        }

        Map<String, TorchTensor> tensors() {
            for (Map.Entry<String, List<String>> left : byStorage.entrySet()) {
                String name = left.getValue().get(0);
                throw new TorchCheckpointException(file, "tensor " + name + ": storage " + left.getKey() + " has no data");
            }
            return out;
        }
    }

    /** Copies a strided view of a storage into a contiguous float array (what {@code tensor.contiguous()} shows). */
    static TorchTensor tensor(Path file, String name, TensorRef t, ByteBuffer storage) {
        StorageRef s = t.storage();
        if (storage == null) {
            throw new TorchCheckpointException(file, "tensor " + name + ": storage " + s.key() + " has no data");
        }
        long[] size = t.size();
        long[] stride = t.stride();
        long numel = 1;
        long last = s.elementOffset() + t.storageOffset();
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0 || stride[i] < 0) {
                throw new TorchCheckpointException(file, "tensor " + name + " has size " + Arrays.toString(size)
                        + " and stride " + Arrays.toString(stride));
            }
            numel *= size[i];
            last += (size[i] - 1) * stride[i];
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw new TorchCheckpointException(file, "tensor " + name + " has " + numel + " elements; too large");
        }
        long available = storage.capacity() / s.dtype().elementSize();
        if (t.storageOffset() < 0 || (numel > 0 && last >= available)) {
            throw new TorchCheckpointException(file, "tensor " + name + " " + Arrays.toString(size) + " reads element "
                    + last + " of storage " + s.key() + ", which has " + available);
        }
        float[] values = new float[(int) numel];
        if (numel == 0) {
            return new TorchTensor(name, size, values, s.dtype());
        }
        long start = s.elementOffset() + t.storageOffset();
        if (isContiguous(size, stride)) {
            if (s.dtype() == TorchDtype.FLOAT32) {
                ByteBuffer view = storage.duplicate().order(storage.order());
                view.position(Math.toIntExact(start * 4));
                view.asFloatBuffer().get(values);
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = s.dtype().read(storage, start + i);
                }
            }
            return new TorchTensor(name, size, values, s.dtype());
        }
        // odometer over the indices in row-major order
        int rank = size.length;
        long[] index = new long[rank];
        long at = start;
        for (int i = 0; i < values.length; i++) {
            values[i] = s.dtype().read(storage, at);
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                at += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                at -= stride[d] * size[d];
                index[d] = 0;
            }
        }
        return new TorchTensor(name, size, values, s.dtype());
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }
}
