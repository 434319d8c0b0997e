#!/usr/bin/env python3
"""The Sift Jupyter kernel next to ipykernel with pandas imported, in the same run.

For each kernel, --runs times (after --warmup runs):
  ready     wall time from starting the kernel process (jupyter_client's KernelManager) until it
            answers kernel_info_request on the shell channel and IOPub is connected (where
            `wait_for_ready` leaves its loop, before its fixed 0.2 s IOPub drain, which a third
            row includes); once with jupyter_client's defaults, once with the
            client's ZeroMQ reconnect interval at 2 ms instead of 100 ms (the client connects
            before a kernel has bound its ports, and ZeroMQ's default back-off is 100 ms plus up
            to 100 ms of jitter; the second row shows the kernels' own start-up; the client gets
            that context too, since jupyter_client's client otherwise makes a fresh one)
  first result  process launch until the execute_reply of `1 + 1`, sent once ready
  shutdown  shutdown_request until the process has exited
and, in one kernel each, --rounds execute round trips (execute_request sent → execute_reply
and the `idle` status received, as nbclient waits for them):
  scalar    `1 + 1`
  table     the first 5 rows of the bundled customers CSV as a rich table (HTML + text)

Kernels: `sift` (as `sift kernel install` registers it: sift-kernel-launch, which binds the ports
at once and execs sift-kernel), `sift direct` (sift-kernel started directly, no launcher), `ipykernel+pandas` (ipykernel started with
`--IPKernelApp.exec_lines=["import pandas as pd"]`, so pandas is imported before the kernel
reports ready, as in a data notebook), and plain `ipykernel` for reference.

Usage (from the repo root): python3 bench/kernel_bench.py [--sift-kernel PATH] [--runs 10] [--rounds 200]
The Python side runs in .build/jupyter-venv (kernel_checks.py creates it) with ipykernel and
pandas added by pip when missing. Prints a Markdown table with ratios (ipykernel / Sift: > 1 means
Sift is faster). Numbers on a shared machine are noisy: compare the ratios of one run.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSV = os.path.join(REPO, "notebooks", "data", "customers.csv")
VENV = os.environ.get("SIFT_JUPYTER_VENV") or os.path.join(REPO, ".build", "jupyter-venv")


def ensure_venv():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    probe = "import jupyter_client, ipykernel, pandas"
    if subprocess.run([python, "-c", probe], capture_output=True).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "jupyter_client", "ipykernel", "pandas"], check=True)
    return python


def find_sift_kernel(given=None):
    """The sift-kernel binary: the one given, else the release build, else the debug build."""
    if given:
        return os.path.abspath(given)
    for rel in (".build-release/release/sift-kernel", ".build/release/sift-kernel", ".build/debug/sift-kernel"):
        if os.path.exists(os.path.join(REPO, rel)):
            return os.path.join(REPO, rel)
    sys.exit("no sift-kernel binary; build it with `swift build -c release --scratch-path .build-release`")


def write_specs(prefix, sift_kernel, python):
    kernels = os.path.join(prefix, "share", "jupyter", "kernels")
    launcher = os.path.join(os.path.dirname(sift_kernel), "sift-kernel-launch")
    if not os.path.exists(launcher):
        sys.exit(f"no {launcher}; build it with `swift build -c release --scratch-path .build-release`")
    specs = {
        "sift": [launcher, "{connection_file}"],
        "sift-direct": [sift_kernel, "{connection_file}"],
        "ipykernel-pandas": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                             '--IPKernelApp.exec_lines=["import pandas as pd"]'],
        "ipykernel": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    }
    for name, argv in specs.items():
        os.makedirs(os.path.join(kernels, name), exist_ok=True)
        language = "sift" if name.startswith("sift") else "python"
        with open(os.path.join(kernels, name, "kernel.json"), "w") as f:
            json.dump({"argv": argv, "display_name": name, "language": language}, f)
    return list(specs)


def time_start(name, reconnect_ms=None, use_wait_for_ready=False):
    """(ready, shutdown, first result) seconds for one kernel start.

    ready = process launch until the kernel has answered kernel_info_request on the shell
    channel and an IOPub message has arrived: the moment jupyter_client's `wait_for_ready`
    leaves its loop. `wait_for_ready` itself then drains IOPub until 0.2 s pass with no
    message, a fixed wait added to every kernel; with use_wait_for_ready it is included."""
    import zmq
    from queue import Empty
    from jupyter_client.manager import KernelManager
    context = zmq.Context()
    if reconnect_ms is not None:
        # The client's sockets connect before the kernel has bound its ports, and ZeroMQ
        # retries only every 100 ms by default: that back-off, not the kernel, then dominates.
        context.setsockopt(zmq.RECONNECT_IVL, reconnect_ms)
    km = KernelManager(kernel_name=name, context=context)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client(context=context) if reconnect_ms is not None else km.client()
    kc.start_channels()
    if use_wait_for_ready:
        kc.wait_for_ready(timeout=120)
    else:
        while True:
            kc.kernel_info()
            try:
                msg = kc.shell_channel.get_msg(timeout=1)
            except Empty:
                continue
            if msg["msg_type"] != "kernel_info_reply":
                continue
            try:
                kc.iopub_channel.get_msg(timeout=0.2)
                break
            except Empty:
                pass
    ready = time.perf_counter() - t0
    msg_id = kc.execute("1 + 1")
    while True:
        msg = kc.shell_channel.get_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id:
            assert msg["content"]["status"] == "ok", msg["content"]
            break
    first = time.perf_counter() - t0
    kc.stop_channels()
    proc = km.provisioner.process
    t1 = time.perf_counter()
    km.shutdown_kernel(now=False)
    shutdown = time.perf_counter() - t1
    assert proc.poll() is not None
    context.term()
    return ready, shutdown, first


def round_trip(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    got_reply = got_idle = False
    while not (got_reply and got_idle):
        if not got_reply:
            try:
                m = kc.get_shell_msg(timeout=0.0001 if got_idle else 0.05)
                if m["parent_header"].get("msg_id") == msg_id:
                    got_reply = True
                    assert m["content"]["status"] == "ok", m["content"]
            except Exception:
                pass
        while not got_idle:
            try:
                m = kc.get_iopub_msg(timeout=0.0001 if not got_reply else 0.05)
            except Exception:
                break
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                got_idle = True
    return time.perf_counter() - t0


def time_round_trips(name, rounds):
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    try:
        if name.startswith("sift"):
            setup, scalar, table = f'c = read_csv("{CSV}")', "1 + 1", "c |> head(5)"
        else:
            setup, scalar, table = f'import pandas as pd\nc = pd.read_csv("{CSV}")', "1 + 1", "c.head(5)"
        kc.execute_interactive(setup, timeout=60)
        out = {}
        for label, code in (("scalar", scalar), ("table", table)):
            for _ in range(10):
                round_trip(kc, code)
            out[label] = [round_trip(kc, code) for _ in range(rounds)]
        return out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def ms(x):
    return f"{x * 1000:.1f} ms" if x >= 0.001 else f"{x * 1e6:.0f} µs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sift-kernel", default=None)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    sift_kernel = find_sift_kernel(args.sift_kernel)
    python = ensure_venv()
    if os.environ.get("SIFT_KERNELBENCH_IN_VENV") != "1":
        env = dict(os.environ, SIFT_KERNELBENCH_IN_VENV="1")
        sys.exit(subprocess.run([python, os.path.abspath(__file__), "--sift-kernel", sift_kernel, "--runs", str(args.runs),
                                 "--warmup", str(args.warmup), "--rounds", str(args.rounds)], env=env).returncode)
    # Dozens of kernel starts leave client sockets behind faster than they are collected.
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    scratch = tempfile.mkdtemp(prefix="sift-kernelbench-")
    os.environ["JUPYTER_PATH"] = os.path.join(scratch, "share", "jupyter")
    os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(scratch, "runtime")
    os.environ["SIFT_STDLIB"] = os.path.join(REPO, "stdlib")
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    names = write_specs(scratch, sift_kernel, sys.executable)
    import ipykernel, jupyter_client, pandas
    print(f"sift-kernel: {sift_kernel}")
    print(f"python {sys.version.split()[0]}, jupyter_client {jupyter_client.__version__}, ipykernel {ipykernel.__version__}, pandas {pandas.__version__}")
    print(f"{args.runs} starts per kernel after {args.warmup} warm-up starts; {args.rounds} round trips each; medians\n")
    starts = {n: [] for n in names}
    fast = {n: [] for n in names}
    waited = {n: [] for n in names}
    for i in range(args.warmup + args.runs):
        for n in names:  # interleaved, so drift in machine load hits every kernel alike
            r = time_start(n)
            f = time_start(n, reconnect_ms=2)
            w = time_start(n, use_wait_for_ready=True)
            if i >= args.warmup:
                starts[n].append(r)
                fast[n].append(f)
                waited[n].append(w)
    trips = {n: time_round_trips(n, args.rounds) for n in names}
    med = lambda xs: statistics.median(xs)
    rows = [("start to ready", lambda n: med(r for r, _, _ in starts[n])),
            ("start to first result (`1 + 1` sent once ready)", lambda n: med(f for _, _, f in starts[n])),
            ("start to ready, client reconnect interval 2 ms", lambda n: med(r for r, _, _ in fast[n])),
            ("jupyter_client wait_for_ready (+ its fixed 0.2 s IOPub drain)", lambda n: med(r for r, _, _ in waited[n])),
            ("shutdown", lambda n: med(s for _, s, _ in starts[n])),
            ("execute round trip: 1 + 1", lambda n: med(trips[n]["scalar"])),
            ("execute round trip: 5-row table", lambda n: med(trips[n]["table"]))]
    print("| measure | sift | sift direct (no launcher) | ipykernel + pandas | ratio | ipykernel (no pandas) | ratio |")
    print("|---|---|---|---|---|---|---|")
    for label, f in rows:
        s, d, p, i = f("sift"), f("sift-direct"), f("ipykernel-pandas"), f("ipykernel")
        print(f"| {label} | {ms(s)} | {ms(d)} | {ms(p)} | {p / s:.1f}x | {ms(i)} | {i / s:.1f}x |")
    print("\nratio = ipykernel time / sift time (sift as installed, with the launcher; > 1: Sift is faster)")


if __name__ == "__main__":
    main()
