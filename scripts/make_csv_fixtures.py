#!/usr/bin/env python3
"""Reference null counts for the CSV reader's null rule, from pandas.

Run it from anywhere: it creates a virtual environment in /tmp/csvfixturevenv (pandas from PyPI),
re-runs itself there, and writes Tests/fixtures/csv/nulls.csv and nulls.json. The outputs are
committed; the Swift tests read them and need no Python. Re-running gives the same files.

nulls.csv holds every kind of empty and null-looking field in every column type: unquoted empty
fields, quoted empty fields (`""`), the default null token NA, quoted text with commas and doubled quotes, and short
rows. (A quoted "NA" is left out: pandas reads it as NaN, Sift as the text NA, documented.) pandas' `read_csv` defaults (keep_default_na)
decide what is null; nulls.json records, per column, pandas' null count, plus the row counts of
`dropna()` and of `dropna(subset=...)` for a few column subsets.
"""
import json
import os
import random
import subprocess
import sys

VENV = "/tmp/csvfixturevenv"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "fixtures", "csv")


def ensure_venv():
    python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.prefix) == os.path.abspath(VENV):
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "--quiet", "pandas"])
    os.execv(python, [python] + sys.argv)


def write_csv(path, rows=4000, seed=11):
    rnd = random.Random(seed)
    lines = ["id,age,income,active,signup,seen_at,region,comment"]
    regions = ["North", "South", "East", "West"]
    for i in range(rows):
        def pick(value, quoted_ok=True):
            u = rnd.random()
            if u < 0.04:
                return ""                 # unquoted empty: null everywhere
            if u < 0.07 and quoted_ok:
                return '""'               # quoted empty: null in pandas
            if u < 0.08:
                return "NA"               # a default null token
            return value
        age = pick(str(18 + rnd.randrange(60)))
        income = pick("%.2f" % rnd.uniform(8000, 150000))
        active = pick(rnd.choice(["true", "false"]))
        signup = pick("2023-%02d-%02d" % (1 + rnd.randrange(12), 1 + rnd.randrange(28)))
        seen = pick("2024-%02d-%02d %02d:%02d:00" % (1 + rnd.randrange(12), 1 + rnd.randrange(28), rnd.randrange(24), rnd.randrange(60)))
        region = pick(rnd.choice(regions))
        u = rnd.random()
        if u < 0.05:
            comment = '""'
        elif u < 0.08:
            comment = ""
        else:
            comment = '"%s, %d"' % (rnd.choice(["late", "great", 'say ""hi""']), rnd.randrange(100))
        fields = [str(i + 1), age, income, active, signup, seen, region, comment]
        if rnd.random() < 0.01:
            fields = fields[:5]          # a short row: the rest is null
        lines.append(",".join(fields))
    with open(path, "w", newline="") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ensure_venv()
    import pandas as pd
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "nulls.csv")
    write_csv(path)
    df = pd.read_csv(path)
    expected = {
        "rows": int(len(df)),
        "nulls": {c: int(df[c].isna().sum()) for c in df.columns},
        "dropna": int(len(df.dropna())),
        "dropna_subset": {"age,income": int(len(df.dropna(subset=["age", "income"]))),
                          "region,comment": int(len(df.dropna(subset=["region", "comment"])))},
        "dtypes": {c: str(df[c].dtype) for c in df.columns},
        "pandas": pd.__version__,
    }
    with open(os.path.join(OUT, "nulls.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", path, "and nulls.json:", expected)


if __name__ == "__main__":
    main()
