package dev.fvd.features.checkpoint.torch;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A pickle reader that can only build what {@code torch.save} of a state dict contains, and refuses every other Python
 * global <em>before</em> anything is constructed.
 *
 * <p>Why not razorvine's defaults: its {@code Unpickler} resolves globals through a JVM-wide constructor table and falls back
 * to a {@code ClassDict} for any unknown name (so a pickle naming {@code posix.system} would silently load), its BUILD calls
 * {@code __setstate__} by reflection (a {@code ClassDict} state replaces the dict's entries, losing every tensor of an
 * {@code OrderedDict}), and its SETITEMS goes through a {@code HashMap} (losing key order). This class takes over the opcodes
 * that name or call code — GLOBAL, STACK_GLOBAL, INST, OBJ, EXT1/2/4, REDUCE, NEWOBJ, NEWOBJ_EX, BUILD — and SETITEMS; the
 * per-instance allowlist below is the only way a callable reaches the stack. Data opcodes stay with razorvine.
 *
 * <p>Allowlist (what {@code torch/serialization.py} and {@code torch/_utils.py} write for tensors and state dicts):
 * {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_tensor} (very old
 * files), {@code torch._utils._rebuild_parameter}, {@code torch._utils._rebuild_parameter_with_state} (nn.Parameter values;
 * their requires_grad / hooks / state are dropped), and the storage classes {@code torch.<X>Storage} /
 * {@code torch.cuda.<X>Storage} of {@link TorchDtype}, which are only markers inside persistent ids. One more for the training
 * checkpoints people download: {@code argparse.Namespace}, which OpenGVLab/VideoMAEv2 {@code utils.py} {@code save_model}
 * pickles as {@code 'args'} next to the state dict (protocol 2: NEWOBJ with no arguments, then BUILD with its
 * {@code __dict__}). It is read as an inert {@link Namespace} map of its attributes — never a Python object, nothing called —
 * and refused with any constructor argument or a non-dict state.
 */
final class RestrictedUnpickler extends Unpickler {

    /** A refused global or opcode; the reader adds the file name. Nothing named here has been resolved or run. */
    static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** Marker pushed for {@code torch.FloatStorage} and friends; only valid as a field of a persistent id. */
    record StorageType(String qualifiedName, TorchDtype dtype) {
    }

    /** The attributes of a pickled {@code argparse.Namespace}, as data (see the class comment). */
    static final class Namespace extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** The Python {@code collections.OrderedDict} of a state dict; keeps insertion order. */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    private interface Callable {
        Object call(Object[] args);
    }

    private record AllowedGlobal(String qualifiedName, Callable body) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return body.call(args);
        }
    }

    private static final Map<String, Object> ALLOWED = allowlist();

    private final Function<Object[], StorageRef> storages;

    /**
     * @param storages turns a {@code ('storage', ...)} persistent id into a storage reference; {@code null} if the pickle
     *                 must not contain persistent ids (the legacy header pickles)
     */
    RestrictedUnpickler(Function<Object[], StorageRef> storages) {
        this.storages = storages;
    }

    /** Names of all resolvable globals, for error messages and documentation. */
    static Set<String> allowedGlobals() {
        return new TreeSet<>(ALLOWED.keySet());
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(name instanceof String n) || !(module instanceof String m)) {
                    throw new RefusedException("STACK_GLOBAL with non-string module/name");
                }
                stack.add(resolve(m, n));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                throw refusedGlobal(module + "." + name);
            }
            case Opcodes.OBJ, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4, Opcodes.NEWOBJ_EX ->
                    throw new RefusedException("pickle opcode 0x" + Integer.toHexString(key)
                            + " (object construction torch.save never writes) is refused");
            case Opcodes.REDUCE, Opcodes.NEWOBJ -> {
                Object args = stack.pop();
                Object callable = stack.pop();
                if (!(callable instanceof AllowedGlobal global)) {
                    throw new RefusedException("refused to call " + describe(callable) + "; only allowlisted globals "
                            + "can be called");
                }
                if (!(args instanceof Object[] tuple)) {
                    throw new RefusedException("call of " + global.qualifiedName() + " without an argument tuple");
                }
                stack.add(global.construct(tuple));
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                Object target = stack.peek();
                // A Namespace's BUILD state is its __dict__: the attributes, kept as data
                if (target instanceof Namespace namespace && state instanceof Map<?, ?> attributes
                        && namespace.isEmpty()) {
                    namespace.putAll(attributes);
                    return NO_RETURN_VALUE;
                }
                // A state dict's BUILD carries its instance __dict__ ({'_metadata': ...}); the entries are already set.
                if (!(target instanceof OrderedDict) || !(state instanceof Map)) {
                    throw new RefusedException("refused BUILD (__setstate__) of " + describe(state) + " on "
                            + describe(target));
                }
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                Object target = stack.peek();
                if (!(target instanceof Map) || items.size() % 2 != 0) {
                    throw new RefusedException("SETITEMS on " + describe(target));
                }
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) target;
                for (int i = 0; i < items.size(); i += 2) {
                    map.put(items.get(i), items.get(i + 1));
                }
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (storages == null) {
            throw new RefusedException("unexpected persistent id " + describe(pid) + " in a header pickle");
        }
        if (!(pid instanceof Object[] id) || id.length == 0) {
            throw new RefusedException("persistent id " + describe(pid) + " is not a tuple");
        }
        if ("module".equals(id[0])) {
            throw new RefusedException("the checkpoint pickles a whole nn.Module (torch.save(model)); only state dicts "
                    + "(torch.save(model.state_dict())) can be read safely");
        }
        if (!"storage".equals(id[0]) || (id.length != 5 && id.length != 6)) {
            throw new RefusedException("unknown persistent id " + describe(pid));
        }
        if (!(id[1] instanceof StorageType)) {
            throw new RefusedException("persistent id names storage type " + describe(id[1]));
        }
        return storages.apply(id);
    }

    private static Object resolve(String module, String name) {
        // exact (module, attribute) pairs only: a dotted attribute ("torch", "_utils._rebuild_tensor_v2") is an attribute
        // path Python would walk (protocol 4), never a torch.save output, so it is refused even when the join is allowlisted
        if (module.isEmpty() || name.isEmpty() || name.contains(".")) {
            throw refusedGlobal(module + "." + name);
        }
        Object global = ALLOWED.get(module + "." + name);
        if (global == null) {
            throw refusedGlobal(module + "." + name);
        }
        return global;
    }

    private static RefusedException refusedGlobal(String qualifiedName) {
        return new RefusedException("refused to load Python global '" + qualifiedName + "' (nothing was executed); "
                + "a torch.save state dict only needs " + allowedGlobals());
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof AllowedGlobal g) {
            return g.qualifiedName();
        }
        if (o instanceof StorageType s) {
            return s.qualifiedName();
        }
        if (o instanceof Object[] tuple) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < tuple.length; i++) {
                b.append(i == 0 ? "" : ", ").append(describe(tuple[i]));
            }
            return b.append(tuple.length == 1 ? ",)" : ")").toString();
        }
        if (o instanceof String s) {
            return "'" + s + "'";
        }
        if (o instanceof Number || o instanceof Boolean) {
            return o.toString();
        }
        return "a " + o.getClass().getSimpleName();
    }

    // ---- the allowlist -------------------------------------------------------------------------------------------

    private static Map<String, Object> allowlist() {
        Map<String, Object> m = new LinkedHashMap<>();
        add(m, "collections.OrderedDict", RestrictedUnpickler::orderedDict);
        // argparse.Namespace() of a training script's arguments, filled by BUILD; never constructed as a Python object
        add(m, "argparse.Namespace", args -> {
            if (args.length != 0) {
                throw new RefusedException("argparse.Namespace called with " + describe(args) + "; only the empty call"
                        + " pickle writes is read");
            }
            return new Namespace();
        });
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        add(m, "torch._utils._rebuild_tensor_v2", args -> tensor(args, 6, 7, "torch._utils._rebuild_tensor_v2"));
        // _rebuild_tensor(storage, storage_offset, size, stride): files from torch < 1.0
        add(m, "torch._utils._rebuild_tensor", args -> tensor(args, 4, 4, "torch._utils._rebuild_tensor"));
        // _rebuild_parameter(data, requires_grad, backward_hooks): an nn.Parameter is its data for inference
        add(m, "torch._utils._rebuild_parameter", args -> parameter(args, 3, "torch._utils._rebuild_parameter"));
        add(m, "torch._utils._rebuild_parameter_with_state",
                args -> parameter(args, 4, "torch._utils._rebuild_parameter_with_state"));
        for (TorchDtype d : TorchDtype.values()) {
            for (String module : new String[] {"torch", "torch.cuda"}) {
                String q = module + "." + d.storageClass();
                m.put(q, new StorageType(q, d));
            }
        }
        return Map.copyOf(m);
    }

    private static void add(Map<String, Object> m, String qualifiedName, Callable body) {
        m.put(qualifiedName, new AllowedGlobal(qualifiedName, body));
    }

    private static Object orderedDict(Object[] args) {
        OrderedDict d = new OrderedDict();
        if (args.length == 1 && args[0] instanceof List<?> pairs) {
            for (Object p : pairs) {
                if (!(p instanceof Object[] kv) || kv.length != 2) {
                    throw new RefusedException("OrderedDict item " + describe(p) + " is not a (key, value) pair");
                }
                d.put(kv[0], kv[1]);
            }
        } else if (args.length != 0) {
            throw new RefusedException("collections.OrderedDict called with " + describe(args));
        }
        return d;
    }

    private static TensorRef tensor(Object[] args, int minArgs, int maxArgs, String function) {
        if (args.length < minArgs || args.length > maxArgs) {
            throw new RefusedException(function + " called with " + args.length + " arguments");
        }
        if (!(args[0] instanceof StorageRef storage)) {
            throw new RefusedException(function + " called on " + describe(args[0]) + " instead of a storage");
        }
        long offset = integer(args[1], function + " storage_offset");
        long[] size = integers(args[2], function + " size");
        long[] stride = integers(args[3], function + " stride");
        if (size.length != stride.length) {
            throw new RefusedException(function + " size " + describe(args[2]) + " and stride " + describe(args[3])
                    + " differ in rank");
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private static Object parameter(Object[] args, int expected, String function) {
        if (args.length != expected || !(args[0] instanceof TensorRef data)) {
            throw new RefusedException(function + " called with " + describe(args));
        }
        return data;
    }

    static long integer(Object o, String what) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        throw new RefusedException(what + " is " + describe(o) + ", not an integer");
    }

    private static long[] integers(Object o, String what) {
        if (!(o instanceof Object[] tuple)) {
            throw new RefusedException(what + " is " + describe(o) + ", not a tuple");
        }
        long[] out = new long[tuple.length];
        for (int i = 0; i < tuple.length; i++) {
            out[i] = integer(tuple[i], what);
        }
        return out;
    }
}
