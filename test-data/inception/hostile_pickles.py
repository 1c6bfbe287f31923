#!/usr/bin/python3
"""Hostile pickles for the allowlist of fvd's TorchCheckpointReader (feature-extractors, RestrictedUnpickler).

Run from the repository root:  /usr/bin/python3 test-data/inception/hostile_pickles.py

Writes test-data/inception/hostile/<case>.pkl and hostile/cases.tsv (case, what the Java reader must say). Every pickle
is built opcode by opcode (nothing here is ever unpickled); loaded by Python's pickle, most of them would run
`touch /tmp/fvd-pwned-<case>`, so a Java test can also check that no such file appears. Issue 15 item 19: GLOBAL was the
only opcode tested before; these cover STACK_GLOBAL (protocols 4 and 5), INST, OBJ, NEWOBJ, NEWOBJ_EX, REDUCE on
callables that are not allowlisted, BUILD on anything but an OrderedDict, and near-miss torch.* names.
"""
import os
import pickle
import struct

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'hostile')


def u(s):
    """SHORT_BINUNICODE."""
    b = s.encode('utf-8')
    return pickle.SHORT_BINUNICODE + bytes([len(b)]) + b


def proto(n):
    return pickle.PROTO + bytes([n])


def frame(body, n):
    """Protocol 4/5 framing as pickle writes it."""
    return proto(n) + pickle.FRAME + struct.pack('<Q', len(body)) + body


def cmd(case):
    return 'touch /tmp/fvd-pwned-' + case


def stack_global_call(case, module, name, n):
    """module.name(cmd) through STACK_GLOBAL + TUPLE1 + REDUCE, as pickle writes os.system at protocol n."""
    return frame(u(module) + u(name) + pickle.STACK_GLOBAL + u(cmd(case)) + pickle.TUPLE1 + pickle.REDUCE
                 + pickle.STOP, n)


def global_call(case, module, name):
    """module.name(cmd) through GLOBAL + REDUCE at protocol 2."""
    return (proto(2) + pickle.GLOBAL + (module + '\n' + name + '\n').encode() + pickle.BINUNICODE
            + struct.pack('<I', len(cmd(case))) + cmd(case).encode() + pickle.TUPLE1 + pickle.REDUCE + pickle.STOP)


CASES = []


def case(name, data, expected):
    CASES.append((name, data, expected))


# STACK_GLOBAL, protocols 4 and 5
case('stack-global-p4-os-system', stack_global_call('stack-global-p4-os-system', 'posix', 'system', 4),
     "refused to load Python global 'posix.system'")
case('stack-global-p5-os-system', stack_global_call('stack-global-p5-os-system', 'os', 'system', 5),
     "refused to load Python global 'os.system'")
case('stack-global-p4-eval', stack_global_call('stack-global-p4-eval', 'builtins', 'eval', 4),
     "refused to load Python global 'builtins.eval'")
case('stack-global-p4-not-strings', frame(pickle.BININT1 + b'\x01' + u('system') + pickle.STACK_GLOBAL + pickle.STOP, 4),
     'STACK_GLOBAL with non-string module/name')
# INST (protocol 0): instantiate module.name with the marked arguments
case('inst-os-system', b'(' + pickle.STRING + ("'" + cmd('inst-os-system') + "'\n").encode() + pickle.INST
     + b'os\nsystem\n' + pickle.STOP, "refused to load Python global 'os.system'")
case('inst-allowlisted-name', b'(' + pickle.INST + b'collections\nOrderedDict\n' + pickle.STOP,
     "refused to load Python global 'collections.OrderedDict'")
# OBJ (protocol 1) on an allowlisted class: object construction torch.save never writes
case('obj-ordered-dict', proto(2) + pickle.MARK + pickle.GLOBAL + b'collections\nOrderedDict\n' + pickle.OBJ + pickle.STOP,
     'pickle opcode 0x6f')
# NEWOBJ on something that is not an allowlisted global (a string naming one)
case('newobj-on-string', proto(2) + u('os.system') + pickle.EMPTY_TUPLE + pickle.NEWOBJ + pickle.STOP,
     "refused to call 'os.system'")
# NEWOBJ_EX (protocol 4)
case('newobj-ex-ordered-dict', frame(u('collections') + u('OrderedDict') + pickle.STACK_GLOBAL + pickle.EMPTY_TUPLE
                                     + pickle.EMPTY_DICT + pickle.NEWOBJ_EX + pickle.STOP, 4), 'pickle opcode 0x92')
# REDUCE on callables that are not allowlisted: a string, a number, a list, a tuple
case('reduce-on-string', proto(2) + u('posix.system') + u(cmd('reduce-on-string')) + pickle.TUPLE1 + pickle.REDUCE
     + pickle.STOP, "refused to call 'posix.system'")
case('reduce-on-int', proto(2) + pickle.BININT1 + b'\x07' + pickle.EMPTY_TUPLE + pickle.REDUCE + pickle.STOP,
     'refused to call 7')
case('reduce-on-list', proto(2) + pickle.EMPTY_LIST + pickle.EMPTY_TUPLE + pickle.REDUCE + pickle.STOP,
     'refused to call a ')
# BUILD (__setstate__) on anything but an OrderedDict, or with a non-dict state
case('build-on-list', proto(2) + pickle.EMPTY_LIST + pickle.EMPTY_DICT + pickle.BUILD + pickle.STOP, 'refused BUILD')
case('build-on-dict', proto(2) + pickle.EMPTY_DICT + pickle.EMPTY_DICT + pickle.BUILD + pickle.STOP, 'refused BUILD')
case('build-ordered-dict-with-tuple-state', proto(2) + pickle.GLOBAL + b'collections\nOrderedDict\n' + pickle.EMPTY_TUPLE
     + pickle.REDUCE + u('x') + pickle.TUPLE1 + pickle.BUILD + pickle.STOP, 'refused BUILD')
# near-miss torch.* names: one character, one module or one attribute away from the allowlist
for i, (module, name) in enumerate([
        ('torch._utils', '_rebuild_tensor_v3'),
        ('torch._utils', '_rebuild_tensor_v2 '),
        ('torch._utils', '_rebuild_device_tensor_from_numpy'),
        ('torch._utils', '_rebuild_tensor_v2.__globals__'),
        ('torch', '_utils._rebuild_tensor_v2'),
        ('torch.utils', '_rebuild_tensor_v2'),
        ('Torch._utils', '_rebuild_tensor_v2'),
        ('torch', 'load'),
        ('torch.serialization', 'load'),
        ('torch', 'FloatStorage.from_file'),
        ('torch.cuda', 'FloatStorage2'),
        ('collections', 'OrderedDict.fromkeys'),
        ('torch._utils', 'os.system'),
]):
    label = 'near-miss-%02d' % i
    if i % 2 == 0:
        data = global_call(label, module, name)
    else:
        data = stack_global_call(label, module, name, 4)
    case(label, data, "refused to load Python global '%s.%s'" % (module, name))


def main():
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, 'cases.tsv'), 'w') as f:
        f.write('# case\tmessage the reader must give (the file is <case>.pkl)\n')
        for name, data, expected in CASES:
            with open(os.path.join(HERE, name + '.pkl'), 'wb') as p:
                p.write(data)
            f.write(name + '\t' + expected + '\n')
    print('wrote %d hostile pickles to %s' % (len(CASES), HERE))


if __name__ == '__main__':
    main()
