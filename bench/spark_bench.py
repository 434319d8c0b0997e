#!/usr/bin/env python3
"""Spark benchmark: the same queries through Sift (Spark Connect client in Swift, Arrow decoded
into Sift columns) and through pyspark's Spark Connect client, against one Spark Connect server
in local mode, in the same run.

Usage (from the repo root; builds nothing, needs a release binary; run it under the build lock
so nothing compiles meanwhile):
    flock /tmp/sift-build.lock swift build -c release --scratch-path .build-release
    scripts/services start spark          # or let this script start it (and stop it yourself)
    flock /tmp/sift-build.lock python3 bench/spark_bench.py [--sift .build-release/release/sift]
        [--python .build/services/venv-spark/bin/python] [--url sc://127.0.0.1:15002]
        [--rows 10000000] [--fetch-rows 1000000] [--repeat 5] [--rounds 3]

Tasks:
- groupby: `GROUP BY k` (1,000 groups: count, sum, mean) over a Parquet table of --rows rows
  generated on the engine with `range()` (id, k = id % 1000, v = rand(1)); 1,000 rows come home.
  Sift runs it as a pipeline on a remote frame (`table |> group_by |> summarize`, compiled to
  Spark SQL, `collect()`ed); pyspark runs the hand-written SQL (same ORDER BY) with `toArrow()`.
- fetch: --fetch-rows rows of (id bigint, k bigint, v double, s string) from the same table,
  brought home: Sift's `sql(conn, …)` into a frame vs pyspark's `toArrow()` (target: Sift no
  slower).
- engine alone: each query run to its end on the server into Spark's `noop` sink (no row
  crosses the wire), timed from pyspark. Sift's overhead = Sift's group-by / the engine alone on
  Sift's own SQL − 1 (target: < 10%).
Each client runs in its own process and times in-process (Sift with `timeit`, pyspark with
time.perf_counter around the call), --repeat runs after one warm-up; the two alternate --rounds
times so both see the same server state; the table reports the median of the rounds' medians
(min in brackets). pyspark and pyarrow come from PyPI (.build/services/venv-spark, made by
scripts/services.d/spark-venv.bash); the script's own Python needs nothing beyond the stdlib.
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
url, rows, repeat, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
table = "sift_bench_%d" % rows
spark = SparkSession.builder.remote(url).getOrCreate()
if mode == "prepare":
    if not spark.catalog.tableExists(table):
        spark.sql(f"CREATE TABLE {table} USING parquet AS SELECT id, id % 1000 AS k, rand(1) AS v FROM range(0, {rows}, 1, 4)")
    print(json.dumps({"rows": spark.sql(f"SELECT COUNT(*) AS n FROM {table}").toArrow().column(0)[0].as_py(),
                      "spark": spark.version, "pyspark": __import__("pyspark").__version__,
                      "pyarrow": __import__("pyarrow").__version__}))
    sys.exit(0)
queries, engine = json.loads(sys.argv[5]), json.loads(sys.argv[6])

def timed(run):
    run()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter(); out = run(); times.append(time.perf_counter() - t0)
    return {"min": min(times), "median": sorted(times)[len(times) // 2]}, out

out = {}
for task, q in queries.items():
    r, t = timed(lambda: spark.sql(q).toArrow())
    r["rows"] = t.num_rows
    out[task] = r
# The engine's own time: the query runs to the end on the server (every row produced) but
# the "noop" sink discards the rows, so nothing but the call's status crosses the wire.
for task, q in engine.items():
    out[task], _ = timed(lambda: spark.sql(q).write.format("noop").mode("overwrite").save())
print(json.dumps(out))
'''


def sift_pipeline(table):
    return f'table(conn, "{table}") |> group_by(k) |> summarize(n = count(), s = sum(v), m = mean(v))'


def sift_script(a, table, fetch_sql):
    """Group-by as a Sift pipeline on a remote frame (compiled to Spark SQL, collected), fetch as
    `sql()` text; each timed in-process with `timeit` after one warm-up run."""
    return "\n".join([
        f'conn = connect("{a.url}")',
        f'q = {sift_pipeline(table)}',
        'warm = collect(q)',
        f't = timeit(collect(q), repeat: {a.repeat})',
        'print("task=groupby", t.min, t.median, nrow(warm))',
        f'warm = sql(conn, "{fetch_sql}")',
        f't = timeit(sql(conn, "{fetch_sql}"), repeat: {a.repeat})',
        'print("task=fetch", t.min, t.median, nrow(warm))',
    ])


def sift_sql(a, table):
    """The Spark SQL Sift generates for the group-by pipeline (`.sql` of the remote frame)."""
    out = subprocess.run([a.sift, "-c", f'conn = connect("{a.url}")\nprint(({sift_pipeline(table)}).sql)'],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("sift failed: " + out.stderr + out.stdout)
    return out.stdout.strip()


def run_sift(a, table, fetch_sql):
    out = subprocess.run([a.sift, "-c", sift_script(a, table, fetch_sql)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("sift failed: " + out.stderr + out.stdout)
    res = {}
    for line in out.stdout.splitlines():
        if line.startswith("task="):
            name, mn, med, n = line.split()
            res[name[5:]] = {"min": float(mn), "median": float(med), "rows": int(n)}
    return res


def run_peer(a, mode, queries=None, engine=None):
    out = subprocess.run([a.python, "-c", PEER, a.url, str(a.rows), str(a.repeat), mode,
                          json.dumps(queries or {}), json.dumps(engine or {})],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("pyspark failed: " + out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sift", default=os.path.join(ROOT, ".build-release", "release", "sift"))
    p.add_argument("--python", default=os.path.join(ROOT, ".build", "services", "venv-spark", "bin", "python"),
                   help="a Python with pyspark[connect] and pyarrow (scripts/services.d/spark.sh makes it)")
    p.add_argument("--url", default=os.environ.get("SIFT_TEST_SPARK_URL", "sc://127.0.0.1:15002"))
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--fetch-rows", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    if "SIFT_TEST_SPARK_URL" not in os.environ and a.url == "sc://127.0.0.1:15002":
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "services.d", "spark.sh"), "start",
                        os.path.join(ROOT, ".build", "services", "spark")], check=True, stdout=subprocess.DEVNULL)
    prepared = run_peer(a, "prepare")
    table = TABLE.format(rows=a.rows)
    fetch_sql = f"SELECT id, k, v, CONCAT('u', CAST(id AS STRING)) AS s FROM {table} WHERE id < {a.fetch_rows}"
    generated = sift_sql(a, table)
    # pyspark runs the hand-written query with the same result order Sift promises (groups by key).
    queries = {"groupby": f"SELECT k, COUNT(*) AS n, SUM(v) AS s, AVG(v) AS m FROM {table} GROUP BY k ORDER BY k",
               "fetch": fetch_sql}
    engine = {"engine groupby hand": queries["groupby"],
              "engine groupby sift-sql": generated,
              "engine fetch": fetch_sql}
    runs = {}
    for _ in range(a.rounds):
        for t, r in run_peer(a, "time", queries, engine).items():
            runs.setdefault("pyspark " + t if t in queries else t, []).append(r)
        for t, r in run_sift(a, table, fetch_sql).items():
            runs.setdefault("sift " + t, []).append(r)
    med = {k: statistics.median(r["median"] for r in v) for k, v in runs.items()}
    low = {k: min(r["min"] for r in v) for k, v in runs.items()}
    for t in queries:
        assert runs["sift " + t][0]["rows"] == runs["pyspark " + t][0]["rows"], (t, runs["sift " + t][0], runs["pyspark " + t][0])
    load = os.getloadavg()
    print(f"Spark {prepared['spark']} Connect, local mode ({a.url}); pyspark {prepared['pyspark']}, pyarrow {prepared['pyarrow']}; "
          f"table of {prepared['rows']:,} rows; {a.rounds} rounds x {a.repeat} runs after a warm-up, median of the rounds' medians "
          f"(min in brackets); load average at the end {load[0]:.1f}\n")
    print(f"Sift's SQL for the group-by: {generated}\n")
    f = lambda k: f"{med[k] * 1000:,.0f} ({low[k] * 1000:,.0f})"
    print("| query | engine alone (hand-written SQL) | engine alone (Sift's SQL) | Sift | pyspark | Sift / engine | Sift / pyspark |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    g_rows, x_rows = runs["sift groupby"][0]["rows"], runs["sift fetch"][0]["rows"]
    print(f"| group-by → {g_rows:,} rows (ms) | {f('engine groupby hand')} | {f('engine groupby sift-sql')} | "
          f"{f('sift groupby')} | {f('pyspark groupby')} `toArrow()` | "
          f"{med['sift groupby'] / med['engine groupby sift-sql']:.2f}x | {med['sift groupby'] / med['pyspark groupby']:.2f}x |")
    print(f"| fetch {x_rows:,} rows × 4 cols (ms) | {f('engine fetch')} | (same SQL) | {f('sift fetch')} | {f('pyspark fetch')} `toArrow()` | "
          f"{med['sift fetch'] / med['engine fetch']:.2f}x | {med['sift fetch'] / med['pyspark fetch']:.2f}x |")
    overhead = med["sift groupby"] / med["engine groupby sift-sql"] - 1
    print(f"\ngroup-by overhead over the engine's own time: {overhead * 100:+.1f}% (target < 10%: {'met' if overhead < 0.10 else 'NOT met'})")
    ratio = med["sift fetch"] / med["pyspark fetch"]
    print(f"1M-row fetch, Sift / pyspark toArrow(): {ratio:.2f}x (target <= 1.0: {'met' if ratio <= 1.0 else 'NOT met'})")
    print("\n" + json.dumps({"median": med, "min": low, "sift_sql": generated}))


if __name__ == "__main__":
    main()
