#!/usr/bin/env python3
"""Side-by-side data-frame benchmark: Sift vs pandas / polars / duckdb, in one run, on one data set.

Usage (from the repo root, after `bash bench/setup.sh && swift build -c release`):
    python3 bench/frame_bench.py [--sift .build/release/sift] [--repeat 5] [--engines pandas,polars,duckdb]
                                 [--tasks load,filter_groupby,sort_top10,join_agg,describe]
                                 [--no-wait] [--skip-peers | --peers-jsonl FILE] [--skip-sift] [--out-dir DIR]

What it does:
  1. peers: runs ../shared/bench/peers.py once per engine (in bench/.venv) with --out <jsonl>;
  2. Sift: generates a Sift script that times every task in-process with `timeit(EXPR, repeat: N)`
     and prints `task=NAME MIN MEDIAN`, runs the Sift binary on it (if a task fails, the remaining
     tasks are run in a fresh process, so one unimplemented verb does not lose every number);
  3. prints a Markdown table of medians and Sift/peer ratios (>1 = Sift slower);
  4. peak RSS of a process that only loads the CSV (Sift and each peer) vs the CSV size on disk;
  5. the answers' check values: peers.py's `check` fields next to Sift's printed results.
Plain Python 3 standard library; the peers run in the venv's interpreter.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
PEERS = os.path.join(SHARED, "peers.py")
VENV_PY = os.path.join(ROOT, "bench", ".venv", "bin", "python")
DEFAULT_DATA = "bench/bench-data/marketing_1m.csv"
TASKS = ["load", "filter_groupby", "sort_top10", "join_agg", "describe"]
ENGINES = ["pandas", "polars", "duckdb"]

# The peer variant shown in the main table (peers.py records several per task); the most direct
# equivalent of the Sift expression.  Unlisted -> the first variant recorded.  All variants are
# listed in the detail table.
CANONICAL = {
    ("load", "pandas"): "read_csv (C engine)",
    ("load", "polars"): "read_csv",
    ("load", "duckdb"): "CREATE TABLE AS read_csv_auto",
    ("filter_groupby", "pandas"): "boolean mask + groupby.agg",
    ("filter_groupby", "polars"): "eager filter + group_by.agg",
    ("filter_groupby", "duckdb"): "SQL on table",
    ("sort_top10", "pandas"): "sort_values + head(10)",
    ("sort_top10", "polars"): "sort + head(10)",
    ("sort_top10", "duckdb"): "ORDER BY DESC LIMIT 10",
    ("join_agg", "pandas"): "merge + groupby.agg",
    ("join_agg", "polars"): "eager join + group_by.agg",
    ("join_agg", "duckdb"): "SQL JOIN + GROUP BY",
    ("describe", "pandas"): "df.describe() numeric cols",
    ("describe", "polars"): "df.describe() all cols",
    ("describe", "duckdb"): "exact describe() via SQL aggregates",
}

# Sift expressions, one line each (bare names inside verbs are columns).  They mirror peers.py:
#   filter_groupby: revenue > 500, group by region, channel -> count, sum(revenue), mean(spend)
#   sort_top10:     sort by revenue descending, first 10 rows
#   join_agg:       inner join regions.csv on region, group by region/manager/target ->
#                   count, sum(revenue), attainment = sum(revenue)/target, sorted by attainment desc
#   describe:       describe()-style summary statistics
FG = ("df |> filter(revenue > 500) |> group_by(region, channel) "
      "|> summarize(n = count(), sum_revenue = sum(revenue), mean_spend = mean(spend))")
TOP = "df |> sort(-revenue) |> head(10)"
JA = ('df |> join(regions, on: region, how: "inner") |> group_by(region, manager, target) '
      "|> summarize(n = count(), sum_revenue = sum(revenue)) "
      "|> mutate(attainment = sum_revenue / target) |> sort(-attainment)")
DESCRIBE = "describe(df)"
SIFT_EXPR = {"filter_groupby": FG, "sort_top10": TOP, "join_agg": JA, "describe": DESCRIBE}


def sift_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sift_timing_script(tasks, data, regions, repeat):
    """One Sift script timing `tasks` (in order) in-process; prints `task=NAME MIN MEDIAN` per task."""
    lines = []
    if "load" in tasks:
        lines.append(f"t = timeit(read_csv({sift_str(data)}), repeat: {repeat})")
        lines.append('print("task=load", t.min, t.median)')
    rest = [t for t in tasks if t != "load"]
    if rest:
        lines.append(f"df = read_csv({sift_str(data)})")
        if "join_agg" in rest:
            lines.append(f"regions = read_csv({sift_str(regions)})")
        for t in rest:
            lines.append(f"t = timeit({SIFT_EXPR[t]}, repeat: {repeat})")
            lines.append(f'print("task={t}", t.min, t.median)')
    return "\n".join(lines) + "\n"


def sift_check_script(tasks, data, regions):
    """Prints each task's answer once (plus a one-row summary matching peers.py's check fields)."""
    L = [f"df = read_csv({sift_str(data)})", f"regions = read_csv({sift_str(regions)})"]
    if "load" in tasks:
        L += ['print("check=load")', "print(df |> summarize(rows = count()))"]
    if "filter_groupby" in tasks:
        L += ['print("check=filter_groupby")', f"g = {FG}", "print(g)",
              "print(g |> summarize(groups = count(), rows = sum(n), sum_revenue = sum(sum_revenue)))"]
    if "sort_top10" in tasks:
        L += ['print("check=sort_top10")', f"print({TOP})"]
    if "join_agg" in tasks:
        L += ['print("check=join_agg")', f"j = {JA}", "print(j)",
              "print(j |> summarize(rows = sum(n)))"]
    if "describe" in tasks:
        L += ['print("check=describe")', f"print({DESCRIBE})"]
    return "\n".join(L) + "\n"


TASK_LINE = re.compile(r"^task=(\w+)\s+(\S+)\s+(\S+)\s*$")


def _num(s):
    try:
        return float(s.rstrip("s,"))
    except ValueError:
        return None


def run_sift(sift, tasks, data, regions, repeat, workdir, timeout):
    """Returns ({task: (min, median)}, {task: error text}).  Resumes after a failing task."""
    results, errors = {}, {}
    todo = list(tasks)
    part = 0
    while todo:
        part += 1
        script = os.path.join(workdir, f"sift_tasks_{part}.sift")
        with open(script, "w") as f:
            f.write(sift_timing_script(todo, data, regions, repeat))
        print(f"[sift] {sift} {script}  ({', '.join(todo)})", flush=True)
        t0 = time.perf_counter()
        try:
            p = subprocess.run([sift, script], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
            out, err, rc = p.stdout, p.stderr, p.returncode
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            err, rc = f"timed out after {timeout} s", "timeout"
        print(f"[sift] exit {rc} after {time.perf_counter() - t0:.1f} s", flush=True)
        for line in out.splitlines():
            m = TASK_LINE.match(line.strip())
            if m and m.group(1) in todo:
                mn, md = _num(m.group(2)), _num(m.group(3))
                if md is not None:
                    results[m.group(1)] = (mn, md)
                    print(f"[sift] {m.group(1):15s} median {md:8.4f}s  min {mn if mn is not None else float('nan'):8.4f}s",
                          flush=True)
                else:
                    errors[m.group(1)] = f"unparsable line: {line.strip()}"
        pending = [t for t in todo if t not in results and t not in errors]
        if not pending:
            break
        if rc == 0:  # finished but printed nothing for these tasks
            for t in pending:
                errors[t] = "no task= line printed; stdout tail: " + " | ".join(out.strip().splitlines()[-3:])
            break
        failed = pending[0]  # tasks run in order: the first one without a line is the one that failed
        errors[failed] = (err.strip() or out.strip() or f"exit {rc}")[-600:]
        print(f"[sift] task {failed} failed: {errors[failed]}", flush=True)
        todo = pending[1:]
    return results, errors


def run_sift_checks(sift, tasks, data, regions, workdir, timeout):
    script = os.path.join(workdir, "sift_checks.sift")
    with open(script, "w") as f:
        f.write(sift_check_script(tasks, data, regions))
    try:
        p = subprocess.run([sift, script], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        text = p.stdout + (f"\n[stderr, exit {p.returncode}]\n{p.stderr}" if p.returncode else "")
    except subprocess.TimeoutExpired:
        text = f"[timed out after {timeout} s]"
    return script, text


def run_peers(engines, tasks, data, repeat, out, no_wait, py):
    """peers.py once per engine, appending JSON lines to `out`."""
    for e in engines:
        args = ["--engine", e, "--task", ",".join(tasks), "--data", data, "--repeat", str(repeat), "--out", out]
        if no_wait:  # same script, with its wait-for-a-quiet-machine step disabled
            code = ("import sys; sys.path.insert(0, sys.argv[1]); import peers; "
                    "peers.wait_quiet = lambda *a, **k: None; sys.argv = [peers.__file__] + sys.argv[2:]; peers.main()")
            cmd = [py, "-c", code, SHARED] + args
        else:
            cmd = [py, PEERS] + args
        print(f"[peers] {e}: peers.py {' '.join(args)}{'  (no wait_quiet)' if no_wait else ''}", flush=True)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT)
        print(f"[peers] {e}: exit {p.returncode} after {time.perf_counter() - t0:.1f} s", flush=True)


def load_peers(path):
    rows = []
    if path and os.path.exists(path):
        with open(path) as f:
            rows = [json.loads(l) for l in f if l.strip()]
    best = {}
    for r in rows:
        key = (r["task"], r["engine"])
        want = CANONICAL.get(key)
        if key not in best or (want is not None and r["variant"] == want and best[key]["variant"] != want):
            best[key] = r
    return rows, best


def fmt_s(x):
    return "n/a" if x is None else f"{x:.4f} s"


def fmt_ratio(a, b):
    return "n/a" if a is None or b is None or b <= 0 else f"{a / b:.2f}x"


def main_table(tasks, engines, sift, peers):
    hdr = ["task", "sift median"] + engines + [f"sift/{e}" for e in engines]
    print("| " + " | ".join(hdr) + " |")
    print("|---|" + "---:|" * (len(hdr) - 1))
    for t in tasks:
        s = sift.get(t, (None, None))[1]
        pm = [peers[(t, e)]["median"] if (t, e) in peers else None for e in engines]
        cells = [t, fmt_s(s)] + [fmt_s(x) for x in pm] + [fmt_ratio(s, x) for x in pm]
        print("| " + " | ".join(cells) + " |")


def detail_table(rows, tasks):
    order = {t: i for i, t in enumerate(tasks)}
    rows = sorted((r for r in rows if r["task"] in order), key=lambda r: (order[r["task"]], r["engine"], r["median"]))
    print("| task | engine | variant | median s | min s | runs | discarded | in main table |")
    print("|---|---|---|---:|---:|---:|---:|---|")
    for r in rows:
        mark = "yes" if CANONICAL.get((r["task"], r["engine"])) == r["variant"] else ""
        print(f"| {r['task']} | {r['engine']} | {r['variant']} | {r['median']:.4f} | {r['min']:.4f} | {r['n']} | "
              f"{r.get('discarded', 0)} | {mark} |")


# ----------------------------------------------------------------------------------- peak RSS
def peak_rss_kb(cmd):
    """Peak RSS (KiB) of one process: GNU time if installed, else getrusage in a fresh wrapper."""
    if os.path.exists("/usr/bin/time"):
        p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=ROOT, capture_output=True, text=True)
        m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", p.stderr)
        return (int(m.group(1)) if m else None), p.returncode, p.stderr[-400:]
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    p = subprocess.run([sys.executable, "-c", wrapper] + cmd, cwd=ROOT, capture_output=True, text=True)
    last = p.stdout.strip().splitlines()[-1:] or [""]
    return (int(last[0]) if last[0].isdigit() else None), p.returncode, p.stderr[-400:]


def rss_section(sift, data, engines, py, workdir, skip_peers):
    size = os.path.getsize(os.path.join(ROOT, data))
    print(f"\nCSV on disk: {data} = {size / 1e6:.1f} MB\n")
    print("| process (load CSV only, then exit) | peak RSS | RSS / CSV size |")
    print("|---|---:|---:|")
    procs = []
    if sift:
        script = os.path.join(workdir, "sift_load_only.sift")
        with open(script, "w") as f:
            f.write(f"df = read_csv({sift_str(data)})\nprint(\"loaded\")\n")
        procs.append(("sift", [sift, script]))
    if not skip_peers:
        procs += [(e, [py, PEERS, "--rss-load", e, "--data", data]) for e in engines]
    for name, cmd in procs:
        kb, rc, err = peak_rss_kb(cmd)
        if kb is None or rc != 0:
            print(f"| {name} | n/a (exit {rc}: {err.strip().splitlines()[-1:] or ''}) | n/a |")
        else:
            print(f"| {name} | {kb * 1024 / 1e6:.0f} MB | {kb * 1024 / size:.2f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sift", default=".build/release/sift", help="Sift binary (relative to the repo root)")
    ap.add_argument("--data", default=DEFAULT_DATA, help="CSV, relative to the repo root")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--tasks", default=",".join(TASKS))
    ap.add_argument("--python", default=VENV_PY, help="interpreter with the peer engines")
    ap.add_argument("--no-wait", action="store_true",
                    help="disable peers.py's wait-for-a-quiet-machine step (use when something else is running)")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--peers-jsonl", default=None, help="reuse peer results from an earlier run instead of running them")
    ap.add_argument("--skip-sift", action="store_true")
    ap.add_argument("--no-checks", action="store_true", help="do not run the Sift answer-check script")
    ap.add_argument("--no-rss", action="store_true")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per Sift process")
    ap.add_argument("--out-dir", default=None, help="keep scripts and raw results here (default: a temp dir)")
    a = ap.parse_args()

    os.chdir(ROOT)
    tasks = [t for t in a.tasks.split(",") if t]
    engines = [e for e in a.engines.split(",") if e]
    bad = [t for t in tasks if t not in TASKS] + [e for e in engines if e not in ENGINES]
    if bad:
        sys.exit(f"unknown task/engine: {bad}; tasks: {TASKS}; engines: {ENGINES}")
    data = a.data
    regions = os.path.join(os.path.dirname(data), "regions.csv")
    if not os.path.exists(os.path.join(ROOT, data)):
        sys.exit(f"{data} not found: run `bash bench/setup.sh` first")
    workdir = a.out_dir or tempfile.mkdtemp(prefix="sift-frame-bench-")
    os.makedirs(workdir, exist_ok=True)
    print(f"[bench] repo {ROOT}; data {data}; repeat {a.repeat}; raw files in {workdir}", flush=True)

    # ---- peers
    skip_peers = a.skip_peers
    peers_out = a.peers_jsonl
    if not skip_peers and not peers_out:
        if not os.path.exists(PEERS):
            print(f"[peers] {PEERS} not found (../shared/bench beside the repo root): peer columns show n/a")
            skip_peers = True
        elif not os.path.exists(a.python):
            print(f"[peers] {a.python} not found: run `bash bench/setup.sh` first; peer columns show n/a")
            skip_peers = True
        else:
            peers_out = os.path.join(workdir, "peers.jsonl")
            if os.path.exists(peers_out):
                os.remove(peers_out)
            run_peers(engines, tasks, data, a.repeat, peers_out, a.no_wait, a.python)
    rows, best = load_peers(None if skip_peers and not a.peers_jsonl else peers_out)

    # ---- sift
    sift = None if a.skip_sift else (a.sift if os.path.isabs(a.sift) else os.path.join(ROOT, a.sift))
    sift_res, sift_err = {}, {}
    if sift and not (os.path.isfile(sift) and os.access(sift, os.X_OK)):
        print(f"[sift] binary not found at {sift}: build it with `swift build -c release` (or pass --sift PATH); "
              "Sift columns show n/a", flush=True)
        sift = None
    if sift:
        sift_res, sift_err = run_sift(sift, tasks, data, regions, a.repeat, workdir, a.timeout)

    # ---- report
    print(f"\n## Sift vs peers: median wall seconds in-process, {data}, repeat {a.repeat} "
          f"(ratio > 1 = Sift slower)\n")
    main_table(tasks, engines, sift_res, best)
    for t, e in sift_err.items():
        print(f"\nSift {t} failed: {e}")
    if rows:
        print("\n### All peer variants\n")
        detail_table(rows, tasks)

    if not a.no_rss:
        print("\n## Peak memory after loading the CSV\n")
        rss_section(sift, data, engines, a.python, workdir, skip_peers or not os.path.exists(a.python))

    print("\n## Answer checks (compare Sift's output with peers.py's check fields)\n")
    for t in tasks:
        for e in engines:
            if (t, e) in best:
                print(f"{t:15s} {e:7s} {json.dumps(best[(t, e)].get('check'))}")
    if sift and not a.no_checks:
        script, text = run_sift_checks(sift, tasks, data, regions, workdir, a.timeout)
        with open(os.path.join(workdir, "sift_checks.txt"), "w") as f:
            f.write(text)
        print(f"\n--- Sift ({os.path.relpath(script, ROOT) if script.startswith(ROOT) else script}):\n{text}")
    print(f"\n[bench] raw files: {workdir}")


if __name__ == "__main__":
    main()
