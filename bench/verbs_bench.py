#!/usr/bin/env python3
"""Issue 12 benchmark: window functions, date truncation and regex extraction, Sift vs pandas and
polars in the same run on the same 1M-row file.

Usage (from the repo root):
    python3 -m venv bench/.venv-12 && bench/.venv-12/bin/pip install pandas polars numpy
    swift build -c release --scratch-path .build-release      # through the build lock
    bench/.venv-12/bin/python bench/verbs_bench.py [--sift .build-release/release/sift] [--repeat 5] [--rows 1000000]

Data (made once, deterministic, bench/bench-data/events_<rows>.csv): customer_id (rows/10
customers, so ~10 rows a group), day (dates over two years, unsorted), amount (float, ~2% null),
channel (5 values), note (high-cardinality text "Order #<n> via <channel> ..."), comment (12
distinct phrases, dictionary-encoded in Sift).

Tasks (each engine computes the same columns; results are checked against each other):
  windows      per customer, ordered by day: cumsum(amount), lag(amount), rolling(amount, 7) mean
  month_agg    sum and count of amount per date_trunc(day, "month")
  extract_note regex extract of the order number from the high-cardinality note column
  extract_comment the same on the 12-value comment column (once per distinct value in Sift)
Ratios are Sift / peer medians (> 1: Sift slower).
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import time
import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = os.path.join(ROOT, "bench", "bench-data")

COMMENTS = ["Great service, order 12 on time", "Late delivery #4411 refund asked", "Asked about plan 30",
            "No complaints", "Called twice, ticket #982", "Happy, will buy 2 more", "Price too high #77",
            "Wants invoice 2024-118", "Moved to competitor", "Referral code #5150 used", "Bulk order of 500", ""]
CHANNELS = ["email", "search", "social", "display", "referral"]

SIFT = {
    "windows": 'df |> group_by(customer_id) |> mutate(cs = cumsum(amount, order_by: day), prev = lag(amount, order_by: day), r7 = rolling(amount, 7, order_by: day))',
    "month_agg": 'df |> group_by(month = date_trunc(day, "month")) |> summarize(total = sum(amount), n = count())',
    "extract_note": 'df |> mutate(order_no = extract(note, "#(\\\\d+)", 1))',
    "extract_comment": 'df |> mutate(code = extract(comment, "#(\\\\d+)", 1))',
}
CHECKS = {
    "windows": 'df |> group_by(customer_id) |> mutate(cs = cumsum(amount, order_by: day), prev = lag(amount, order_by: day), r7 = rolling(amount, 7, order_by: day)) |> ungroup() |> summarize(cs = sum(cs), prev = sum(prev), r7 = sum(r7))',
    "month_agg": 'df |> group_by(month = date_trunc(day, "month")) |> summarize(total = sum(amount), n = count()) |> summarize(months = count(), total = sum(total))',
    "extract_note": 'df |> mutate(order_no = extract(note, "#(\\\\d+)", 1)) |> summarize(found = count(order_no), distinct = n_distinct(order_no))',
    "extract_comment": 'df |> mutate(code = extract(comment, "#(\\\\d+)", 1)) |> summarize(found = count(code), distinct = n_distinct(code))',
}


def make_data(rows, path):
    if os.path.exists(path):
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rnd = random.Random(12)
    start = datetime.date(2023, 1, 1)
    customers = max(1, rows // 10)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("customer_id,day,amount,channel,note,comment\n")
        for i in range(rows):
            day = start + datetime.timedelta(days=rnd.randrange(730))
            amount = "" if rnd.random() < 0.02 else f"{rnd.gammavariate(2.0, 40.0):.2f}"
            ch = rnd.choice(CHANNELS)
            note = f"Order #{rnd.randrange(10**7)} via {ch} for {rnd.randrange(1, 9)} items"
            f.write(f"{rnd.randrange(customers)},{day.isoformat()},{amount},{ch},{note},\"{rnd.choice(COMMENTS)}\"\n")
    os.replace(tmp, path)


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def run_pandas(path, tasks, repeat):
    import pandas as pd
    df = pd.read_csv(path, parse_dates=["day"])
    out, checks = {}, {}

    def windows():
        s = df.sort_values(["customer_id", "day"], kind="stable")
        g = s.groupby("customer_id", sort=False)["amount"]
        return s.assign(cs=g.cumsum(), prev=g.shift(1), r7=g.rolling(7).mean().reset_index(level=0, drop=True))

    def month_agg():
        return df.groupby(df["day"].dt.to_period("M").dt.start_time)["amount"].agg(["sum", "size"])

    def ex_note():
        return df["note"].str.extract(r"#(\d+)", expand=False)

    def ex_comment():
        return df["comment"].str.extract(r"#(\d+)", expand=False)

    fns = {"windows": windows, "month_agg": month_agg, "extract_note": ex_note, "extract_comment": ex_comment}
    for t in tasks:
        out[t] = timed(fns[t], repeat)
    if "windows" in tasks:
        w = windows()
        checks["windows"] = (round(w.cs.sum(), 2), round(w.prev.sum(), 2), round(w.r7.sum(), 2))
    if "month_agg" in tasks:
        m = month_agg()
        checks["month_agg"] = (len(m), round(m["sum"].sum(), 2))
    for t, fn in (("extract_note", ex_note), ("extract_comment", ex_comment)):
        if t in tasks:
            r = fn()
            checks[t] = (int(r.notna().sum()), int(r.nunique()))
    return out, checks


def run_polars(path, tasks, repeat):
    import polars as pl
    df = pl.read_csv(path, try_parse_dates=True, infer_schema_length=10000)
    out, checks = {}, {}

    def windows():
        s = df.sort(["customer_id", "day"], maintain_order=True)
        return s.with_columns(
            pl.col("amount").cum_sum().over("customer_id").alias("cs"),
            pl.col("amount").shift(1).over("customer_id").alias("prev"),
            pl.col("amount").rolling_mean(7).over("customer_id").alias("r7"))

    def month_agg():
        return df.group_by(pl.col("day").dt.truncate("1mo")).agg(pl.col("amount").sum().alias("total"), pl.len().alias("n"))

    def ex_note():
        return df.select(pl.col("note").str.extract(r"#(\d+)", 1))

    def ex_comment():
        return df.select(pl.col("comment").str.extract(r"#(\d+)", 1))

    fns = {"windows": windows, "month_agg": month_agg, "extract_note": ex_note, "extract_comment": ex_comment}
    for t in tasks:
        out[t] = timed(fns[t], repeat)
    if "windows" in tasks:
        w = windows()
        checks["windows"] = (round(w["cs"].sum(), 2), round(w["prev"].sum(), 2), round(w["r7"].sum(), 2))
    if "month_agg" in tasks:
        m = month_agg()
        checks["month_agg"] = (m.height, round(m["total"].sum(), 2))
    for t, fn in (("extract_note", ex_note), ("extract_comment", ex_comment)):
        if t in tasks:
            r = fn().to_series()
            checks[t] = (int(r.drop_nulls().len()), int(r.drop_nulls().n_unique()))
    return out, checks


def run_sift(sift, path, tasks, repeat):
    lines = [f'df = read_csv("{path}")']
    for t in tasks:
        lines += [f"t = timeit({SIFT[t]}, repeat: {repeat})", f'print("task={t}", t.min, t.median)']
    for t in tasks:
        lines += [f'print("check={t}")', f"print({CHECKS[t]})"]
    script = os.path.join(DATA_DIR, "verbs_bench.sift")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    p = subprocess.run([sift, script], cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stdout, p.stderr, file=sys.stderr)
    out = {}
    for line in p.stdout.splitlines():
        m = re.match(r"task=(\S+) (\S+) (\S+)", line)
        if m:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return out, p.stdout[p.stdout.find("check="):]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sift", default=os.path.join(ROOT, ".build-release", "release", "sift"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--tasks", default=",".join(SIFT))
    a = ap.parse_args()
    tasks = a.tasks.split(",")
    path = os.path.join(DATA_DIR, f"events_{a.rows}.csv")
    make_data(a.rows, path)
    rel = os.path.relpath(path, ROOT)
    results = {}
    checks = {}
    results["pandas"], checks["pandas"] = run_pandas(path, tasks, a.repeat)
    results["polars"], checks["polars"] = run_polars(path, tasks, a.repeat)
    results["sift"], sift_checks = run_sift(a.sift, rel, tasks, a.repeat)
    print(f"\n{a.rows:,} rows, median of {a.repeat} (seconds); ratio = Sift / peer (> 1: Sift slower)\n")
    print("| task | sift | pandas | polars | sift/pandas | sift/polars |")
    print("|---|---|---|---|---|---|")
    for t in tasks:
        s = results["sift"].get(t, (float("nan"),) * 2)[1]
        pd_ = results["pandas"][t][1]
        pl_ = results["polars"][t][1]
        print(f"| {t} | {s:.4f} | {pd_:.4f} | {pl_:.4f} | {s / pd_:.2f} | {s / pl_:.2f} |")
    print("\nchecks (pandas, polars):")
    for t in tasks:
        print(f"  {t}: pandas {checks['pandas'].get(t)}  polars {checks['polars'].get(t)}")
    print("Sift:\n" + sift_checks)


if __name__ == "__main__":
    main()
