package dev.fvd.features.vit;

import dev.fvd.features.InvalidModelException;
import dev.fvd.features.checkpoint.torch.TorchTensor;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checked access to the tensors of one PyTorch state dict, as {@code nn.Module.load_state_dict(strict=True)} would check
 * them: every tensor the architecture needs must be present with the expected shape, and (see {@link #requireAllUsed})
 * no tensor may be left over. Each failure names the first offending tensor and the file.
 */
public final class StateDict {
    /** Wildcard in an expected shape: any size. */
    public static final long ANY = -1;

    private final Map<String, TorchTensor> tensors;
    private final String source;
    private final Set<String> used = new HashSet<>();
    /** Whether {@link #release} drops values (an import's own state dict), or keeps them (a state dict built twice). */
    private boolean releasing;

    private StateDict(Map<String, TorchTensor> tensors, String source) {
        this.tensors = tensors;
        this.source = source;
    }

    /**
     * Lets {@link #release} drop the values of tensors once they are in the graph, so an import holds each weight once
     * (as ONNX initializer) instead of twice: for a state dict read for one graph build only. Returns this.
     */
    public StateDict releasingUsedTensors() {
        this.releasing = true;
        return this;
    }

    /**
     * Drops the values of a used tensor whose graph initializer is built (its name, shape check and use stay recorded), when
     * {@link #releasingUsedTensors} was called; otherwise does nothing.
     */
    public void release(String name) {
        if (releasing && used.contains(name)) {
            tensors.put(name, null);
        }
    }

    /** The tensors of {@code all} whose names start with {@code prefix}, the prefix cut off. */
    public static StateDict under(Map<String, TorchTensor> all, String prefix, String source) {
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return new StateDict(out, source);
    }

    /**
     * The tensors of {@code all}, each leading {@code strip} prefix removed once per name in the given order (JEDi's
     * {@code k.replace('module.', '')}, then {@code 'backbone.'}).
     */
    public static StateDict stripped(Map<String, TorchTensor> all, String source, String... strip) {
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, TorchTensor> e : all.entrySet()) {
            String name = e.getKey();
            for (String s : strip) {
                name = name.replace(s, "");
            }
            if (out.put(name, e.getValue()) != null) {
                throw new InvalidModelException(source + ": two tensors are named '" + name + "' once '"
                        + String.join("', '", strip) + "' are removed");
            }
        }
        return new StateDict(out, source);
    }

    /** Whether the state dict has a tensor of this name. */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The names, in file order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** The tensors by name, in file order (read-only). */
    public Map<String, TorchTensor> asMap() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    public String source() {
        return source;
    }

    /**
     * The tensor {@code name}, which must have {@code shape} ({@link #ANY} matches any size).
     *
     * @throws InvalidModelException naming the file and tensor when it is missing or has another shape
     */
    public TorchTensor require(String name, long... shape) {
        TorchTensor t = tensors.get(name);
        if (t == null && tensors.containsKey(name)) {
            throw new IllegalStateException(source + ": tensor '" + name + "' was released into the graph already");
        }
        if (t == null) {
            throw new InvalidModelException(source + ": checkpoint has no tensor '" + name + "'");
        }
        long[] found = t.shape();
        boolean ok = found.length == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] == ANY || shape[i] == found[i];
        }
        if (!ok) {
            throw new InvalidModelException(source + ": tensor '" + name + "' has shape " + Arrays.toString(found)
                    + "; expected " + Arrays.toString(shape).replace(String.valueOf(ANY), "*"));
        }
        used.add(name);
        return t;
    }

    /** The number of consecutive blocks {@code prefix0.}, {@code prefix1.}, ... (e.g. {@code blocks.}). */
    public int countBlocks(String prefix) {
        int n = 0;
        while (true) {
            String p = prefix + n + ".";
            if (tensors.keySet().stream().noneMatch(k -> k.startsWith(p))) {
                return n;
            }
            n++;
        }
    }

    /**
     * Refuses a state dict with tensors the architecture did not use (strict loading), except those {@code ignorable}
     * accepts (e.g. a classification head the feature network does not need).
     *
     * @throws InvalidModelException naming the first unexpected tensor
     */
    public void requireAllUsed(Predicate<String> ignorable) {
        for (String name : tensors.keySet()) {
            if (!used.contains(name) && !ignorable.test(name)) {
                throw new InvalidModelException(source + ": unexpected tensor '" + name + "' "
                        + Arrays.toString(tensors.get(name).shape()) + " (not part of the architecture)");
            }
        }
    }
}
