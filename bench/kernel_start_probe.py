#!/usr/bin/env python3
"""Where a kernel's start-up time goes, measured without jupyter_client's polling loop.

For each kernel the probe writes a connection file, launches the kernel process itself
(subprocess.Popen, as jupyter_client does) and, from the moment of the launch, watches with
pyzmq sockets whose reconnect interval is 1 ms (so a client that connects before the kernel
has bound is back within 1 ms, not ZeroMQ's default 100 ms):

  hb        the first heartbeat echo (the kernel has bound its ports and runs its echo loop)
  welcome   the first IOPub message on a fresh subscription (`iopub_welcome`, or `status`)
  info      the kernel_info_reply to a kernel_info_request sent at launch (shell channel)
  result    the execute_reply to `1 + 1` (Python: `1 + 1` too), sent at launch: the first
            moment the kernel can really compute something
  exit      shutdown_request sent after `result` until the process has exited

Baselines in the same run: `/bin/true` launched by Popen (the launcher's own floor), and
`python -c pass`.

Kernels: sift (sift-kernel), ipykernel + pandas (exec_lines=["import pandas as pd"]), ipykernel.
Each round launches every kernel once, interleaved; medians over --runs after --warmup.

Usage (from the repo root): python3 bench/kernel_start_probe.py [--sift-kernel PATH] [--runs 20]
Runs in .build/jupyter-venv (kernel_bench.py adds ipykernel and pandas there).
"""

import argparse
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_bench import REPO, VENV, find_sift_kernel  # noqa: E402


def free_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


class Probe:
    def __init__(self, ctx, argv_for, scratch):
        import zmq
        self.zmq = zmq
        self.ctx = ctx
        self.key = uuid.uuid4().hex.encode()
        ports = free_ports(5)
        self.conn = dict(zip(["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"], ports),
                         ip="127.0.0.1", transport="tcp", signature_scheme="hmac-sha256", key=self.key.decode(),
                         kernel_name="probe")
        self.path = os.path.join(scratch, f"kernel-{uuid.uuid4().hex[:8]}.json")
        with open(self.path, "w") as f:
            json.dump(self.conn, f)
        self.argv = argv_for(self.path)
        self.session = uuid.uuid4().hex

    def sock(self, kind, port):
        s = self.ctx.socket(kind)
        s.setsockopt(self.zmq.RECONNECT_IVL, 1)
        s.setsockopt(self.zmq.LINGER, 0)
        s.connect(f"tcp://127.0.0.1:{port}")
        return s

    def message(self, msg_type, content):
        header = {"msg_id": uuid.uuid4().hex, "session": self.session, "username": "probe", "date": "2026-01-01T00:00:00Z",
                  "msg_type": msg_type, "version": "5.3"}
        parts = [json.dumps(p).encode() for p in (header, {}, {}, content)]
        sig = hmac.new(self.key, b"".join(parts), hashlib.sha256).hexdigest().encode()
        return header["msg_id"], [b"<IDS|MSG>", sig] + parts

    def run(self, code):
        zmq = self.zmq
        t0 = time.perf_counter()
        proc = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        hb = self.sock(zmq.REQ, self.conn["hb_port"])
        iopub = self.sock(zmq.SUB, self.conn["iopub_port"])
        iopub.setsockopt(zmq.SUBSCRIBE, b"")
        shell = self.sock(zmq.DEALER, self.conn["shell_port"])
        control = self.sock(zmq.DEALER, self.conn["control_port"])
        hb.send(b"ping")
        info_id, m = self.message("kernel_info_request", {})
        shell.send_multipart(m)
        exec_id, m = self.message("execute_request", {"code": code, "silent": False, "store_history": True,
                                                     "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        shell.send_multipart(m)
        poller = zmq.Poller()
        for s in (hb, iopub, shell):
            poller.register(s, zmq.POLLIN)
        t = {}
        deadline = t0 + 60
        while len(t) < 4 and time.perf_counter() < deadline:
            for s, _ in poller.poll(50):
                now = time.perf_counter() - t0
                if s is hb:
                    hb.recv()
                    t.setdefault("hb", now)
                    poller.unregister(hb)
                elif s is iopub:
                    iopub.recv_multipart()
                    t.setdefault("welcome", now)
                elif s is shell:
                    frames = shell.recv_multipart()
                    i = frames.index(b"<IDS|MSG>")
                    parent = json.loads(frames[i + 3])
                    if parent.get("msg_id") == info_id:
                        t.setdefault("info", now)
                    elif parent.get("msg_id") == exec_id:
                        content = json.loads(frames[i + 5])
                        assert content["status"] == "ok", content
                        t.setdefault("result", now)
        if len(t) < 4:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"{self.argv[0]}: only {sorted(t)} within 60 s")
        t1 = time.perf_counter()
        _, m = self.message("shutdown_request", {"restart": False})
        control.send_multipart(m)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        t["exit"] = time.perf_counter() - t1
        for s in (hb, iopub, shell, control):
            s.close(0)
        os.remove(self.path)
        return t


def launch_floor(argv):
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def ms(x):
    return f"{x * 1000:.1f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sift-kernel", default=None)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    args = ap.parse_args()
    sift_kernel = find_sift_kernel(args.sift_kernel)
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        if subprocess.run([python, "-c", "import zmq, ipykernel, pandas"], capture_output=True).returncode != 0:
            sys.exit(f"{VENV} lacks pyzmq/ipykernel/pandas: run bench/kernel_bench.py once (it installs them)")
        sys.exit(subprocess.run([python, os.path.abspath(__file__), "--sift-kernel", sift_kernel,
                                 "--runs", str(args.runs), "--warmup", str(args.warmup)]).returncode)
    import zmq, ipykernel, pandas
    scratch = tempfile.mkdtemp(prefix="sift-startprobe-")
    kernels = {
        "sift": (lambda p: [sift_kernel, p], "1 + 1"),
        "ipykernel + pandas": (lambda p: [sys.executable, "-m", "ipykernel_launcher", "-f", p,
                                          '--IPKernelApp.exec_lines=["import pandas as pd"]'], "1 + 1"),
        "ipykernel": (lambda p: [sys.executable, "-m", "ipykernel_launcher", "-f", p], "1 + 1"),
    }
    ctx = zmq.Context()
    results = {k: [] for k in kernels}
    floors = {"/bin/true": [], "python -c pass": []}
    for i in range(args.warmup + args.runs):
        for name, (argv_for, code) in kernels.items():
            r = Probe(ctx, argv_for, scratch).run(code)
            if i >= args.warmup:
                results[name].append(r)
        a, b = launch_floor(["/bin/true"]), launch_floor([sys.executable, "-c", "pass"])
        if i >= args.warmup:
            floors["/bin/true"].append(a)
            floors["python -c pass"].append(b)
    print(f"sift-kernel: {sift_kernel}")
    print(f"python {sys.version.split()[0]}, pyzmq {zmq.__version__}, ipykernel {ipykernel.__version__}, pandas {pandas.__version__}")
    print(f"{args.runs} launches per kernel after {args.warmup} warm-ups, interleaved; medians; client reconnect interval 1 ms\n")
    labels = [("hb", "launch → first heartbeat echo"), ("welcome", "launch → first IOPub message (iopub_welcome)"),
              ("info", "launch → kernel_info_reply"), ("result", "launch → execute_reply of `1 + 1`"),
              ("exit", "shutdown_request → process exited")]
    print("| measure | sift | ipykernel + pandas | ratio | ipykernel (no pandas) | ratio |")
    print("|---|---|---|---|---|---|")
    for key, label in labels:
        s, p, i = (statistics.median(r[key] for r in results[k]) for k in kernels)
        print(f"| {label} | {ms(s)} | {ms(p)} | {p / s:.1f}x | {ms(i)} | {i / s:.1f}x |")
    for name, xs in floors.items():
        print(f"| launch floor: `{name}` to exit | {ms(statistics.median(xs))} | | | | |")
    print("\nratio = ipykernel time / sift time (> 1: Sift is faster)")


if __name__ == "__main__":
    main()
