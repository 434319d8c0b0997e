#!/usr/bin/env python3
"""Start-up time of Sift next to Python's data tools, in the same run on the same machine.

Times (median of --runs runs after --warmup runs, wall clock via time.perf_counter):

  sift -c '1'                                         a whole process, nothing loaded
  sift -c 'read_csv("notebooks/data/customers.csv") |> head(3)'
  sift REPL, time to first prompt                     in a pty, until `sift> ` shows; then Ctrl-D
  python -c 'import pandas'                           bench/.venv/bin/python when it exists
  python -c 'import pandas; print(read_csv(...).head(3))'   the same job as the second sift row
  ipython -c 'pass'
  IPython, time to first prompt                       in a pty, until `In [1]:` shows; then Ctrl-D

and prints a Markdown table with each row's ratio to the matching Sift row.

Usage (from the repo root): python3 bench/startup_bench.py [--sift PATH] [--runs 20] [--warmup 2]
The default binary is .build-release/release/sift, else .build/release/sift (build it with
`swift build -c release --scratch-path .build-release`). IPython is installed into
bench/.venv with pip when it is missing there (pass --no-install to skip that row instead).
Numbers on a shared machine are noisy: compare the ratios of one run, on an idle machine.
"""

import argparse
import os
import pty
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSV = "notebooks/data/customers.csv"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07|\x07|\r")


def find_sift(explicit):
    if explicit:
        return os.path.abspath(explicit)
    for rel in (".build-release/release/sift", ".build/release/sift"):
        p = os.path.join(REPO, rel)
        if os.path.isfile(p):
            return p
    return None


def find_python():
    venv = os.path.join(REPO, "bench", ".venv", "bin", "python")
    return venv if os.path.isfile(venv) else sys.executable


def has_module(python, module):
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0


# --- measuring -------------------------------------------------------------------------------


def time_process(argv, env, runs, warmup):
    """Seconds for each run of a whole process (stdout/stderr discarded); raises if it fails."""
    times = []
    for i in range(warmup + runs):
        t0 = time.perf_counter()
        r = subprocess.run(argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            raise RuntimeError(f"{argv!r} exited with {r.returncode}: {r.stderr.decode(errors='replace')[-500:]}")
        if i >= warmup:
            times.append(dt)
    return times


def time_to_prompt_once(argv, env, prompt, exit_keys, timeout=60.0):
    """Seconds from fork to `prompt` on a pty; then types `exit_keys` and reaps the process."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.chdir(REPO)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    buf = b""
    found = None
    try:
        deadline = time.monotonic() + timeout
        while found is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"no prompt {prompt.pattern!r} from {argv[0]} within {timeout:.0f}s; got {ANSI.sub('', buf.decode(errors='replace'))[-300:]!r}")
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                raise RuntimeError(f"{argv[0]} exited before its prompt: {ANSI.sub('', buf.decode(errors='replace'))[-300:]!r}")
            buf += data
            if b"\x1b[6n" in data:
                # prompt_toolkit asks where the cursor is; answer like a terminal would.
                os.write(fd, b"\x1b[1;1R")
            if prompt.search(ANSI.sub("", buf.decode("utf-8", "replace"))):
                found = time.perf_counter() - t0
        os.write(fd, exit_keys)
        end = time.monotonic() + 10
        while time.monotonic() < end:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    if not os.read(fd, 65536):
                        break
                except OSError:
                    break
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                pid = None
                break
    finally:
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        os.close(fd)
    return found


def time_to_prompt(argv, env, prompt, exit_keys, runs, warmup):
    times = []
    for i in range(warmup + runs):
        dt = time_to_prompt_once(argv, env, prompt, exit_keys)
        if i >= warmup:
            times.append(dt)
    return times


# --- main ------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sift", help="sift binary (default: .build-release/release/sift, else .build/release/sift)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--no-install", action="store_true", help="do not pip-install IPython into bench/.venv")
    args = ap.parse_args()

    sift = find_sift(args.sift)
    if not sift or not os.path.isfile(sift):
        print("error: no release sift binary; build it with `swift build -c release --scratch-path .build-release` "
              "or pass --sift PATH", file=sys.stderr)
        return 2
    python = find_python()
    scratch = tempfile.mkdtemp(prefix="sift-startup-")
    try:
        return run(args, sift, python, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(args, sift, python, scratch):
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("SIFT_")}
    base_env.update({"TERM": "xterm", "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
    sift_env = dict(base_env, XDG_STATE_HOME=os.path.join(scratch, "state"))
    py_env = dict(base_env, IPYTHONDIR=os.path.join(scratch, "ipython"), PYTHONDONTWRITEBYTECODE="1")

    have_pandas = has_module(python, "pandas")
    have_ipython = has_module(python, "IPython")
    if not have_ipython and not args.no_install and python != sys.executable:
        print(f"installing ipython into {os.path.dirname(os.path.dirname(python))} …", file=sys.stderr)
        r = subprocess.run([python, "-m", "pip", "install", "--quiet", "ipython"])
        have_ipython = r.returncode == 0 and has_module(python, "IPython")

    runs, warmup = args.runs, args.warmup
    rows = []  # (label, times or None, baseline label or None, note)

    def measure(label, fn, baseline=None, note=""):
        print(f"  {label} …", file=sys.stderr, flush=True)
        try:
            rows.append((label, fn(), baseline, note))
        except Exception as e:  # one failing tool should not hide the others
            rows.append((label, None, baseline, f"failed: {e}"))

    sift_c1 = "sift -c '1'"
    sift_csv = "sift -c 'read_csv(…customers.csv) |> head(3)'"
    sift_repl = "sift REPL: first prompt"
    print(f"timing {runs} runs each (+{warmup} warm-up) …", file=sys.stderr)
    measure(sift_c1, lambda: time_process([sift, "-c", "1"], sift_env, runs, warmup))
    measure(sift_csv, lambda: time_process([sift, "-c", f'read_csv("{CSV}") |> head(3)'], sift_env, runs, warmup))
    measure(sift_repl, lambda: time_to_prompt([sift], sift_env, re.compile(r"sift> "), b"\x04", runs, warmup))
    if have_pandas:
        measure("python -c 'import pandas'", lambda: time_process([python, "-c", "import pandas"], py_env, runs, warmup), sift_c1)
        measure("python: pandas read_csv(…).head(3)", lambda: time_process(
            [python, "-c", f"import pandas; print(pandas.read_csv('{CSV}').head(3))"], py_env, runs, warmup), sift_csv)
    else:
        rows.append(("python -c 'import pandas'", None, sift_c1, f"pandas not installed for {python}"))
    if have_ipython:
        measure("ipython -c 'pass'", lambda: time_process([python, "-m", "IPython", "-c", "pass"], py_env, runs, warmup), sift_c1)
        measure("IPython: first prompt", lambda: time_to_prompt(
            [python, "-m", "IPython", "--no-confirm-exit", "--no-banner"], py_env, re.compile(r"In \[1\]: "), b"\x04", runs, warmup), sift_repl)
    else:
        rows.append(("IPython: first prompt", None, sift_repl, f"IPython not installed for {python}"))

    medians = {label: statistics.median(t) for label, t, _, _ in rows if t}
    print()
    print(f"Start-up, median of {runs} runs (wall clock); ratio = row / the Sift row it is compared with.")
    print(f"sift: `{os.path.relpath(sift, REPO)}`; python: `{os.path.relpath(python, REPO) if python.startswith(REPO) else python}`")
    print()
    print("| what | median ms | min ms | max ms | compared with | ratio |")
    print("|---|---:|---:|---:|---|---:|")
    cell = lambda text: (text or "").replace("|", "\\|")  # `|>` must not end a Markdown cell
    for label, t, baseline, note in rows:
        label, baseline_cell, note = cell(label), cell(baseline), cell(note)
        if not t:
            print(f"| {label} | n/a | | | {baseline_cell} | {note} |")
            continue
        med = statistics.median(t)
        ratio = ""
        if baseline and baseline in medians:
            ratio = f"{med / medians[baseline]:.1f}×"
        print(f"| {label} | {med * 1e3:.1f} | {min(t) * 1e3:.1f} | {max(t) * 1e3:.1f} | {baseline_cell or '—'} | {ratio or '—'} |")
    return 0 if all(t for _, t, _, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
