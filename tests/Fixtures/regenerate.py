#!/usr/bin/env python3
"""Regenerates the golden references under tests/Fixtures/reference from the parameters, inputs and
weights stored in them (tests/Fixtures/README.md says what each file is).

    python3 tests/Fixtures/regenerate.py [--dsp] [--onnx]      (both when neither is given)

--dsp needs numpy and scipy (Debian: python3-numpy python3-scipy); --onnx needs torch and onnx
(python3-torch, python3-onnx). The tests never run Python: they read the committed outputs.
"""
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "reference")


def write_json(path, document):
    with open(path, "w") as f:
        json.dump(document, f)


def regenerate_dsp():
    import numpy as np
    import scipy
    from scipy import signal

    path = os.path.join(REFERENCE, "dsp", "filters.json")
    with open(path) as f:
        filters = json.load(f)
    for case in filters["cases"]:
        spec, fs = case["filter"], case["sample_rate_hz"]
        if spec["kind"] == "butter":
            sos = signal.butter(spec["order"], spec["cutoff"], btype=spec["btype"], fs=fs, output="sos")
        else:
            b, a = signal.iirnotch(spec["freq"], spec["q"], fs=fs)
            sos = signal.tf2sos(b, a)
        x = np.asarray(case["input"], dtype=np.float64)
        case["sos"] = sos.tolist()
        case["causal_output"] = signal.sosfilt(sos, x, axis=0).tolist()
    filters["generator"] = f"scipy.signal {scipy.__version__}"
    write_json(path, filters)

    path = os.path.join(REFERENCE, "dsp", "windows.json")
    with open(path) as f:
        windows = json.load(f)
    x = np.asarray(windows["input"], dtype=np.float64)
    for case in windows["cases"]:
        size, hop = case["size"], case["hop"]
        case["windows"] = []
        for start in range(0, len(x) - size + 1, hop):
            w = x[start:start + size]
            z = (w - w.mean(axis=0)) / np.maximum(w.std(axis=0), 1e-8)
            case["windows"].append({"start": start, "znorm": z.tolist()})
    windows["generator"] = f"numpy {np.__version__}"
    write_json(path, windows)


def torch_module_from_onnx(model):
    """The nn.Sequential the exported graph came from, rebuilt node by node with the stored weights."""
    import torch
    from onnx import numpy_helper

    class Permute(torch.nn.Module):
        def __init__(self, perm):
            super().__init__()
            self.perm = perm

        def forward(self, x):
            return x.permute(*self.perm)

    weights = {init.name: torch.tensor(numpy_helper.to_array(init).copy()) for init in model.graph.initializer}
    layers = []
    for node in model.graph.node:
        attrs = {a.name: a for a in node.attribute}
        if node.op_type == "Transpose":
            perm = list(attrs["perm"].ints)
            layers.append(Permute(perm))
        elif node.op_type == "Conv":
            w = weights[node.input[1]]
            conv = torch.nn.Conv1d(w.shape[1], w.shape[0], w.shape[2],
                                   stride=attrs["strides"].ints[0] if "strides" in attrs else 1,
                                   padding=attrs["pads"].ints[0] if "pads" in attrs else 0,
                                   dilation=attrs["dilations"].ints[0] if "dilations" in attrs else 1,
                                   bias=len(node.input) > 2)
            conv.weight.data = w
            if len(node.input) > 2:
                conv.bias.data = weights[node.input[2]]
            layers.append(conv)
        elif node.op_type == "BatchNormalization":
            bn = torch.nn.BatchNorm1d(weights[node.input[1]].shape[0], eps=attrs["epsilon"].f if "epsilon" in attrs else 1e-5)
            bn.weight.data, bn.bias.data = weights[node.input[1]], weights[node.input[2]]
            bn.running_mean.data, bn.running_var.data = weights[node.input[3]], weights[node.input[4]]
            layers.append(bn)
        elif node.op_type == "Relu":
            layers.append(torch.nn.ReLU())
        elif node.op_type == "MaxPool":
            layers.append(torch.nn.MaxPool1d(attrs["kernel_shape"].ints[0], stride=attrs["strides"].ints[0] if "strides" in attrs else None))
        elif node.op_type == "GlobalAveragePool":
            layers.append(torch.nn.AdaptiveAvgPool1d(1))
        elif node.op_type == "Flatten":
            layers.append(torch.nn.Flatten())
        elif node.op_type == "Gemm":
            w = weights[node.input[1]]
            linear = torch.nn.Linear(w.shape[1], w.shape[0])
            linear.weight.data, linear.bias.data = w, weights[node.input[2]]
            layers.append(linear)
        elif node.op_type == "Sigmoid":
            layers.append(torch.nn.Sigmoid())
        elif node.op_type == "Softmax":
            layers.append(torch.nn.Softmax(dim=1))
        else:
            raise SystemExit(f"{model.graph.name}: no PyTorch layer for ONNX operator {node.op_type}")
    return torch.nn.Sequential(*layers).eval()


def regenerate_onnx():
    import onnx
    import torch

    path = os.path.join(REFERENCE, "onnx", "cases.json")
    with open(path) as f:
        cases = json.load(f)
    for case in cases["cases"]:
        model_path = os.path.join(REFERENCE, "onnx", case["model"])
        network = torch_module_from_onnx(onnx.load(model_path))
        x = torch.tensor(case["input"], dtype=torch.float32).reshape(case["input_shape"])
        with torch.no_grad():
            y = network(x)
        case["torch_output"] = y.flatten().tolist()
        case["output_shape"] = list(y.shape)
        torch.onnx.export(network, x, model_path, opset_version=13, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    cases["generator"] = f"torch {torch.__version__} torch.onnx.export opset 13"
    write_json(path, cases)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dsp", action="store_true", help="filters.json and windows.json")
    parser.add_argument("--onnx", action="store_true", help="the .onnx files and cases.json")
    args = parser.parse_args()
    both = not (args.dsp or args.onnx)
    if args.dsp or both:
        regenerate_dsp()
    if args.onnx or both:
        regenerate_onnx()


if __name__ == "__main__":
    main()
