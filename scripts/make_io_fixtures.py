#!/usr/bin/env python3
"""Writes the file-format fixtures the SiftIO tests read, with the reference libraries from PyPI
(pandas, pyarrow, openpyxl), into Tests/fixtures/io, each data set with an `.expected.json`
giving its columns as Sift should read them: name, Sift type and values (dates as YYYY-MM-DD,
datetimes as 'YYYY-MM-DD HH:MM:SS[.ffffff]', nulls as null).

    $(scripts/io_venv) scripts/make_io_fixtures.py

The fixtures are committed (small), so `swift test` needs no Python; rerun this after changing it.
"""
import datetime as dt
import decimal
import json
import os
import struct
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import openpyxl

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "fixtures", "io")
N = 300


def iso_dt(x):
    s = x.strftime("%Y-%m-%d %H:%M:%S")
    if x.microsecond:
        s += ("." + f"{x.microsecond:06d}").rstrip("0")
    return s


def parquet_table():
    rng = np.random.default_rng(7)
    ids = list(range(1, N + 1))
    small = [int(v) for v in rng.integers(-1000, 1000, N)]
    spend = [None if i % 7 == 3 else round(float(v), 4) for i, v in enumerate(rng.normal(100, 30, N))]
    ratio = [float(np.float32(v)) for v in rng.random(N)]
    active = [None if i % 11 == 5 else bool(i % 3) for i in range(N)]
    region = [None if i % 13 == 0 else ["North", "South", "East", "West"][i % 4] for i in range(N)]
    email = [f"user{i}@example.com" if i % 17 else None for i in range(N)]
    signup = [None if i % 19 == 2 else dt.date(2020, 1, 1) + dt.timedelta(days=i * 3) for i in range(N)]
    seen_us = [dt.datetime(2024, 3, 1, 8, 30) + dt.timedelta(seconds=i * 3601, microseconds=i * 7) for i in range(N)]
    seen_ms = [None if i % 5 == 0 else dt.datetime(2023, 12, 31, 23, 59) + dt.timedelta(milliseconds=i * 1234567) for i in range(N)]
    price = [None if i % 23 == 1 else decimal.Decimal(f"{i * 3}.{i % 100:02d}") for i in range(N)]
    empty = [None] * N
    table = pa.table({
        "id": pa.array(ids, pa.int64()),
        "small": pa.array(small, pa.int32()),
        "spend": pa.array(spend, pa.float64()),
        "ratio": pa.array(ratio, pa.float32()),
        "active": pa.array(active, pa.bool_()),
        "region": pa.array(region, pa.string()),
        "email": pa.array(email, pa.string()),
        "signup": pa.array(signup, pa.date32()),
        "seen_us": pa.array(seen_us, pa.timestamp("us")),
        "seen_ms": pa.array(seen_ms, pa.timestamp("ms")),
        "price": pa.array(price, pa.decimal128(10, 2)),
        "empty": pa.array(empty, pa.float64()),
    })
    expected = [
        ("id", "int", ids), ("small", "int", small), ("spend", "float", spend), ("ratio", "float", ratio),
        ("active", "bool", active), ("region", "string", region), ("email", "string", email),
        ("signup", "date", [d.isoformat() if d else None for d in signup]),
        ("seen_us", "datetime", [iso_dt(x) for x in seen_us]),
        ("seen_ms", "datetime", [iso_dt(x) if x else None for x in seen_ms]),
        ("price", "float", [float(p) if p is not None else None for p in price]),
        ("empty", "float", empty),
    ]
    return table, expected


def write_expected(name, columns, notes=None):
    doc = {"columns": [{"name": n, "type": t, "values": v} for n, t, v in columns]}
    if notes:
        doc["notes"] = notes
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")


def make_parquet():
    table, expected = parquet_table()
    write_expected("parquet", expected)
    for codec in ["none", "snappy", "gzip", "zstd"]:
        for dictionary in [True, False]:
            for version in ["1.0", "2.0"]:
                name = f"pyarrow_{codec}_{'dict' if dictionary else 'plain'}_v{version[0]}.parquet"
                pq.write_table(table, os.path.join(OUT, name), compression=codec, use_dictionary=dictionary,
                               data_page_version=version, row_group_size=128, data_page_size=512,
                               write_statistics=False)
    # pandas' own writer (nanosecond timestamps, pandas metadata, its index column left out).
    df = table.to_pandas()
    df["seen_ns"] = pd.to_datetime(df["seen_us"]).astype("datetime64[ns]")
    df.to_parquet(os.path.join(OUT, "pandas_default.parquet"), index=False)
    write_expected("pandas_default", expected + [("seen_ns", "datetime", expected[8][2])])
    more_parquet(table, expected)


def more_parquet(table, expected):
    # A struct column (flattened to dotted names), a list column, and a list of lists (refused).
    nested = pa.table({
        "id": pa.array([1, 2, 3], pa.int64()),
        "user": pa.array([{"name": "a", "age": 30}, None, {"name": "c", "age": None}],
                         pa.struct([("name", pa.string()), ("age", pa.int64())])),
        "tags": pa.array([["x"], [], None], pa.list_(pa.string())),
        "grid": pa.array([[[1], [2, 3]], None, [[]]], pa.list_(pa.list_(pa.int64()))),
    })
    pq.write_table(nested, os.path.join(OUT, "nested.parquet"))
    # The other codecs pyarrow writes: LZ4 (Hadoop framing), LZ4_RAW, Brotli.
    for codec in ["lz4", "lz4_raw", "brotli"]:
        for dictionary, version in [(True, "1.0"), (False, "2.0")]:
            name = f"pyarrow_{codec}_{'dict' if dictionary else 'plain'}_v{version[0]}.parquet"
            pq.write_table(table, os.path.join(OUT, name), compression=codec, use_dictionary=dictionary,
                           data_page_version=version, row_group_size=128, data_page_size=512, write_statistics=False)
    # The non-plain encodings, on every column they apply to, in v1 and v2 pages.
    encodings = {
        "delta": {"id": "DELTA_BINARY_PACKED", "small": "DELTA_BINARY_PACKED", "signup": "DELTA_BINARY_PACKED",
                  "seen_us": "DELTA_BINARY_PACKED", "seen_ms": "DELTA_BINARY_PACKED", "region": "DELTA_BYTE_ARRAY",
                  "email": "DELTA_LENGTH_BYTE_ARRAY", "spend": "BYTE_STREAM_SPLIT", "ratio": "BYTE_STREAM_SPLIT",
                  "active": "RLE", "price": "DELTA_BYTE_ARRAY", "empty": "BYTE_STREAM_SPLIT"},
        "split": {"id": "BYTE_STREAM_SPLIT", "small": "BYTE_STREAM_SPLIT", "signup": "BYTE_STREAM_SPLIT",
                  "seen_us": "BYTE_STREAM_SPLIT", "seen_ms": "DELTA_BINARY_PACKED", "region": "DELTA_LENGTH_BYTE_ARRAY",
                  "email": "DELTA_BYTE_ARRAY", "spend": "BYTE_STREAM_SPLIT", "ratio": "BYTE_STREAM_SPLIT",
                  "active": "PLAIN", "price": "BYTE_STREAM_SPLIT", "empty": "PLAIN"},
    }
    for kind, enc in encodings.items():
        for version, codec in [("1.0", "none"), ("2.0", "zstd")]:
            pq.write_table(table, os.path.join(OUT, f"pyarrow_{kind}_v{version[0]}.parquet"), compression=codec,
                           use_dictionary=False, column_encoding=enc, data_page_version=version,
                           row_group_size=128, data_page_size=512, write_statistics=False)
    # Null patterns: required columns (no definition levels at all) next to all-null ones.
    required = pa.table({
        "id": pa.array(ids_of(table), pa.int64()),
        "ratio": table.column("ratio").combine_chunks(),
        "seen_us": table.column("seen_us").combine_chunks(),
        "nothing": pa.array([None] * N, pa.string()),
    }, schema=pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("ratio", pa.float32(), nullable=False),
                         pa.field("seen_us", pa.timestamp("us"), nullable=False), pa.field("nothing", pa.string())]))
    for version in ["1.0", "2.0"]:
        pq.write_table(required, os.path.join(OUT, f"required_v{version[0]}.parquet"), data_page_version=version,
                       row_group_size=100, data_page_size=256)
    by_name = {n: (t, v) for n, t, v in expected}
    write_expected("required", [("id",) + by_name["id"], ("ratio",) + by_name["ratio"], ("seen_us",) + by_name["seen_us"],
                                ("nothing", "string", [None] * N)])
    make_parquet_lists()
    # Parquet's older LZ4 codec frames raw LZ4 blocks Hadoop's way (big-endian sizes before each
    # block); pyarrow writes LZ4_RAW only, so the framing is built here around its raw blocks.
    data = b"".join(f"row {i}, spend {i * 7 % 100}\n".encode() for i in range(600))
    halves = [data[:len(data) // 2], data[len(data) // 2:]]
    framed = b""
    for half in halves:
        block = pa.compress(half, codec="lz4_raw", asbytes=True)
        framed += struct.pack(">II", len(half), len(block)) + block
    with open(os.path.join(OUT, "lz4_hadoop.bin"), "wb") as f:
        f.write(framed)
    with open(os.path.join(OUT, "lz4_hadoop.expected"), "wb") as f:
        f.write(data)


def ids_of(table):
    return table.column("id").to_pylist()


def make_parquet_lists():
    """List columns of each item type, with null lists, empty lists and null items, over several
    row groups and pages (v1 and v2, dictionary and plain), and pyarrow's legacy `list.item` naming."""
    rows = 300
    def maybe(i, items):
        return None if i % 11 == 4 else ([] if i % 7 == 2 else items)
    tags = [maybe(i, [["red", "green", "blue", None][(i + k) % 4] for k in range(i % 5)]) for i in range(rows)]
    scores = [maybe(i, [i * 0.5 + k for k in range(i % 4)]) for i in range(rows)]
    counts = [maybe(i, [i * 10 + k for k in range(i % 3 + 1)]) for i in range(rows)]
    days = [maybe(i, [dt.date(2024, 1, 1) + dt.timedelta(days=i + k) for k in range(i % 3)]) for i in range(rows)]
    flags = [maybe(i, [bool((i + k) % 2) for k in range(i % 3)]) for i in range(rows)]
    table = pa.table({
        "id": pa.array(range(rows), pa.int64()),
        "tags": pa.array(tags, pa.list_(pa.string())),
        "scores": pa.array(scores, pa.list_(pa.float64())),
        "counts": pa.array(counts, pa.large_list(pa.int32())),
        "days": pa.array(days, pa.list_(pa.date32())),
        "flags": pa.array(flags, pa.list_(pa.bool_())),
    })
    def text(v):
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, dt.date):
            return v.isoformat()
        return str(v) if not isinstance(v, float) else repr(v)
    def col(values):
        return [None if v is None else [text(x) for x in v] for v in values]
    write_expected("lists", [("id", "int", list(range(rows))), ("tags", "list", col(tags)), ("scores", "list", col(scores)),
                             ("counts", "list", col(counts)), ("days", "list", col(days)), ("flags", "list", col(flags))])
    for dictionary, version, compliant in [(True, "1.0", True), (False, "2.0", True), (True, "2.0", False)]:
        name = f"lists_{'dict' if dictionary else 'plain'}_v{version[0]}{'' if compliant else '_legacy'}.parquet"
        pq.write_table(table, os.path.join(OUT, name), use_dictionary=dictionary, data_page_version=version,
                       use_compliant_nested_type=compliant, row_group_size=100, data_page_size=256, compression="snappy")


def excel_rows():
    rows = []
    for i in range(40):
        rows.append([
            i + 1,
            None if i % 6 == 4 else round(10.5 + i * 1.25, 2),
            ["North", "South", "East", "West"][i % 4] if i % 9 != 2 else None,
            None if i % 7 == 1 else bool(i % 2),
            dt.date(2024, 1, 1) + dt.timedelta(days=i * 5),
            dt.datetime(2024, 6, 1, 9, 15) + dt.timedelta(hours=i * 7, seconds=30),
            f"note {i} & <tag>" if i % 3 == 0 else None,
        ])
    return ["id", "amount", "region", "paid", "day", "at", "comment"], rows


def make_excel():
    header, rows = excel_rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Orders"
    ws.append(header)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        for c in row:
            c.number_format = "yyyy-mm-dd"
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        for c in row:
            c.number_format = "yyyy-mm-dd hh:mm:ss"
    notes = wb.create_sheet("Notes")
    notes.append(["key", "value"])
    notes.append(["source", "finance"])
    notes.append(["rows", 40])
    # A sheet with a title block above the table, for range: and header: tests.
    offset = wb.create_sheet("Offset")
    offset["A1"] = "Quarterly export"
    offset["B3"] = "name"
    offset["C3"] = "score"
    offset["B4"] = "a"
    offset["C4"] = 1
    offset["B5"] = "b"
    offset["C5"] = 2.5
    wb.save(os.path.join(OUT, "openpyxl.xlsx"))
    cols = list(zip(*rows))
    write_expected("openpyxl", [
        ("id", "int", list(cols[0])), ("amount", "float", list(cols[1])), ("region", "string", list(cols[2])),
        ("paid", "bool", list(cols[3])), ("day", "date", [d.isoformat() for d in cols[4]]),
        ("at", "datetime", [iso_dt(x) for x in cols[5]]), ("comment", "string", list(cols[6])),
    ])
    # pandas.to_excel (openpyxl engine): dates as datetimes, NaN as empty cells.
    df = pd.DataFrame({
        "id": [1, 2, 3, 4],
        "score": [1.5, None, -2.25, 1e10],
        "name": ["a", "b", None, "d"],
        "flag": [True, False, True, False],
        "when": pd.to_datetime(["2024-01-01 10:00:00", "2024-02-29 00:00:00", None, "1999-12-31 23:59:59"]),
    })
    df.to_excel(os.path.join(OUT, "pandas.xlsx"), sheet_name="Sheet1", index=False, engine="openpyxl")
    write_expected("pandas_xlsx", [
        ("id", "int", [1, 2, 3, 4]), ("score", "float", [1.5, None, -2.25, 1e10]), ("name", "string", ["a", "b", None, "d"]),
        ("flag", "bool", [True, False, True, False]),
        ("when", "datetime", ["2024-01-01 10:00:00", "2024-02-29 00:00:00", None, "1999-12-31 23:59:59"]),
    ])


def make_json():
    df = pd.DataFrame({
        "id": [1, 2, 3],
        "name": ["Ann", None, "Cé \"quoted\""],
        "spend": [1.5, None, 3.25],
        "ok": [True, False, None],
    })
    df.to_json(os.path.join(OUT, "pandas_records.json"), orient="records")
    df.to_json(os.path.join(OUT, "pandas_lines.jsonl"), orient="records", lines=True)
    df.to_json(os.path.join(OUT, "pandas_columns.json"))  # pandas' default orient: {"col": {"0": v}}
    exp = [("id", "int", [1, 2, 3]), ("name", "string", ["Ann", None, "Cé \"quoted\""]),
           ("spend", "float", [1.5, None, 3.25]), ("ok", "bool", [True, False, None])]
    write_expected("pandas_json", exp)
    nested = [
        {"id": 1, "user": {"name": "a", "geo": {"country": "FR"}}, "tags": ["x", "y"]},
        {"id": 2, "user": {"name": "b"}, "tags": []},
        {"id": 3, "extra": 1.5},
    ]
    with open(os.path.join(OUT, "nested.json"), "w") as f:
        json.dump(nested, f)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    make_parquet()
    make_excel()
    make_json()
    print("fixtures written to", os.path.normpath(OUT), file=sys.stderr)
