"""A reference DenseNet121 ONNX graph from another exporter, to judge Leukolens' own export against.

Leukolens exports its frozen backbones to ONNX itself (src/main/core/onnx). When ONNX Runtime runs that graph
slower than hoped, the question is whether the graph or the machine is to blame. This script answers it where
PyTorch is installed (it is not on the project's build machines: no PyPI there): it exports torchvision's
DenseNet121 feature extractor (random weights, nothing downloaded; speed does not depend on the values) with
PyTorch's own ONNX exporter, a clean NCHW graph, and with --time it times both graphs in ONNX Runtime for Python
with the same session options Leukolens uses (all optimisations, sequential, N intra-op threads).

    python3 bench/reference/torch_densenet121_onnx.py torch_densenet121.onnx
    python3 bench/reference/torch_densenet121_onnx.py torch_densenet121.onnx --time DATA/backbones/<name>/backbone.onnx

Then, on the machine that runs Leukolens:

    BENCH_ONNX_REFERENCE=torch_densenet121.onnx npm run bench:onnx
"""
import argparse
import os
import time
from collections import Counter


def export(path: str) -> None:
    import torch
    import torchvision

    class Features(torch.nn.Module):
        """DenseNet121 up to global average pooling: what Keras' DenseNet121(include_top=False, pooling='avg') gives."""

        def __init__(self) -> None:
            super().__init__()
            self.features = torchvision.models.densenet121(weights=None).features

        def forward(self, x):
            return torch.nn.functional.adaptive_avg_pool2d(torch.relu(self.features(x)), 1).flatten(1)

    torch.manual_seed(0)
    model = Features().eval()
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), path, input_names=["input"], output_names=["features"],
                      dynamic_axes={"input": {0: "n"}, "features": {0: "n"}}, opset_version=17, dynamo=False)


def images_per_second(path: str, threads: int, batch: int, n: int) -> tuple[float, float]:
    import numpy as np
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    session = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    inp = session.get_inputs()[0]
    x = np.random.default_rng(0).random((batch, *inp.shape[1:]), dtype=np.float32)
    for _ in range(2):  # ORT plans memory for a shape on its first run
        session.run(None, {inp.name: x})
    wall, cpu, done = time.perf_counter(), time.process_time(), 0
    while done < n:
        session.run(None, {inp.name: x})
        done += batch
    return done / (time.perf_counter() - wall), (time.process_time() - cpu) / done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="where to write the reference graph")
    ap.add_argument("--time", metavar="OURS.onnx", help="also time this graph (Leukolens' export) beside it")
    ap.add_argument("--threads", type=int, default=2, help="intra-op threads (default 2, as the lab machines)")
    ap.add_argument("--images", type=int, default=96)
    args = ap.parse_args()
    if args.threads <= len(os.sched_getaffinity(0)):
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: args.threads]))  # as many cores as threads
    export(args.out)
    import onnx
    for label, path in [("reference", args.out)] + ([("ours", args.time)] if args.time else []):
        ops = Counter(n.op_type for n in onnx.load(path).graph.node)
        print(f"{label}: {path}: " + ", ".join(f"{k} {v}" for k, v in ops.most_common()))
    if not args.time:
        return
    print(f"\ngraph       batch  images/s  CPU-s/image   ({args.threads} threads on {args.threads} cores)")
    for batch in (1, 8):
        for label, path in (("ours", args.time), ("reference", args.out)):
            ips, cpu = images_per_second(path, args.threads, batch, args.images)
            print(f"{label:<10} {batch:>6}  {ips:>8.1f}  {cpu:>11.4f}")


if __name__ == "__main__":
    main()
