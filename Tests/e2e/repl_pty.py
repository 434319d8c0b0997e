#!/usr/bin/env python3
"""End-to-end checks of the interactive `sift` REPL in a pseudo-terminal.

Usage: python3 Tests/e2e/repl_pty.py [path/to/sift]   (default: .build/debug/sift)

The binary is copied to a temporary folder first (other builds may relink it while this runs),
and every session gets its own XDG_STATE_HOME and HOME, so the user's history and ~/.editrc are
never touched. Each check prints PASS or FAIL with the tail of the terminal output; the last line
is `N passed, M failed` and the exit status is 0 only when nothing failed.

Python 3 standard library only.
"""

import errno
import fcntl
import math
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time
import traceback

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROMPT = "sift> "
CONTINUATION = "  ... "
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x07|\r")

# Set once in main(): the copied binary and a scratch folder removed at the end.
BINARY = None
SCRATCH = None


class CheckFailed(Exception):
    pass


class Session:
    """One `sift` process on a pty, with expect-style helpers over its (ANSI-stripped) output."""

    def __init__(self, state_dir, cols=200, rows=50, color=False):
        self.state_dir = state_dir
        self.raw = b""
        self.pos = 0          # search start in self.text for the next expect()
        self.status = None    # exit status once reaped
        env = {k: v for k, v in os.environ.items() if not k.startswith("SIFT_") and k not in ("NO_COLOR", "COLUMNS", "LINES")}
        env.update({
            "TERM": "xterm",
            "NO_COLOR": "1",
            "XDG_STATE_HOME": state_dir,
            "HOME": state_dir,          # no ~/.editrc, no real history
            "LC_ALL": "C.UTF-8",
        })
        # No SIFT_STDLIB: the stdlib is compiled into the binary, so this copy has it.
        if color:
            del env["NO_COLOR"]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.chdir(REPO)
                os.execve(BINARY, [BINARY], env)
            finally:
                os._exit(127)

    # -- output -------------------------------------------------------------------------

    @property
    def text(self):
        return ANSI.sub("", self.raw.decode("utf-8", "replace"))

    def _pump(self, timeout):
        """Reads whatever arrives within `timeout` seconds; False at end of output."""
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError as e:
            if e.errno == errno.EIO:  # the child closed the terminal
                return False
            raise
        if not data:
            return False
        self.raw += data
        return True

    def tail(self, n=1500):
        t = self.text
        return t[-n:] if len(t) > n else t

    def expect(self, pattern, timeout=10.0, what=None):
        """Waits until `pattern` (a regex or plain string) appears after the last match."""
        regex = re.compile(pattern if isinstance(pattern, re.Pattern) else re.escape(pattern))
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.text, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if not self._pump(min(left, 0.1)):
                m = regex.search(self.text, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                raise CheckFailed(f"sift exited before showing {what or regex.pattern!r}\n--- terminal output (tail) ---\n{self.tail()}")
        raise CheckFailed(f"timed out after {timeout:.0f}s waiting for {what or regex.pattern!r}\n--- terminal output (tail) ---\n{self.tail()}")

    def settle(self, quiet=0.3, limit=3.0):
        """Reads until the output has been quiet for `quiet` seconds."""
        deadline = time.monotonic() + limit
        before = len(self.raw)
        while time.monotonic() < deadline:
            if not self._pump(quiet):
                return
            if len(self.raw) == before:
                return
            before = len(self.raw)

    def skip_to_end(self):
        self.pos = len(self.text)

    # -- input --------------------------------------------------------------------------

    def wait_for_line_editor(self, timeout=10.0):
        """Waits until libedit has the terminal in raw mode, i.e. it is really reading keys.

        libedit prints the prompt first and switches the terminal to raw mode only just before
        its first read. Keys sent in between are echoed by the kernel, and a Ctrl-C sent then
        raises SIGINT while nothing is blocked in read(), so readline() never returns for it.
        A person cannot type that fast; a test can, so it waits. On Linux tcgetattr() on the
        master side reports the terminal's current (slave) modes.
        """
        deadline = time.monotonic() + timeout
        while termios.tcgetattr(self.fd)[3] & termios.ICANON:
            if time.monotonic() > deadline:
                raise CheckFailed(f"the line editor did not take the terminal within {timeout:.0f}s\n--- terminal output (tail) ---\n{self.tail()}")
            self._pump(0.005)

    def send(self, s, wait_ready=True):
        """Types `s`; by default only once the line editor is reading (see above)."""
        if wait_ready:
            self.wait_for_line_editor()
        data = s.encode("utf-8")
        while data:
            n = os.write(self.fd, data[:512])
            data = data[n:]
            if data:
                time.sleep(0.01)

    def line(self, s):
        """Types a line and presses Enter."""
        self.send(s + "\r")

    def run(self, s, timeout=15.0):
        """Types a line, waits for the next prompt, returns what was printed in between."""
        self.wait_for_line_editor()
        start = len(self.text)
        self.line(s)
        self.pos = start
        m = self.expect(PROMPT, timeout=timeout, what=f"the prompt after {s!r}")
        return self.text[start:m.start()]

    # -- process ------------------------------------------------------------------------

    def wait_exit(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = status
                self.settle(0.05, 0.5)
                return os.waitstatus_to_exitcode(status)
            self._pump(0.05)
        raise CheckFailed(f"sift did not exit within {timeout:.0f}s\n--- terminal output (tail) ---\n{self.tail()}")

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.status = -1
        try:
            os.close(self.fd)
        except OSError:
            pass


def fresh_state():
    return tempfile.mkdtemp(prefix="state-", dir=SCRATCH)


def start(state_dir=None, **options):
    s = Session(state_dir or fresh_state(), **options)
    s.expect(PROMPT, timeout=20, what="the first prompt")
    return s


def history_entries(state_dir):
    """The entries libedit wrote to the history file, decoded (`\\040` is a space)."""
    path = os.path.join(state_dir, "sift", "history")
    if not os.path.exists(path):
        return []
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8", "replace").splitlines()
    if lines and lines[0].startswith("_HiStOrY_V2_"):
        lines = lines[1:]
    return [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), l) for l in lines]


def check(cond, message, session=None):
    if not cond:
        extra = f"\n--- terminal output (tail) ---\n{session.tail()}" if session else ""
        raise CheckFailed(message + extra)


LOAD = 'c = read_csv("notebooks/data/customers.csv")'

# ---------------------------------------------------------------------------------------------
# checks


def test_tab_completes_a_column():
    """(a) `c |> filter(reve` + TAB completes to `revenue` on the line."""
    state = fresh_state()
    s = start(state)
    try:
        out = s.run(LOAD)
        check("10,000 rows" in out, f"loading the customers failed: {out!r}", s)
        s.skip_to_end()
        s.send("c |> filter(reve")
        s.expect("reve", what="the echo of the typed text")
        s.send("\t")
        # libedit inserts the missing letters (it may or may not redraw the whole word).
        s.expect("nue", timeout=5, what="the completion of 'reve' to 'revenue'")
        s.settle()
        # Finish the line: it only runs if the word on the line really is `revenue`.
        start_at = len(s.text)
        s.line("> 1000) |> summarize(n = count())")
        s.pos = start_at
        m = s.expect(PROMPT, what="the prompt after the completed entry")
        out = s.text[start_at:m.start()]
        check("error" not in out, f"the completed line failed to run:\n{out}", s)
        check(re.search(r"\bn\b", out) and re.search(r"\d+", out), f"no count table after the completed line:\n{out}", s)
        hist = history_entries(state)
        check(any("filter(revenue" in h for h in hist),
              f"the history does not hold a line with 'filter(revenue': {hist!r}", s)
    finally:
        s.close()


def test_multi_line_pipeline():
    """(b) a pipeline typed over three lines prints its table."""
    s = start()
    try:
        s.run(LOAD)
        s.skip_to_end()
        s.line("c |>")
        s.expect(CONTINUATION, what="the continuation prompt after 'c |>'")
        s.line("  group_by(region) |>")
        s.expect(CONTINUATION, what="the continuation prompt after '  group_by(region) |>'")
        start_at = len(s.text)
        s.line("  summarize(n = count())")
        m = s.expect(PROMPT, what="the prompt after the pipeline")
        out = s.text[start_at:m.start()]
        for word in ["region", "North", "South", "East", "West", "Central", "5 rows"]:
            check(word in out, f"{word!r} missing from the pipeline's output:\n{out}", s)
        check("error" not in out, f"the pipeline reported an error:\n{out}", s)
    finally:
        s.close()


def _seconds(value, unit):
    return float(value) * {"µs": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def test_ctrl_c_interrupts_an_evaluation():
    """(c) Ctrl-C stops a long evaluation, reports it, and the session goes on unchanged."""
    s = start()
    try:
        s.run("x = 41")
        out = s.run("fn spin(n) = if n == 0 then 0 else spin(n - 1)")
        check("defined spin" in out, f"defining spin failed: {out!r}", s)
        out = s.run(":time spin(1500)", timeout=60)
        m = re.search(r"time: ([0-9.]+) (µs|ms|s)", out)
        check(m, f"no time reported by :time: {out!r}", s)
        one = max(_seconds(m.group(1), m.group(2)), 1e-4)
        # Enough calls for ~8 s of work (at most 2000 terms, so fast builds stay reasonable).
        terms = max(20, min(2000, math.ceil(8.0 / one)))
        expected = terms * one
        s.skip_to_end()
        # An assignment, so the check below also shows x was left as it was.
        s.line("x = " + " + ".join(["spin(1500)"] * terms))
        time.sleep(min(1.5, expected / 4))  # let it get going
        s.settle(0.2, 1.0)
        s.skip_to_end()
        t0 = time.monotonic()
        s.send("\x03", wait_ready=False)  # the terminal is in cooked mode while evaluating
        s.expect("interrupted", timeout=max(10.0, expected), what="the 'interrupted' report after Ctrl-C")
        took = time.monotonic() - t0
        s.expect(PROMPT, timeout=10, what="the prompt after the interruption")
        check(took < max(3.0, expected / 2),
              f"Ctrl-C took {took:.1f}s to stop an evaluation of ~{expected:.1f}s: it ran to the end", s)
        out = s.run("x + 1")
        check(re.search(r"(^|\n)42\n", out), f"x + 1 should print 42 (x untouched by the interrupted entry), got {out!r}", s)
        # Ctrl-C at an empty prompt or while typing keeps the session too.
        s.send("y = 1 +")
        s.expect("y = 1 +", what="the echo of a half-typed line")
        s.send("\x03")
        s.expect(PROMPT, timeout=5, what="a fresh prompt after Ctrl-C while typing")
        out = s.run("x * 2")
        check(re.search(r"(^|\n)82\n", out), f"x * 2 after Ctrl-C while typing should print 82, got {out!r}", s)
    finally:
        s.close()


def test_history_survives_the_session():
    """(d) after Ctrl-D, a new session recalls the last entry with arrow-up; Enter re-runs it."""
    state = fresh_state()
    s = start(state)
    try:
        s.run("1 + 1")
        out = s.run('print("recall" + "-ok")')
        check("recall-ok" in out, f"the first session did not print recall-ok: {out!r}", s)
        s.skip_to_end()
        s.send("\x04")
        code = s.wait_exit()
        check(code == 0, f"Ctrl-D should exit with status 0, got {code}", s)
    finally:
        s.close()
    hist = history_entries(state)
    check(hist and hist[-1] == 'print("recall" + "-ok")', f"unexpected history file contents: {hist!r}")
    s = start(state)
    try:
        s.skip_to_end()
        s.send("\x1b[A")
        s.expect('print("recall" + "-ok")', timeout=5, what="the recalled entry on the line after arrow-up")
        start_at = len(s.text)
        s.send("\r")
        s.pos = start_at
        m = s.expect(PROMPT, what="the prompt after re-running the recalled entry")
        out = s.text[start_at:m.start()]
        check("recall-ok" in out, f"Enter on the recalled entry should print recall-ok, got {out!r}", s)
        s.skip_to_end()
        s.send("\x04")
        code = s.wait_exit()
        check(code == 0, f"the second session should exit with status 0, got {code}", s)
    finally:
        s.close()


def test_errors_are_reported_and_the_session_continues():
    """A syntax error and a runtime error are reported; neither ends the session."""
    s = start()
    try:
        out = s.run("1 + * 2")
        check("syntax error" in out, f"expected a syntax error for '1 + * 2', got {out!r}", s)
        s.run(LOAD)
        out = s.run("c |> filter(revnue > 1)")
        check("did you mean 'revenue'" in out, f"expected a suggestion for 'revnue', got {out!r}", s)
        out = s.run("2 * 21")
        check(re.search(r"(^|\n)42\n", out), f"the session should go on after errors, got {out!r}", s)
    finally:
        s.close()


def test_meta_commands():
    """`:help filter`, `:schema c`, and `:quit` exits cleanly."""
    s = start()
    try:
        out = s.run(":help filter")
        check("filter(frame, conditions" in out and "example:" in out, f":help filter output: {out!r}", s)
        s.run(LOAD)
        out = s.run(":schema c")
        check("revenue" in out and "float" in out, f":schema c output: {out!r}", s)
        out = s.run(":time 40 + 2")
        # Lines that are the value alone: the duration may contain the digits too ("429 µs").
        check([l.strip() for l in out.splitlines()].count("42") == 1, f":time should show the value once, got {out!r}", s)
        s.skip_to_end()
        s.line(":quit")
        code = s.wait_exit()
        check(code == 0, f":quit should exit with status 0, got {code}", s)
    finally:
        s.close()


def test_tab_completes_meta_commands_and_paths():
    """TAB completes `:he` to `:help`, function names after `:help`, and file paths in strings."""
    state = fresh_state()
    s = start(state)
    try:
        s.skip_to_end()
        s.send(":he")
        s.settle()
        s.send("\t")
        s.settle()
        s.send("read_c")
        s.settle()
        s.send("\t")
        s.settle()
        start_at = len(s.text)
        s.send("\r")
        s.pos = start_at
        m = s.expect(PROMPT, what="the prompt after the completed :help entry")
        out = s.text[start_at:m.start()]
        hist = history_entries(state)
        check(hist and hist[-1].rstrip() == ":help read_csv", f"TAB did not complete ':he' + 'read_c' to ':help read_csv'; history: {hist!r}", s)
        check("read_csv(path" in out, f":help read_csv did not show the signature: {out!r}", s)

        s.skip_to_end()
        s.send('d = read_csv("notebooks/da')
        s.settle()
        s.send("\t")
        s.settle()
        s.send("cust")
        s.settle()
        s.send("\t")
        s.settle()
        start_at = len(s.text)
        s.line('")')
        s.pos = start_at
        m = s.expect(PROMPT, what="the prompt after the completed path")
        out = s.text[start_at:m.start()]
        hist = history_entries(state)
        check(hist and hist[-1] == 'd = read_csv("notebooks/data/customers.csv")',
              f"TAB did not complete the path to notebooks/data/customers.csv; history: {hist!r}", s)
        check("10,000 rows" in out, f"reading the completed path failed: {out!r}", s)
    finally:
        s.close()


def test_unicode_input():
    """Non-ASCII text can be typed, and TAB still completes after it on the same line."""
    state = fresh_state()
    s = start(state)
    try:
        s.run('place = "Zürich ✓ 数据"')
        out = s.run('print(place + "!")')
        check("Zürich ✓ 数据!" in out, f"non-ASCII input was mangled: {out!r}", s)
        s.run(LOAD)
        s.skip_to_end()
        s.send('c |> filter(comment != "café" and reve')
        s.settle()
        s.send("\t")
        s.settle()
        start_at = len(s.text)
        s.line("> 900) |> summarize(n = count())")
        s.pos = start_at
        m = s.expect(PROMPT, what="the prompt after the completed line")
        out = s.text[start_at:m.start()]
        hist = history_entries(state)
        check(hist and "and revenue" in hist[-1],
              f"TAB after non-ASCII text did not complete 'reve' to 'revenue'; history: {hist!r}", s)
        check("error" not in out, f"the completed line failed: {out!r}", s)
    finally:
        s.close()


def test_multi_line_entry_is_one_history_entry():
    """A multi-line entry comes back whole with arrow-up and runs again."""
    state = fresh_state()
    s = start(state)
    try:
        s.skip_to_end()
        s.line("[1,")
        s.expect(CONTINUATION, what="the continuation prompt after '[1,'")
        s.line(" 2] |> len()")
        s.expect(PROMPT, what="the prompt after the two-line entry")
        hist = history_entries(state)
        check(hist and hist[-1] == "[1,\n 2] |> len()", f"the two-line entry is not one history entry: {hist!r}", s)
        s.skip_to_end()
        s.send("\x1b[A")
        s.settle()
        start_at = len(s.text)
        s.send("\r")
        s.pos = start_at
        m = s.expect(PROMPT, what="the prompt after re-running the recalled entry")
        out = s.text[start_at:m.start()]
        check(re.search(r"(^|\n)2\n", out), f"the recalled two-line entry should print 2, got {out!r}", s)
    finally:
        s.close()


def test_third_ctrl_c_quits_work_that_cannot_be_interrupted():
    """(c') native work that never checks for Ctrl-C: the second press warns, the third quits
    with status 130, and the history written so far survives."""
    state = fresh_state()
    s = start(state)
    try:
        s.run("x = 1")
        s.skip_to_end()
        # A debug-build builtin that spins in native code without checking for Ctrl-C, standing
        # in for work like gathering 100 million rows.
        s.line("_busy_native(60)")
        time.sleep(1.0)
        s.send("\x03", wait_ready=False)
        time.sleep(0.5)
        s.send("\x03", wait_ready=False)
        s.expect("cannot be interrupted", timeout=10, what="the warning after the second Ctrl-C")
        s.send("\x03", wait_ready=False)
        code = s.wait_exit(timeout=10)
        check(code == 130, f"exit status {code}, expected 130", s)
        check(any("_busy_native(60)" in e for e in history_entries(state)),
              f"the entry is in the history: {history_entries(state)!r}", s)
    finally:
        s.close()


CHECKS = [
    test_tab_completes_a_column,
    test_multi_line_pipeline,
    test_ctrl_c_interrupts_an_evaluation,
    test_third_ctrl_c_quits_work_that_cannot_be_interrupted,
    test_history_survives_the_session,
    test_errors_are_reported_and_the_session_continues,
    test_meta_commands,
    test_tab_completes_meta_commands_and_paths,
    test_unicode_input,
    test_multi_line_entry_is_one_history_entry,
]


def sift_cli(args, cwd):
    """Runs the copied binary non-interactively; (status, stdout + stderr)."""
    import subprocess
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIFT_")}
    p = subprocess.run([BINARY] + args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def test_save_writes_a_notebook_that_runs_where_it_was_saved():
    """:save writes no colour codes, charts as files, and a notebook `sift test` passes from any folder."""
    s = start(color=True)
    folder = tempfile.mkdtemp(prefix="saved-", dir=SCRATCH)
    path = os.path.join(folder, "session.md")
    try:
        s.run(LOAD)
        out = s.run('c |> group_by(region) |> summarize(n = count())')
        check("\x1b[" in s.raw.decode("utf-8", "replace"), "the shell was expected to use colour here", s)
        s.run('print("total", nrow(c))')
        s.run('c |> bar(x: region, y: revenue)')
        out = s.run(f":save {path}")
        check("saved 4 entries" in out, f":save said {out!r}", s)
        s.line(":quit")
        s.wait_exit()
    finally:
        s.close()
    text = open(path, encoding="utf-8").read()
    check("\x1b" not in text, f"colour codes in the saved notebook:\n{text[:800]}")
    check(text.startswith("<!-- sift:report "), f"no recorded folder on the first line:\n{text[:300]}")
    check("| region |" in text and "![" in text, f"tables should be Markdown and charts images:\n{text[:1500]}")
    check("10,000 rows" not in text, "assignment summaries are shell-only, not notebook output")
    status, out = sift_cli(["test", path], cwd="/")
    check(status == 0 and "all outputs match" in out, f"sift test on the saved session from / exited {status}:\n{out}")


CHECKS.append(test_save_writes_a_notebook_that_runs_where_it_was_saved)


def test_bracketed_paste_is_one_entry():
    """A bracketed paste of a pipeline whose lines start with |> runs as one entry at the next Enter."""
    state = fresh_state()
    s = start(state)
    try:
        s.run(LOAD)
        expected = s.run("nrow(c |> filter(visits > 5))").strip().splitlines()[-1]
        check(expected.isdigit(), f"could not count: {expected!r}", s)
        s.wait_for_line_editor()
        start_at = len(s.text)
        s.send("\x1b[200~c\r  |> filter(visits > 5)\r  |> nrow()\r\x1b[201~")
        time.sleep(0.5)
        check("error" not in s.text[start_at:], f"the pasted lines were run one by one:\n{s.text[start_at:]}", s)
        s.line("")
        s.pos = len(s.text)
        s.expect(PROMPT, what="the prompt after the paste")
        after = s.text[start_at:]
        check(after.count(expected) == 1 and "error" not in after, f"the pasted pipeline should print {expected} once:\n{after}", s)
        entries = history_entries(state)
        check(any("|> nrow()" in e and e.startswith("c") for e in entries), f"the paste is one history entry: {entries!r}", s)
        s.line(":quit")
        s.wait_exit()
    finally:
        s.close()


def test_pipe_line_continues_the_previous_entry():
    """A line starting with |> continues the previous expression or assignment, without re-running it."""
    s = start()
    try:
        out = s.run("|> nrow()")
        check("none to continue" in out, f"with no previous entry it is an error: {out!r}", s)
        expected = s.run("nrow(read_csv(\"notebooks/data/customers.csv\") |> filter(visits > 5))").strip().splitlines()[-1]
        s.run(LOAD)
        out = s.run("  |> filter(visits > 5)")
        check("rows" in out and "error" not in out, f"the assignment should continue: {out!r}", s)
        got = s.run("nrow(c)").strip().splitlines()[-1]
        check(got == expected, f"c should now be filtered: {got!r} vs {expected!r}", s)
        s.run("c |> head(3)")
        s.run("|> head(2)")
        out = s.run("|> nrow()").strip().splitlines()[-1]
        check(out == "2", f"a bare expression continues, and the combined entry again: {out!r}", s)
        s.run("fn f(x) = x")
        out = s.run("|> nrow()")
        check("none to continue" in out, f"a definition cannot be continued: {out!r}", s)
        s.line(":quit")
        s.wait_exit()
    finally:
        s.close()


def test_table_width_follows_a_resized_terminal():
    """After SIGWINCH the next table fits the new width."""
    s = start()
    try:
        s.run(LOAD)
        wide = s.run("c |> head(3)")
        check(max(len(l) for l in wide.splitlines()) > 70, f"at 200 columns the table should be wide:\n{wide}", s)
        fcntl.ioctl(s.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 60, 0, 0))
        os.kill(s.pid, signal.SIGWINCH)
        time.sleep(0.2)
        narrow = s.run("c |> head(3)")
        # The table's lines (the footer naming hidden columns is a sentence, not a table row).
        longest = max(len(l) for l in narrow.splitlines()[1:] if "more not shown" not in l)
        check(longest <= 60, f"after resizing to 60 columns a line is {longest} wide:\n{narrow}", s)
        check("more not shown" in narrow, f"hidden columns are named:\n{narrow}", s)
    finally:
        s.close()


def test_display_options():
    """set_option("display.max_rows"/"display.max_columns") shapes tables; max_rows is refused with both meanings."""
    s = start()
    try:
        s.run(LOAD)
        s.run('set_option("display.max_rows", 4)')
        out = s.run("c")
        rows = [l for l in out.splitlines() if re.match(r"\s*\d+\s+\d{4}-", l)]
        check(len(rows) == 4, f"4 rows shown, got {len(rows)}:\n{out}", s)
        s.run('set_option("display.max_columns", 2)')
        out = s.run("c |> head(2)")
        check("9 more not shown" in out, f"2 columns shown:\n{out}", s)
        out = s.run('set_option("max_rows", 5)')
        check("display.max_rows" in out and "max_result_rows" in out, f"the old name explains both options: {out!r}", s)
    finally:
        s.close()


CHECKS += [test_bracketed_paste_is_one_entry, test_pipe_line_continues_the_previous_entry,
           test_table_width_follows_a_resized_terminal, test_display_options]


def main(argv):
    global BINARY, SCRATCH
    source = argv[1] if len(argv) > 1 else os.path.join(REPO, ".build", "debug", "sift")
    if not os.path.isfile(source):
        print(f"error: no sift binary at {source} (build it with `swift build`)", file=sys.stderr)
        return 2
    SCRATCH = tempfile.mkdtemp(prefix="sift-repl-e2e-")
    try:
        BINARY = os.path.join(SCRATCH, "sift")
        shutil.copy2(source, BINARY)
        passed = failed = 0
        only = os.environ.get("REPL_E2E_ONLY")
        for fn in CHECKS:
            if only and only not in fn.__name__:
                continue
            t0 = time.monotonic()
            try:
                fn()
            except CheckFailed as e:
                failed += 1
                print(f"FAIL {fn.__name__} ({time.monotonic() - t0:.1f}s): {fn.__doc__.strip()}\n  {str(e).replace(chr(10), chr(10) + '  ')}")
            except Exception:
                failed += 1
                print(f"FAIL {fn.__name__}: unexpected exception\n{traceback.format_exc()}")
            else:
                passed += 1
                print(f"PASS {fn.__name__} ({time.monotonic() - t0:.1f}s)")
            sys.stdout.flush()
        print(f"{passed} passed, {failed} failed")
        return 0 if failed == 0 else 1
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
