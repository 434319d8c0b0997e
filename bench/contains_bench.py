#!/usr/bin/env python3
"""`contains` filter on a text column, 1M rows: Sift vs pandas (and polars), in one run.

Usage (repo root, after `bash bench/setup.sh` and a release build):
    python3 bench/contains_bench.py [--sift .build-release/release/sift] [--repeat 5] [--needle delivery]

Sift times `df |> filter(contains(comment, NEEDLE))` in-process with `timeit`; pandas times
`df[df["comment"].str.contains(NEEDLE, regex=False, na=False)]` (and the default regex=True),
polars `df.filter(pl.col("comment").str.contains(NEEDLE, literal=True))`. Loading is outside
the timed region on every side. Prints medians, the Sift/peer ratios and the row counts (which
must agree).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_PY = os.path.join(ROOT, "bench", ".venv", "bin", "python")
DATA = "bench/bench-data/marketing_1m.csv"

PEERS = r'''
import sys, time, statistics, json
import pandas as pd, polars as pl
path, needle, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
def med(fn):
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter(); r = fn(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts), r
pdf = pd.read_csv(path)
t1, r1 = med(lambda: pdf[pdf["comment"].str.contains(needle, regex=False, na=False)])
t2, r2 = med(lambda: pdf[pdf["comment"].str.contains(needle, na=False)])
pldf = pl.read_csv(path)
t3, r3 = med(lambda: pldf.filter(pl.col("comment").str.contains(needle, literal=True)))
print(json.dumps({"pandas literal": [t1, len(r1)], "pandas regex": [t2, len(r2)], "polars literal": [t3, len(r3)]}))
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sift", default=".build-release/release/sift")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--needle", default="delivery")
    a = ap.parse_args()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "text.sift")
        with open(script, "w") as f:
            f.write(f'df = read_csv("{DATA}")\n'
                    f't = timeit(df |> filter(contains(comment, "{a.needle}")), repeat: {a.repeat})\n'
                    'print("task=contains", t.min, t.median)\n'
                    f'print("rows=", (df |> filter(contains(comment, "{a.needle}"))) |> summarize(n = count()))\n')
        out = subprocess.run([a.sift, script], capture_output=True, text=True, check=True).stdout
        m = re.search(r"task=contains\s+(\S+)\s+(\S+)", out)
        sift = float(m.group(2).rstrip("s,")) if m else None
        rows = re.findall(r"^\s*(\d+)\s*$", out.split("rows=")[-1], re.M)
        import json
        peers = json.loads(subprocess.run([VENV_PY, "-c", PEERS, DATA, a.needle, str(a.repeat)],
                                          capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
    print(f"| engine | median | rows | Sift / engine |\n|---|---:|---:|---:|")
    print(f"| sift | {sift:.4f} s | {rows[-1] if rows else '?'} | 1.00x |")
    for k, (t, n) in peers.items():
        print(f"| {k} | {t:.4f} s | {n:,} | {sift / t:.2f}x |")
    print("\nSift output:\n" + out)


if __name__ == "__main__":
    main()
