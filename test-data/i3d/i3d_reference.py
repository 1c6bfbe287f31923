#!/usr/bin/python3
"""Reference numbers for the Java I3D graph (feature-extractors, dev.fvd.features.i3d).

Run with Debian's python (torch 1.13, numpy, PIL; no downloads):

    /usr/bin/python3 test-data/i3d/i3d_reference.py              # regenerates test-data/i3d/slim/ and test-data/i3d/ref/
    /usr/bin/python3 test-data/i3d/i3d_reference.py --full-size  # full widths into test-data/out/i3d-full/ (not committed)

What it does
1. Writes a *slim* I3D with seeded random weights as a real TF tensor bundle (LevelDB-table `.index` + `.data-00000-of-00001`)
   under the canonical DeepMind kinetics-i3d variable names (`RGB/inception_i3d/...`). Every channel width is the real one / 8
   (Conv3d_1a 64 -> 8, ..., Mixed_5c 1024 -> 128); the 400 logits are kept. The Java importer must read widths from shapes.
2. Implements I3D independently in PyTorch (float64) following DeepMind `i3d.py` (Sonnet): Unit3D = Conv3d (no bias,
   TF SAME padding) -> BatchNorm (no gamma, eps 1e-3 or 1e-5) -> ReLU; MaxPool3d SAME; Logits = AvgPool (2,7,7) VALID ->
   1x1x1 conv with bias -> squeeze -> mean over time. TF SAME: out = ceil(in/s), pad = max((out-1)s + k - in, 0),
   before = pad // 2 (REFERENCE.md section 1).
3. Preprocesses inputs per protocol:
   tf         -- TF1 tf.image.resize_bilinear (align_corners=False, half_pixel_centers=False) to 224x224, x*2/255-1
                 (google-research frechet_video_distance.py); implemented here by hand from the TF1 kernel formula.
   stylegan-v -- torch F.interpolate(bilinear, align_corners=False) to 224x224, x*2/255-1, eps 1e-3.
   videogpt   -- x/255, short side to 224 with F.interpolate(bilinear, align_corners=False) (long side ceil(w*224/h)),
                 centre crop 224, then 2x-1; BatchNorm eps 1e-5 (VideoGPT videogpt/fvd/fvd.py preprocess_single).
4. Saves the uint8 inputs (`.npy.gz`) and the 400 logits per protocol (`.npy`, float32 of a float64 computation).

Inputs: the first 16 frames of the UCF-101 CricketShot GIF (224x224, decoded with PIL, convert('RGB')),
2 seeded random clips 16x64x80, 1 seeded random clip 11x40x52 (odd frame count: exercises time padding),
a saw-tooth pattern clip 10x251x311 (downsampling at non-integer ratios, odd sizes).
"""
import gzip
import io
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCOPE = "RGB/inception_i3d/"
DIV = 8
NUM_CLASSES = 400

# endpoint -> inception widths [c0, c1a, c1b, c2a, c2b, c3] (REFERENCE.md table)
MIXED = [
    ("Mixed_3b", [64, 96, 128, 16, 32, 32]),
    ("Mixed_3c", [128, 128, 192, 32, 96, 64]),
    ("Mixed_4b", [192, 96, 208, 16, 48, 64]),
    ("Mixed_4c", [160, 112, 224, 24, 64, 64]),
    ("Mixed_4d", [128, 128, 256, 24, 64, 64]),
    ("Mixed_4e", [112, 144, 288, 32, 64, 64]),
    ("Mixed_4f", [256, 160, 320, 32, 128, 128]),
    ("Mixed_5b", [256, 160, 320, 32, 128, 128]),
    ("Mixed_5c", [384, 192, 384, 48, 128, 128]),
]


def unit_names(div):
    """(scope, kernel, cin, cout) of every Unit3D with BatchNorm, in network order."""
    units = []
    units.append(("Conv3d_1a_7x7", (7, 7, 7), 3, 64 // div))
    units.append(("Conv3d_2b_1x1", (1, 1, 1), 64 // div, 64 // div))
    units.append(("Conv3d_2c_3x3", (3, 3, 3), 64 // div, 192 // div))
    cin = 192 // div
    for name, w in MIXED:
        c0, c1a, c1b, c2a, c2b, c3 = [v // div for v in w]
        b2 = "Conv3d_0a_3x3" if name == "Mixed_5b" else "Conv3d_0b_3x3"  # typo kept in the DeepMind checkpoint
        units += [
            (f"{name}/Branch_0/Conv3d_0a_1x1", (1, 1, 1), cin, c0),
            (f"{name}/Branch_1/Conv3d_0a_1x1", (1, 1, 1), cin, c1a),
            (f"{name}/Branch_1/Conv3d_0b_3x3", (3, 3, 3), c1a, c1b),
            (f"{name}/Branch_2/Conv3d_0a_1x1", (1, 1, 1), cin, c2a),
            (f"{name}/Branch_2/{b2}", (3, 3, 3), c2a, c2b),
            (f"{name}/Branch_3/Conv3d_0b_1x1", (1, 1, 1), cin, c3),
        ]
        cin = c0 + c1b + c2b + c3
    return units, cin


def random_weights(div, seed):
    rng = np.random.default_rng(seed)
    units, cin = unit_names(div)
    weights = {}
    for scope, k, ci, co in units:
        fan_in = ci * k[0] * k[1] * k[2]
        weights[SCOPE + scope + "/conv_3d/w"] = (rng.standard_normal((*k, ci, co)) * math.sqrt(2.0 / fan_in)).astype(np.float32)
        weights[SCOPE + scope + "/batch_norm/beta"] = (rng.standard_normal(co) * 0.1).astype(np.float32)
        weights[SCOPE + scope + "/batch_norm/moving_mean"] = (rng.standard_normal(co) * 0.1).astype(np.float32)
        weights[SCOPE + scope + "/batch_norm/moving_variance"] = rng.uniform(0.5, 1.5, co).astype(np.float32)
    weights[SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/w"] = (
        rng.standard_normal((1, 1, 1, cin, NUM_CLASSES)) * math.sqrt(1.0 / cin)).astype(np.float32)
    weights[SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/b"] = (rng.standard_normal(NUM_CLASSES) * 0.1).astype(np.float32)
    return weights


# ---------------------------------------------------------------- TF tensor bundle writer (LevelDB table format)

def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    t = _CRC_TABLE
    for b in data:
        c = t[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked_crc(data):
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def pb_field(number, wire, payload):
    return varint((number << 3) | wire) + payload


def pb_bytes(number, data):
    return pb_field(number, 2, varint(len(data)) + data)


def bundle_header():
    # BundleHeaderProto {num_shards = 1; endianness = 2 (LITTLE = 0, default); version = 3 {producer = 1}}
    return pb_field(1, 0, varint(1)) + pb_bytes(3, pb_field(1, 0, varint(1)))


def bundle_entry(shape, offset, size, crc):
    # BundleEntryProto {dtype = 1 (DT_FLOAT = 1); shape = 2 {dim = 2 {size = 1}}; offset = 4; size = 5; crc32c = 6 fixed32}
    shape_pb = b"".join(pb_bytes(2, pb_field(1, 0, varint(d))) for d in shape)
    out = pb_field(1, 0, varint(1)) + pb_bytes(2, shape_pb)
    if offset:
        out += pb_field(4, 0, varint(offset))
    out += pb_field(5, 0, varint(size)) + pb_field(6, 5, struct.pack("<I", crc))
    return out


def block(entries, restart_interval=16):
    buf = bytearray()
    restarts = [0]
    last = b""
    for i, (k, v) in enumerate(entries):
        shared = 0
        if i % restart_interval == 0:
            if i:
                restarts.append(len(buf))
        else:
            while shared < min(len(k), len(last)) and k[shared] == last[shared]:
                shared += 1
        buf += varint(shared) + varint(len(k) - shared) + varint(len(v)) + k[shared:] + v
        last = k
    for r in restarts:
        buf += struct.pack("<I", r)
    buf += struct.pack("<I", len(restarts))
    return bytes(buf)


def write_bundle(prefix, tensors):
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    entries = [(b"", bundle_header())]
    offset = 0
    with open(prefix + ".data-00000-of-00001", "wb") as data:
        for name in sorted(tensors):
            raw = tensors[name].astype("<f4").tobytes()
            data.write(raw)
            entries.append((name.encode(), bundle_entry(tensors[name].shape, offset, len(raw), masked_crc(raw))))
            offset += len(raw)
    out = bytearray()

    def put_block(contents):
        start = len(out)
        out.extend(contents)
        trailer = b"\x00"
        out.extend(trailer + struct.pack("<I", masked_crc(contents + trailer)))
        return varint(start) + varint(len(contents))

    index_entries = []
    chunk = 24  # entries per data block, so the index has several blocks
    for i in range(0, len(entries), chunk):
        part = entries[i:i + chunk]
        index_entries.append((part[-1][0], put_block(block(part))))
    meta_handle = put_block(block([]))
    index_handle = put_block(block(index_entries, restart_interval=1))
    footer = meta_handle + index_handle
    footer += b"\x00" * (40 - len(footer)) + struct.pack("<Q", 0xDB4775248B80FB57)
    out.extend(footer)
    with open(prefix + ".index", "wb") as f:
        f.write(out)


# ---------------------------------------------------------------- I3D in PyTorch (float64)

def same_pads(shape, kernel, stride):
    pads = []
    for size, k, s in zip(shape, kernel, stride):
        out = -(-size // s)
        pad = max((out - 1) * s + k - size, 0)
        pads.append((pad // 2, pad - pad // 2))
    # F.pad wants the last axis first
    return [p for pair in reversed(pads) for p in pair]


def unit3d(x, w, scope, stride=(1, 1, 1), eps=1e-3):
    kernel = w[SCOPE + scope + "/conv_3d/w"]
    weight = torch.from_numpy(kernel.astype(np.float64)).permute(4, 3, 0, 1, 2)
    x = F.pad(x, same_pads(x.shape[2:], kernel.shape[:3], stride))
    x = F.conv3d(x, weight, stride=stride)
    mean = torch.from_numpy(w[SCOPE + scope + "/batch_norm/moving_mean"].astype(np.float64)).view(1, -1, 1, 1, 1)
    var = torch.from_numpy(w[SCOPE + scope + "/batch_norm/moving_variance"].astype(np.float64)).view(1, -1, 1, 1, 1)
    beta = torch.from_numpy(w[SCOPE + scope + "/batch_norm/beta"].astype(np.float64)).view(1, -1, 1, 1, 1)
    return F.relu((x - mean) / torch.sqrt(var + eps) + beta)


def max_pool_same(x, kernel, stride):
    x = F.pad(x, same_pads(x.shape[2:], kernel, stride), value=float("-inf"))
    return F.max_pool3d(x, kernel, stride)


def i3d_logits(x, w, eps):
    """x: float64 NCDHW in [-1, 1]; returns [N, 400]."""
    x = unit3d(x, w, "Conv3d_1a_7x7", (2, 2, 2), eps)
    x = max_pool_same(x, (1, 3, 3), (1, 2, 2))
    x = unit3d(x, w, "Conv3d_2b_1x1", eps=eps)
    x = unit3d(x, w, "Conv3d_2c_3x3", eps=eps)
    x = max_pool_same(x, (1, 3, 3), (1, 2, 2))
    for name, _ in MIXED:
        if name == "Mixed_4b":
            x = max_pool_same(x, (3, 3, 3), (2, 2, 2))
        if name == "Mixed_5b":
            x = max_pool_same(x, (2, 2, 2), (2, 2, 2))
        b2 = "Conv3d_0a_3x3" if name == "Mixed_5b" else "Conv3d_0b_3x3"
        b0 = unit3d(x, w, f"{name}/Branch_0/Conv3d_0a_1x1", eps=eps)
        b1 = unit3d(unit3d(x, w, f"{name}/Branch_1/Conv3d_0a_1x1", eps=eps), w, f"{name}/Branch_1/Conv3d_0b_3x3", eps=eps)
        b2 = unit3d(unit3d(x, w, f"{name}/Branch_2/Conv3d_0a_1x1", eps=eps), w, f"{name}/Branch_2/{b2}", eps=eps)
        b3 = unit3d(max_pool_same(x, (3, 3, 3), (1, 1, 1)), w, f"{name}/Branch_3/Conv3d_0b_1x1", eps=eps)
        x = torch.cat([b0, b1, b2, b3], dim=1)
    x = F.avg_pool3d(x, (2, 7, 7), (1, 1, 1))
    lw = torch.from_numpy(w[SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/w"].astype(np.float64)).permute(4, 3, 0, 1, 2)
    lb = torch.from_numpy(w[SCOPE + "Logits/Conv3d_0c_1x1/conv_3d/b"].astype(np.float64))
    x = F.conv3d(x, lw, lb)
    x = x.squeeze(4).squeeze(3)  # [N, 400, T']
    return x.mean(dim=2)


# ---------------------------------------------------------------- preprocessing per protocol

def tf1_resize_bilinear(frames, out_h, out_w):
    """TF1 resize_bilinear, align_corners=False, half_pixel_centers=False (tensorflow/core/kernels/resize_bilinear_op.cc):
    src = dst * in / out, lo = floor(src), hi = min(lo + 1, in - 1), top/bottom lerp in x then lerp in y.
    frames: float64 [..., H, W, C]."""
    in_h, in_w = frames.shape[-3], frames.shape[-2]

    def axis(out, inp):
        scale = inp / out
        src = np.arange(out) * scale
        lo = np.floor(src).astype(np.int64)
        hi = np.minimum(lo + 1, inp - 1)
        return lo, hi, src - lo

    y0, y1, dy = axis(out_h, in_h)
    x0, x1, dx = axis(out_w, in_w)
    dx = dx[:, None]
    top_l = frames[..., y0, :, :][..., :, x0, :]
    top_r = frames[..., y0, :, :][..., :, x1, :]
    bot_l = frames[..., y1, :, :][..., :, x0, :]
    bot_r = frames[..., y1, :, :][..., :, x1, :]
    top = top_l + (top_r - top_l) * dx
    bottom = bot_l + (bot_r - bot_l) * dx
    return top + (bottom - top) * dy[:, None, None]


def preprocess(u8, protocol):
    """u8: uint8 [N, T, H, W, 3] -> float64 NCDHW network input, and the BatchNorm eps of the protocol."""
    x = torch.from_numpy(u8.astype(np.float64))
    n, t, h, w, _ = u8.shape
    if protocol == "tf":
        r = torch.from_numpy(tf1_resize_bilinear(u8.astype(np.float64), 224, 224))
        return (r * 2.0 / 255.0 - 1.0).permute(0, 4, 1, 2, 3).contiguous(), 1e-3
    frames = x.reshape(n * t, h, w, 3).permute(0, 3, 1, 2)
    if protocol == "stylegan-v":
        r = F.interpolate(frames, size=(224, 224), mode="bilinear", align_corners=False)
        r = r * 2.0 / 255.0 - 1.0
        return r.reshape(n, t, 3, 224, 224).permute(0, 2, 1, 3, 4).contiguous(), 1e-3
    if protocol == "videogpt":
        frames = frames / 255.0
        scale = 224 / min(h, w)
        size = (224, math.ceil(w * scale)) if h < w else (math.ceil(h * scale), 224)
        r = F.interpolate(frames, size=size, mode="bilinear", align_corners=False)
        hs, ws = (r.shape[2] - 224) // 2, (r.shape[3] - 224) // 2
        r = r[:, :, hs:hs + 224, ws:ws + 224]
        r = (r - 0.5) * 2.0
        return r.reshape(n, t, 3, 224, 224).permute(0, 2, 1, 3, 4).contiguous(), 1e-5
    raise ValueError(protocol)


def pattern(t, h, w):
    """A compressible test video larger than 224 (exercises downsampling at non-integer ratios)."""
    tt, yy, xx, cc = np.meshgrid(np.arange(t), np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    v = (xx * 5 + (yy // 2) * 3 + tt * 7 + cc * 50) % 256  # saw-tooth ramps: smooth runs and sharp edges
    return v.astype(np.uint8)[None]


def save_npy_gz(path, array):
    buf = io.BytesIO()
    np.save(buf, array)
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(buf.getvalue())


def full_size():
    """Full-width check (not committed: ~50 MB): test-data/out/i3d-full/{model.ckpt.*, ref/*.npy}, read by the Java test
    I3dFullSizeParityTest under `mvn -Pfull-size`."""
    out = os.path.join(ROOT, "test-data", "out", "i3d-full")
    weights = random_weights(1, seed=7)
    write_bundle(os.path.join(out, "model.ckpt"), weights)
    gif = Image.open(os.path.join(ROOT, "test-data", "kinetics-i3d", "v_CricketShot_g04_c01_rgb.gif"))
    frames = []
    for i in range(16):
        gif.seek(i)
        frames.append(np.asarray(gif.convert("RGB"), dtype=np.uint8))
    inputs = {"cricket": np.stack(frames)[None],
              "random16x64x80": np.random.default_rng(1).integers(0, 256, (1, 16, 64, 80, 3), dtype=np.uint8)}
    os.makedirs(os.path.join(out, "ref"), exist_ok=True)
    with torch.no_grad():
        for name, u8 in inputs.items():
            save_npy_gz(os.path.join(out, "ref", f"{name}_u8.npy.gz"), u8)
            for protocol in ("tf", "stylegan-v"):
                x, eps = preprocess(u8, protocol)
                logits = i3d_logits(x, weights, eps).numpy().astype(np.float32)
                np.save(os.path.join(out, "ref", f"{name}_{protocol}_logits.npy"), logits)
                print("full-size", name, protocol, logits[0, :4], "std", logits.std())


def main():
    torch.set_num_threads(2)
    if "--full-size" in sys.argv:
        full_size()
        return
    weights = random_weights(DIV, seed=20240607)
    write_bundle(os.path.join(HERE, "slim", "model.ckpt"), weights)

    gif = Image.open(os.path.join(ROOT, "test-data", "kinetics-i3d", "v_CricketShot_g04_c01_rgb.gif"))
    frames = []
    for i in range(16):
        gif.seek(i)
        frames.append(np.asarray(gif.convert("RGB"), dtype=np.uint8))
    inputs = {
        "cricket": np.stack(frames)[None],
        "random16x64x80": np.random.default_rng(1).integers(0, 256, (2, 16, 64, 80, 3), dtype=np.uint8),
        "random11x40x52": np.random.default_rng(2).integers(0, 256, (1, 11, 40, 52, 3), dtype=np.uint8),
        "pattern10x251x311": pattern(10, 251, 311),
    }
    ref = os.path.join(HERE, "ref")
    os.makedirs(ref, exist_ok=True)
    with torch.no_grad():
        for name, u8 in inputs.items():
            save_npy_gz(os.path.join(ref, f"{name}_u8.npy.gz"), u8)
            for protocol in ("tf", "stylegan-v", "videogpt"):
                x, eps = preprocess(u8, protocol)
                logits = i3d_logits(x, weights, eps).numpy().astype(np.float32)
                np.save(os.path.join(ref, f"{name}_{protocol}_logits.npy"), logits)
                print(name, protocol, logits.shape, "first logits", logits[0, :4], "std", logits.std())


if __name__ == "__main__":
    main()
