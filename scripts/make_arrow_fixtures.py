#!/usr/bin/env python3
"""Writes the Arrow IPC stream fixtures the SiftIO Arrow tests read, with pyarrow (PyPI), into
Tests/fixtures/io/arrow_*.arrows, each with an `.expected.json` in the format of
scripts/make_io_fixtures.py (column name, Sift type, values; dates as YYYY-MM-DD, datetimes as
'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC, nulls as null).

    $(scripts/io_venv) scripts/make_arrow_fixtures.py

The streams cover what Spark Connect servers send and what pyarrow can write: every integer
width (signed and unsigned), float32/64, bit-packed bools, utf8 and large_utf8, date32/date64,
timestamps in all four units with and without a time zone, decimal128, nulls, several record
batches whose sizes are not multiples of 64, dictionary-encoded strings (replaced and delta
dictionaries), LZ4 and ZSTD body compression, the pre-0.15 framing, and an empty result.
The fixtures are committed (small); rerun this after changing it.
"""
import datetime as dt
import decimal
import json
import os
import random

import pyarrow as pa
import pyarrow.ipc as ipc

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "fixtures", "io")
rng = random.Random(18)


def fmt_dt(x):
    s = x.strftime("%Y-%m-%d %H:%M:%S")
    return s + ((".%06d" % x.microsecond).rstrip("0") if x.microsecond else "")


def maybe(v, p=0.15):
    return None if rng.random() < p else v


def write(name, batches, schema, expected, **options):
    path = os.path.join(OUT, name + ".arrows")
    with open(path, "wb") as f:
        with ipc.new_stream(f, schema, options=ipc.IpcWriteOptions(**options)) as w:
            for b in batches:
                w.write_batch(b)
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump({"columns": expected}, f, indent=1)


def types_fixture(name, sizes, **options):
    n = sum(sizes)
    epoch = dt.datetime(1970, 1, 1)
    ints = [maybe(rng.randint(-2**62, 2**62)) for _ in range(n)]
    i8 = [maybe(rng.randint(-128, 127)) for _ in range(n)]
    i16 = [maybe(rng.randint(-2**15, 2**15 - 1)) for _ in range(n)]
    i32 = [maybe(rng.randint(-2**31, 2**31 - 1)) for _ in range(n)]
    u8 = [maybe(rng.randint(0, 255)) for _ in range(n)]
    u32 = [maybe(rng.randint(0, 2**32 - 1)) for _ in range(n)]
    f32 = [maybe(rng.choice([0.5, -1.25, 3.0, 1e10, -0.0])) for _ in range(n)]
    f64 = [maybe(rng.uniform(-1e6, 1e6)) for _ in range(n)]
    bools = [maybe(rng.random() < 0.5) for _ in range(n)]
    texts = [maybe(rng.choice(["", "a", "héllo", "日本語", "x" * 40, "tab\tsep", "quote\"d"])) for _ in range(n)]
    large = [maybe("row %d" % i) for i in range(n)]
    days = [maybe(rng.randint(-30000, 30000)) for _ in range(n)]
    micros = [maybe(rng.randint(-2**50, 2**50)) for _ in range(n)]
    decs = [maybe(decimal.Decimal(rng.randint(-10**9, 10**9)) / 100) for _ in range(n)]
    ts = [None if m is None else epoch + dt.timedelta(microseconds=m) for m in micros]
    secs = [None if m is None else epoch + dt.timedelta(seconds=m // 10**6) for m in micros]
    millis = [None if m is None else epoch + dt.timedelta(milliseconds=m // 1000) for m in micros]
    dates = [None if d is None else dt.date(1970, 1, 1) + dt.timedelta(days=d) for d in days]
    cols = [
        ("i64", pa.int64(), ints, "int", ints),
        ("i8", pa.int8(), i8, "int", i8),
        ("i16", pa.int16(), i16, "int", i16),
        ("i32", pa.int32(), i32, "int", i32),
        ("u8", pa.uint8(), u8, "int", u8),
        ("u32", pa.uint32(), u32, "int", u32),
        ("f32", pa.float32(), f32, "float", f32),
        ("f64", pa.float64(), f64, "float", f64),
        ("b", pa.bool_(), bools, "bool", bools),
        ("s", pa.string(), texts, "string", texts),
        ("ls", pa.large_string(), large, "string", large),
        ("d32", pa.date32(), dates, "date", [None if d is None else d.isoformat() for d in dates]),
        ("d64", pa.date64(), dates, "date", [None if d is None else d.isoformat() for d in dates]),
        ("ts_us", pa.timestamp("us"), ts, "datetime", [None if t is None else fmt_dt(t) for t in ts]),
        ("ts_us_utc", pa.timestamp("us", tz="UTC"), ts, "datetime", [None if t is None else fmt_dt(t) for t in ts]),
        ("ts_ns_tz", pa.timestamp("ns", tz="Europe/Paris"), ts, "datetime", [None if t is None else fmt_dt(t) for t in ts]),
        ("ts_ms", pa.timestamp("ms"), millis, "datetime", [None if t is None else fmt_dt(t) for t in millis]),
        ("ts_s", pa.timestamp("s", tz="UTC"), secs, "datetime", [None if t is None else fmt_dt(t) for t in secs]),
        ("dec", pa.decimal128(12, 2), decs, "float", [None if d is None else float(d) for d in decs]),
    ]
    # Timestamps with a time zone hold UTC instants: give pyarrow aware datetimes.
    utc = dt.timezone.utc
    arrays = []
    for cname, typ, values, _, _ in cols:
        if isinstance(typ, pa.TimestampType) and typ.tz:
            values = [None if v is None else v.replace(tzinfo=utc) for v in values]
        arrays.append(pa.array(values, type=typ))
    table = pa.table(arrays, names=[c[0] for c in cols])
    batches, start = [], 0
    for size in sizes:
        batches.append(table.slice(start, size).combine_chunks().to_batches()[0] if size else pa.RecordBatch.from_pylist([], schema=table.schema))
        start += size
    expected = [{"name": c[0], "type": c[3], "values": c[4]} for c in cols]
    write(name, batches, table.schema, expected, **options)


def dict_fixture(name, deltas):
    schema = pa.schema([("city", pa.dictionary(pa.int8(), pa.string())), ("code", pa.dictionary(pa.int32(), pa.string())), ("n", pa.int64())])
    parts = [
        (["Paris", "Oslo", None, "Paris", "Lima"], ["a", "b", "a", None, "c"]),
        (["Oslo", "Quito", None, "Quito", "Paris", "Oslo"], ["b", "d", "d", "e", None, "a"]),
    ]
    batches, exp_city, exp_code, exp_n = [], [], [], []
    for k, (city, code) in enumerate(parts):
        if deltas:
            # Dictionaries that only grow, so pyarrow sends the second batch's new values as deltas.
            cv = ["Paris", "Oslo", "Lima"] + (["Quito"] if k else [])
            kv = ["a", "b", "c"] + (["d", "e"] if k else [])
        else:
            cv = sorted({c for c in city if c})
            kv = sorted({c for c in code if c})
        ca = pa.DictionaryArray.from_arrays(pa.array([None if c is None else cv.index(c) for c in city], pa.int8()), pa.array(cv))
        ka = pa.DictionaryArray.from_arrays(pa.array([None if c is None else kv.index(c) for c in code], pa.int32()), pa.array(kv))
        ns = list(range(len(city)))
        batches.append(pa.RecordBatch.from_arrays([ca, ka, pa.array(ns, pa.int64())], schema=schema))
        exp_city += city
        exp_code += code
        exp_n += ns
    expected = [{"name": "city", "type": "string", "values": exp_city},
                {"name": "code", "type": "string", "values": exp_code},
                {"name": "n", "type": "int", "values": exp_n}]
    write(name, batches, schema, expected, emit_dictionary_deltas=deltas)


def main():
    os.makedirs(OUT, exist_ok=True)
    types_fixture("arrow_types", [70, 37, 0, 93])
    types_fixture("arrow_lz4", [50, 50], compression="lz4")
    types_fixture("arrow_zstd", [64, 13], compression="zstd")
    types_fixture("arrow_legacy", [10], use_legacy_format=True)
    types_fixture("arrow_empty", [])
    dict_fixture("arrow_dict", deltas=False)
    dict_fixture("arrow_dict_delta", deltas=True)


if __name__ == "__main__":
    main()
