#!/usr/bin/env python3
"""Whole-process timing: load CSV, filter revenue > 500, group by region/channel, print the table.

Usage (from anywhere; paths are relative to the repo root):
    python3 bench/e2e_bench.py [--sift .build/release/sift] [--data bench/bench-data/marketing_100k.csv]
                               [--runs 10] [--warmup 1] [--engines pandas,polars,duckdb] [--no-hyperfine]

Sift runs bench/e2e_small.sift (its CSV path is rewritten when --data differs); the peers run
../shared/bench/e2e_small.py ENGINE CSV in bench/.venv.  Each command is run once first to check
that it works (its output head is shown), then timed with hyperfine (-N, no shell) if installed,
else with a Python loop; the table reports the median of --runs runs and Sift/peer ratios.
"""
import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
E2E_PY = os.path.join(SHARED, "e2e_small.py")
VENV_PY = os.path.join(ROOT, "bench", ".venv", "bin", "python")
SIFT_SCRIPT = os.path.join(ROOT, "bench", "e2e_small.sift")
DEFAULT_DATA = "bench/bench-data/marketing_100k.csv"


def commands(a, workdir):
    cmds = {}
    sift = a.sift if os.path.isabs(a.sift) else os.path.join(ROOT, a.sift)
    if a.skip_sift:
        pass
    elif not (os.path.isfile(sift) and os.access(sift, os.X_OK)):
        print(f"[sift] binary not found at {sift}: build it with `swift build -c release` (or pass --sift PATH); "
              "Sift row shows n/a")
    else:
        script = SIFT_SCRIPT
        if a.data != DEFAULT_DATA:
            script = os.path.join(workdir, "e2e_small.sift")
            with open(SIFT_SCRIPT) as f, open(script, "w") as g:
                g.write(f.read().replace(DEFAULT_DATA, a.data))
        cmds["sift"] = [sift, script]
    if not os.path.exists(E2E_PY):
        print(f"[peers] {E2E_PY} not found (../shared/bench beside the repo root): peer rows show n/a")
    elif not os.path.exists(a.python):
        print(f"[peers] {a.python} not found: run `bash bench/setup.sh` first; peer rows show n/a")
    else:
        for e in a.engines.split(","):
            cmds[e] = [a.python, E2E_PY, e, a.data]
    return cmds


def smoke(cmds):
    """Run each command once; drop (and report) the ones that fail."""
    ok = {}
    for name, cmd in cmds.items():
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
        head = "\n    ".join(p.stdout.strip().splitlines()[:4])
        if p.returncode == 0:
            print(f"[check] {name}: ok, output starts:\n    {head}")
            ok[name] = cmd
        else:
            print(f"[check] {name}: exit {p.returncode}, excluded: {p.stderr.strip()[-500:]}")
    return ok


def with_hyperfine(cmds, runs, warmup, workdir):
    out = os.path.join(workdir, "e2e_hyperfine.json")
    args = ["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup), "--runs", str(runs),
            "--export-json", out]
    for name, cmd in cmds.items():
        args += ["-n", name, shlex.join(cmd)]
    subprocess.run(args, cwd=ROOT, check=True)
    with open(out) as f:
        res = json.load(f)["results"]
    return {r["command"]: r["times"] for r in res}


def with_python(cmds, runs, warmup):
    times = {}
    for name, cmd in cmds.items():
        ts = []
        for i in range(warmup + runs):
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i >= warmup:
                ts.append(time.perf_counter() - t0)
        times[name] = ts
        print(f"[time] {name}: median {statistics.median(ts):.3f} s over {runs} runs")
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sift", default=".build/release/sift")
    ap.add_argument("--data", default=DEFAULT_DATA, help="CSV, relative to the repo root")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--engines", default="pandas,polars,duckdb")
    ap.add_argument("--python", default=VENV_PY, help="interpreter with the peer engines")
    ap.add_argument("--no-hyperfine", action="store_true", help="time with a Python loop even if hyperfine exists")
    ap.add_argument("--skip-sift", action="store_true")
    a = ap.parse_args()
    os.chdir(ROOT)
    if not os.path.exists(a.data):
        sys.exit(f"{a.data} not found: run `bash bench/setup.sh` first")
    workdir = tempfile.mkdtemp(prefix="sift-e2e-bench-")
    cmds = smoke(commands(a, workdir))
    if not cmds:
        sys.exit("nothing to time")
    use_hf = shutil.which("hyperfine") and not a.no_hyperfine
    print(f"[time] {'hyperfine' if use_hf else 'python loop'}: {a.runs} runs, {a.warmup} warm-up, {a.data}", flush=True)
    times = with_hyperfine(cmds, a.runs, a.warmup, workdir) if use_hf else with_python(cmds, a.runs, a.warmup)

    med = {n: statistics.median(ts) for n, ts in times.items()}
    sift = med.get("sift")
    print(f"\n## Whole process: load + filter + group_by + print ({a.data}, median of {a.runs} runs)\n")
    print("| command | median | min | max | sift / this |")
    print("|---|---:|---:|---:|---:|")
    for name in ["sift"] + [e for e in a.engines.split(",")]:
        if name not in times:
            print(f"| {name} | n/a | n/a | n/a | n/a |")
            continue
        ts = times[name]
        ratio = "-" if name == "sift" else "n/a" if sift is None else f"{sift / med[name]:.2f}x"
        print(f"| {name} | {med[name]:.3f} s | {min(ts):.3f} s | {max(ts):.3f} s | {ratio} |")
    print("\n(ratio > 1 = Sift slower)")


if __name__ == "__main__":
    main()
