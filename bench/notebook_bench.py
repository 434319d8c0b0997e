#!/usr/bin/env python3
"""Notebook runner against papermill: a 10-cell notebook over 10,000 rows, timed end to end.

Usage (from anywhere; paths are relative to the repo root):
    python3 bench/notebook_bench.py [--sift .build-release/release/sift] [--runs 5] [--warmup 1]
                                    [--no-nbconvert] [--no-install] [--no-wait] [--max-wait S]
                                    [--keep DIR]

Times whole processes, in the same run on the same machine:
  sift       sift run bench/notebooks/bench10.md -o TMP/out.md --quiet
  papermill  papermill bench/notebooks/bench10.ipynb TMP/out.ipynb -k sift-bench-py --cwd bench/notebooks
             --no-progress-bar   (papermill's counterpart of --quiet)
  nbconvert  jupyter nbconvert --execute --to markdown bench/notebooks/bench10.ipynb --output-dir TMP
             --ExecutePreprocessor.kernel_name=sift-bench-py           (skip with --no-nbconvert)

Both notebooks do the same 10 cells (load, schema, filter, group_by+summarize, sort+head, join,
pivot, describe, mutate with column functions, corr) on bench/bench-data/marketing_10k.csv.

Before timing, the script:
  * installs papermill, ipykernel and nbconvert into bench/.venv if they are missing (PyPI), and
    registers that venv's Python as the Jupyter kernel `sift-bench-py` (`python -m ipykernel
    install --user --name sift-bench-py`) unless a kernel of that name already points at it;
  * generates marketing_10k.csv with ../shared/bench/gen_marketing.py (seed 42) if it is missing;
  * runs every command once, checks it exits 0, wrote its output and that the output holds the
    expected answers (10000 rows loaded, 3733 active rows, top attainment South 0.784).
Then it runs the commands round-robin (sift, papermill, nbconvert, sift, ...) --runs times after
--warmup untimed rounds, waiting before each round until the CPU is >= 85% idle (at most --max-wait
seconds; --no-wait skips this), and prints a Markdown table of medians and the peer/Sift ratio
(ratio > 1 = Sift is faster). Any failing timed run aborts the benchmark (exit 1).
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
NB_DIR = os.path.join(BENCH, "notebooks")
SIFT_NB = os.path.join(NB_DIR, "bench10.md")
PY_NB = os.path.join(NB_DIR, "bench10.ipynb")
DATA_DIR = os.path.join(BENCH, "bench-data")
DATA = os.path.join(DATA_DIR, "marketing_10k.csv")
GEN = os.path.join(os.path.dirname(ROOT), "shared", "bench", "gen_marketing.py")
VENV = os.path.join(BENCH, ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")
KERNEL = "sift-bench-py"
TARGET = 20.0  # the target: Sift at least 20x faster than papermill end to end

# Answers both reports must contain (seed-42 10k data).  Checked as substrings of the output.
EXPECTED = {
    "rows loaded": ["10000 rows with 11 columns"],
    "filter": ["3733 active rows"],
    "join": ["South", "0.784"],
}


def rel(p):
    return os.path.relpath(p, ROOT)


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)


def ensure_data():
    if os.path.exists(DATA) and os.path.exists(os.path.join(DATA_DIR, "regions.csv")):
        return
    if not os.path.exists(GEN):
        sys.exit(f"{rel(DATA)} is missing and {GEN} is not there to generate it")
    print(f"== generating {rel(DATA)} (10,000 rows, seed 42)")
    os.makedirs(DATA_DIR, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".tmp-10k-", dir=DATA_DIR)  # so a half-written CSV is never left in place
    subprocess.run([sys.executable, GEN, "10000", tmp, "--seed", "42", "--tag", "10k"], check=True)
    for name in os.listdir(tmp):
        dest = os.path.join(DATA_DIR, name)
        if name.startswith("marketing_") or not os.path.exists(dest):
            os.replace(os.path.join(tmp, name), dest)
    shutil.rmtree(tmp, ignore_errors=True)


def ensure_python(install):
    if not os.path.exists(VENV_PY):
        sys.exit(f"{rel(VENV_PY)} not found: run `bash bench/setup.sh` first")
    probe = "import pandas, numpy, papermill, ipykernel, nbconvert"
    if run([VENV_PY, "-c", probe]).returncode != 0:
        if not install:
            sys.exit("papermill/ipykernel/nbconvert missing from bench/.venv (and --no-install given)")
        print("== installing papermill, ipykernel, nbconvert into bench/.venv (PyPI)")
        subprocess.run([VENV_PY, "-m", "pip", "install", "--quiet", "pandas", "numpy",
                        "papermill", "ipykernel", "nbconvert"], check=True)
    # The kernel papermill and nbconvert start: this venv's Python, registered once per user.
    specs = run([VENV_PY, "-m", "jupyter", "kernelspec", "list", "--json"])
    argv0 = None
    if specs.returncode == 0:
        spec = json.loads(specs.stdout).get("kernelspecs", {}).get(KERNEL)
        if spec:
            argv0 = spec["spec"]["argv"][0]
    if argv0 is None or os.path.realpath(argv0) != os.path.realpath(VENV_PY):
        if not install:
            sys.exit(f"Jupyter kernel {KERNEL} missing or not bench/.venv's Python (and --no-install given)")
        print(f"== registering Jupyter kernel {KERNEL} -> {rel(VENV_PY)}")
        subprocess.run([VENV_PY, "-m", "ipykernel", "install", "--user", "--name", KERNEL,
                        "--display-name", "Python (sift bench venv)"], check=True)


def versions(sift):
    out = {}
    p = run([sift, "--version"])
    out["sift"] = p.stdout.strip() or p.stderr.strip()
    p = run([VENV_PY, "-c", "import sys, pandas, numpy, papermill, ipykernel, nbconvert, nbclient; "
             "print(sys.version.split()[0], pandas.__version__, numpy.__version__, papermill.__version__, "
             "ipykernel.__version__, nbconvert.__version__, nbclient.__version__)"])
    names = ["python", "pandas", "numpy", "papermill", "ipykernel", "nbconvert", "nbclient"]
    out.update(zip(names, p.stdout.split()))
    return out


def commands(sift, tmp, nbconvert):
    cmds = {
        "sift": ([sift, "run", rel(SIFT_NB), "-o", os.path.join(tmp, "out.md"), "--quiet"],
                 os.path.join(tmp, "out.md")),
        "papermill": ([os.path.join(VENV, "bin", "papermill"), rel(PY_NB), os.path.join(tmp, "out.ipynb"),
                       "-k", KERNEL, "--cwd", rel(NB_DIR), "--no-progress-bar"],
                      os.path.join(tmp, "out.ipynb")),
    }
    if nbconvert:
        cmds["nbconvert"] = ([os.path.join(VENV, "bin", "jupyter"), "nbconvert", "--execute", "--to", "markdown",
                              rel(PY_NB), "--output-dir", tmp, "--output", "nbconvert_out",
                              f"--ExecutePreprocessor.kernel_name={KERNEL}", "--log-level", "WARN"],
                             os.path.join(tmp, "nbconvert_out.md"))
    return cmds


def show(cmd):
    return " ".join(os.path.relpath(c, ROOT) if os.path.isabs(c) and c.startswith(ROOT) else c for c in cmd)


def check(name, cmd, out):
    if os.path.exists(out):
        os.remove(out)
    p = run(cmd, timeout=600)
    if p.returncode != 0:
        print(f"[check] {name}: exit {p.returncode}\n{(p.stderr or p.stdout).strip()[-2000:]}")
        return False
    if not os.path.exists(out):
        print(f"[check] {name}: exit 0 but {out} was not written")
        return False
    with open(out, encoding="utf-8") as f:
        text = f.read()
    if out.endswith(".ipynb"):
        nb = json.loads(text)
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            print(f"[check] {name}: a cell raised {errors[0].get('ename')}: {errors[0].get('evalue')}")
            return False
    if "```error" in text:
        print(f"[check] {name}: the report holds an error block")
        return False
    missing = [f"{k}: {s!r}" for k, subs in EXPECTED.items() for s in subs if s not in text]
    if missing:
        print(f"[check] {name}: exit 0 but the output lacks " + "; ".join(missing))
        return False
    print(f"[check] {name}: ok (exit 0, {os.path.getsize(out):,} bytes written, answers match)")
    return True


def cpu_idle(interval=1.0):
    """Fraction of CPU time idle over `interval` seconds, from /proc/stat (None if unavailable)."""
    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return v[3] + v[4], sum(v)  # idle + iowait, total
    try:
        i0, t0 = snap()
        time.sleep(interval)
        i1, t1 = snap()
    except OSError:
        return None
    return (i1 - i0) / max(1, t1 - t0)


def wait_quiet(max_wait, threshold=0.85):
    """Wait until the machine is mostly idle (other builds and benchmarks skew whole-process times)."""
    t0 = time.monotonic()
    while True:
        idle = cpu_idle()
        if idle is None or idle >= threshold:
            return True
        if time.monotonic() - t0 > max_wait:
            print(f"[wait] machine still busy ({1 - idle:.0%} CPU used) after {max_wait:.0f} s; timing anyway")
            return False


def fmt(s):
    return f"{s:.3f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sift", default=".build-release/release/sift", help="Sift binary (relative to repo root)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (median reported)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed rounds before timing")
    ap.add_argument("--no-nbconvert", dest="nbconvert", action="store_false",
                    help="time papermill only, not jupyter nbconvert --execute")
    ap.add_argument("--no-install", dest="install", action="store_false",
                    help="fail instead of installing papermill/ipykernel or registering the kernel")
    ap.add_argument("--no-wait", dest="wait", action="store_false",
                    help="do not wait for an idle machine (>= 85%% CPU idle) before each round")
    ap.add_argument("--max-wait", type=float, default=300, help="seconds to wait for an idle machine per round")
    ap.add_argument("--keep", metavar="DIR", help="write the outputs to DIR instead of a temp dir")
    a = ap.parse_args()

    load_before = os.getloadavg()[0]
    sift = a.sift if os.path.isabs(a.sift) else os.path.join(ROOT, a.sift)
    if not (os.path.isfile(sift) and os.access(sift, os.X_OK)):
        sys.exit(f"Sift binary not found at {sift}: build it with "
                 "`swift build -c release --scratch-path .build-release` (or pass --sift PATH)")
    ensure_data()
    ensure_python(a.install)

    tmp = os.path.abspath(a.keep) if a.keep else tempfile.mkdtemp(prefix="sift-nb-bench-")
    os.makedirs(tmp, exist_ok=True)
    cmds = commands(sift, tmp, a.nbconvert)
    if not all(check(name, cmd, out) for name, (cmd, out) in cmds.items()):
        sys.exit(1)

    times = {name: [] for name in cmds}
    busy_rounds = 0
    for r in range(a.warmup + a.runs):
        if a.wait and not wait_quiet(a.max_wait) and r >= a.warmup:
            busy_rounds += 1
        for name, (cmd, out) in cmds.items():
            t0 = time.perf_counter()
            p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
            dt = time.perf_counter() - t0
            if p.returncode != 0:
                sys.exit(f"{name} run {r + 1} failed with exit {p.returncode}:\n"
                         f"{p.stderr.decode(errors='replace')[-2000:]}")
            if r >= a.warmup:
                times[name].append(dt)
        if r < a.warmup:
            print(f"[round {r + 1}/{a.warmup + a.runs}] warm-up (not timed)", flush=True)
        else:
            print(f"[round {r + 1}/{a.warmup + a.runs}] "
                  + ", ".join(f"{n} {times[n][-1]:.3f} s" for n in cmds), flush=True)

    med = {n: statistics.median(v) for n, v in times.items()}
    v = versions(sift)
    print()
    print(f"Date {datetime.date.today().isoformat()}, {platform.node()}, {os.cpu_count()} cores, "
          f"1-min load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; median of {a.runs} runs after {a.warmup} warm-up.")
    if busy_rounds:
        print(f"Warning: {busy_rounds} timed round(s) started on a busy machine.")
    print("Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()))
    print()
    print("| runner | command | median | min | max | × Sift's time |")
    print("|---|---|---:|---:|---:|---:|")
    for name, (cmd, _) in cmds.items():
        ratio = med[name] / med["sift"]
        shown = show(cmd).replace(tmp, "TMP")
        print(f"| {name} | `{shown}` | {fmt(med[name])} | {fmt(min(times[name]))} | {fmt(max(times[name]))} "
              f"| {ratio:.1f}× |")
    ratio = med["papermill"] / med["sift"]
    print()
    print(f"Sift is {ratio:.1f}× faster than papermill end to end (target ≥ {TARGET:.0f}×: "
          f"{'met' if ratio >= TARGET else 'NOT met'}).")
    if a.keep:
        print(f"Outputs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
