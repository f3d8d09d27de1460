"""Helpers shared by graphstat's sweeps (tools/sweep_torchscript.py, tools/sweep_families.py):
building models without slow weight initialisation, running the graphstat executable under a
timeout, reading its JSON report, and comparing two reports row by row."""

import json
import subprocess
import time

import torch


class NoInit:
    """Skips weight initialisation while models are built: the values never matter here (only
    shapes do), and initialising the largest models (vit_h_14, regnet_y_128gf) takes minutes."""

    NAMES = ("uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_",
             "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_",
             "orthogonal_")

    def __enter__(self):
        self.saved = {n: getattr(torch.nn.init, n) for n in self.NAMES}
        for n in self.NAMES:
            setattr(torch.nn.init, n, lambda tensor, *a, **k: tensor)
        return self

    def __exit__(self, *exc):
        for n, f in self.saved.items():
            setattr(torch.nn.init, n, f)


def first_line(text):
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def run_graphstat(graphstat, path, extra_args=(), timeout=None):
    """Runs `graphstat PATH --format json EXTRA` (every row, no depth limit) and returns a dict: exit (int, or
    "timeout"), error (stderr's first line), seconds, report (the parsed JSON, or None)."""
    cmd = [graphstat, path, "--format", "json", *extra_args]
    start = time.monotonic()
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"exit": "timeout", "error": "graphstat ran longer than %ss" % timeout,
                "seconds": time.monotonic() - start, "report": None}
    result = {"exit": run.returncode, "error": first_line(run.stderr),
              "seconds": time.monotonic() - start, "report": None}
    if run.returncode == 0:
        try:
            result["report"] = json.loads(run.stdout)
        except ValueError as e:
            result["error"] = "unreadable JSON report: %s" % e
    return result


def summarize(report):
    """The figures a sweep table shows, from one graphstat JSON report."""
    totals = report["totals"]
    unresolved = report.get("unresolved_ops", [])
    symbols = sorted({s for op in unresolved for s in op.get("waits_on", [])})
    return {
        "params": totals["params"], "macs": totals["macs"], "flops": totals["flops"],
        "memory": totals["memory_bytes"], "lower_bound": totals.get("lower_bound", False),
        "unresolved": len(unresolved), "symbols": symbols,
        "unsupported": dict(report.get("unsupported_ops", {})),
        "bindings": ["%s=%s" % (b["name"], b["value"]) for b in report.get("bindings", [])],
    }


def module_rows(report):
    """{row name: row} for every row of the module tree (the root is "model")."""
    rows = {}
    stack = [report["modules"]]
    while stack:
        row = stack.pop()
        rows[row["name"]] = row
        stack.extend(row.get("children", []))
    return rows


def _close(a, b, rel):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def compare_reports(a, b, rel=0.01, limit=4):
    """Differences between two reports of the same model: row names must match, and per row MACs
    and params exactly, FLOPs and memory within `rel`. Returns a list of short strings, [] when the
    reports agree."""
    rows_a, rows_b = module_rows(a), module_rows(b)
    problems = []
    only_a = sorted(set(rows_a) - set(rows_b))
    only_b = sorted(set(rows_b) - set(rows_a))
    if only_a:
        problems.append("%d rows only in first (%s)" % (len(only_a), ", ".join(only_a[:limit])))
    if only_b:
        problems.append("%d rows only in second (%s)" % (len(only_b), ", ".join(only_b[:limit])))
    mismatched = []
    for name in sorted(set(rows_a) & set(rows_b)):
        ra, rb = rows_a[name], rows_b[name]
        for key in ("macs", "params"):
            if ra[key] != rb[key]:
                mismatched.append("%s %s %d/%d" % (name, key, ra[key], rb[key]))
        for key in ("flops", "memory_bytes"):
            if not _close(ra[key], rb[key], rel):
                mismatched.append("%s %s %d/%d" % (name, key, ra[key], rb[key]))
    if mismatched:
        problems.append("%d row figures differ (%s)" % (len(mismatched),
                                                        "; ".join(mismatched[:limit])))
    return problems
