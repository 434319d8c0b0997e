#!/usr/bin/env python3
"""Pipelines that run where the data lives: Sift against the engine's own time and Python peers.

PostgreSQL part (issue 18). In one run, on one machine, against one server:

  groupby   a group-by over a 10M-row table (40 groups come home)
            - engine:   PostgreSQL's own execution time (EXPLAIN (ANALYZE, TIMING OFF)), same SQL
            - sift:     connect + table + group_by + summarize + collect, timed in-process (timeit)
            - psycopg:  cursor.execute + fetchall
            - pandas:   pd.read_sql over the same psycopg connection
  transfer  1M rows x 6 columns brought home into a frame / DataFrame / list of tuples

Sift's overhead over the engine = Sift median / engine median - 1 (target < 10%).

  python3 bench/remote_bench.py [--sift .build-release/release/sift] [--url postgres://…]
                                [--rows 10000000] [--transfer 1000000] [--repeat 5]

The table `bench_orders` is generated inside PostgreSQL (generate_series, deterministic values)
the first time, so no 1 GB CSV crosses the machine; later runs reuse it. Without --url the script
uses SIFT_TEST_POSTGRES_URL, else starts the test server (scripts/services start postgres).
Python peers come from PyPI into bench/.venv-remote (psycopg[binary], pandas), created on first use.
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
VENV = os.path.join(ROOT, "bench", ".venv-remote")


def ensure_venv():
    """Re-runs this script under bench/.venv-remote, creating it (PyPI only) when missing."""
    try:
        import pandas  # noqa: F401
        import psycopg  # noqa: F401
        return
    except ImportError:
        pass
    py = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.executable) == os.path.abspath(py):
        sys.exit("bench/.venv-remote lacks psycopg or pandas; delete it and run again")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "psycopg[binary]", "pandas"], check=True)
    os.execv(py, [py] + sys.argv)


def postgres_url(arg):
    if arg:
        return arg
    if os.environ.get("SIFT_TEST_POSTGRES_URL"):
        return os.environ["SIFT_TEST_POSTGRES_URL"]
    out = subprocess.run(["bash", "scripts/services", "start", "postgres"], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    with open(os.path.join(ROOT, ".build", "services", "env")) as f:
        for line in f:
            m = re.match(r"export SIFT_TEST_POSTGRES_URL=(\S+)", line)
            if m:
                return m.group(1)
    sys.exit("could not start PostgreSQL: " + out.stderr)


GROUPBY_SQL = ("SELECT region, channel, count(*) AS n, sum(revenue) AS revenue, avg(spend) AS avg_spend "
               "FROM bench_orders GROUP BY region, channel")
SIFT_GROUPBY = ('table(conn, "bench_orders") |> group_by(region, channel) '
                '|> summarize(n = count(), revenue = sum(revenue), avg_spend = mean(spend))')


def transfer_sql(n):
    return ("SELECT customer_id, region, channel, visits, spend, revenue FROM bench_orders "
            f"WHERE customer_id <= {n}")


def sift_transfer(n):
    return (f'table(conn, "bench_orders") |> filter(customer_id <= {n}) '
            '|> select(customer_id, region, channel, visits, spend, revenue)')


def load_table(conn, rows):
    """bench_orders: `rows` deterministic rows (8 regions x 5 channels, floats, ints)."""
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'bench_orders'")
        if cur.fetchone()[0]:
            cur.execute("SELECT count(*) FROM bench_orders")
            if cur.fetchone()[0] == rows:
                return False
            cur.execute("DROP TABLE bench_orders")
        cur.execute(f"""
            CREATE TABLE bench_orders AS
            SELECT g::int8 AS customer_id,
                   (ARRAY['North','South','East','West','Central','Coastal','Mountain','Islands'])[1 + (g * 7919) % 8] AS region,
                   (ARRAY['email','search','social','display','referral'])[1 + (g * 104729) % 5] AS channel,
                   ((g * 31) % 23)::int8 AS visits,
                   ((g * 2654435761) % 100000) / 100.0::float8 AS spend,
                   ((g * 40503) % 250000) / 100.0::float8 AS revenue
            FROM generate_series(1::int8, {rows}) g""")
        cur.execute("VACUUM ANALYZE bench_orders")
    return True


def engine_ms(conn, sql, repeat):
    """PostgreSQL's own execution time of `sql` (ms), without per-node timing overhead."""
    times = []
    with conn.cursor() as cur:
        for _ in range(repeat):
            cur.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT TEXT) " + sql)
            plan = "\n".join(r[0] for r in cur.fetchall())
            m = re.search(r"Execution Time: ([0-9.]+) ms", plan)
            times.append(float(m.group(1)))
    return statistics.median(times), plan


def timed(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def run_sift(sift, url, pipelines, repeat):
    """Times collect() of each remote pipeline in-process (timeit); returns {name: median ms},
    the rows that came home and the SQL Sift sent, or an error."""
    lines = [f'conn = connect("{url}")']
    for name, pipeline in pipelines.items():
        lines.append(f"q = {pipeline}")
        lines.append(f'print("sql={name}", q.sql)')
        lines.append(f"t = timeit(collect(q), repeat: {repeat})")
        lines.append(f'print("task={name}", t.min, t.median)')
        lines.append(f'print("rows={name}", nrow(collect(q)))')
    with tempfile.NamedTemporaryFile("w", suffix=".sift", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        script = f.name
    p = subprocess.run([sift, script], capture_output=True, text=True)
    out = {}
    for line in p.stdout.splitlines():
        m = re.match(r"^task=(\w+)\s+(\S+)\s+(\S+)", line)
        if m:
            out[m.group(1)] = float(m.group(3)) * 1000
        m = re.match(r"^rows=(\w+)\s+(\d+)", line)
        if m:
            out[m.group(1) + "_rows"] = int(m.group(2))
        m = re.match(r"^sql=(\w+)\s+(.*)$", line)
        if m:
            out[m.group(1) + "_sql"] = m.group(2)
    if p.returncode != 0:
        out["error"] = (p.stderr.strip() or p.stdout.strip()).splitlines()[-1:]
    return out


def run_postgres(args):
    import pandas as pd
    import psycopg
    import warnings
    warnings.filterwarnings("ignore", message=".*pandas only supports SQLAlchemy.*")
    url = postgres_url(args.url)
    conn = psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)
    t0 = time.perf_counter()
    if load_table(conn, args.rows):
        print(f"loaded bench_orders ({args.rows:,} rows) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    rows = {}
    # Warm the cache once so every contender reads the table from shared buffers / page cache.
    with conn.cursor() as cur:
        cur.execute(GROUPBY_SQL)
        cur.fetchall()
    engine, plan = engine_ms(conn, GROUPBY_SQL, args.repeat)
    engine_t, _ = engine_ms(conn, transfer_sql(args.transfer), args.repeat)

    def fetch(sql):
        with conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()

    pg_group, res = timed(lambda: fetch(GROUPBY_SQL), args.repeat)
    rows["groupby"] = len(res)
    pd_group, _ = timed(lambda: pd.read_sql(GROUPBY_SQL, conn), args.repeat)
    pg_transfer, res = timed(lambda: fetch(transfer_sql(args.transfer)), args.repeat)
    rows["transfer"] = len(res)
    pd_transfer, _ = timed(lambda: pd.read_sql(transfer_sql(args.transfer), conn), args.repeat)
    sift = {}
    if args.sift and os.path.exists(args.sift):
        sift = run_sift(args.sift, url, {"groupby": SIFT_GROUPBY, "transfer": sift_transfer(args.transfer)}, args.repeat)
    else:
        sift = {"error": [f"no Sift binary at {args.sift}"]}
    # The engine's time on the SQL Sift generated (it may differ from the hand-written query):
    # Sift's overhead is measured against this one.
    engine_sift = engine_sift_t = None
    if "groupby_sql" in sift:
        engine_sift, _ = engine_ms(conn, sift["groupby_sql"], args.repeat)
    if "transfer_sql" in sift:
        engine_sift_t, _ = engine_ms(conn, sift["transfer_sql"], args.repeat)
    conn.close()

    def cell(v):
        return "n/a" if v is None else f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"

    def ratio(a, b):
        return "n/a" if a is None or b is None else f"{a / b:.2f}x"

    sg, st = sift.get("groupby"), sift.get("transfer")
    base_g = engine_sift if engine_sift is not None else engine
    base_t = engine_sift_t if engine_sift_t is not None else engine_t
    print(f"\n### PostgreSQL {args.rows:,}-row table, median of {args.repeat} (ms)\n")
    print("| query | engine's own time (hand-written SQL) | engine's own time (Sift's SQL) | Sift | psycopg fetchall | pandas read_sql | Sift / engine | Sift / psycopg | Sift / pandas |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| group-by → {rows['groupby']} rows | {cell(engine)} | {cell(engine_sift)} | {cell(sg)} | {cell(pg_group)} | {cell(pd_group)} | "
          f"{ratio(sg, base_g)} | {ratio(sg, pg_group)} | {ratio(sg, pd_group)} |")
    print(f"| transfer {rows['transfer']:,} rows × 6 cols | {cell(engine_t)} | {cell(engine_sift_t)} | {cell(st)} | {cell(pg_transfer)} | {cell(pd_transfer)} | "
          f"{ratio(st, base_t)} | {ratio(st, pg_transfer)} | {ratio(st, pd_transfer)} |")
    if sg is not None:
        print(f"\nSift's overhead over the engine on the group-by: {100 * (sg / base_g - 1):+.1f}%")
    for k in ("groupby_sql", "transfer_sql"):
        if k in sift:
            print(f"Sift's SQL ({k[:-4]}): `{sift[k]}`")
    for k in ("groupby_rows", "transfer_rows"):
        if k in sift:
            print(f"Sift {k.replace('_', ' ')}: {sift[k]:,}")
    if "error" in sift:
        print(f"\nSift: {sift['error']}")
    print("\nPostgreSQL's plan for the group-by:\n\n```\n" + plan + "\n```")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sift", default=os.path.join(ROOT, ".build-release", "release", "sift"))
    ap.add_argument("--url")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--transfer", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--engines", default="postgres", help="comma-separated: postgres")
    args = ap.parse_args()
    ensure_venv()
    engines = {"postgres": run_postgres}
    for name in args.engines.split(","):
        engines[name](args)


if __name__ == "__main__":
    main()
