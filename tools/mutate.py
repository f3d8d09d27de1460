#!/usr/bin/python3
"""Mutation testing for graphstat: how many planted bugs does the test suite catch?

Applies the classic mutation operators, one mutant at a time, to a reproducible random sample of
production-code sites (core/, frontends/, plugins/, formatters/; never tests/), rebuilds the given
build directory incrementally, runs the suite and classifies each mutant:

  killed     the build succeeded and at least one test failed
  timeout    a test hung past its time limit (the suite noticed: counted as killed in the score)
  survived   the build succeeded and every test passed: a bug no test sees
  stillborn  the mutant does not compile (excluded from the score)

The suite runs in two tiers: --ctest-args (default: every test but the slow ones) for each mutant,
then, for a mutant that survived it, --survivor-ctest-args (default: every test, the slow
TorchScript and zoo tests included). A mutant only the slow tests kill is killed; one that
survives both is a survivor. --recheck FILE runs the survivors of an earlier --json FILE again
(after new tests were added, say), with the second tier's tests.

The score is (killed + timeout) / (killed + timeout + survived). Every survivor is printed as
file:line with its diff. The source file is always restored: after each mutant, on an exception,
on Ctrl-C and on SIGTERM; a state file in the build directory lets the next run restore it even
after a kill -9.

    tools/mutate.py --count 100 --seed 1                 # a sample of the whole code base
    tools/mutate.py --changed origin/main                # only lines changed since a git base
    tools/mutate.py --list --count 20                    # show the sample, change nothing
    tools/mutate.py --recheck results.json               # survivors of a --json run, again

Runs by hand, not in CI (docs/testing.md). stdlib only; run it with nice -n 19 on a shared machine.
"""

import argparse
import dataclasses
import difflib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PRODUCTION_DIRS = ("core", "frontends", "plugins", "formatters")
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc")
STATE_FILE = "mutate-in-progress.json"


@dataclasses.dataclass(frozen=True)
class Mutant:
    path: str  # Relative to the repository.
    line: int  # 1-based.
    start: int  # Column range in the line (0-based, end exclusive) that is replaced.
    end: int
    original: str
    replacement: str
    operator: str

    def describe(self) -> str:
        return f"{self.path}:{self.line}: {self.operator}: '{self.original}' -> '{self.replacement}'"


# ---- finding sites ------------------------------------------------------------------------------


def blank_non_code(text: str) -> str:
    """The text with comments, string and char literals replaced by spaces (same length, newlines
    kept), so that operators are only found in code."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if text[k] != "\n":
                    out[k] = " "
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not text[i - 1].isalnum()):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                i += 1
                continue
            close = ")" + m.group(1) + '"'
            j = text.find(close, i + m.end())
            j = n if j < 0 else j + len(close)
            for k in range(i, j):
                if text[k] != "\n":
                    out[k] = " "
            i = j
        elif c in "\"'":
            # A digit separator (1'000'000) is not a char literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            for k in range(i, j):
                out[k] = " "
            i = j
        else:
            i += 1
    return "".join(out)


# Binary operators are only mutated where clang-format spaces them (" < "), which tells them from
# template brackets, pointers, references and unary signs.
SPACED_SWAPS = {
    "arithmetic": {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*",
                   "+=": "-=", "-=": "+=", "*=": "/="},
    "relational": {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="},
    "logical": {"&&": "||", "||": "&&"},
}
SPACED_OP = re.compile(r"(?<=\S) (\+=|-=|\*=|<=|>=|==|!=|&&|\|\||[-+*/%<>]) (?=\S)")
NOT_OP = re.compile(r"(?<![\w)\]!=<>])!(?!=)")
INT_LITERAL = re.compile(r"(?<![\w.'])(\d+)(?:[uU]?[lL]{0,2}|[lL]{0,2}[uU]?)(?![\w.'])")
SKIP_LINE = re.compile(r"^\s*(#|static_assert\b|template\b|using\b|namespace\b|case\b)")
DELETABLE = re.compile(r"^\s*(?!return\b|break\b|continue\b|case\b|default\b|using\b|throw\b)"
                       r"[A-Za-z_][\w:.\->\[\]]*(\(|\s*(\+\+|--|[-+*/|&]?=)\s*)")


def line_mutants(path: str, lineno: int, code: str, prev_code: str):
    """All mutants of one line. `code` has comments and literals blanked."""
    if SKIP_LINE.match(code) or not code.strip():
        return
    # Declarations of arrays and templates are full of constants whose change does not compile or
    # means nothing; the include guard is not code.
    for m in SPACED_OP.finditer(code):
        op = m.group(1)
        before = code[: m.start(1)].rstrip()
        if op in ("*", "&&") and re.search(r"\b(const|auto|[A-Z]\w*|int|char|void)$", before):
            continue  # "const T * p" / "auto && x" is a declaration, not an operation.
        if op in ("<", ">") and "template" in code:
            continue
        if before.endswith("operator"):
            continue
        for kind, swaps in SPACED_SWAPS.items():
            if op in swaps:
                yield Mutant(path, lineno, m.start(1), m.end(1), op, swaps[op], kind)
    for m in NOT_OP.finditer(code):
        if code[m.end():m.end() + 1].isspace() or m.start() > 0 and code[m.start() - 1] == "operator":
            continue
        yield Mutant(path, lineno, m.start(), m.end(), "!", "", "logical")
    for m in INT_LITERAL.finditer(code):
        text = m.group(1)
        value = int(text)
        if "[" in code[: m.start()] and "]" in code[m.end():] and "=" not in code:
            continue  # An array bound in a declaration.
        if value == 0:
            replacements = ["1"]
        elif value == 1:
            replacements = ["0", "2"]
        else:
            replacements = [str(value + 1), str(value - 1)]
        for r in replacements:
            yield Mutant(path, lineno, m.start(1), m.end(1), text, r, "constant")
    stripped = code.strip()
    prev = prev_code.strip()
    complete_prev = not prev or prev.endswith((";", "{", "}", ":"))
    if (complete_prev and stripped.endswith(";") and DELETABLE.match(code)
            and code.count("(") == code.count(")") and " auto " not in f" {stripped} "
            and not re.match(r"^\s*(const\s+)?[\w:<>,]+\s+[a-z_]\w*(\s*=|\s*\{|\s*\(|;)", code)):
        start = len(code) - len(code.lstrip())
        yield Mutant(path, lineno, start, len(code.rstrip()), stripped, ";", "statement deletion")


def production_files(paths=PRODUCTION_DIRS):
    for top in paths:
        for p in sorted((REPO / top).rglob("*")):
            if p.suffix in SOURCE_SUFFIXES and p.is_file():
                yield p.relative_to(REPO).as_posix()


def changed_lines(base: str):
    """{path: set(line numbers)} of lines added or changed since git `base` (working tree included)."""
    diff = subprocess.run(["git", "-C", str(REPO), "diff", "-U0", base, "--", *PRODUCTION_DIRS],
                          check=True, capture_output=True, text=True).stdout
    lines, current = {}, None
    for row in diff.splitlines():
        if row.startswith("+++ "):
            current = row[6:] if row.startswith("+++ b/") else None
        elif row.startswith("@@") and current:
            m = re.search(r"\+(\d+)(?:,(\d+))?", row)
            first, count = int(m.group(1)), int(m.group(2) or "1")
            lines.setdefault(current, set()).update(range(first, first + count))
    return lines


def all_mutants(only_lines=None, paths=PRODUCTION_DIRS):
    mutants = []
    for path in production_files(paths):
        if only_lines is not None and path not in only_lines:
            continue
        if not path.endswith(SOURCE_SUFFIXES):
            continue
        text = (REPO / path).read_text()
        code_lines = blank_non_code(text).split("\n")
        prev = ""
        for number, code in enumerate(code_lines, start=1):
            if only_lines is None or number in only_lines[path]:
                mutants.extend(line_mutants(path, number, code, prev))
            if code.strip():
                prev = code
    return mutants


# ---- applying, restoring ------------------------------------------------------------------------


class Restorer:
    """Puts the original text back whatever happens, and leaves a note in the build directory so
    that a run killed with SIGKILL is repaired by the next one."""

    def __init__(self, build_dir: Path):
        self.state = build_dir / STATE_FILE
        self.path = None
        self.original = None

    def recover(self):
        if self.state.exists():
            saved = json.loads(self.state.read_text())
            print(f"mutate: restoring {saved['path']} left mutated by an interrupted run",
                  file=sys.stderr)
            (REPO / saved["path"]).write_text(saved["original"])
            self.state.unlink()

    def apply(self, mutant: Mutant):
        file = REPO / mutant.path
        self.original = file.read_text()
        self.path = mutant.path
        self.state.write_text(json.dumps({"path": self.path, "original": self.original}))
        lines = self.original.split("\n")
        line = lines[mutant.line - 1]
        lines[mutant.line - 1] = line[: mutant.start] + mutant.replacement + line[mutant.end:]
        file.write_text("\n".join(lines))
        return line, lines[mutant.line - 1]

    def restore(self):
        if self.path is not None:
            (REPO / self.path).write_text(self.original)
            self.path = None
            if self.state.exists():
                self.state.unlink()


# ---- build and test -----------------------------------------------------------------------------


BUILD_TARGETS = []  # Empty: everything.


def relocate(mutant: Mutant, line_text):
    """The mutant moved to where its line is now (the code may have changed since it was recorded):
    the line holding the same text nearest the recorded number; None when no line does."""
    if line_text is None:
        return mutant
    lines = (REPO / mutant.path).read_text().split("\n")
    at = [i + 1 for i, text in enumerate(lines) if text == line_text]
    if not at:
        return None
    return dataclasses.replace(mutant, line=min(at, key=lambda n: abs(n - mutant.line)))


def build(build_dir: Path, timeout: float) -> bool:
    targets = ["--target", *BUILD_TARGETS] if BUILD_TARGETS else []
    try:
        r = subprocess.run(["cmake", "--build", str(build_dir), *targets], capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False
    return r.returncode == 0


def run_suite(build_dir: Path, ctest_args, timeout: float):
    """'passed', 'failed' or 'timeout', and the seconds it took."""
    start = time.monotonic()
    cmd = ["ctest", "--test-dir", str(build_dir), "--stop-on-failure", *ctest_args]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - start
    elapsed = time.monotonic() - start
    if r.returncode == 0:
        if "No tests were found" in r.stdout + r.stderr:
            sys.exit("mutate: ctest found no tests for " + " ".join(ctest_args))
        return "passed", elapsed
    return ("timeout" if "***Timeout" in r.stdout else "failed"), elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="See docs/testing.md.")
    parser.add_argument("--build-dir", default=str(REPO / "build"),
                        help="configured build directory, rebuilt incrementally (default: build/)")
    parser.add_argument("--seed", type=int, default=1, help="sample seed (default 1)")
    parser.add_argument("--count", type=int, default=100, help="mutants in the sample (default 100)")
    parser.add_argument("--changed", metavar="BASE",
                        help="mutate only lines added or changed since git BASE")
    parser.add_argument("--ctest-args", default="-LE slow",
                        help="what to run per mutant (default '-LE slow': every fast test)")
    parser.add_argument("--survivor-ctest-args", default="",
                        help="second tier, for mutants the first survived (default '': every"
                        " test); 'none' skips it")
    parser.add_argument("--recheck", metavar="JSON",
                        help="run only the survivors recorded in an earlier --json file")
    parser.add_argument("--build-targets", default="",
                        help="build only these targets (space-separated; default: all), e.g. the"
                        " executable, the plugins and the tests that --ctest-args selects")
    parser.add_argument("--suite-timeout", type=float, default=0,
                        help="seconds per suite run (default: 3x the clean run, at least 60)")
    parser.add_argument("--paths", nargs="+", default=list(PRODUCTION_DIRS), metavar="DIR",
                        help="production directories to sample (default: %(default)s); e.g. leave"
                        " out frontends/torchscript when --ctest-args skips the tests that load it")
    parser.add_argument("--list", action="store_true", help="print the sample and exit")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args()

    build_dir = Path(args.build_dir).resolve()
    BUILD_TARGETS.extend(args.build_targets.split())
    ctest_args = args.ctest_args.split()
    survivor_args = None if args.survivor_ctest_args == "none" else args.survivor_ctest_args.split()
    if args.recheck and survivor_args is None:
        sys.exit("mutate: --recheck runs the second tier; do not give --survivor-ctest-args none")
    restorer = Restorer(build_dir)
    restorer.recover()

    only = changed_lines(args.changed) if args.changed else None
    if any(not p.startswith(PRODUCTION_DIRS) for p in args.paths):
        sys.exit(f"mutate: --paths must lie under {', '.join(PRODUCTION_DIRS)}")
    if args.recheck:
        recorded = json.loads(Path(args.recheck).read_text())["mutants"]
        fields = {f.name for f in dataclasses.fields(Mutant)}
        sample = []
        for m in recorded:
            if m["status"] != "survived":
                continue
            mutant = relocate(Mutant(**{k: v for k, v in m.items() if k in fields}),
                              m.get("line_text"))
            if mutant is None:
                print(f"mutate: {m['path']}:{m['line']}: the line is gone; not rechecked")
            else:
                sample.append(mutant)
        mutants = sample
    else:
        mutants = all_mutants(only, args.paths)
        rng = random.Random(args.seed)
        sample = rng.sample(mutants, min(args.count, len(mutants)))
    # Run in the sample's random order: a run stopped early is still a random sample.
    print(f"mutate: {len(mutants)} mutants in {'changed lines' if only is not None else 'the code'};"
          f" sample of {len(sample)} (seed {args.seed})", flush=True)
    if args.list:
        for m in sample:
            print("  " + m.describe())
        return 0
    if not sample:
        return 0

    # SIGTERM behaves like Ctrl-C: unwinds through the finally blocks below.
    def interrupt(*_):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, interrupt)

    if not build(build_dir, 3600):
        sys.exit("mutate: the unmutated tree does not build")
    status, clean_seconds = run_suite(build_dir, ctest_args, 3600)
    if status != "passed":
        sys.exit("mutate: the suite fails without any mutant; fix that first")
    suite_timeout = args.suite_timeout or max(60.0, 3 * clean_seconds)
    print(f"mutate: clean suite {clean_seconds:.1f} s; per-mutant limit {suite_timeout:.0f} s",
          flush=True)

    # The second tier holds the slow tests; each has its own CTest timeout, which reports a hang
    # as ***Timeout, so the whole run only needs a generous bound.
    tiers = [] if args.recheck else [(ctest_args, 0)]
    if survivor_args is not None:
        tiers.append((survivor_args, 3600))

    results = []
    try:
        for k, m in enumerate(sample, start=1):
            try:
                before, after = restorer.apply(m)
                if not build(build_dir, 1800):
                    status = "stillborn"
                else:
                    for tier, limit in tiers:
                        outcome, _ = run_suite(build_dir, tier, limit or suite_timeout)
                        if outcome != "passed":
                            break
                    status = {"passed": "survived", "failed": "killed"}.get(outcome, outcome)
            finally:
                restorer.restore()
            results.append((m, status, before, after))
            print(f"[{k}/{len(sample)}] {status:9} {m.describe()}", flush=True)
    except KeyboardInterrupt:
        print("mutate: interrupted; source restored", file=sys.stderr)
    finally:
        restorer.restore()
        print("mutate: rebuilding the unmutated tree", file=sys.stderr, flush=True)
        build(build_dir, 3600)

    counts = {s: sum(1 for r in results if r[1] == s)
              for s in ("killed", "timeout", "survived", "stillborn")}
    scored = counts["killed"] + counts["timeout"] + counts["survived"]
    score = 100.0 * (counts["killed"] + counts["timeout"]) / scored if scored else 0.0
    print(f"\nmutants: {len(results)}  killed: {counts['killed']}  timeout: {counts['timeout']}  "
          f"survived: {counts['survived']}  stillborn: {counts['stillborn']}")
    print(f"mutation score: {score:.1f}% ({counts['killed'] + counts['timeout']}/{scored}, "
          f"stillborn excluded)")
    survivors = [r for r in results if r[1] == "survived"]
    if survivors:
        print("\nsurvivors:")
    for m, _, before, after in survivors:
        print(f"\n{m.path}:{m.line} ({m.operator})")
        for d in difflib.unified_diff([before], [after], f"a/{m.path}", f"b/{m.path}", lineterm="",
                                      n=0):
            if not d.startswith("@@"):
                print("  " + d)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"seed": args.seed, "counts": counts, "score": score,
             "mutants": [dict(dataclasses.asdict(m), status=s, line_text=b)
                         for m, s, b, _ in results]},
            indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
