#!/usr/bin/python3
"""Writes stand-ins for the checkpoint files users download, with the SAME top-level structure as the published files but the
reduced random weights of make_reference.py (same seeds, so test-data/vit/ref applies to them):

    /usr/bin/python3 test-data/vit/make_published_layouts.py   # -> test-data/vit/checkpoints/published-layout/

The structures, read in the code that saved the published files (read for facts, not copied):
  vith16.pth.tar (V-JEPA, facebookresearch/jepa app/vjepa/train.py save_checkpoint): a dict with 'encoder', 'predictor',
      'opt' (optimizer.state_dict()), 'scaler' (GradScaler.state_dict(), None without AMP), 'target_encoder', 'epoch',
      'loss' (AverageMeter.avg, a float), 'batch_size', 'world_size', 'lr'; the three models are DistributedDataParallel, so
      their keys start with 'module.' (encoders: 'module.backbone.' through MultiMaskWrapper).
  ssv2-probe.pth.tar (jepa evals/video_classification_frozen/eval.py save_checkpoint): 'classifier' (DDP: 'module.'),
      'opt', 'scaler', 'epoch', 'batch_size', 'world_size', 'lr'; its AdamW has two param groups, the second with
      'WD_exclude': True and 'weight_decay': 0.
  vit_g_hybrid_pt_1200e_ssv2_ft.pth (OpenGVLab/VideoMAEv2 utils.py save_model with a loss scaler): 'model'
      (model_without_ddp.state_dict(), no prefix), 'optimizer', 'epoch', 'scaler' (NativeScaler -> GradScaler.state_dict()),
      'args' (the argparse.Namespace of run_class_finetuning.py, pickled as an object).
  i3d_pretrained_400.pt (TATS / VideoGPT / cd-FVD): a flat state dict; written here in the legacy (pre-1.6, non-zip) format.
The optimizer states belong to a tiny stand-in module with one AdamW step (the real ones are as large as the model twice):
the reader must skip them, whatever their size. GradScaler.state_dict() is written as a CUDA build returns it (a CPU-only
torch returns {} for a disabled scaler): scale, growth_factor, backoff_factor, growth_interval, _growth_tracker.
"""
import argparse
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_reference import i3d_state_dict, probe_state_dict, videomae_state_dict, vjepa_state_dict  # noqa: E402

OUT = os.path.join(HERE, "checkpoints", "published-layout")


def optimizer_state(seed, two_groups=False):
    torch.manual_seed(seed)
    module = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.LayerNorm(2))
    params = list(module.parameters())
    if two_groups:
        groups = [{"params": [params[0]]}, {"params": params[1:], "WD_exclude": True, "weight_decay": 0}]
    else:
        groups = [{"params": params}]
    opt = torch.optim.AdamW(groups, lr=1e-3, betas=(0.9, 0.999))
    module(torch.randn(4, 3)).sum().backward()
    opt.step()
    return opt.state_dict()


def grad_scaler_state():
    return {"scale": 65536.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 2000, "_growth_tracker": 17}


def main():
    os.makedirs(OUT, exist_ok=True)
    enc = vjepa_state_dict(12)
    decoy = {k: v for k, v in vjepa_state_dict(13).items() if k.startswith("norm.")}
    predictor = {"predictor_embed.weight": torch.zeros(4, 8), "predictor_embed.bias": torch.zeros(4),
                 "mask_tokens.0": torch.zeros(1, 1, 4)}
    torch.save({
        "encoder": {"module.backbone." + k: v for k, v in decoy.items()},
        "predictor": {"module.backbone." + k: v for k, v in predictor.items()},
        "opt": optimizer_state(1),
        "scaler": grad_scaler_state(),
        "target_encoder": {"module.backbone." + k: v for k, v in enc.items()},
        "epoch": 300,
        "loss": 0.1534,
        "batch_size": 24,
        "world_size": 64,
        "lr": 0.000625,
    }, os.path.join(OUT, "vith16.pth.tar"))

    torch.save({
        "classifier": {"module." + k: v for k, v in probe_state_dict(14).items()},
        "opt": optimizer_state(2, two_groups=True),
        "scaler": grad_scaler_state(),
        "epoch": 20,
        "batch_size": 4,
        "world_size": 16,
        "lr": 0.001,
    }, os.path.join(OUT, "ssv2-probe.pth.tar"))

    args = argparse.Namespace(model="vit_giant_patch14_224", tubelet_size=2, input_size=224, num_frames=16, drop_path=0.3,
                              batch_size=3, epochs=40, update_freq=1, opt="adamw", opt_eps=1e-8, opt_betas=[0.9, 0.999],
                              clip_grad=None, layer_decay=0.9, lr=1e-3, min_lr=1e-6, weight_decay=0.05,
                              data_set="SSV2", nb_classes=174, output_dir="work_dir/vit_g_hybrid_pt_1200e_ssv2_ft",
                              finetune="vit_g_hybrid_pt_1200e.pth", model_key="model|module", use_mean_pooling=True,
                              mean=(0.485, 0.456, 0.406), auto_resume=True, dist_on_itp=False, distributed=True, gpu=0,
                              enable_deepspeed=False, start_epoch=0, world_size=32, rank=0)
    torch.save({
        "model": videomae_state_dict(11),
        "optimizer": optimizer_state(3),
        "epoch": 39,
        "scaler": grad_scaler_state(),
        "args": args,
    }, os.path.join(OUT, "vit_g_hybrid_pt_1200e_ssv2_ft.pth"))

    torch.save(i3d_state_dict(15), os.path.join(OUT, "i3d_pretrained_400.pt"), _use_new_zipfile_serialization=False)


if __name__ == "__main__":
    main()
