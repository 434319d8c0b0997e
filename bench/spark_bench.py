#!/usr/bin/env python3
"""Spark benchmark: the same queries through Sift (Spark Connect client in Swift, Arrow decoded
into Sift columns) and through pyspark's Spark Connect client, against one Spark Connect server
in local mode, in the same run.

Usage (from the repo root; builds nothing, needs a release binary):
    flock /tmp/sift-build.lock swift build -c release --scratch-path .build-release
    scripts/services start spark          # or let this script start it
    .build/services/venv-spark/bin/python bench/spark_bench.py [--sift .build-release/release/sift]
        [--url sc://127.0.0.1:15002] [--rows 10000000] [--fetch-rows 1000000] [--repeat 5]

Tasks:
- groupby: `GROUP BY k` (1,000 groups: count, sum, avg) over a Parquet table of --rows rows
  generated on the engine with `range()` (id, k = id % 1000, v = rand(1)); 1,000 rows come home.
  Both clients spend almost all their time waiting for Spark, so the Sift / pyspark ratio of
  the medians is Sift's overhead over the engine's own time (target: < 1.10).
- fetch: `--fetch-rows` rows of (id bigint, k bigint, v double, s string) from the same table,
  brought home: Sift's `sql(conn, …)` into a frame vs pyspark's `toArrow()` (target: ratio
  <= 1.0, no slower).
Each client runs in its own process and times in-process (Sift with `timeit`, pyspark with
time.perf_counter around the call), --repeat runs after one warm-up, and the two alternate
three times so both see the same server state; the table reports medians (min in brackets).
pyspark and pyarrow come from PyPI (.build/services/venv-spark, made by scripts/services.d).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = "sift_bench_{rows}"

PEER = r'''
import sys, time, json, warnings
warnings.filterwarnings("ignore")
from pyspark.sql import SparkSession
url, rows, fetch, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
table = "sift_bench_%d" % rows
spark = SparkSession.builder.remote(url).getOrCreate()
if sys.argv[5] == "prepare":
    if not spark.catalog.tableExists(table):
        spark.sql(f"CREATE TABLE {table} USING parquet AS SELECT id, id % 1000 AS k, rand(1) AS v FROM range(0, {rows}, 1, 4)")
    print(json.dumps({"rows": spark.sql(f"SELECT COUNT(*) AS n FROM {table}").toArrow().column(0)[0].as_py()}))
    sys.exit(0)
queries = json.loads(sys.argv[6])
out = {}
for task, q in queries.items():
    spark.sql(q).toArrow()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter(); t = spark.sql(q).toArrow(); times.append(time.perf_counter() - t0)
    out[task] = {"min": min(times), "median": sorted(times)[len(times) // 2], "rows": t.num_rows}
print(json.dumps(out))
'''


def sift_script(url, queries, repeat):
    lines = [f'conn = connect("{url}")']
    for task, q in queries.items():
        lines.append(f'warm = sql(conn, "{q}")')
        lines.append(f't = timeit(sql(conn, "{q}"), repeat: {repeat})')
        lines.append(f'print("task={task}", t.min, t.median, nrow(sql(conn, "{q}")))')
    return "\n".join(lines)


def run_sift(a, queries):
    out = subprocess.run([a.sift, "-c", sift_script(a.url, queries, a.repeat)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("sift failed: " + out.stderr + out.stdout)
    res = {}
    for line in out.stdout.splitlines():
        if line.startswith("task="):
            name, mn, med, n = line.split()
            res[name[5:]] = {"min": float(mn), "median": float(med), "rows": int(n)}
    return res


def run_peer(a, queries, mode="time"):
    out = subprocess.run([sys.executable, "-c", PEER, a.url, str(a.rows), str(a.fetch_rows), str(a.repeat), mode, json.dumps(queries)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("pyspark failed: " + out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sift", default=os.path.join(ROOT, ".build-release", "release", "sift"))
    p.add_argument("--url", default=os.environ.get("SIFT_TEST_SPARK_URL", "sc://127.0.0.1:15002"))
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--fetch-rows", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    if "SIFT_TEST_SPARK_URL" not in os.environ and a.url == "sc://127.0.0.1:15002":
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "services.d", "spark.sh"), "start",
                        os.path.join(ROOT, ".build", "services", "spark")], check=True, stdout=subprocess.DEVNULL)
    prepared = run_peer(a, {}, mode="prepare")
    table = TABLE.format(rows=a.rows)
    queries = {
        "groupby": f"SELECT k, COUNT(*) AS n, SUM(v) AS s, AVG(v) AS m FROM {table} GROUP BY k",
        "fetch": f"SELECT id, k, v, CONCAT('u', CAST(id AS STRING)) AS s FROM {table} WHERE id < {a.fetch_rows}",
    }
    sift, peer = {t: [] for t in queries}, {t: [] for t in queries}
    for _ in range(a.rounds):
        for t, r in run_peer(a, queries).items():
            peer[t].append(r)
        for t, r in run_sift(a, queries).items():
            sift[t].append(r)
    print(f"Spark Connect local mode ({a.url}), table of {prepared['rows']:,} rows, {a.rounds} rounds x {a.repeat} runs\n")
    print("| task | rows home | Sift median (min) s | pyspark median (min) s | Sift / pyspark |")
    print("| --- | ---: | ---: | ---: | ---: |")
    result = {}
    for t in queries:
        sm = statistics.median(r["median"] for r in sift[t]); smin = min(r["min"] for r in sift[t])
        pm = statistics.median(r["median"] for r in peer[t]); pmin = min(r["min"] for r in peer[t])
        rows = sift[t][0]["rows"]
        assert rows == peer[t][0]["rows"], (t, rows, peer[t][0]["rows"])
        result[t] = {"sift": sm, "pyspark": pm, "ratio": sm / pm, "rows": rows}
        label = "pyspark toArrow()" if t == "fetch" else "pyspark"
        print(f"| {t} | {rows:,} | {sm:.3f} ({smin:.3f}) | {pm:.3f} ({pmin:.3f}) {label} | {sm / pm:.2f} |")
    print("\n" + json.dumps(result))


if __name__ == "__main__":
    main()
