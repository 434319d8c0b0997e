#!/usr/bin/env python3
"""File-format benchmark: Sift's read_parquet and read_excel vs pandas (pyarrow / openpyxl) and
polars, in one run, on one data set.

Usage (from the repo root; builds nothing, needs a release binary):
    flock /tmp/sift-build.lock swift build -c release --scratch-path .build-release
    python3 bench/io_bench.py [--sift .build-release/release/sift] [--rows 1000000] [--excel-rows 100000] [--repeat 5]

Data (generated once into bench/bench-data/io/, seed 42): a marketing table (ids, dates,
timestamps, regions/channels, ages, incomes, spends with nulls, booleans, unique e-mails); the
Parquet file is written by pyarrow with its defaults (snappy, dictionary encoding, one row group
per 1Mi rows), the .xlsx by openpyxl. Every engine is timed in its own process, in-process
(Sift with `timeit`, Python with time.perf_counter), --repeat runs each (Excel: 3 for the
Python readers, which take many seconds). Prints a Markdown table of medians (min in brackets)
with Sift / peer ratios of the medians (< 1 = Sift faster). The peers come from PyPI into .build-pyvenv (scripts/io_venv, plus fastexcel
for polars.read_excel).
"""
import argparse
import json
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", "bench-data", "io")


def venv_python():
    py = subprocess.run([os.path.join(ROOT, "scripts", "io_venv")], capture_output=True, text=True, check=True).stdout.strip()
    if subprocess.run([py, "-c", "import fastexcel"], capture_output=True).returncode != 0:
        subprocess.run([py, "-m", "pip", "install", "--quiet", "fastexcel"], check=False)
    return py


GEN = r'''
import os, sys, datetime as dt
import numpy as np, pandas as pd, pyarrow as pa, pyarrow.parquet as pq
out, rows, xrows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(42)
def frame(n):
    return pd.DataFrame({
        "customer_id": np.arange(1, n + 1, dtype=np.int64),
        "signup_date": (pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), unit="D")).normalize(),
        "last_seen": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 10**9, n), unit="s"),
        "region": pd.Categorical(rng.choice(["North", "South", "East", "West", "Central"], n)).astype(str),
        "channel": rng.choice(["search", "email", "social", "display", "referral"], n),
        "age": rng.integers(18, 80, n),
        "income": np.round(rng.normal(60000, 15000, n), 2),
        "spend": np.where(rng.random(n) < 0.05, np.nan, np.round(rng.gamma(2, 100, n), 2)),
        "churned": rng.random(n) < 0.2,
        "email": [f"user{i}@example.com" for i in range(n)],
    })
pq_path = os.path.join(out, f"marketing_{rows}.parquet")
if not os.path.exists(pq_path):
    t = pa.Table.from_pandas(frame(rows), preserve_index=False)
    t = t.set_column(1, "signup_date", t.column("signup_date").cast(pa.date32()))
    pq.write_table(t, pq_path + ".tmp"); os.replace(pq_path + ".tmp", pq_path)
x_path = os.path.join(out, f"marketing_{xrows}.xlsx")
if not os.path.exists(x_path):
    import openpyxl
    df = frame(xrows)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(list(df.columns))
    for r in df.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and v != v) else (v.to_pydatetime() if hasattr(v, "to_pydatetime") else (v.item() if hasattr(v, "item") else v)) for v in r])
    wb.save(x_path + ".tmp.xlsx"); os.replace(x_path + ".tmp.xlsx", x_path)
print(pq_path); print(x_path)
'''

PEER = r'''
import sys, time, json
engine, task, path, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cols = ["customer_id", "spend"]
if engine.startswith("pandas"):
    import pandas as pd
    f = {"parquet": lambda: pd.read_parquet(path, engine="pyarrow"),
         "parquet_2cols": lambda: pd.read_parquet(path, engine="pyarrow", columns=cols),
         "excel": lambda: pd.read_excel(path, engine="openpyxl")}[task]
else:
    import polars as pl
    f = {"parquet": lambda: pl.read_parquet(path),
         "parquet_2cols": lambda: pl.read_parquet(path, columns=cols),
         "excel": lambda: pl.read_excel(path)}[task]
times = []
for _ in range(repeat):
    t0 = time.perf_counter(); r = f(); times.append(time.perf_counter() - t0)
print(json.dumps({"min": min(times), "median": sorted(times)[len(times) // 2], "rows": len(r)}))
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sift", default=os.path.join(ROOT, ".build-release", "release", "sift"))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--excel-rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    py = venv_python()
    os.makedirs(DATA, exist_ok=True)
    pq_path, x_path = subprocess.run([py, "-c", GEN, DATA, str(a.rows), str(a.excel_rows)], capture_output=True, text=True, check=True).stdout.split()
    results = {}
    tasks = [("parquet", pq_path, a.repeat), ("parquet_2cols", pq_path, a.repeat), ("excel", x_path, 3)]
    for task, path, rep in tasks:
        for engine in ["pandas", "polars"]:
            r = subprocess.run([py, "-c", PEER, engine, task, path, str(rep)], capture_output=True, text=True)
            results[(task, engine)] = json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr.strip().splitlines()[-1:]}
    expr = {"parquet": f'read_parquet("{pq_path}")', "parquet_2cols": f'read_parquet("{pq_path}", columns: [customer_id, spend])',
            "excel": f'read_excel("{x_path}")'}
    script = "\n".join(f't = timeit({expr[t]}, repeat: {a.repeat})\nprint("task={t}", t.min, t.median, nrow({expr[t]}))' for t, _, _ in tasks)
    out = subprocess.run([a.sift, "-c", script], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("sift failed: " + out.stderr)
    for line in out.stdout.splitlines():
        if line.startswith("task="):
            name, mn, med, n = line.split()
            results[(name[5:], "sift")] = {"min": float(mn), "median": float(med), "rows": int(n)}
    print(f"\nrows: parquet {a.rows:,} ({os.path.getsize(pq_path) / 1e6:.1f} MB), excel {a.excel_rows:,} ({os.path.getsize(x_path) / 1e6:.1f} MB); {a.repeat} runs each (Excel peers: 3); median s (min)\n")
    print("| task | Sift (s) | pandas (s) | polars (s) | Sift / pandas | Sift / polars |")
    print("|---|---:|---:|---:|---:|---:|")
    for task, _, _ in tasks:
        s = results.get((task, "sift"), {})
        row = [task, f'{s.get("median", float("nan")):.3f} ({s.get("min", float("nan")):.3f})']
        for e in ["pandas", "polars"]:
            p = results.get((task, e), {})
            row.append(f'{p["median"]:.3f} ({p["min"]:.3f})' if "median" in p else f'error: {p.get("error")}')
        for e in ["pandas", "polars"]:
            p = results.get((task, e), {})
            row.append(f'{s["median"] / p["median"]:.2f}' if "median" in p and "median" in s else "-")
        print("| " + " | ".join(row) + " |")
        for e in ["pandas", "polars", "sift"]:
            r = results.get((task, e), {})
            if "rows" in r and r["rows"] != (a.excel_rows if task == "excel" else a.rows):
                print(f"  warning: {e} read {r['rows']} rows for {task}")


if __name__ == "__main__":
    main()
