#!/usr/bin/env python3
"""End-to-end checks of `sift kernel` with Jupyter's own tools from PyPI.

Usage: python3 Tests/e2e/kernel_checks.py [BUILD_DIR]   (default: .build/debug)

- A virtual environment at .build/jupyter-venv (or $SIFT_JUPYTER_VENV) gets jupyter_client,
  nbclient, nbformat, nbconvert, papermill and jupyter-kernel-test from PyPI, plus this
  repository's python/sift_jupyter (papermill translator, Pygments lexer). When pip cannot
  reach PyPI (and PyPI does not answer a plain request either) the checks are skipped: the script says why, prints `0 passed, 0 failed, 1 skipped`
  and exits 0. In CI PyPI is reachable, so they run.
- `sift kernel install --prefix TMP` writes the kernel spec; JUPYTER_PATH points there.
- The conformance suite (jupyter_kernel_test), then the kernel's own promises: heartbeat and
  control answer during a long cell, interrupts by message and by SIGINT, queued executions
  aborted after an error, forged messages dropped, outputs and tracebacks, typed parameters,
  prompt shutdown, exit when the parent dies.
- Notebooks: notebooks/kernel-tour.ipynb and notebooks/campaign.md (converted with
  `sift run --format ipynb`) through nbclient and `jupyter execute`; kernel-tour through
  papermill with `-p region North`, and a wrongly typed parameter must fail.

The binaries are copied to a temporary folder first (other builds may relink them meanwhile);
every file is written under a temporary folder. The last line is `N passed, M failed`; the exit
status is 0 only when nothing failed.
"""

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGES = ["jupyter_client", "nbclient", "nbformat", "nbconvert", "papermill", "jupyter-kernel-test"]
PROBE = "import jupyter_client, nbclient, nbformat, nbconvert, papermill, jupyter_kernel_test, sift_jupyter"
IN_VENV_FLAG = "SIFT_KERNELCHECK_IN_VENV"


def skip(reason):
    print(f"SKIP kernel checks: {reason}")
    print("0 passed, 0 failed, 1 skipped")
    sys.exit(0)


def pypi_reachable():
    """Whether PyPI answers at all: a failed pip install is only a skip when it does not."""
    import urllib.request
    index = os.environ.get("PIP_INDEX_URL") or "https://pypi.org/simple/"
    try:
        urllib.request.urlopen(index.rstrip("/") + "/pip/", timeout=10).close()
        return True
    except Exception:
        return False


def pip_failed(what, result):
    tail = " / ".join((result.stderr or result.stdout).strip().splitlines()[-3:])
    if pypi_reachable():
        # PyPI answers, so this is a real failure, not a missing network: fail, do not skip.
        print(f"FAIL pip could not install {what} although PyPI is reachable: {tail}")
        print("0 passed, 1 failed")
        sys.exit(1)
    skip(f"PyPI is unreachable, pip could not install {what}: {tail}")


def ensure_venv():
    venv = os.environ.get("SIFT_JUPYTER_VENV") or os.path.join(REPO, ".build", "jupyter-venv")
    python = os.path.join(venv, "bin", "python")
    os.makedirs(os.path.dirname(os.path.abspath(venv)), exist_ok=True)
    with open(os.path.abspath(venv).rstrip("/") + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ok = lambda: subprocess.run([python, "-c", PROBE], capture_output=True).returncode == 0
        # The translator package is reinstalled every time: it is this repository's code.
        if not os.path.exists(python):
            r = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True)
            if r.returncode != 0 or not os.path.exists(python):
                # Not a network problem (scripts/setup installs python3-venv): a failure.
                print(f"FAIL cannot create a virtual environment at {venv}: {(r.stderr or r.stdout).strip()[-400:]}")
                print("0 passed, 1 failed")
                sys.exit(1)
        pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--timeout", "15", "--retries", "1"]
        if not subprocess.run([python, "-c", PROBE.rsplit(",", 1)[0]], capture_output=True).returncode == 0:
            r = subprocess.run(pip + PACKAGES, capture_output=True, text=True)
            if r.returncode != 0:
                pip_failed(", ".join(PACKAGES), r)
        r = subprocess.run(pip + ["--force-reinstall", "--no-deps", os.path.join(REPO, "python", "sift_jupyter")], capture_output=True, text=True)
        if r.returncode != 0 or not ok():
            pip_failed("python/sift_jupyter (its build needs setuptools from PyPI)", r)
        return python


# ---------------------------------------------------------------------------------------------
# Helpers (inside the venv)

class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


SCRATCH = None
BIN = None
DATA = os.path.join(REPO, "notebooks", "data")


def start(**kwargs):
    from jupyter_client.manager import start_new_kernel
    return start_new_kernel(kernel_name="sift", startup_timeout=60, **kwargs)


def execute(kc, code, timeout=60, **kwargs):
    """Runs code; returns (reply content, [(msg_type, content), ...] of its IOPub outputs)."""
    outputs = []
    def hook(msg):
        if msg["msg_type"] not in ("status", "execute_input"):
            outputs.append((msg["msg_type"], msg["content"]))
    reply = kc.execute_interactive(code, output_hook=hook, timeout=timeout, **kwargs)
    return reply["content"], outputs


def stop(km, kc):
    try:
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)


SPIN = "fn spin(n) = if n == 0 then 0 else spin(n - 1)"


def long_cell(kc, seconds):
    """Code that runs about `seconds` of interruptible work (calibrated on this build)."""
    execute(kc, SPIN)
    t0 = time.monotonic()
    content, _ = execute(kc, "spin(1000)")
    one = max(time.monotonic() - t0, 1e-3)
    expect(content["status"] == "ok", f"spin failed: {content}")
    terms = max(10, min(5000, int(seconds / one)))
    return "x = " + " + ".join(["spin(1000)"] * terms)


def wait_reply(kc, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        except Exception:
            break
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise CheckFailed(f"no reply to {msg_id} within {timeout} s")


# ---------------------------------------------------------------------------------------------
# The checks

def check_conformance():
    """jupyter_kernel_test's suite passes (skips only for features Sift has no notion of)."""
    r = subprocess.run([sys.executable, "-m", "unittest", "-v", "kernel_conformance"],
                       capture_output=True, text=True, timeout=600, cwd=os.path.join(REPO, "Tests", "e2e"))
    expect(r.returncode == 0, "the conformance suite failed:\n" + r.stderr[-4000:])
    summary = [l for l in r.stderr.splitlines() if l.startswith("Ran ") or l.startswith("OK")]
    print("    " + " · ".join(summary))


def check_outputs_and_errors():
    """stream, execute_result and display_data carry the documented MIME types; errors carry
    Sift's location, the line and a caret; execution counts advance."""
    km, kc = start()
    try:
        content, out = execute(kc, f'c = read_csv("{DATA}/customers.csv")\nprint("rows:", nrow(c))\nc |> head(2)\nc |> bar(x: region, y: revenue, title: "Revenue")\n"# Title" ')
        expect(content["status"] == "ok", f"execute failed: {content}")
        types = [t for t, _ in out]
        expect(types == ["stream", "display_data", "display_data", "execute_result"], f"unexpected outputs {types}")
        expect(out[0][1] == {"name": "stdout", "text": "rows: 10000\n"}, f"stream: {out[0][1]}")
        table = out[1][1]["data"]
        expect({"text/plain", "text/markdown", "text/html"} <= set(table), f"table MIME types: {set(table)}")
        expect("<table>" in table["text/html"] and "<th" in table["text/html"] and "</table>" in table["text/html"], "text/html is not a table")
        expect(table["text/markdown"].startswith("| customer_id"), f"markdown table: {table['text/markdown'][:80]}")
        chart = out[2][1]["data"]
        expect("image/svg+xml" in chart and "<svg" in chart["image/svg+xml"], "chart has no SVG")
        expect(out[3][1]["execution_count"] == content["execution_count"], "execute_result count differs from the reply")
        content, out = execute(kc, "x = 1\ny = x +\n")
        expect(content["status"] == "error" and content["ename"] == "SyntaxError", f"syntax error reply: {content}")
        content, out = execute(kc, "a = 1\nb = a + missing_name * 2")
        expect(content["status"] == "error" and content["ename"] == "RuntimeError", f"error reply: {content}")
        n = content["execution_count"]
        tb = "\n".join(content["traceback"])
        plain = __import__("re").sub(r"\x1b\[[0-9;]*m", "", tb)
        expect(f"In[{n}]:2:9" in plain and "missing_name" in plain and "^^^^^^^^^^^^" in plain,
               f"traceback lacks the location and caret:\n{plain}")
        errors = [c for t, c in out if t == "error"]
        expect(len(errors) == 1 and errors[0]["traceback"] == content["traceback"], "no matching error message on IOPub")
        content, _ = execute(kc, "a")
        expect(content["status"] == "ok", "the statement before the error did not run")
    finally:
        stop(km, kc)


def check_parameters():
    """Typed param cells: declarations, overrides (papermill's form) in either order, type errors."""
    km, kc = start()
    try:
        content, out = execute(kc, 'param k: int = 3\nparam region: string = "all"')
        expect(content["status"] == "ok" and "k = 3" in out[0][1]["text"], f"declaration: {content} {out}")
        content, out = execute(kc, '# Parameters\nparam k = 5\nparam region = "North"')
        expect(content["status"] == "ok", f"override: {content}")
        content, out = execute(kc, 'print(k * 2, region)')
        expect(out[0][1]["text"] == "10 North\n", f"override not applied: {out}")
        content, out = execute(kc, 'param k = "seven"')
        expect(content["status"] == "error" and "parameter k must be an int" in content["evalue"], f"bad type accepted: {content}")
        content, out = execute(kc, 'param when = "2024-03-01"')
        content, out = execute(kc, 'param when: date = "2020-01-01"')
        expect(content["status"] == "ok", f"date declaration: {content}")
        content, out = execute(kc, 'print(when)')
        expect(out and out[0][1]["text"] == "2024-03-01\n", f"an override before the declaration must win: {out}")
        content, out = execute(kc, 'param n: int = 1\nn + 1')
        expect(content["status"] == "error" and "only `param` lines" in content["evalue"], f"code in a parameters cell: {content}")
    finally:
        stop(km, kc)


def check_long_cell_stays_responsive():
    """During a long cell the heartbeat beats, control answers, and interrupt_request stops it."""
    km, kc = start()
    try:
        code = long_cell(kc, 8)
        execute(kc, "x = 41")
        msg_id = kc.execute(code)
        time.sleep(1.0)
        expect(kc.hb_channel.is_beating(), "no heartbeat during a long cell")
        # kernel_info on the control channel, answered while the cell runs.
        t0 = time.monotonic()
        control_msg = kc.session.msg("kernel_info_request", {})
        kc.control_channel.send(control_msg)
        reply = kc.get_control_msg(timeout=5)
        dt = time.monotonic() - t0
        expect(reply["msg_type"] == "kernel_info_reply" and dt < 1.0, f"control answered in {dt:.2f} s")
        # interrupt_request by message
        t0 = time.monotonic()
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        reply = kc.get_control_msg(timeout=5)
        expect(reply["msg_type"] == "interrupt_reply", f"got {reply['msg_type']}")
        ex = wait_reply(kc, msg_id, 10)
        dt = time.monotonic() - t0
        expect(ex["content"]["status"] == "error" and ex["content"]["ename"] == "Interrupted", f"not interrupted: {ex['content']}")
        expect(dt < 3, f"interrupt took {dt:.1f} s")
        content, out = execute(kc, "print(x)")
        expect(out[0][1]["text"] == "41\n", f"x changed by the interrupted cell: {out}")
        print(f"    control reply during the cell; interrupt_request stopped it in {dt*1000:.0f} ms")
    finally:
        stop(km, kc)


def check_native_work_keeps_heartbeat():
    """Even a cell stuck in native code that never polls for cancellation (the debug build's
    `_busy_native`) leaves the heartbeat and the control channel answering."""
    km, kc = start()
    try:
        msg_id = kc.execute("_busy_native(4)")
        time.sleep(1.0)
        expect(kc.hb_channel.is_beating(), "no heartbeat during native work")
        t0 = time.monotonic()
        kc.control_channel.send(kc.session.msg("kernel_info_request", {}))
        reply = kc.get_control_msg(timeout=5)
        dt = time.monotonic() - t0
        expect(reply["msg_type"] == "kernel_info_reply" and dt < 1.0, f"control answered in {dt:.2f} s during native work")
        wait_reply(kc, msg_id, 30)
        content, _ = execute(kc, "1 + 1")
        expect(content["status"] == "ok", f"the kernel is unusable after native work: {content}")
    finally:
        stop(km, kc)


def check_signal_interrupt():
    """SIGINT (Jupyter's default interrupt_mode) stops a cell; the kernel survives it."""
    km, kc = start()
    try:
        code = long_cell(kc, 8)
        msg_id = kc.execute(code)
        time.sleep(1.0)
        t0 = time.monotonic()
        km.interrupt_kernel()
        ex = wait_reply(kc, msg_id, 10)
        dt = time.monotonic() - t0
        expect(ex["content"]["status"] == "error" and ex["content"]["ename"] == "Interrupted", f"not interrupted: {ex['content']}")
        content, _ = execute(kc, "1 + 1")
        expect(content["status"] == "ok" and km.is_alive(), f"the kernel did not survive SIGINT: {content}, alive: {km.is_alive()}")
        print(f"    SIGINT stopped the cell in {dt*1000:.0f} ms")
    finally:
        stop(km, kc)


def check_abort_after_error():
    """Executions queued behind a failing one are aborted (stop_on_error), then the kernel goes on."""
    km, kc = start()
    try:
        execute(kc, SPIN)
        first = kc.execute("w = spin(1500)\nundefined_thing")
        second = kc.execute("y = 1")
        third = kc.execute('print("should not run")')
        replies = [wait_reply(kc, i, 30)["content"] for i in (first, second, third)]
        expect([r["status"] for r in replies] == ["error", "aborted", "aborted"], f"statuses {[r['status'] for r in replies]}")
        content, out = execute(kc, "y")
        expect(content["status"] == "error", "an aborted cell ran")
        # stop_on_error=False: the next cell runs.
        first = kc.execute("undefined_thing", stop_on_error=False)
        second = kc.execute("z = 2")
        replies = [wait_reply(kc, i, 30)["content"] for i in (first, second)]
        expect([r["status"] for r in replies] == ["error", "ok"], f"stop_on_error=False: {[r['status'] for r in replies]}")
    finally:
        stop(km, kc)


def check_forged_messages_dropped():
    """A message signed with another key gets no reply; the kernel keeps serving."""
    km, kc = start()
    try:
        from jupyter_client import BlockingKernelClient
        forger = BlockingKernelClient()
        forger.load_connection_info(km.get_connection_info())
        forger.session.key = b"not-the-key"
        forger.start_channels()
        try:
            forger.execute("forged = 1")
            try:
                forger.get_shell_msg(timeout=2)
                raise CheckFailed("the kernel answered a forged message")
            except CheckFailed:
                raise
            except Exception:
                pass
        finally:
            forger.stop_channels()
        content, _ = execute(kc, "forged")
        expect(content["status"] == "error", "the forged cell ran")
    finally:
        stop(km, kc)


def check_shutdown_and_restart():
    """shutdown_request ends the process at once (no kill after the grace period); restart works."""
    km, kc = start()
    try:
        execute(kc, "x = 1")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=30)
        content, _ = execute(kc, "x")
        expect(content["status"] == "error", "the variable survived a restart")
        proc = km.provisioner.process
        t0 = time.monotonic()
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        dt = time.monotonic() - t0
        expect(proc.poll() is not None, "the kernel still runs after shutdown")
        expect(dt < 3, f"shutdown took {dt:.1f} s (the kernel ignored shutdown_request?)")
        print(f"    shutdown in {dt*1000:.0f} ms")
    except Exception:
        km.shutdown_kernel(now=True)
        raise


def check_launcher_prebinds():
    """kernel.json runs sift-kernel-launch, which listens on the five ports before it execs
    sift-kernel (so clients never hit ZeroMQ's reconnect back-off); sift-kernel adopts them and
    serves; a port already taken still fails with ZeroMQ's own message."""
    from jupyter_client.connect import write_connection_file
    from jupyter_client.blocking import BlockingKernelClient
    with open(os.path.join(os.environ["JUPYTER_PATH"], "kernels", "sift", "kernel.json")) as f:
        argv = json.load(f)["argv"]
    expect(argv[0] == os.path.join(BIN, "sift-kernel-launch"), f"kernel.json runs {argv[0]}")
    conn, info = write_connection_file(os.path.join(SCRATCH, "launch.json"), key=b"secret")
    proc = subprocess.Popen([argv[0], conn], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and os.path.realpath(f"/proc/{proc.pid}/exe") != os.path.join(BIN, "sift-kernel"):
            time.sleep(0.005)
        with open(f"/proc/{proc.pid}/environ", "rb") as f:
            env = dict(kv.split(b"=", 1) for kv in f.read().split(b"\0") if b"=" in kv)
        handed = env.get(b"SIFT_KERNEL_LISTEN_FDS", b"").decode()
        fds = dict(pair.split("=") for pair in handed.split(",") if "=" in pair)
        expect(sorted(fds) == sorted(["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]),
               f"the launcher handed over {handed!r}")
        kc = BlockingKernelClient(connection_file=conn)
        kc.load_connection_file()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=30)
            for name, fd in fds.items():
                expect(os.readlink(f"/proc/{proc.pid}/fd/{fd}").startswith("socket:"), f"{name}: fd {fd} is not a socket in the kernel")
            reply = kc.execute_interactive("1 + 1", timeout=30)
            expect(reply["content"]["status"] == "ok", f"execute through adopted sockets: {reply['content']}")
            kc.shutdown()
            proc.wait(timeout=10)
        finally:
            kc.stop_channels()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # A port in use: nothing is pre-bound and sift-kernel reports the bind error itself.
    import socket as pysocket
    conn, info = write_connection_file(os.path.join(SCRATCH, "taken.json"), key=b"secret")
    taken = pysocket.socket()
    taken.setsockopt(pysocket.SOL_SOCKET, pysocket.SO_REUSEADDR, 1)
    taken.bind(("127.0.0.1", info["shell_port"]))
    taken.listen(1)
    try:
        r = subprocess.run([argv[0], conn], capture_output=True, text=True, timeout=30)
    finally:
        taken.close()
    expect(r.returncode != 0 and "Address already in use" in r.stderr, f"taken port: status {r.returncode}, {r.stderr.strip()}")
    print(f"    handed over {handed}")


def check_exits_when_parent_dies():
    """A kernel whose parent is killed exits by itself (JPY_PARENT_PID / re-parenting)."""
    from jupyter_client.connect import write_connection_file
    conn, _ = write_connection_file(os.path.join(SCRATCH, "orphan.json"), key=b"secret")
    kernel = os.path.join(BIN, "sift-kernel")
    parent = subprocess.Popen([sys.executable, "-c",
                               "import subprocess,sys; p=subprocess.Popen(sys.argv[1:]); print(p.pid, flush=True); p.wait()",
                               kernel, conn], stdout=subprocess.PIPE, text=True)
    pid = int(parent.stdout.readline())
    time.sleep(0.5)
    expect(os.path.exists(f"/proc/{pid}"), "the kernel did not start")
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(")")[-1].split()[0] == "Z":
                    break
        except FileNotFoundError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        raise CheckFailed("the orphaned kernel was still running 10 s after its parent died")


def notebook_copy(name):
    """A copy of a notebook in the scratch folder, beside a copy of the data folder."""
    folder = os.path.join(SCRATCH, "nb")
    if not os.path.exists(os.path.join(folder, "data")):
        shutil.copytree(DATA, os.path.join(folder, "data"))
    path = os.path.join(folder, name)
    markdown = os.path.join(REPO, "notebooks", name[:-len(".ipynb")] + ".md")
    if os.path.exists(markdown):
        shutil.copy(markdown, folder)
        r = subprocess.run([os.path.join(BIN, "sift"), "run", os.path.join(folder, os.path.basename(markdown)), "--format", "ipynb", "-o", path, "-q"],
                           capture_output=True, text=True, timeout=120)
        expect(r.returncode == 0, f"converting {name}: {r.stderr}")
        import nbformat
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            if c.cell_type == "code":
                c.outputs = []
                c.execution_count = None
        nbformat.write(nb, path)
    else:
        shutil.copy(os.path.join(REPO, "notebooks", name), path)
    return path


def outputs_of(nb):
    return [(o.get("output_type"), o) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def check_nbclient():
    """nbclient executes the example notebooks; tables, charts and streams land in the .ipynb."""
    import nbformat
    from nbclient import NotebookClient
    for name in ("kernel-tour.ipynb", "campaign.ipynb"):
        path = notebook_copy(name)
        nb = nbformat.read(path, as_version=4)
        t0 = time.monotonic()
        NotebookClient(nb, timeout=120, kernel_name="sift", resources={"metadata": {"path": os.path.dirname(path)}}).execute()
        dt = time.monotonic() - t0
        nbformat.validate(nb)
        outs = outputs_of(nb)
        kinds = {k for k, _ in outs}
        expect("error" not in kinds, f"{name}: an error output: {[o for k, o in outs if k == 'error'][:1]}")
        mimes = set().union(*[set(o.get("data", {})) for _, o in outs])
        expect({"text/html", "text/markdown", "image/svg+xml"} <= mimes, f"{name}: MIME types {mimes}")
        expect("stream" in kinds, f"{name}: no stream output")
        print(f"    {name}: {len(outs)} outputs in {dt:.2f} s")


def check_jupyter_execute():
    """`jupyter execute --output` runs the example notebooks from the command line."""
    import nbformat
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    for name in ("kernel-tour.ipynb", "campaign.ipynb"):
        path = notebook_copy(name)
        r = subprocess.run([jupyter, "execute", "--kernel_name=sift", "--output=executed-{notebook_name}", path],
                           capture_output=True, text=True, timeout=300)
        expect(r.returncode == 0, f"jupyter execute {name} failed:\n{r.stderr[-3000:]}")
        out = os.path.join(os.path.dirname(path), "executed-" + name[:-len(".ipynb")] + ".ipynb")
        nb = nbformat.read(out, as_version=4)
        outs = outputs_of(nb)
        expect(outs and all(k != "error" for k, _ in outs), f"{name}: outputs {[k for k, _ in outs]}")


def check_papermill():
    """papermill injects `-p region North` through python/sift_jupyter's translator; the typed
    parameter reaches the cells; a wrongly typed one fails the run."""
    import nbformat
    path = notebook_copy("kernel-tour.ipynb")
    out = os.path.join(SCRATCH, "nb", "papermill-out.ipynb")
    papermill = os.path.join(os.path.dirname(sys.executable), "papermill")
    r = subprocess.run([papermill, path, out, "-p", "region", "North", "-p", "min_visits", "2", "--cwd", os.path.dirname(path)],
                       capture_output=True, text=True, timeout=300)
    expect(r.returncode == 0, f"papermill failed:\n{r.stderr[-3000:]}")
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    expect(len(injected) == 1 and 'param region = "North"' in injected[0].source and "param min_visits = 2" in injected[0].source,
           f"injected cell: {[c.source for c in injected]}")
    text = "".join(o.get("text", "") for _, o in outputs_of(nb))
    expect("customers in scope for North" in text, f"the parameter did not reach the cells: {text[:500]}")
    r = subprocess.run([papermill, path, out, "-p", "min_visits", "many", "--cwd", os.path.dirname(path)],
                       capture_output=True, text=True, timeout=300)
    expect(r.returncode != 0 and "parameter min_visits must be an int" in (r.stderr + r.stdout),
           f"a wrongly typed parameter was accepted (status {r.returncode}):\n{r.stderr[-2000:]}")


CHECKS = [check_conformance, check_outputs_and_errors, check_parameters, check_long_cell_stays_responsive,
          check_native_work_keeps_heartbeat, check_signal_interrupt, check_abort_after_error, check_forged_messages_dropped, check_shutdown_and_restart,
          check_launcher_prebinds, check_exits_when_parent_dies, check_nbclient, check_jupyter_execute, check_papermill]


def main_in_venv(build_dir):
    global SCRATCH, BIN
    SCRATCH = tempfile.mkdtemp(prefix="sift-kernelcheck-")
    BIN = os.path.join(SCRATCH, "bin")
    os.makedirs(BIN)
    for exe in ("sift", "sift-kernel", "sift-kernel-launch"):
        src = os.path.join(build_dir, exe)
        if not os.path.exists(src):
            print(f"FAIL {src} is missing; run `swift build` first")
            print("0 passed, 1 failed")
            return 1
        shutil.copy2(src, os.path.join(BIN, exe))
    os.environ["SIFT_STDLIB"] = os.path.join(REPO, "stdlib")
    os.environ["SIFT_REPO"] = REPO
    prefix = os.path.join(SCRATCH, "prefix")
    for var, sub in (("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")):
        os.environ[var] = os.path.join(SCRATCH, sub)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    r = subprocess.run([os.path.join(BIN, "sift"), "kernel", "install", "--prefix", prefix], capture_output=True, text=True)
    spec = os.path.join(prefix, "share", "jupyter", "kernels", "sift")
    if r.returncode != 0 or not os.path.exists(os.path.join(spec, "kernel.json")):
        print(f"FAIL sift kernel install: {r.stderr}")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    only = os.environ.get("SIFT_KERNELCHECK_ONLY")
    for check in CHECKS:
        if only and only not in check.__name__:
            continue
        t0 = time.monotonic()
        try:
            check()
            passed += 1
            print(f"PASS {check.__name__} ({time.monotonic() - t0:.1f} s)")
        except Exception as e:
            failed += 1
            detail = str(e) if isinstance(e, CheckFailed) else traceback.format_exc()
            print(f"FAIL {check.__name__}: {detail}")
        sys.stdout.flush()
    shutil.rmtree(SCRATCH, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    build_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, ".build", "debug"))
    if os.environ.get(IN_VENV_FLAG) != "1":
        python = ensure_venv()
        env = dict(os.environ, **{IN_VENV_FLAG: "1"})
        sys.exit(subprocess.run([python, os.path.abspath(__file__), build_dir], env=env).returncode)
    sys.exit(main_in_venv(build_dir))
