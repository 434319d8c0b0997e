#!/usr/bin/env python3
"""Models benchmark: Sift's lm / logit / kmeans / random_forest against statsmodels and scikit-learn,
in one run, on one machine, with the fitted numbers side by side.

Usage (from the repo root, after `bash bench/setup.sh` and a release build):
    python3 bench/model_bench.py [--sift .build-release/release/sift] [--repeat 3]
                                 [--tasks ols,logit,kmeans,kmeans10,rf,plogit,gbt,ets,arima] [--rf-trees 50] [--rf-depth 8]
                                 [--skip-sift] [--skip-python] [--wait-quiet S] [--out-dir DIR]

Tasks (1M rows of bench/bench-data/marketing_1m.csv unless noted; data already in memory):
  ols       revenue ~ spend + visits + income + region (C(region) in patsy)      Sift lm()
  logit     churned ~ spend + visits + age + income                              Sift logit()
  kmeans    k = 5 on standardized age, income, visits, spend; ONE k-means++ init on both sides
            (Sift n_init: 1, seed: 0; KMeans(5, n_init=1, random_state=0))
  kmeans10  the same with 10 inits on both sides (Sift's default n_init: 10; KMeans(n_init=10))
  plogit    churned ~ spend + visits + age + income, L2-penalised, C = 1: Sift logit(penalty: "l2") against
            scikit-learn LogisticRegression() (lbfgs at its default tol, and newton-cholesky run to convergence)
  gbt       churned ~ age + income + visits + spend on marketing_100k.csv: Sift boosted_trees() against
            HistGradientBoostingClassifier(random_state=0), both with their defaults (early stopping on: > 10k rows)
  ets       monthly CO2 1990-2001 (Tests/fixtures/models/co2_monthly.csv), ETS(A,A,A) fitted + 24-step forecast:
            Sift forecast() against statsmodels ETSModel(...).fit() and ExponentialSmoothing(...).fit()
  arima     the same series, ARIMA(2,1,1) fitted by exact MLE + 24-step forecast with intervals: Sift
            forecast(method: "arima") against statsmodels ARIMA(order=(2,1,1)).fit() (its default, and run to
            the tight optimum Sift computes)
  rf        churned ~ age + income + visits + spend on marketing_100k.csv (100k rows), 50 trees,
            max_depth 8, sqrt(p) = 2 features per split, bootstrap; Sift random_forest() (all cores =
            2 here) against RandomForestClassifier(n_jobs=2, random_state=0)

The Python side mirrors ../shared/bench/peers.py (`--engine models --task ols,logit,kmeans`) call for
call: the same dropna'd frames built outside the timed region, gc.collect() before each repeat, wall
time by time.perf_counter, and the same variants (statsmodels formula OLS + summary, sm.OLS with
get_dummies + summary, sm.Logit newton + summary, StandardScaler + KMeans inside the timing).  It is
timed in-process here rather than by running peers.py because peers.py waits for an idle machine and
throws away any run during which another process used CPU, which on a shared 2-core box can stall it
for a long time; instead this script records the load average and the CPU other processes used
during each measurement (column "other cores"), so noisy numbers can be recognised.

Sift is timed in-process with `timeit(EXPR, repeat: N)` in a generated script, one `sift` process per
task (so a failing task loses only its own row).  The script then fits the model once more and writes
tidy()/glance() as CSV, which this script reads to print the coefficients next to the peers'.

Plain Python 3 standard library; the peers run in bench/.venv's interpreter (this file re-invokes
itself there with --peer-worker).
"""
import argparse
import csv
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_PY = os.path.join(ROOT, "bench", ".venv", "bin", "python")
DATA = "bench/bench-data/marketing_1m.csv"
RF_DATA = "bench/bench-data/marketing_100k.csv"
ETS_DATA = "Tests/fixtures/models/co2_monthly.csv"
TASKS = ["ols", "logit", "kmeans", "kmeans10", "rf", "plogit", "gbt", "ets", "arima"]
HZ = os.sysconf("SC_CLK_TCK")

# ------------------------------------------------------------------------------------------ CPU use
def machine_busy():
    """Busy CPU-seconds of the whole machine (user+nice+system+irq+softirq), from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (v[0] + v[1] + v[2] + v[5] + v[6]) / HZ


def wait_quiet(limit_s, max_cores=0.25, window=1.0):
    """Wait (at most limit_s) until other processes use less than max_cores CPU over `window` s."""
    if limit_s <= 0:
        return 0.0
    t0 = time.time()
    while time.time() - t0 < limit_s:
        b0, o0 = machine_busy(), time.process_time()
        time.sleep(window)
        if (machine_busy() - b0) - (time.process_time() - o0) < max_cores * window:
            break
    return time.time() - t0


# --------------------------------------------------------------------------------- Python peers
def peer_worker(a):
    """Runs in bench/.venv: times the peer variants of one task, prints one JSON line per variant."""
    import numpy as np
    import pandas as pd

    def bench(variant, fn, note=""):
        times, foreign, res = [], [], None
        for _ in range(a.repeat):
            gc.collect()
            b0, o0 = machine_busy(), time.process_time()
            t0 = time.perf_counter()
            res = fn()
            dt = time.perf_counter() - t0
            other = max(0.0, (machine_busy() - b0) - (time.process_time() - o0))
            times.append(dt)
            foreign.append(other / dt if dt > 0 else 0.0)
        rec = dict(task=a.task, variant=variant, times=[round(t, 4) for t in times],
                   min=min(times), median=statistics.median(times),
                   other_cores=round(statistics.median(foreign), 2), note=note, check=res)
        print(json.dumps(rec), flush=True)

    def r6(x):
        return float("%.6g" % float(x))

    task = a.task
    if task == "ols":
        import statsmodels.api as sm
        import statsmodels.formula.api as smf
        df = pd.read_csv(a.data)
        d = df[["revenue", "spend", "visits", "income", "region"]].dropna()

        def sm_formula():
            res = smf.ols("revenue ~ spend + visits + income + C(region)", data=d).fit()
            text = res.summary().as_text()
            coef = {k.replace("C(region)", "region"): r6(v) for k, v in res.params.items()}
            return {"n": int(res.nobs), "r_squared": r6(res.rsquared), "coef": coef,
                    "se_spend": r6(res.bse["spend"]), "summary_chars": len(text)}
        bench("statsmodels smf.ols formula (+fit+summary)", sm_formula, "peers.py variant; patsy builds X")

        def design(d):
            Xd = pd.get_dummies(d["region"], prefix="region", drop_first=True, dtype=float)
            Xm = pd.concat([d[["spend", "visits", "income"]].astype(float), Xd], axis=1)
            return sm.add_constant(Xm), d["revenue"]

        def sm_ols():
            Xm, y = design(d)
            res = sm.OLS(y, Xm).fit()
            text = res.summary().as_text()
            return {"n": int(res.nobs), "r_squared": r6(res.rsquared), "summary_chars": len(text)}
        bench("statsmodels OLS (get_dummies+fit+summary)", sm_ols, "peers.py variant")

        def sm_formula_fit():
            res = smf.ols("revenue ~ spend + visits + income + C(region)", data=d).fit()
            return {"r_squared": r6(res.rsquared)}
        bench("statsmodels smf.ols formula, fit only", sm_formula_fit, "no summary(); not in peers.py")

    elif task == "logit":
        import statsmodels.api as sm
        df = pd.read_csv(a.data)
        feats = ["spend", "visits", "age", "income"]
        d = df[["churned"] + feats].dropna()
        Xl = sm.add_constant(d[feats].astype(float))
        yl = d["churned"].to_numpy()

        def sm_logit():
            res = sm.Logit(yl, Xl).fit(disp=0)
            text = res.summary().as_text()
            coef = {("Intercept" if k == "const" else k): r6(v) for k, v in res.params.items()}
            return {"n": int(res.nobs), "iterations": int(res.mle_retvals["iterations"]),
                    "pseudo_r_squared": r6(res.prsquared), "coef": coef, "summary_chars": len(text)}
        bench("statsmodels Logit newton (+summary)", sm_logit, "peers.py variant; X prebuilt")

    elif task in ("kmeans", "kmeans10"):
        from sklearn.cluster import KMeans
        from sklearn.preprocessing import StandardScaler
        df = pd.read_csv(a.data)
        Xk = df[["age", "income", "visits", "spend"]].dropna().to_numpy(dtype=float)
        n_init = 1 if task == "kmeans" else 10

        def km():
            Z = StandardScaler().fit_transform(Xk)
            m = KMeans(n_clusters=5, random_state=0, n_init=n_init).fit(Z)
            return {"n": int(Z.shape[0]), "inertia": round(float(m.inertia_), 1), "iterations": int(m.n_iter_),
                    "sizes": sorted(np.bincount(m.labels_).tolist(), reverse=True)}
        bench(f"sklearn KMeans(5, n_init={n_init}, random_state=0)", km,
              "peers.py variant; k-means++ + Lloyd, incl. StandardScaler")

    elif task == "rf":
        from sklearn.ensemble import RandomForestClassifier
        df = pd.read_csv(a.rf_data)
        feats = ["age", "income", "visits", "spend"]
        d = df[["churned"] + feats].dropna()
        X = d[feats].to_numpy(dtype=float)
        y = d["churned"].to_numpy()

        def rf(oob):
            def f():
                m = RandomForestClassifier(n_estimators=a.rf_trees, max_depth=a.rf_depth, n_jobs=2, random_state=0,
                                           oob_score=oob).fit(X, y)
                out = {"n": int(X.shape[0]),
                       "importances": {k: r6(v) for k, v in zip(feats, m.feature_importances_)}}
                if oob:
                    out["oob_score"] = r6(m.oob_score_)
                    out["train_accuracy"] = r6(m.score(X, y))
                return out
            return f
        bench(f"sklearn RandomForestClassifier({a.rf_trees}, max_depth={a.rf_depth}, n_jobs=2)", rf(False),
              "fit only")
        bench(f"sklearn RF(..., oob_score=True) + training accuracy", rf(True),
              "the same extra work Sift's random_forest() does")

    elif task == "plogit":
        from sklearn.linear_model import LogisticRegression
        df = pd.read_csv(a.data)
        feats = ["spend", "visits", "age", "income"]
        d = df[["churned"] + feats].dropna()
        X = d[feats].to_numpy(dtype=float)
        y = d["churned"].to_numpy()

        def lr(solver, **kw):
            def f():
                m = LogisticRegression(C=1.0, solver=solver, **kw).fit(X, y)
                coef = dict(zip(feats, [r6(v) for v in m.coef_[0]]))
                coef["Intercept"] = r6(m.intercept_[0])
                return {"n": int(X.shape[0]), "coef": coef, "iterations": int(m.n_iter_[0])}
            return f
        bench("sklearn LogisticRegression() lbfgs, default tol", lr("lbfgs"), "scikit-learn's default; stops early on unscaled terms")
        bench("sklearn LogisticRegression newton-cholesky tol=1e-10", lr("newton-cholesky", tol=1e-10, max_iter=1000),
              "converged to the optimum Sift computes")

    elif task == "gbt":
        from sklearn.ensemble import HistGradientBoostingClassifier
        df = pd.read_csv(a.rf_data)
        feats = ["age", "income", "visits", "spend"]
        d = df[["churned"] + feats].dropna()
        X = d[feats].to_numpy(dtype=float)
        y = d["churned"].to_numpy()

        def gbt():
            m = HistGradientBoostingClassifier(random_state=0).fit(X, y)
            return {"n": int(X.shape[0]), "iterations": int(m.n_iter_), "train_accuracy": r6(m.score(X, y))}
        bench("sklearn HistGradientBoostingClassifier(random_state=0)", gbt, "defaults: 100 iterations, 31 leaves, early stopping on")

    elif task == "ets":
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel
        from statsmodels.tsa.holtwinters import ExponentialSmoothing
        y = pd.read_csv(ETS_DATA)["co2"].to_numpy(dtype=float)

        def ets():
            res = ETSModel(pd.Series(y), error="add", trend="add", seasonal="add", seasonal_periods=12).fit(disp=False)
            fc = res.get_prediction(start=len(y), end=len(y) + 23).summary_frame(alpha=0.05)
            return {"n": len(y), "llf": r6(res.llf), "sse": r6(res.sse), "forecast_1": r6(fc["mean"].iloc[0]),
                    "forecast_24": r6(fc["mean"].iloc[-1])}
        bench("statsmodels ETSModel(AAA).fit + 24-step prediction intervals", ets, "MLE, L-BFGS-B")

        def hw():
            res = ExponentialSmoothing(y, trend="add", seasonal="add", seasonal_periods=12).fit()
            fc = res.forecast(24)
            return {"n": len(y), "sse": r6(res.sse), "forecast_1": r6(fc[0]), "forecast_24": r6(fc[-1])}
        bench("statsmodels ExponentialSmoothing(add, add).fit + forecast", hw, "least squares; Sift's holt_winters method")

    elif task == "arima":
        from statsmodels.tsa.arima.model import ARIMA
        y = pd.read_csv(ETS_DATA)["co2"].to_numpy(dtype=float)

        def arima(**kw):
            def f():
                # statsmodels writes start_params into method_kwargs: a fresh dict for every call.
                res = ARIMA(y, order=(2, 1, 1)).fit(**{k: dict(v) if isinstance(v, dict) else v for k, v in kw.items()})
                fc = res.get_forecast(24).summary_frame(alpha=0.05)
                return {"n": len(y), "llf": r6(res.llf), "forecast_1": r6(fc["mean"].iloc[0]),
                        "forecast_24": r6(fc["mean"].iloc[-1])}
            return f
        bench("statsmodels ARIMA(2,1,1).fit() + 24-step forecast", arima(), "its default L-BFGS settings")
        bench("statsmodels ARIMA(2,1,1).fit(tight) + forecast", arima(method_kwargs={"maxiter": 5000, "pgtol": 1e-12, "factr": 10.0}),
              "run to the optimum Sift computes")


def versions(py):
    code = ("import json, numpy, pandas, sklearn, statsmodels, scipy, platform; print(json.dumps({"
            "'python': platform.python_version(), 'numpy': numpy.__version__, 'pandas': pandas.__version__, "
            "'scikit-learn': sklearn.__version__, 'statsmodels': statsmodels.__version__, 'scipy': scipy.__version__}))")
    try:
        return json.loads(subprocess.run([py, "-c", code], capture_output=True, text=True, check=True).stdout)
    except Exception as e:  # pragma: no cover
        return {"error": str(e)}


def run_peers(task, a, py):
    cmd = [py, os.path.abspath(__file__), "--peer-worker", "--task-one", task, "--data", a.data,
           "--rf-data", a.rf_data, "--repeat", str(a.repeat), "--rf-trees", str(a.rf_trees),
           "--rf-depth", str(a.rf_depth)]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=a.timeout)
    rows = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode != 0:
        print(f"!! python peers for {task} failed (exit {p.returncode}):\n{p.stderr[-2000:]}", file=sys.stderr)
    return rows


# ------------------------------------------------------------------------------------------ Sift
def sift_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sift_expr(task, a):
    if task == "ols":
        return "lm(revenue ~ spend + visits + income + region, data: d)"
    if task == "logit":
        return "logit(churned ~ spend + visits + age + income, data: d)"
    if task == "kmeans":
        return "kmeans(d, k: 5, columns: [age, income, visits, spend], n_init: 1, seed: 0)"
    if task == "kmeans10":
        return "kmeans(d, k: 5, columns: [age, income, visits, spend], n_init: 10, seed: 0)"
    if task == "plogit":
        return 'logit(churned ~ spend + visits + age + income, data: d, penalty: "l2", c: 1)'
    if task == "gbt":
        return "boosted_trees(churned ~ age + income + visits + spend, data: d)"
    if task == "ets":
        return 'forecast(d, date: month, value: co2, horizon: 24, trend: "add", seasonal: "add")'
    if task == "arima":
        return 'forecast(d, date: month, value: co2, horizon: 24, method: "arima", order: [2, 1, 1])'
    if task == "rf":
        return (f"random_forest(churned ~ age + income + visits + spend, data: d, trees: {a.rf_trees}, "
                f"max_depth: {a.rf_depth}, seed: 0)")
    raise ValueError(task)


def sift_script(task, a, outdir):
    data = a.rf_data if task in ("rf", "gbt") else (ETS_DATA if task in ("ets", "arima") else a.data)
    e = sift_expr(task, a)
    tidy = os.path.join(outdir, f"sift_{task}_tidy.csv")
    glance = os.path.join(outdir, f"sift_{task}_glance.csv")
    return "\n".join([
        f"d = read_csv({sift_str(data)})",
        f"t = timeit({e}, repeat: {a.repeat})",
        f'print("timing", t.min, t.median)',
        f"m = {e}",
        f"write_csv(tidy(m), {sift_str(tidy)})",
        f"write_csv(glance(m), {sift_str(glance)})",
        "",
    ]), tidy, glance


def read_csv_rows(path):
    try:
        with open(path, newline="") as f:
            return list(csv.DictReader(f))
    except OSError:
        return []


def run_sift(task, a, outdir):
    script, tidy_path, glance_path = sift_script(task, a, outdir)
    path = os.path.join(outdir, f"sift_{task}.sift")
    with open(path, "w") as f:
        f.write(script)
    b0, c0 = machine_busy(), os.times()
    t0 = time.perf_counter()
    try:
        p = subprocess.run([a.sift, path], cwd=ROOT, capture_output=True, text=True, timeout=a.timeout)
    except subprocess.TimeoutExpired:
        return {"task": task, "error": f"timeout after {a.timeout} s"}
    wall = time.perf_counter() - t0
    c1 = os.times()
    child = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
    other = max(0.0, (machine_busy() - b0) - child) / wall
    rec = {"task": task, "expr": sift_expr(task, a), "other_cores": round(other, 2), "script": path}
    for line in p.stdout.splitlines():
        if line.startswith("timing "):
            _, mn, med = line.split()
            rec["min"], rec["median"] = float(mn), float(med)
    if p.returncode != 0 or "median" not in rec:
        rec["error"] = (p.stderr or p.stdout)[-1500:].strip()
        return rec
    rec["tidy"] = read_csv_rows(tidy_path)
    g = read_csv_rows(glance_path)
    rec["glance"] = g[0] if g else {}
    return rec


# ---------------------------------------------------------------------------------------- tables
CANONICAL = {  # the peer variant the ratio in the main table is taken against
    "ols": "statsmodels smf.ols formula (+fit+summary)",
    "logit": "statsmodels Logit newton (+summary)",
    "kmeans": "sklearn KMeans(5, n_init=1, random_state=0)",
    "kmeans10": "sklearn KMeans(5, n_init=10, random_state=0)",
    "plogit": "sklearn LogisticRegression() lbfgs, default tol",
    "gbt": "sklearn HistGradientBoostingClassifier(random_state=0)",
    "ets": "statsmodels ETSModel(AAA).fit + 24-step prediction intervals",
    "arima": "statsmodels ARIMA(2,1,1).fit() + 24-step forecast",
}
LABEL = {
    "ols": "lm / OLS (11 coefs)",
    "logit": "logit (5 coefs)",
    "kmeans": "kmeans k=5, 1 init",
    "kmeans10": "kmeans k=5, 10 inits",
    "rf": "random forest",
    "plogit": "penalised logit (L2, C=1)",
    "gbt": "boosted trees (100k rows)",
    "ets": "ETS(A,A,A) fit + forecast",
    "arima": "ARIMA(2,1,1) fit + forecast",
}


def rows_used(s, rows):
    """Rows the model was fitted on (Sift's glance n, else the peer's check n)."""
    n = (s.get("glance") or {}).get("n")
    if n is None:
        n = next((r["check"].get("n") for r in rows if r and isinstance(r.get("check"), dict)), None)
    return "n/a" if n is None else f"{int(n):,}"


def fmt_s(x):
    return "n/a" if x is None else (f"{x:.3f} s" if x < 100 else f"{x:.0f} s")


def ratio(a, b):
    return "n/a" if a is None or not b else f"{a / b:.2f}×"


def main_table(tasks, sift, peers, a):
    print(f"\n| model | rows | Sift median | peer (variant) | peer median | Sift / peer | other cores (Sift / peer) |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for t in tasks:
        s = sift.get(t, {})
        rows = peers.get(t, [])
        if t == "rf":
            rows = sorted(rows, key=lambda r: "oob_score" in r["variant"])   # fit only first
        else:
            rows = sorted(rows, key=lambda r: r["variant"] != CANONICAL.get(t))
        if not rows:
            rows = [None]
        for i, r in enumerate(rows):
            sm = s.get("median")
            first = (f"| {LABEL[t]} | {rows_used(s, rows)} | {fmt_s(sm) if 'error' not in s else 'failed'} "
                     if i == 0 else "| | | ")
            if r is None:
                print(first + "| n/a | n/a | n/a | |")
                continue
            oc = f"{s.get('other_cores', 'n/a')} / {r['other_cores']}"
            print(first + f"| {r['variant']} | {fmt_s(r['median'])} | {ratio(sm, r['median'])} | {oc} |")
    print("\nRatio > 1: Sift is slower.  \"other cores\": median CPU used by other processes during the "
          "measurement, in cores (the machine has %d); above ~0.3 the numbers are disturbed." % os.cpu_count())


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def g6(x):
    return "n/a" if x is None else f"{x:.6g}"


def agree(x, y, rel=1e-4):
    if x is None or y is None:
        return "n/a"
    d = abs(x - y) / max(abs(x), abs(y), 1e-300)
    return "yes" if d <= rel else f"rel. diff {d:.1e}"


def checks(tasks, sift, peers):
    print("\n### Answer checks (Sift vs peer, first coefficients)\n")
    for t in tasks:
        s = sift.get(t, {})
        rows = peers.get(t, [])
        pc = next((r["check"] for r in rows if r["variant"] == CANONICAL.get(t)), None) or \
            (rows[-1]["check"] if rows else None)
        if "error" in s:
            print(f"- **{t}**: Sift failed: `{s['error'].splitlines()[-1] if s['error'] else '?'}`")
            continue
        if not s or pc is None:
            print(f"- **{t}**: no data to compare")
            continue
        if t in ("ols", "logit"):
            est = {r["term"]: num(r["estimate"]) for r in s["tidy"]}
            terms = ["Intercept", "spend", "visits", "income"] + (["age"] if t == "logit" else
                                                                    ["region[T.Coastal]", "region[T.West]"])
            print(f"**{t}** (n: Sift {s['glance'].get('n')}, peer {pc.get('n')})\n")
            print("| term | Sift | statsmodels | agree (rel. 1e-4) |\n|---|---:|---:|---|")
            for term in terms:
                x, y = est.get(term), pc["coef"].get(term)
                print(f"| {term} | {g6(x)} | {g6(y)} | {agree(x, y)} |")
            stat = "r_squared" if t == "ols" else "pseudo_r_squared"
            x, y = num(s["glance"].get(stat)), pc.get(stat)
            print(f"| {stat} | {g6(x)} | {g6(y)} | {agree(x, y)} |")
            if t == "logit":
                print(f"| Newton iterations | {s['glance'].get('iterations')} | {pc.get('iterations')} | |")
            print()
        elif t in ("kmeans", "kmeans10"):
            sizes = sorted((int(r["size"]) for r in s["tidy"]), reverse=True)
            x, y = num(s["glance"].get("inertia")), pc.get("inertia")
            print(f"**{t}** (standardized space; the k-means++ starts use different random generators, "
                  f"so only near-equal optima are expected)\n")
            print("| | Sift | scikit-learn |\n|---|---:|---:|")
            print(f"| rows | {s['glance'].get('n')} | {pc.get('n')} |")
            print(f"| inertia | {g6(x)} | {g6(y)} |")
            print(f"| inertia rel. diff | {'n/a' if x is None or not y else f'{(x - y) / y:+.2e}'} | |")
            print(f"| Lloyd iterations (best run) | {s['glance'].get('iterations')} | {pc.get('iterations')} |")
            print(f"| cluster sizes | {', '.join(map(str, sizes))} | {', '.join(map(str, pc.get('sizes', [])))} |\n")
        elif t == "rf":
            pc = next((r["check"] for r in rows if "oob_score" in (r["check"] or {})), pc)
            imp = {r["term"]: num(r["importance"]) for r in s["tidy"]}
            print(f"**rf** (different random streams for bootstrap and feature choice, so close, not equal)\n")
            print("| | Sift | scikit-learn |\n|---|---:|---:|")
            print(f"| rows | {s['glance'].get('n')} | {pc.get('n')} |")
            print(f"| out-of-bag accuracy | {g6(num(s['glance'].get('oob_score')))} | {g6(pc.get('oob_score'))} |")
            print(f"| training accuracy | {g6(num(s['glance'].get('train_accuracy')))} | {g6(pc.get('train_accuracy'))} |")
            for f in ["spend", "visits", "age", "income"]:
                print(f"| importance {f} | {g6(imp.get(f))} | {g6(pc.get('importances', {}).get(f))} |")
            print()
        elif t == "plogit":
            est = {r["term"]: num(r["estimate"]) for r in s["tidy"]}
            conv = next((r["check"] for r in rows if "newton" in r["variant"]), {}) or {}
            print("**plogit** (the optimum: Sift vs newton-cholesky run to convergence; lbfgs at its default tol for contrast)\n")
            print("| term | Sift | sklearn converged | agree (rel. 1e-4) | sklearn lbfgs default |\n|---|---:|---:|---|---:|")
            for term in ["Intercept", "spend", "visits", "age", "income"]:
                x, y = est.get(term), (conv.get("coef") or {}).get(term)
                print(f"| {term} | {g6(x)} | {g6(y)} | {agree(x, y)} | {g6((pc.get('coef') or {}).get(term))} |")
            print()
        elif t == "gbt":
            print("**gbt** (same algorithm and defaults; different random validation split)\n")
            print("| | Sift | scikit-learn |\n|---|---:|---:|")
            print(f"| rows | {s['glance'].get('n')} | {pc.get('n')} |")
            print(f"| iterations (early stopping) | {s['glance'].get('iterations')} | {pc.get('iterations')} |")
            print(f"| training accuracy | {g6(num(s['glance'].get('train_accuracy')))} | {g6(pc.get('train_accuracy'))} |\n")
        elif t == "ets":
            print("**ets** (both fit AAA by maximum likelihood; different optimisers)\n")
            print("| | Sift | statsmodels ETSModel |\n|---|---:|---:|")
            for k, sk in [("log-likelihood", "log_likelihood"), ("SSE", "sse")]:
                print(f"| {k} | {g6(num(s['glance'].get(sk)))} | {g6(pc.get('llf' if sk == 'log_likelihood' else 'sse'))} |")
            print()
        elif t == "arima":
            tight = next((r["check"] for r in rows if "tight" in r["variant"]), {}) or {}
            print("**arima** (both maximise the same exact likelihood; statsmodels' default stops earlier)\n")
            print("| | Sift | statsmodels default fit | statsmodels tight fit |\n|---|---:|---:|---:|")
            print(f"| log-likelihood | {g6(num(s['glance'].get('log_likelihood')))} | {g6(pc.get('llf'))} | {g6(tight.get('llf'))} |")
            print()


# ------------------------------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sift", default=".build-release/release/sift")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--rf-data", default=RF_DATA)
    ap.add_argument("--tasks", default=",".join(TASKS))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rf-trees", type=int, default=50)
    ap.add_argument("--rf-depth", type=int, default=8)
    ap.add_argument("--skip-sift", action="store_true")
    ap.add_argument("--skip-python", action="store_true")
    ap.add_argument("--wait-quiet", type=float, default=0.0,
                    help="before each measurement, wait up to S seconds for the machine to be quiet (default 0: no wait)")
    ap.add_argument("--timeout", type=float, default=1800.0)
    ap.add_argument("--out-dir", default=None, help="keep the generated Sift scripts, CSVs and results.json here")
    ap.add_argument("--peer-worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--task-one", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.peer_worker:
        a.task = a.task_one
        return peer_worker(a)

    os.chdir(ROOT)
    tasks = [t for t in a.tasks.split(",") if t]
    for t in tasks:
        if t not in TASKS:
            sys.exit(f"unknown task {t}; choose from {','.join(TASKS)}")
    if not os.path.exists(a.sift) and not a.skip_sift:
        print(f"!! no Sift binary at {a.sift}; Sift columns will be n/a", file=sys.stderr)
        a.skip_sift = True
    py = VENV_PY if os.path.exists(VENV_PY) else sys.executable
    outdir = a.out_dir or tempfile.mkdtemp(prefix="model_bench_")
    os.makedirs(outdir, exist_ok=True)

    head = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": platform.machine(),
            "nproc": os.cpu_count(), "loadavg_start": [round(x, 2) for x in os.getloadavg()],
            "repeat": a.repeat, "sift": a.sift, "versions": versions(py)}
    try:
        head["git"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        head["git_dirty"] = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                                                capture_output=True, text=True).stdout.strip())
        head["sift_mtime"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(a.sift))) \
            if os.path.exists(a.sift) else None
    except Exception:
        pass
    print("# model_bench", json.dumps(head), flush=True)

    sift, peers, loads = {}, {}, {}
    for t in tasks:
        # Interleaved per task (Sift, then the peers), so a change of machine load hits both sides.
        if not a.skip_sift:
            wait_quiet(a.wait_quiet)
            la = os.getloadavg()[0]
            sift[t] = run_sift(t, a, outdir)
            s = sift[t]
            msg = f"median {s['median']:.3f} s  min {s['min']:.3f} s" if "median" in s else f"FAILED: {s.get('error', '')[-300:]}"
            print(f"{t:9s} sift   {msg}  other cores {s.get('other_cores')}  load1 {la:.2f}", flush=True)
        if not a.skip_python:
            wait_quiet(a.wait_quiet)
            la = os.getloadavg()[0]
            peers[t] = run_peers(t, a, py)
            for r in peers[t]:
                print(f"{t:9s} python {r['variant']:52s} median {r['median']:.3f} s  min {r['min']:.3f} s  "
                      f"other cores {r['other_cores']}  load1 {la:.2f}", flush=True)
        loads[t] = round(os.getloadavg()[0], 2)
    head["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]

    print(f"\n## Models vs statsmodels / scikit-learn ({head['date']}; repeat {a.repeat}; "
          f"load average {head['loadavg_start'][0]} at start, {head['loadavg_end'][0]} at end, "
          f"{os.cpu_count()} cores)")
    main_table(tasks, sift, peers, a)
    checks(tasks, sift, peers)
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump({"head": head, "sift": sift, "peers": peers, "load_after_task": loads}, f, indent=1)
    print(f"\nScripts, CSVs and results.json in {outdir}")


if __name__ == "__main__":
    main()
