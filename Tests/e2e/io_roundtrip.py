#!/usr/bin/env python3
"""End-to-end checks of Sift's file formats against the reference Python libraries.

Usage: python3 Tests/e2e/io_roundtrip.py [path/to/sift]   (default: .build/debug/sift)

- Round trips: Sift writes Parquet (each codec), .xlsx and JSON (records and lines) from a frame
  with nulls in every type; pyarrow, pandas and openpyxl read them back and the types and values
  (nulls included) must be the ones Sift wrote.
- Reading: pandas and polars write Parquet (their defaults), pandas writes JSON and .xlsx; Sift
  reads them and its output must match.
- Places: a local HTTP server on 127.0.0.1 (started and stopped here) serves .csv.gz and .parquet
  files, a 404, a 500 and a slow answer; standard input ("-") with gzip data.

pandas, pyarrow, openpyxl and polars come from PyPI into .build-pyvenv (scripts/io_venv). When that
is impossible (no network) the checks are skipped: `0 passed, 0 failed, 1 skipped`, exit 0.
The last line is `N passed, M failed`; the exit status is 0 only when nothing failed.
"""
import datetime as dt
import gzip
import http.server
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IN_VENV = "SIFT_IOCHECK_IN_VENV"


def reexec_in_venv():
    if os.environ.get(IN_VENV):
        return
    try:
        python = subprocess.run([os.path.join(REPO, "scripts", "io_venv")], capture_output=True, text=True, timeout=900)
    except Exception as e:  # noqa: BLE001
        skip(f"cannot run scripts/io_venv: {e}")
    if python.returncode != 0:
        skip("cannot install pandas/pyarrow/openpyxl/polars from PyPI: " + python.stderr.strip()[-300:])
    env = dict(os.environ, **{IN_VENV: "1"})
    os.execve(python.stdout.strip(), [python.stdout.strip(), os.path.abspath(__file__)] + sys.argv[1:], env)


def skip(reason):
    print(f"SKIP io checks: {reason}")
    print("0 passed, 0 failed, 1 skipped")
    sys.exit(0)


reexec_in_venv()

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import openpyxl  # noqa: E402
import polars as pl  # noqa: E402

SIFT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(REPO, ".build", "debug", "sift")
WORK = tempfile.mkdtemp(prefix="sift-io-e2e-")
results = []


def sift(code, stdin=None, env=None):
    e = dict(os.environ, SIFT_STDLIB=os.path.join(REPO, "stdlib"))
    e.update(env or {})
    r = subprocess.run([SIFT, "-c", code], cwd=WORK, input=stdin, capture_output=True, timeout=120, env=e)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def sift_ok(code, stdin=None):
    rc, out, err = sift(code, stdin)
    if rc != 0:
        raise AssertionError(f"sift failed ({rc}): {err.strip()}\n{code}")
    return out


def sift_rows(code, stdin=None):
    """Runs code that ends by writing JSON lines to stdout; returns the records."""
    return [json.loads(l) for l in sift_ok(code, stdin).splitlines() if l.startswith("{")]


def check(name):
    def wrap(f):
        try:
            f()
            results.append((name, None))
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001
            results.append((name, traceback.format_exc()))
            print(f"FAIL {name}\n{traceback.format_exc()}")
        return f
    return wrap


def same(a, b):
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, float) or isinstance(b, float):
        return b is not None and not (isinstance(b, float) and math.isnan(b)) and abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return a == b


def assert_column(got, want, what):
    assert len(got) == len(want), f"{what}: {len(got)} values, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        assert same(w, g), f"{what}[{i}]: got {g!r}, expected {w!r}"


# The frame Sift writes: every type, nulls in each column, awkward text.
CSV = '''id,amount,flag,name,day,at
1,1.5,true,Ann,2024-01-15,2024-01-15 10:30:00
2,,false,"Bé, ""q""",2024-02-29,
3,-2.25,,,2023-12-31,2023-12-31 23:59:59.5
4,1e10,true,x,,2024-06-01 00:00:00
5,0,false,<tag> & y,1999-01-01,1970-01-01 00:00:01
'''
IDS = [1, 2, 3, 4, 5]
AMOUNT = [1.5, None, -2.25, 1e10, 0.0]
FLAG = [True, False, None, True, False]
NAME = ["Ann", 'Bé, "q"', None, "x", "<tag> & y"]
DAY = [dt.date(2024, 1, 15), dt.date(2024, 2, 29), dt.date(2023, 12, 31), None, dt.date(1999, 1, 1)]
AT = [dt.datetime(2024, 1, 15, 10, 30), None, dt.datetime(2023, 12, 31, 23, 59, 59, 500000), dt.datetime(2024, 6, 1), dt.datetime(1970, 1, 1, 0, 0, 1)]
with open(os.path.join(WORK, "frame.csv"), "w") as f:
    f.write(CSV)
LOAD = 'd = read_csv("frame.csv", types: {amount: "float"})\n'


@check("parquet written by Sift reads in pyarrow, pandas and polars (each codec)")
def _():
    for codec in ["none", "snappy", "gzip", "zstd"]:
        sift_ok(LOAD + f'write_parquet(d, "s_{codec}.parquet", compression: "{codec}")')
        path = os.path.join(WORK, f"s_{codec}.parquet")
        t = pq.read_table(path)
        types = {f.name: str(f.type) for f in t.schema}
        assert types == {"id": "int64", "amount": "double", "flag": "bool", "name": "string", "day": "date32[day]", "at": "timestamp[us]"}, types
        cols = t.to_pydict()
        assert_column(cols["id"], IDS, f"{codec} id")
        assert_column(cols["amount"], AMOUNT, f"{codec} amount")
        assert_column(cols["flag"], FLAG, f"{codec} flag")
        assert_column(cols["name"], NAME, f"{codec} name")
        assert_column(cols["day"], DAY, f"{codec} day")
        assert_column(cols["at"], AT, f"{codec} at")
        assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression.lower() == ("uncompressed" if codec == "none" else codec)
        p = pl.read_parquet(path)
        assert p["name"].to_list() == NAME and p["at"].to_list() == AT
        assert pd.read_parquet(path)["amount"].isna().tolist() == [a is None for a in AMOUNT]


@check("list columns: Sift's Parquet LIST reads in pyarrow and polars; pyarrow's and polars' lists read in Sift")
def _():
    with open(os.path.join(WORK, "tags.jsonl"), "w") as f:
        f.write('{"id": 1, "tags": ["x", "y"]}\n{"id": 2, "tags": []}\n{"id": 3}\n{"id": 4, "tags": ["z"]}\n')
    sift_ok('write_parquet(read_json("tags.jsonl"), "tags.parquet")')
    t = pq.read_table(os.path.join(WORK, "tags.parquet"))
    assert str(t.schema.field("tags").type) == "list<element: string>", t.schema
    assert t.column("tags").to_pylist() == [["x", "y"], [], None, ["z"]], t.column("tags").to_pylist()
    assert pl.read_parquet(os.path.join(WORK, "tags.parquet"))["tags"].to_list() == [["x", "y"], [], None, ["z"]]
    pl.DataFrame({"n": [[1, 2], None, [], [3]], "s": [["a"], ["b", None], None, []]}).write_parquet(os.path.join(WORK, "pl_lists.parquet"))
    pq.write_table(pa.table({"f": pa.array([[0.5], None, [], [1.25, 2.0]], pa.list_(pa.float64()))}), os.path.join(WORK, "pa_lists.parquet"))
    rows = sift_rows('write_json(read_parquet("pl_lists.parquet"), "-", lines: true)')
    assert [r["n"] for r in rows] == [["1", "2"], None, [], ["3"]], rows
    assert [r["s"] for r in rows] == [["a"], ["b", "null"], None, []], rows
    rows = sift_rows('write_json(read_parquet("pa_lists.parquet"), "-", lines: true)')
    assert [r["f"] for r in rows] == [["0.5"], None, [], ["1.25", "2.0"]], rows


@check("parquet with many row groups, pages and a dictionary column round-trips through pyarrow")
def _():
    sift_ok('d = read_csv("frame.csv")\nbig = concat(d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d)\n'
            'write_parquet(big, "big.parquet")')
    t = pq.read_table(os.path.join(WORK, "big.parquet"))
    assert t.num_rows == 100 and t.column("name").to_pylist() == NAME * 20


@check("xlsx written by Sift reads in openpyxl and pandas with types and empty cells")
def _():
    sift_ok(LOAD + 'write_excel(d, "s.xlsx", sheet: "Data")')
    wb = openpyxl.load_workbook(os.path.join(WORK, "s.xlsx"))
    assert wb.sheetnames == ["Data"], wb.sheetnames
    rows = list(wb["Data"].iter_rows(values_only=True))
    assert rows[0] == ("id", "amount", "flag", "name", "day", "at"), rows[0]
    body = rows[1:]
    assert_column([r[0] for r in body], IDS, "xlsx id")
    assert_column([r[1] for r in body], AMOUNT, "xlsx amount")
    assert_column([r[2] for r in body], FLAG, "xlsx flag")
    assert_column([r[3] for r in body], NAME, "xlsx name")
    assert_column([r[4].date() if r[4] else None for r in body], DAY, "xlsx day")
    assert_column([r[5] for r in body], AT, "xlsx at")
    df = pd.read_excel(os.path.join(WORK, "s.xlsx"))
    assert str(df["day"].dtype).startswith("datetime64") and str(df["at"].dtype).startswith("datetime64"), df.dtypes


@check("JSON written by Sift (records and lines) reads in pandas")
def _():
    sift_ok(LOAD + 'write_json(d, "s.json")\nwrite_json(d, "s.jsonl", lines: true)')
    for df in [pd.read_json(os.path.join(WORK, "s.json"), orient="records", dtype=False),
               pd.read_json(os.path.join(WORK, "s.jsonl"), lines=True, dtype=False)]:
        df["day"] = pd.to_datetime(df["day"])
        df["at"] = pd.to_datetime(df["at"], format="ISO8601")
        assert_column(df["id"].tolist(), IDS, "json id")
        assert_column([None if pd.isna(v) else v for v in df["amount"]], AMOUNT, "json amount")
        assert_column([None if pd.isna(v) else v for v in df["name"]], NAME, "json name")
        assert_column([None if pd.isna(v) else v.date() for v in df["day"]], DAY, "json day")
        assert_column([None if pd.isna(v) else v.to_pydatetime() for v in df["at"]], AT, "json at")


@check("Sift reads what pandas and polars write (parquet, json, xlsx)")
def _():
    src = pd.DataFrame({
        "k": pd.array([1, None, 3, 4], dtype="Int64"),
        "v": [0.5, 1.5, None, -1.0],
        "s": ["a", None, "c", "a"],
        "b": pd.array([True, None, False, True], dtype="boolean"),
        "t": pd.to_datetime(["2024-01-01 00:00:01", None, "2020-02-29 12:00:00", "1969-07-20 20:17:40"]),
    })
    src.to_parquet(os.path.join(WORK, "pd.parquet"), index=False)
    pl.from_pandas(src).write_parquet(os.path.join(WORK, "pl.parquet"))
    src.to_json(os.path.join(WORK, "pd.jsonl"), orient="records", lines=True, date_format="iso")
    src.to_excel(os.path.join(WORK, "pd.xlsx"), index=False)
    want_t = ["2024-01-01T00:00:01", None, "2020-02-29T12:00:00", "1969-07-20T20:17:40"]
    for f, reader in [("pd.parquet", "read_parquet"), ("pl.parquet", "read_parquet"), ("pd.jsonl", "read_json"), ("pd.xlsx", "read_excel")]:
        rows = sift_rows(f'write_json({reader}("{f}"), "-", lines: true)')
        assert [r["k"] for r in rows] == [1, None, 3, 4], (f, rows)
        assert [r["v"] for r in rows] == [0.5, 1.5, None, -1.0], (f, rows)
        assert [r["s"] for r in rows] == ["a", None, "c", "a"], (f, rows)
        assert [r["b"] for r in rows] == [True, None, False, True], (f, rows)
        got_t = [None if r["t"] is None else r["t"].replace(".000", "").rstrip("Z")[:19] for r in rows]
        assert got_t == want_t, (f, got_t)


@check("columns: reads only the asked columns, in order")
def _():
    rows = sift_rows('write_json(read_parquet("pd.parquet", columns: [s, k]), "-", lines: true)')
    assert list(rows[0].keys()) == ["s", "k"], rows[0]


@check("schema(path) and file_schema: a Parquet file's columns and types from its footer")
def _():
    rows = sift_rows('write_json(schema("pl_lists.parquet"), "-", lines: true)')
    assert rows == [{"column": "n", "type": "list"}, {"column": "s", "type": "list"}], rows
    rows = sift_rows('write_json(file_schema("pd.parquet"), "-", lines: true)')
    assert [(r["column"], r["type"]) for r in rows] == [("k", "int"), ("v", "float"), ("s", "string"), ("b", "bool"), ("t", "datetime")], rows
    rows = sift_rows('write_json(file_schema("pd.xlsx"), "-", lines: true)')
    assert [r["column"] for r in rows] == ["k", "v", "s", "b", "t"], rows
    rc, out, err = sift('file_schema("frame.unknown")')
    assert rc != 0 and "cannot tell the format" in err, err


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=WORK, **k)

    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path.startswith("/status/"):
            code = int(self.path.split("/")[2])
            self.send_response(code)
            self.end_headers()
            self.wfile.write(b"nope")
            return
        if self.path == "/slow":
            time.sleep(4)
            self.path = "/frame.csv"
        return super().do_GET()


@check("http: URLs read with every reader; 404/500 name the status; timeouts")
def _():
    with open(os.path.join(WORK, "frame.csv.gz"), "wb") as f:
        f.write(gzip.compress(CSV.encode()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        rows = sift_rows(f'write_json(read_csv("{base}/frame.csv.gz"), "-", lines: true)')
        assert [r["name"] for r in rows] == NAME, rows
        rows = sift_rows(f'write_json(read_parquet("{base}/pd.parquet", columns: [k]), "-", lines: true)')
        assert [r["k"] for r in rows] == [1, None, 3, 4], rows
        rows = sift_rows(f'write_json(read_excel("{base}/pd.xlsx"), "-", lines: true)')
        assert len(rows) == 4
        rows = sift_rows(f'write_json(read_json("{base}/pd.jsonl"), "-", lines: true)')
        assert len(rows) == 4
        for code, word in [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]:
            rc, out, err = sift(f'read_csv("{base}/status/{code}")')
            assert rc != 0 and word in err, (rc, err)
        rc, out, err = sift(f'read_csv("{base}/slow")', env={"SIFT_HTTP_TIMEOUT": "1"})
        assert rc != 0 and "cannot fetch" in err and "1 s" in err, err
    finally:
        server.shutdown()
        server.server_close()


@check("standard input: gzip CSV and parquet through \"-\"")
def _():
    rows = sift_rows('write_json(read_csv("-"), "-", lines: true)', stdin=gzip.compress(CSV.encode()))
    assert [r["id"] for r in rows] == IDS
    with open(os.path.join(WORK, "pd.parquet"), "rb") as f:
        rows = sift_rows('write_json(read_parquet("-"), "-", lines: true)', stdin=f.read())
    assert [r["s"] for r in rows] == ["a", None, "c", "a"]


failed = sum(1 for _, e in results if e)
shutil.rmtree(WORK, ignore_errors=True)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
