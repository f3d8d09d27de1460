#!/usr/bin/python3
"""Sweep graphstat over model families beyond classification: torchvision 0.14 detection,
segmentation, video and optical flow, and sequence models (LSTM/GRU/RNN, nn.Transformer, GPT-2-,
BERT- and Llama-shaped networks), each exported both as ONNX and as TorchScript.

    /usr/bin/python3 tools/sweep_families.py --graphstat build/bin/graphstat
    /usr/bin/python3 tools/sweep_families.py --families sequence video --timeout 300
    /usr/bin/python3 tools/sweep_families.py --models raft_small gpt2 --export-only
    /usr/bin/python3 tools/sweep_families.py --cached-only     # analyze what is exported so far

Models come from tools/family_models.py (weights=None, eval, static shapes, nothing downloaded).
Each export runs in its own Python process bounded by --timeout, into --cache (files already there
are reused, with the record of how they were made in FILE.meta.json; exports that failed are
remembered too, unless --retry-failed):
  .onnx  torch.onnx.export at --opset without constant folding (batch norm kept as in the .pt,
         a tied weight read through a Transpose rather than copied), weights stripped
         (tools/zoo_onnx.py); --onnx-folding: the default export, as NAME.folded.onnx;
  .pt    torch.jit.script when torch can script the model, else torch.jit.trace (strict=False),
         weights stripped (tools/zoo_torchscript.py).
An export torch 1.13 cannot do shows as "export failed" with its reason; a graphstat failure shows
its exit code and the first line of its stderr.

Then `graphstat FILE --format json` runs on each file (also bounded by --timeout) and the sweep
prints one markdown table (model, format, exit, unresolved ops, MACs, FLOPs, memory, params, notes)
and, for each model whose two exports graphstat priced without unresolved ops, whether the reports
agree: the same module row names, per row equal MACs and params, FLOPs and memory within 1%.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweep_common  # noqa: E402

FORMATS = ("onnx", "pt")


# ----------------------------------------------------------------------------------------------
# Export (in a child process: `--export-one NAME FORMAT PATH`)


def export_one(name, fmt, path, opset, folding):
    import torch
    import family_models
    import zoo_onnx
    import zoo_torchscript

    _, build, spec = family_models.MODELS[name]
    torch.manual_seed(0)
    model = build()
    inputs = tuple(torch.randn(s) if d == torch.float32 else torch.randint(0, 2, s)
                   for _, s, d in spec)
    record = {"params": sum(p.numel() for p in model.parameters())}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fmt == "onnx":
            zoo_onnx.randomize(model)  # the exporter merges equal tensors: make none equal
            kwargs = {} if folding else dict(do_constant_folding=False,
                                             training=torch.onnx.TrainingMode.PRESERVE)
            torch.onnx.export(model, inputs, path, opset_version=opset,
                              input_names=[n for n, _, _ in spec], **kwargs)
            zoo_onnx.strip(path)
            record["method"] = "opset %d%s" % (opset, ", folded" if folding else "")
        else:
            try:
                module = torch.jit.script(model)
                record["method"] = "script"
            except Exception as e:  # noqa: BLE001  (torch cannot script it: trace instead)
                record["method"] = "trace"
                record["script_error"] = sweep_common.first_line(str(e))
                with torch.no_grad():
                    module = torch.jit.trace(model, inputs, strict=False, check_trace=False)
            zoo_torchscript.strip_weights(module, eager=model)
            module.save(path)
    return record


def export(name, fmt, path, args):
    """Exports into the cache (or reuses what is there); returns the export record:
    ok, method, reason (when not ok), params (sum of p.numel()), seconds."""
    meta_path = path + ".meta.json"
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        if (meta["ok"] and os.path.exists(path)) or (not meta["ok"] and not args.retry_failed):
            return meta
    cmd = ["nice", sys.executable, os.path.abspath(__file__), "--export-one", name, fmt, path,
           "--opset", str(args.opset)] + (["--onnx-folding"] if args.onnx_folding else [])
    start = time.monotonic()
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        # Not remembered: a later sweep with a longer --timeout tries again.
        return {"ok": False, "reason": "export ran longer than %ss" % args.timeout}
    meta = {"seconds": round(time.monotonic() - start, 1)}
    lines = run.stdout.strip().splitlines()
    if run.returncode == 0 and lines and os.path.exists(path):
        meta.update(json.loads(lines[-1]), ok=True)
    else:
        errors = [ln for ln in run.stderr.splitlines() if "Error" in ln or "error" in ln]
        meta.update(ok=False, reason=(errors[-1] if errors else sweep_common.first_line(
            run.stderr) or "exit %d" % run.returncode).strip()[:300])
        if os.path.exists(path):
            os.remove(path)
    with open(meta_path, "w") as f:
        json.dump(meta, f)
    return meta


# ----------------------------------------------------------------------------------------------
# Analysis and the table


def shape_args(spec):
    import torch
    dtypes = {torch.float32: "float32", torch.int64: "int64"}
    # Positional, not by name: scripted forwards name their inputs as their code does (`input`).
    args = []
    for _, shape, dtype in spec:
        args += ["--input-shape", "%s:%s" % ("x".join(map(str, shape)), dtypes[dtype])]
    return args


def analyze(name, fmt, path, spec, args):
    extra = shape_args(spec) if fmt == "pt" else []
    return sweep_common.run_graphstat(args.graphstat, path, extra, args.timeout)


def notes_of(meta, result):
    if not meta["ok"]:
        return "export failed: " + meta["reason"]
    notes = [meta.get("method", "")]
    if result["exit"] != 0:
        notes.append(result["error"])
        return "; ".join(notes)
    s = sweep_common.summarize(result["report"])
    if s["unsupported"]:
        notes.append("unsupported " + ", ".join("%s×%d" % kv for kv in s["unsupported"].items()))
    if s["symbols"]:
        shown = s["symbols"][:4]
        notes.append("waits on " + ", ".join(shown) + (" …" if len(s["symbols"]) > 4 else ""))
    if s["params"] != meta["params"]:
        notes.append("torch params %d" % meta["params"])
    return "; ".join(n for n in notes if n)


def row(name, family, fmt, meta, result):
    cells = [name, family, fmt]
    if not meta["ok"]:
        return cells + ["export failed", "", "", "", "", "", notes_of(meta, result)]
    if result["exit"] != 0:
        return cells + [str(result["exit"]), "", "", "", "", "", notes_of(meta, result)]
    s = sweep_common.summarize(result["report"])
    lb = "≥" if s["lower_bound"] else ""
    return cells + ["0", str(s["unresolved"]), lb + "{:,}".format(s["macs"]),
                    lb + "{:,}".format(s["flops"]), lb + "{:,}".format(s["memory"]),
                    "{:,}".format(s["params"]), notes_of(meta, result)]


def markdown(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def agreement(results):
    """One line per model with both exports priced: do .pt and .onnx agree?"""
    lines = []
    for name, by_fmt in results.items():
        reports = [by_fmt.get(f, (None, {}))[1].get("report") for f in FORMATS]
        if any(r is None for r in reports):
            continue
        if any(r["unresolved_ops"] for r in reports):
            lines.append("- %s: not compared (unresolved ops: figures are lower bounds)" % name)
            continue
        problems = sweep_common.compare_reports(reports[1], reports[0])
        lines.append("- %s: %s" % (name, "agree" if not problems else
                                   ".pt vs .onnx: " + "; ".join(problems)))
    return lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphstat", default="build/bin/graphstat")
    ap.add_argument("--models", nargs="+", help="only these models (default: every one)")
    ap.add_argument("--families", nargs="+", help="only these families: detection, "
                    "segmentation, video, optical_flow, sequence")
    ap.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    ap.add_argument("--cache", default="/tmp/sweep-families", help="where exports go")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per export and per run")
    ap.add_argument("--opset", type=int, default=17, choices=(13, 17))
    ap.add_argument("--onnx-folding", action="store_true",
                    help="export ONNX with constant folding (batch norm folded into convs, tied "
                    "weights transposed into copies), as NAME.folded.onnx")
    ap.add_argument("--retry-failed", action="store_true", help="retry remembered failed exports")
    ap.add_argument("--export-only", action="store_true", help="fill the cache, run nothing")
    ap.add_argument("--cached-only", action="store_true",
                    help="export nothing: analyze what the cache holds, skip the rest")
    ap.add_argument("--markdown", metavar="FILE", help="also write the tables to FILE")
    ap.add_argument("--export-one", nargs=3, metavar=("NAME", "FORMAT", "PATH"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.export_one:
        print(json.dumps(export_one(*args.export_one, args.opset, args.onnx_folding)))
        return 0

    import family_models
    names = [n for n, (fam, _, _) in family_models.MODELS.items()
             if (not args.models or n in args.models)
             and (not args.families or fam in args.families)]
    unknown = set(args.models or ()) - set(family_models.MODELS)
    if unknown:
        ap.error("unknown models: " + ", ".join(sorted(unknown)))
    os.makedirs(args.cache, exist_ok=True)
    header = ["model", "family", "format", "exit", "unresolved", "MACs", "FLOPs", "memory (B)",
              "params", "notes"]
    rows, results = [], {}
    for name in names:
        family, _, spec = family_models.MODELS[name]
        for fmt in args.formats:
            ext = "folded.onnx" if fmt == "onnx" and args.onnx_folding else fmt
            path = os.path.join(args.cache, "%s.%s" % (name, ext))
            if args.cached_only and not os.path.exists(path + ".meta.json"):
                continue
            meta = export(name, fmt, path, args)
            if args.export_only:
                print("%-40s %-4s %s" % (name, fmt, "ok (%s, %ss)" % (meta.get("method"), meta.get(
                    "seconds")) if meta["ok"] else "export failed: " + meta["reason"]), flush=True)
                continue
            result = analyze(name, fmt, path, spec, args) if meta["ok"] else {}
            results.setdefault(name, {})[fmt] = (meta, result)
            rows.append(row(name, family, fmt, meta, result))
            print("| " + " | ".join(rows[-1]) + " |", file=sys.stderr, flush=True)
    if args.export_only:
        return 0
    text = markdown(header, rows) + "\n\n.pt vs .onnx (static exports, no unresolved ops):\n\n" + \
        "\n".join(agreement(results) or ["- none to compare"]) + "\n"
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
