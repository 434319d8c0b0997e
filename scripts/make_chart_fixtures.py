#!/usr/bin/env python3
"""Reference box-plot statistics for the chart tests, from matplotlib and numpy.

Run it from anywhere: it creates a virtual environment in /tmp/chartfixturevenv (numpy and
matplotlib from PyPI), re-runs itself there, and writes Tests/fixtures/charts/boxes.csv (the
values) and boxes.json (per group: numpy's quartiles and matplotlib.cbook.boxplot_stats' whisker
ends and outliers with whis=1.5, the Tukey rule matplotlib and seaborn draw by default). The
outputs are committed; the Swift tests read them and need no Python.
"""
import json
import os
import random
import subprocess
import sys

VENV = "/tmp/chartfixturevenv"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "fixtures", "charts")


def ensure_venv():
    python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.prefix) == os.path.abspath(VENV):
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "--quiet", "numpy", "matplotlib"])
    os.execv(python, [python] + sys.argv)


def main():
    ensure_venv()
    import numpy as np
    from matplotlib import cbook
    rnd = random.Random(5)
    groups = {
        # Skewed spend with a long right tail: many high outliers.
        "email": [round(rnd.lognormvariate(4.5, 0.8), 2) for _ in range(400)],
        # Symmetric with a few planted outliers on both sides.
        "search": [round(rnd.gauss(120, 15), 2) for _ in range(300)] + [20.0, 25.5, 240.0, 260.75],
        # Few values, ties, no outliers.
        "social": [10, 12, 12, 13, 15, 15, 15, 18, 21],
        # One value.
        "tv": [42.0],
    }
    rows = []
    expected = {}
    for name, values in groups.items():
        rows += [(name, v) for v in values]
        a = np.array(values, dtype=float)
        s = cbook.boxplot_stats(a, whis=1.5)[0]
        q1, med, q3 = np.percentile(a, [25, 50, 75])
        expected[name] = {
            "q1": float(q1), "median": float(med), "q3": float(q3),
            "whislo": float(s["whislo"]), "whishi": float(s["whishi"]),
            "fliers": sorted(float(x) for x in s["fliers"]),
            "count": len(values),
        }
        assert abs(s["q1"] - q1) < 1e-9 and abs(s["q3"] - q3) < 1e-9
    rnd.shuffle(rows)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "boxes.csv"), "w", newline="") as f:
        f.write("channel,spend\n")
        for name, v in rows:
            f.write("%s,%r\n" % (name, float(v)))
    with open(os.path.join(OUT, "boxes.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote boxes.csv and boxes.json:", {k: (v["whislo"], v["whishi"], len(v["fliers"])) for k, v in expected.items()})


if __name__ == "__main__":
    main()
