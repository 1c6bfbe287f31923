#!/usr/bin/python3
"""Reference fixtures for fvd's FID-Inception importer (feature-extractors, packages
dev.fvd.features.checkpoint.torch and dev.fvd.features.inception).

Run from the repository root with Debian's interpreter (torch 1.13, numpy 1.24, PIL 9.4; no downloads, no torchvision):

    /usr/bin/python3 test-data/inception/inception_reference.py

Logits only (keeps every other file byte for byte): `/usr/bin/python3 test-data/inception/inception_reference.py --logits`
loads the committed inception-slim-random.pth and rewrites reference/<case>-logits.tsv.

Full-width check (not committed, ~95 MB per file): `/usr/bin/python3 test-data/inception/inception_reference.py --full DIR`
writes DIR/inception-full-random.pth (zip), DIR/inception-full-random-legacy.pth and DIR/reference/ for the same cases with
the canonical widths; then run the Java check with -Dfvd.inception.full=DIR (see feature-extractors/INCEPTION.md).

What it writes (all under test-data/inception/, every value seeded):
  inception-slim-random.pth         slim FID-Inception state dict, random weights, canonical tensor names, torch.save zip format
  inception-slim-random-legacy.pth  the same state dict in the legacy format (_use_new_zipfile_serialization=False)
  torch-layouts.pth / -legacy.pth   small tensors with strides, storage offsets, shared storages, several dtypes
  malicious-os-system.pth / -legacy.pth, malicious-builtins-eval.pkl
                                    pickles that would run os.system / eval if a loader resolved arbitrary globals
  reference/cases.tsv               one line per parity case: name, protocol, images, height, width, seed, features file
  reference/<case>.tsv              pool3 features, one image per line, '%.9g'
  reference/<case>-logits.tsv       pool3 @ fc.weight.T without the bias (torch-fidelity's logits_unbiased, the
                                    Inception Score input), one image per line
  reference/clean-resize-*.tsv      PIL bicubic resized pixels (subsampled) to check the clean resize exactly

The network mirrors pytorch-fid src/pytorch_fid/inception.py (FIDInceptionA/C/E_1/E_2 on top of torchvision's Inception3
blocks, BasicConv2d = conv(no bias) -> BN(eps 1e-3) -> ReLU); channel widths are those of the canonical model divided by
WIDTH_DIVISOR (the Java importer reads widths from the tensors). Input images come from a splitmix64 hash of the pixel index
(see `pixels`) so the Java test can regenerate them without shipping image files.
"""
import collections
import os
import pickle
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TSV = os.path.join(ROOT, 'test-data', 'fid-inception', 'fid-inception-state-dict.tsv')
REF = os.path.join(HERE, 'reference')
WIDTH_DIVISOR = 16
SEED = 20261127


def w(c):
    """Slim width of a canonical channel count (3 input channels stay 3)."""
    return c if c == 3 else c // WIDTH_DIVISOR


# ---------------------------------------------------------------------------------------------------------------------
# The network: torchvision Inception3 blocks with pytorch-fid's FID patches, widths divided by WIDTH_DIVISOR.
class BasicConv2d(nn.Module):
    def __init__(self, cin, cout, **kw):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, bias=False, **kw)
        self.bn = nn.BatchNorm2d(cout, eps=0.001)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class FIDInceptionA(nn.Module):
    def __init__(self, cin, pool_features):
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, w(64), kernel_size=1)
        self.branch5x5_1 = BasicConv2d(cin, w(48), kernel_size=1)
        self.branch5x5_2 = BasicConv2d(w(48), w(64), kernel_size=5, padding=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, w(64), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(w(64), w(96), kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(w(96), w(96), kernel_size=3, padding=1)
        self.branch_pool = BasicConv2d(cin, pool_features, kernel_size=1)

    def forward(self, x):
        b1 = self.branch1x1(x)
        b5 = self.branch5x5_2(self.branch5x5_1(x))
        b3 = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        bp = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False))
        return torch.cat([b1, b5, b3, bp], 1)


class InceptionB(nn.Module):
    def __init__(self, cin):
        super().__init__()
        self.branch3x3 = BasicConv2d(cin, w(384), kernel_size=3, stride=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, w(64), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(w(64), w(96), kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(w(96), w(96), kernel_size=3, stride=2)

    def forward(self, x):
        b3 = self.branch3x3(x)
        bd = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        bp = F.max_pool2d(x, kernel_size=3, stride=2)
        return torch.cat([b3, bd, bp], 1)


class FIDInceptionC(nn.Module):
    def __init__(self, cin, c7):
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, w(192), kernel_size=1)
        self.branch7x7_1 = BasicConv2d(cin, c7, kernel_size=1)
        self.branch7x7_2 = BasicConv2d(c7, c7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7_3 = BasicConv2d(c7, w(192), kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = BasicConv2d(cin, c7, kernel_size=1)
        self.branch7x7dbl_2 = BasicConv2d(c7, c7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = BasicConv2d(c7, c7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = BasicConv2d(c7, c7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = BasicConv2d(c7, w(192), kernel_size=(1, 7), padding=(0, 3))
        self.branch_pool = BasicConv2d(cin, w(192), kernel_size=1)

    def forward(self, x):
        b1 = self.branch1x1(x)
        b7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        bd = self.branch7x7dbl_1(x)
        for m in (self.branch7x7dbl_2, self.branch7x7dbl_3, self.branch7x7dbl_4, self.branch7x7dbl_5):
            bd = m(bd)
        bp = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False))
        return torch.cat([b1, b7, bd, bp], 1)


class InceptionD(nn.Module):
    def __init__(self, cin):
        super().__init__()
        self.branch3x3_1 = BasicConv2d(cin, w(192), kernel_size=1)
        self.branch3x3_2 = BasicConv2d(w(192), w(320), kernel_size=3, stride=2)
        self.branch7x7x3_1 = BasicConv2d(cin, w(192), kernel_size=1)
        self.branch7x7x3_2 = BasicConv2d(w(192), w(192), kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7x3_3 = BasicConv2d(w(192), w(192), kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7x3_4 = BasicConv2d(w(192), w(192), kernel_size=3, stride=2)

    def forward(self, x):
        b3 = self.branch3x3_2(self.branch3x3_1(x))
        b7 = self.branch7x7x3_4(self.branch7x7x3_3(self.branch7x7x3_2(self.branch7x7x3_1(x))))
        bp = F.max_pool2d(x, kernel_size=3, stride=2)
        return torch.cat([b3, b7, bp], 1)


class FIDInceptionE(nn.Module):
    """FIDInceptionE_1 (avg pool, count_include_pad=False) or FIDInceptionE_2 (max pool) of pytorch-fid."""

    def __init__(self, cin, max_pool):
        super().__init__()
        self.max_pool = max_pool
        self.branch1x1 = BasicConv2d(cin, w(320), kernel_size=1)
        self.branch3x3_1 = BasicConv2d(cin, w(384), kernel_size=1)
        self.branch3x3_2a = BasicConv2d(w(384), w(384), kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3_2b = BasicConv2d(w(384), w(384), kernel_size=(3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = BasicConv2d(cin, w(448), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(w(448), w(384), kernel_size=3, padding=1)
        self.branch3x3dbl_3a = BasicConv2d(w(384), w(384), kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = BasicConv2d(w(384), w(384), kernel_size=(3, 1), padding=(1, 0))
        self.branch_pool = BasicConv2d(cin, w(192), kernel_size=1)

    def forward(self, x):
        b1 = self.branch1x1(x)
        b3 = self.branch3x3_1(x)
        b3 = torch.cat([self.branch3x3_2a(b3), self.branch3x3_2b(b3)], 1)
        bd = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        bd = torch.cat([self.branch3x3dbl_3a(bd), self.branch3x3dbl_3b(bd)], 1)
        if self.max_pool:
            bp = F.max_pool2d(x, kernel_size=3, stride=1, padding=1)
        else:
            bp = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)
        bp = self.branch_pool(bp)
        return torch.cat([b1, b3, bd, bp], 1)


class FIDInception(nn.Module):
    def __init__(self):
        super().__init__()
        self.Conv2d_1a_3x3 = BasicConv2d(3, w(32), kernel_size=3, stride=2)
        self.Conv2d_2a_3x3 = BasicConv2d(w(32), w(32), kernel_size=3)
        self.Conv2d_2b_3x3 = BasicConv2d(w(32), w(64), kernel_size=3, padding=1)
        self.Conv2d_3b_1x1 = BasicConv2d(w(64), w(80), kernel_size=1)
        self.Conv2d_4a_3x3 = BasicConv2d(w(80), w(192), kernel_size=3)
        self.Mixed_5b = FIDInceptionA(w(192), w(32))
        self.Mixed_5c = FIDInceptionA(w(256), w(64))
        self.Mixed_5d = FIDInceptionA(w(288), w(64))
        self.Mixed_6a = InceptionB(w(288))
        self.Mixed_6b = FIDInceptionC(w(768), w(128))
        self.Mixed_6c = FIDInceptionC(w(768), w(160))
        self.Mixed_6d = FIDInceptionC(w(768), w(160))
        self.Mixed_6e = FIDInceptionC(w(768), w(192))
        self.Mixed_7a = InceptionD(w(768))
        self.Mixed_7b = FIDInceptionE(w(1280), max_pool=False)
        self.Mixed_7c = FIDInceptionE(w(2048), max_pool=True)
        self.fc = nn.Linear(w(2048), w(1008))

    def pool3(self, x):
        """pytorch-fid InceptionV3 blocks 0..3 (without its resize/normalise, done per protocol below)."""
        x = self.Conv2d_2b_3x3(self.Conv2d_2a_3x3(self.Conv2d_1a_3x3(x)))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        x = self.Conv2d_4a_3x3(self.Conv2d_3b_1x1(x))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        for name in ('Mixed_5b', 'Mixed_5c', 'Mixed_5d', 'Mixed_6a', 'Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e',
                     'Mixed_7a', 'Mixed_7b', 'Mixed_7c'):
            x = getattr(self, name)(x)
        return F.adaptive_avg_pool2d(x, (1, 1)).flatten(1)


def random_state_dict():
    """Seeded random weights; He-scaled convs and BN statistics near identity keep activations O(1) over 94 layers."""
    model = FIDInception().eval()
    g = torch.Generator().manual_seed(SEED)
    sd = model.state_dict()
    for name, t in sd.items():
        if name.endswith('num_batches_tracked'):
            continue
        if name.endswith('conv.weight'):
            fan_in = t[0].numel()
            v = torch.randn(t.shape, generator=g) * (2.0 / fan_in) ** 0.5
        elif name.endswith('bn.weight'):
            v = 0.8 + 0.4 * torch.rand(t.shape, generator=g)
        elif name.endswith('bn.bias') or name.endswith('running_mean'):
            v = 0.1 * torch.randn(t.shape, generator=g)
        elif name.endswith('running_var'):
            v = 0.5 + torch.rand(t.shape, generator=g)
        else:  # fc
            v = 0.05 * torch.randn(t.shape, generator=g)
        t.copy_(v)
    model.load_state_dict(sd)
    # pytorch-fid's pt_inception-2015-12-05 file has no num_batches_tracked (472 tensors); keep _metadata like a real dict.
    out = collections.OrderedDict((k, v) for k, v in sd.items() if not k.endswith('num_batches_tracked'))
    out._metadata = sd._metadata
    return model, out


# ---------------------------------------------------------------------------------------------------------------------
# Inputs and the three preprocessing protocols (REFERENCE.md section 2).
M64 = (1 << 64) - 1


def pixels(n, h, wd, seed):
    """uint8 [n,h,w,3]: top byte of splitmix64(flat index + seed * golden gamma); dev.fvd...InceptionParityTest mirrors it."""
    idx = np.arange(n * h * wd * 3, dtype=np.uint64)
    with np.errstate(over='ignore'):
        z = idx + np.uint64((seed * 0x9E3779B97F4A7C15) & M64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(56)).astype(np.uint8).reshape(n, h, wd, 3)


def tf1_resize_bilinear(x, out_h, out_w):
    """TF1 tf.image.resize_bilinear (align_corners=False, half_pixel_centers=False) on float32 NHWC, as TTUR uses it."""
    n, h, wd, c = x.shape
    if (h, wd) == (out_h, out_w):
        return x

    def axis(inn, out):
        src = np.arange(out, dtype=np.float32) * np.float32(inn / out)
        i0 = np.floor(src).astype(np.int64)
        i1 = np.minimum(i0 + 1, inn - 1)
        return i0, i1, (src - i0).astype(np.float32)

    y0, y1, dy = axis(h, out_h)
    x0, x1, dx = axis(wd, out_w)
    dx = dx[None, None, :, None]
    dy = dy[None, :, None, None]
    top = x[:, y0][:, :, x0] + (x[:, y0][:, :, x1] - x[:, y0][:, :, x0]) * dx
    bot = x[:, y1][:, :, x0] + (x[:, y1][:, :, x1] - x[:, y1][:, :, x0]) * dx
    return (top + (bot - top) * dy).astype(np.float32)


def pil_bicubic(img_u8, out_h, out_w):
    """clean-fid cleanfid/resize.py make_resizer('PIL', False, 'bicubic'): per channel float PIL resize, clip 0..255."""
    chans = []
    for c in range(3):
        im = Image.fromarray(img_u8[:, :, c].astype(np.float32), mode='F')
        im = im.resize((out_w, out_h), resample=Image.BICUBIC)
        chans.append(np.asarray(im).clip(0, 255).reshape(out_h, out_w, 1))
    return np.concatenate(chans, axis=2).astype(np.float32)


def network_input(protocol, imgs):
    """uint8 NHWC -> float32 NCHW 299x299 network input of the protocol."""
    if protocol == 'ttur':
        x = tf1_resize_bilinear(imgs.astype(np.float32), 299, 299)
        x = (x - 128.0) / 128.0
        return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    if protocol == 'pytorch-fid':
        # pytorch-fid: ToTensor (x/255) -> F.interpolate(bilinear, align_corners=False) -> 2x - 1
        x = torch.from_numpy(imgs.transpose(0, 3, 1, 2).copy()).float().div(255)
        x = F.interpolate(x, size=(299, 299), mode='bilinear', align_corners=False)
        return 2 * x - 1
    if protocol == 'clean':
        x = np.stack([pil_bicubic(im, 299, 299) for im in imgs])
        x = (x - 128.0) / 128.0
        return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    raise ValueError(protocol)


CASES = [  # name, protocol, images, height, width, seed
    ('ttur-299x299', 'ttur', 2, 299, 299, 1),
    ('ttur-64x64', 'ttur', 2, 64, 64, 2),
    ('ttur-333x250', 'ttur', 2, 333, 250, 3),
    ('pytorch-fid-299x299', 'pytorch-fid', 2, 299, 299, 1),
    ('pytorch-fid-64x64', 'pytorch-fid', 2, 64, 64, 2),
    ('pytorch-fid-333x250', 'pytorch-fid', 2, 333, 250, 3),
    ('clean-299x299', 'clean', 2, 299, 299, 1),
    ('clean-64x64', 'clean', 2, 64, 64, 2),
    ('clean-333x250', 'clean', 2, 333, 250, 3),
]


def write_rows(path, rows):
    with open(path, 'w') as f:
        for row in rows:
            f.write('\t'.join('%.9g' % v for v in row) + '\n')


# ---------------------------------------------------------------------------------------------------------------------
# Checkpoint-format fixtures.
def layouts():
    """Tensors whose storage layout a reader must honour: strides, offsets, shared storages, non-float32 dtypes."""
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) * 0.5 - 3
    d = collections.OrderedDict()
    d['contiguous'] = base
    d['transposed'] = base.t()                     # stride (1, 6), same storage as 'contiguous'
    d['row_slice'] = base[1:3]                     # storage offset 6
    d['column_step'] = base[:, 1::2]               # offset 1, stride (6, 2)
    d['scalar'] = torch.tensor(2.5)
    d['float64'] = torch.tensor([[1.25, -2.5], [1e-3, 4.0]], dtype=torch.float64)
    d['float16'] = torch.tensor([0.5, -1.5, 65504.0, 6.1035156e-05], dtype=torch.float16)
    d['bfloat16'] = torch.tensor([1.0, -3.0, 0.15625], dtype=torch.bfloat16)
    d['int32'] = torch.tensor([-7, 0, 9], dtype=torch.int32)
    d['bn.num_batches_tracked'] = torch.tensor(12345, dtype=torch.int64)
    d['empty'] = torch.zeros(0, 3)
    d['parameter'] = torch.nn.Parameter(torch.tensor([1.5, -0.25]))   # torch._utils._rebuild_parameter
    d['old_style'] = OldStyleTensor(torch.tensor([[7.0, 8.0], [9.0, 10.0]]).t())  # torch._utils._rebuild_tensor
    return d


class OldStyleTensor:
    """Pickles like tensors of torch < 1.0: torch._utils._rebuild_tensor(storage, offset, size, stride)."""

    def __init__(self, t):
        self.t = t

    def __reduce__(self):
        return torch._utils._rebuild_tensor, (self.t.storage(), self.t.storage_offset(), tuple(self.t.size()),
                                              self.t.stride())


class Shell:
    """Unpickling this would run a shell command; a safe loader must refuse the global instead."""

    def __init__(self, cmd):
        self.cmd = cmd

    def __reduce__(self):
        return os.system, (self.cmd,)


class Eval:
    def __reduce__(self):
        return eval, ("__import__('os').system('touch /tmp/fvd-pwned-eval')",)


class StorageView:
    """Marker whose persistent id carries legacy view metadata (written by torch < 1.? for storage views)."""


class ViewedTensor:
    def __init__(self, view, offset, size, stride):
        self.args = (view, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return torch._utils._rebuild_tensor_v2, self.args


def write_legacy_with_storage_view(path):
    """Legacy format by hand: one root storage 'root' of 6 floats; a view of 3 elements at element offset 2 ('view');
    tensor 'viewed' = view[1:3] = root[3], root[4]; tensor 'whole' uses the root directly."""
    import struct
    view = StorageView()
    root = torch.tensor([0.5, 1.5, 2.5, 3.5, 4.5, 5.5])

    class LegacyPickler(pickle.Pickler):
        def persistent_id(self, obj):
            if obj is view:
                return ('storage', torch.FloatStorage, 'root', 'cpu', 6, ('view', 2, 3))
            if isinstance(obj, torch.storage.TypedStorage):
                return ('storage', torch.FloatStorage, 'root', 'cpu', 6, None)
            return None

    with open(path, 'wb') as f:
        pickle.dump(0x1950a86a20f9469cfc6c, f, protocol=2)
        pickle.dump(1001, f, protocol=2)
        pickle.dump({'protocol_version': 1001, 'little_endian': True,
                     'type_sizes': {'short': 2, 'int': 4, 'long': 4}}, f, protocol=2)
        obj = collections.OrderedDict([('viewed', ViewedTensor(view, 1, (2,), (1,))),
                                       ('whole', ViewedTensor(root.storage(), 0, (6,), (1,)))])
        LegacyPickler(f, protocol=2).dump(obj)
        pickle.dump(['root'], f, protocol=2)
        f.write(struct.pack('<q', 6))
        f.write(root.numpy().astype('<f4').tobytes())
    loaded = torch.load(path)
    assert loaded['viewed'].tolist() == [3.5, 4.5] and loaded['whole'].tolist() == root.tolist(), loaded


def main():
    global WIDTH_DIVISOR
    if sys.argv[1:] == ['--logits']:
        torch.manual_seed(SEED)
        model, _ = random_state_dict()
        model.load_state_dict(torch.load(os.path.join(HERE, 'inception-slim-random.pth')), strict=False)
        model.eval()
        write_logits(model, REF)
        return
    full = len(sys.argv) == 3 and sys.argv[1] == '--full'
    if full:
        WIDTH_DIVISOR = 1
    torch.manual_seed(SEED)
    model, sd = random_state_dict()

    # The canonical names and (divided) shapes must match the real pytorch-fid state dict listed in the tsv.
    tsv = [line.rstrip('\n').split('\t') for line in open(TSV) if not line.startswith('#') and line.strip()]
    assert list(sd.keys()) == [name for name, _ in tsv], 'state dict names differ from ' + TSV
    if full:
        assert [str(list(v.shape)) for v in sd.values()] == [shape for _, shape in tsv], 'shapes differ from ' + TSV
        out = sys.argv[2]
        os.makedirs(os.path.join(out, 'reference'), exist_ok=True)
        torch.save(sd, os.path.join(out, 'inception-full-random.pth'))
        torch.save(sd, os.path.join(out, 'inception-full-random-legacy.pth'), _use_new_zipfile_serialization=False)
        write_references(model, os.path.join(out, 'reference'))
        return
    os.makedirs(REF, exist_ok=True)

    torch.save(sd, os.path.join(HERE, 'inception-slim-random.pth'))
    torch.save(sd, os.path.join(HERE, 'inception-slim-random-legacy.pth'), _use_new_zipfile_serialization=False)
    torch.save(layouts(), os.path.join(HERE, 'torch-layouts.pth'))
    torch.save(layouts(), os.path.join(HERE, 'torch-layouts-legacy.pth'), _use_new_zipfile_serialization=False)
    # Expected values of the layout fixture, flattened row-major, as float32 (one tensor per line: name, shape, values).
    with open(os.path.join(REF, 'torch-layouts.tsv'), 'w') as f:
        for k, v in layouts().items():
            v = v.t if isinstance(v, OldStyleTensor) else v.detach()
            vals = v.to(torch.float64).reshape(-1).tolist()
            f.write(k + '\t' + ','.join(str(s) for s in v.shape) + '\t' + ','.join('%.9g' % x for x in vals) + '\n')

    write_legacy_with_storage_view(os.path.join(HERE, 'legacy-storage-view.pth'))

    evil = {'weight': torch.zeros(2), 'payload': Shell('touch /tmp/fvd-pwned')}
    torch.save(evil, os.path.join(HERE, 'malicious-os-system.pth'))
    torch.save(evil, os.path.join(HERE, 'malicious-os-system-legacy.pth'), _use_new_zipfile_serialization=False)
    with open(os.path.join(HERE, 'malicious-builtins-eval.pkl'), 'wb') as f:
        pickle.dump({'payload': Eval()}, f, protocol=2)

    write_references(model, REF)
    write_logits(model, REF)
    # clean resize in pixels: every 7th row and column of image 0, channels interleaved (y, x, c), 0..255 scale.
    for h, wd, seed in ((64, 64, 2), (333, 250, 3)):
        out = pil_bicubic(pixels(1, h, wd, seed)[0], 299, 299)[::7, ::7, :]
        write_rows(os.path.join(REF, 'clean-resize-%dx%d.tsv' % (h, wd)), out.reshape(out.shape[0], -1))


def write_references(model, ref):
    """pool3 features of every case: ref/cases.tsv and one ref/<case>.tsv per case."""
    with open(os.path.join(ref, 'cases.tsv'), 'w') as cases:
        cases.write('# case\tprotocol\timages\theight\twidth\tseed\tfeatures\n')
        for name, protocol, n, h, wd, seed in CASES:
            imgs = pixels(n, h, wd, seed)
            with torch.no_grad():
                feats = model.pool3(network_input(protocol, imgs)).numpy()
            write_rows(os.path.join(ref, name + '.tsv'), feats)
            cases.write('\t'.join([name, protocol, str(n), str(h), str(wd), str(seed), name + '.tsv']) + '\n')
            print('%-22s features %s  mean %.4f  std %.4f  max %.4f' % (name, feats.shape, feats.mean(), feats.std(),
                                                                        feats.max()), file=sys.stderr)


def write_logits(model, ref):
    """torch-fidelity feature_extractor_inceptionv3.py 'logits_unbiased': pool3 @ fc.weight.T, no bias; ref/<case>-logits.tsv."""
    for name, protocol, n, h, wd, seed in CASES:
        with torch.no_grad():
            feats = model.pool3(network_input(protocol, pixels(n, h, wd, seed)))
            logits = F.linear(feats.double(), model.fc.weight.double()).numpy()
        write_rows(os.path.join(ref, name + '-logits.tsv'), logits)
        print('%-22s logits %s  max |l| %.4f' % (name, logits.shape, np.abs(logits).max()), file=sys.stderr)


if __name__ == '__main__':
    main()
