#!/usr/bin/env python3
"""Reference numbers for the regularised models, boosted trees, SVR and forecasting (issue 17),
from scikit-learn and statsmodels.

Run it from anywhere: like make_model_fixtures.py it uses (and if needed creates) the virtual
environment /tmp/modelvenv with the PyPI packages statsmodels, scikit-learn, pandas, numpy, scipy,
re-runs itself there and writes JSON files into Tests/fixtures/models/. It reads marketing.csv,
which make_model_fixtures.py wrote; it never changes the older fixtures. The outputs are committed;
the Swift tests read them and need no Python. Every random draw is seeded.

Files written:
  penalized.json      Ridge / Lasso / ElasticNet and LogisticRegression (l2, l1, elasticnet)
  boosting.json       HistGradientBoosting accuracy on breast_cancer and wine (shipped with scikit-learn)
  breast_cancer.csv, wine.csv   those data sets as CSV
  svr.json            SVR (linear and RBF kernels) predictions
  ets.json            ExponentialSmoothing / ETSModel fits and forecasts on statsmodels' bundled series
  arima.json          ARIMA(p, d, q) (statsmodels.tsa.arima.model.ARIMA, state-space exact MLE) on the same series
  airpassengers.csv   monthly airline passengers 1949-1960 as statsmodels ships it (R's datasets)
"""
import json
import os
import subprocess
import sys
import warnings

VENV = "/tmp/modelvenv"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "fixtures", "models")


def ensure_venv():
    python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.prefix) == os.path.abspath(VENV):
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "-q",
                           "statsmodels", "scikit-learn", "pandas", "numpy", "scipy"])
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


ensure_venv()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import patsy  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
import statsmodels  # noqa: E402
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, Ridge  # noqa: E402

warnings.filterwarnings("ignore")


def write_json(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.relpath(path))


def read_marketing():
    df = pd.read_csv(os.path.join(OUT, "marketing.csv"), dtype={"loyal": "object", "churned": "object"})
    df["churned"] = (df["churned"] == "true").astype(int)
    return df


def design(formula, data):
    """patsy's design (the same columns, names and order as Sift's) without the intercept column."""
    y, X = patsy.dmatrices(formula, data, return_type="dataframe")
    X = X.drop(columns=["Intercept"])
    return y.iloc[:, 0].to_numpy(), X


def standardized(X):
    mean = X.mean(axis=0).to_numpy().copy()
    sd = X.std(axis=0, ddof=0).to_numpy().copy()
    sd[sd == 0] = 1
    return (X.to_numpy() - mean) / sd, mean, sd


def back(coef, intercept, mean, sd):
    """Coefficients on standardized columns, in the columns' own units."""
    c = coef / sd
    return c, intercept - float(np.dot(c, mean))


def penalized(versions):
    mk = read_marketing()
    lm_formula = "revenue ~ spend + visits + age + region"
    data = mk.dropna(subset=["revenue", "spend", "visits", "age", "region"])
    y, X = design(lm_formula, data)
    names = list(X.columns)
    linear = []
    cases = [("l2", {"alpha": 1.0}, False), ("l2", {"alpha": 250.0}, False), ("l2", {"alpha": 10.0}, True),
             ("l1", {"alpha": 0.5}, False), ("l1", {"alpha": 5.0}, True),
             ("elasticnet", {"alpha": 0.5, "l1_ratio": 0.3}, False), ("elasticnet", {"alpha": 2.0, "l1_ratio": 0.7}, True),
             ("l1", {}, False), ("elasticnet", {}, False), ("l2", {}, False)]
    for penalty, params, std in cases:
        if penalty == "l2":
            model = Ridge(**params)
        elif penalty == "l1":
            model = Lasso(tol=1e-14, max_iter=1_000_000, **params)
        else:
            model = ElasticNet(tol=1e-14, max_iter=1_000_000, **params)
        if std:
            Xs, mean, sd = standardized(X)
            model.fit(Xs, y)
            coef, b = back(model.coef_, float(model.intercept_), mean, sd)
        else:
            model.fit(X.to_numpy(), y)
            coef, b = model.coef_, float(model.intercept_)
        opts = f'penalty: "{penalty}"' + "".join(f", {k}: {v!r}" for k, v in params.items()) + (", standardize: true" if std else "")
        linear.append({"formula": lm_formula, "options": opts, "estimator": type(model).__name__,
                       "params": dict(zip(["Intercept"] + names, [b] + [float(v) for v in coef])),
                       "n": int(len(y)), "first_predictions": [float(v) for v in (X.to_numpy()[:5] @ coef + b)]})

    logit_formula = "churned ~ spend + visits + age + region"
    data = mk.dropna(subset=["churned", "spend", "visits", "age", "region"])
    y, X = design(logit_formula, data)
    names = list(X.columns)
    logits = []
    # scikit-learn >= 1.8 spells the penalty through l1_ratio (0 = l2, 1 = l1); C is unchanged.
    lcases = [("l2", 1.0, None, False), ("l2", 0.01, None, False), ("l2", 0.05, None, True),
              ("l1", 0.05, None, True), ("elasticnet", 0.1, 0.5, True)]
    for penalty, C, ratio, std in lcases:
        l1 = {"l2": 0.0, "l1": 1.0}.get(penalty, ratio)
        Xf, mean, sd = standardized(X) if std else (X.to_numpy(), None, None)
        if l1 == 0.0:
            # The optimum to full precision: Newton's method (lbfgs at its default tol=1e-4 stops early).
            ref = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-14, max_iter=10_000).fit(Xf, y)
            default = LogisticRegression(C=C).fit(Xf, y)
        else:
            ref = LogisticRegression(C=C, solver="saga", l1_ratio=l1, tol=1e-15, max_iter=2_000_000).fit(Xf, y) \
                if std else None
            if ref is None:
                # saga converges too slowly on unscaled columns; liblinear would penalise the intercept.
                # Use scipy's exact solution of the same problem (split w = u - v, u, v >= 0).
                ref = exact_l1_logit(Xf, y, C)
            default = None
        coef, b = ref.coef_[0], float(ref.intercept_[0])
        if std:
            coef, b = back(coef, b, mean, sd)
        opts = f'penalty: "{penalty}", c: {C!r}' + (f", l1_ratio: {ratio!r}" if ratio is not None else "") + (", standardize: true" if std else "")
        entry = {"formula": logit_formula, "options": opts, "C": C,
                 "params": dict(zip(["Intercept"] + names, [b] + [float(v) for v in coef])), "n": int(len(y))}
        if default is not None:
            dc, db = default.coef_[0], float(default.intercept_[0])
            if std:
                dc, db = back(dc, db, mean, sd)
            entry["lbfgs_default_tol_params"] = dict(zip(["Intercept"] + names, [db] + [float(v) for v in dc]))
        p = 1 / (1 + np.exp(-(X.to_numpy()[:5] @ coef + b)))
        entry["first_probabilities"] = [float(v) for v in p]
        logits.append(entry)
    write_json("penalized.json", {"versions": versions, "data": "marketing.csv", "linear": linear, "logit": logits})


class _Fit:
    pass


def exact_l1_logit(X, y, C):
    """argmin ||w||_1 + C sum logloss, intercept free, by L-BFGS-B on w = u - v (u, v >= 0)."""
    from scipy.optimize import minimize
    n, p = X.shape

    def f(z):
        u, v, b = z[:p], z[p:2 * p], z[2 * p]
        w = u - v
        eta = X @ w + b
        loss = np.sum(np.logaddexp(0, eta) - y * eta)
        mu = 1 / (1 + np.exp(-eta))
        g_eta = C * (mu - y)
        gw = X.T @ g_eta
        grad = np.concatenate([gw + 1, -gw + 1, [g_eta.sum()]])
        return C * loss + np.sum(u) + np.sum(v), grad

    z0 = np.zeros(2 * p + 1)
    bounds = [(0, None)] * (2 * p) + [(None, None)]
    res = minimize(f, z0, jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"maxiter": 100000, "ftol": 1e-16, "gtol": 1e-12, "maxcor": 50})
    out = _Fit()
    out.coef_ = np.array([res.x[:p] - res.x[p:2 * p]])
    out.intercept_ = np.array([res.x[2 * p]])
    return out


def write_series():
    """co2: monthly means of statsmodels' weekly Mauna Loa CO2 (1990-2001, gaps interpolated);
    nile: annual Nile flow 1871-1970. Both ship with statsmodels."""
    from statsmodels.datasets import co2, nile
    d = co2.load_pandas().data
    s = d["co2"].resample("MS").mean().interpolate()["1990":"2001"]
    co2_df = pd.DataFrame({"month": s.index.strftime("%Y-%m-%d"), "co2": s.to_numpy()})
    co2_df.to_csv(os.path.join(OUT, "co2_monthly.csv"), index=False, float_format="%.17g")
    n = nile.load_pandas().data
    nile_df = pd.DataFrame({"year": n["year"].astype(int), "volume": n["volume"].astype(float)})
    nile_df.to_csv(os.path.join(OUT, "nile.csv"), index=False, float_format="%.17g")
    co2_df = pd.read_csv(os.path.join(OUT, "co2_monthly.csv"))
    nile_df = pd.read_csv(os.path.join(OUT, "nile.csv"))
    return co2_df["co2"].to_numpy(), nile_df["volume"].to_numpy()


def textbook(res, fc, seasonal, m=12):
    """statsmodels' ExponentialSmoothing forecast at steps h = m, 2m, ... uses the seasonal state of
    one cycle before the last (s_{n-m}) instead of the last one (s_n); every other step, and
    ETSModel, use the latest. The textbook forecast (Hyndman & Athanasopoulos) with statsmodels'
    own final states replaces that one seasonal value."""
    if not seasonal:
        return fc
    season = np.asarray(res.season)
    last, stale = float(season[-1]), float(season[-m - 1])
    out = list(fc)
    for h in range(m, len(fc) + 1, m):
        out[h - 1] = fc[h - 1] - stale + last if seasonal == "add" else fc[h - 1] / stale * last
    return out


def ets(versions):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from statsmodels.tsa.holtwinters import ExponentialSmoothing
    co2, nile = write_series()
    H = 24
    season0 = [float(v) for v in (np.arange(12) - 5.5) * 0.5]
    mseason0 = [1 + v / 360 for v in season0]
    cases = []

    def hw_fixed(name, data, y, trend, damped, seasonal, params, init):
        model = ExponentialSmoothing(y, trend=trend, damped_trend=damped, seasonal=seasonal,
                                     seasonal_periods=12 if seasonal else None, initialization_method="known", **init)
        res = model.fit(optimized=False, **params)
        fc = [float(v) for v in res.forecast(H)]
        cases.append({"name": name, "data": data, "method": "holt_winters", "trend": trend or "none", "damped": damped,
                      "seasonal": seasonal or "none", "period": 12 if seasonal else 1, "fixed": True,
                      "params": params, "init": init, "fitted": [float(v) for v in res.fittedvalues],
                      "sse": float(res.sse), "forecast": fc, "forecast_textbook": textbook(res, fc, seasonal)})

    hw_fixed("hw_add_add", "co2", co2, "add", False, "add",
             {"smoothing_level": 0.3, "smoothing_trend": 0.05, "smoothing_seasonal": 0.2},
             {"initial_level": 355.0, "initial_trend": 0.1, "initial_seasonal": season0})
    hw_fixed("hw_damped_mul", "co2", co2, "add", True, "mul",
             {"smoothing_level": 0.4, "smoothing_trend": 0.1, "smoothing_seasonal": 0.3, "damping_trend": 0.95},
             {"initial_level": 355.0, "initial_trend": 0.1, "initial_seasonal": mseason0})
    hw_fixed("hw_mul_mul", "co2", co2, "mul", False, "mul",
             {"smoothing_level": 0.35, "smoothing_trend": 0.02, "smoothing_seasonal": 0.25},
             {"initial_level": 355.0, "initial_trend": 1.0003, "initial_seasonal": mseason0})
    hw_fixed("hw_simple", "nile", nile, None, False, None, {"smoothing_level": 0.25}, {"initial_level": 1100.0})
    hw_fixed("hw_holt", "nile", nile, "add", False, None, {"smoothing_level": 0.2, "smoothing_trend": 0.1},
             {"initial_level": 1100.0, "initial_trend": -5.0})

    def ets_fixed(name, data, y, error, trend, damped, seasonal, params, init):
        model = ETSModel(pd.Series(y), error=error, trend=trend, damped_trend=damped, seasonal=seasonal,
                         seasonal_periods=12 if seasonal else None, initialization_method="known", **init)
        names = model.param_names
        res = model.smooth([params[n] for n in names])
        pred = res.get_prediction(start=len(y), end=len(y) + H - 1)
        frame = pred.summary_frame(alpha=0.05)
        entry = {"name": name, "data": data, "method": "ets", "error": error, "trend": trend or "none", "damped": damped,
                 "seasonal": seasonal or "none", "period": 12 if seasonal else 1, "fixed": True,
                 "params": params, "init": init, "fitted": [float(v) for v in res.fittedvalues],
                 "sse": float(res.sse), "llf": float(res.llf), "forecast": [float(v) for v in frame["mean"]]}
        if error == "add" and trend != "mul" and seasonal != "mul":
            entry["lower"] = [float(v) for v in frame["pi_lower"]]
            entry["upper"] = [float(v) for v in frame["pi_upper"]]
        cases.append(entry)

    ets_fixed("ets_AAA", "co2", co2, "add", "add", False, "add",
              {"smoothing_level": 0.3, "smoothing_trend": 0.02, "smoothing_seasonal": 0.1},
              {"initial_level": 355.0, "initial_trend": 0.1, "initial_seasonal": season0})
    ets_fixed("ets_AAdA", "co2", co2, "add", "add", True, "add",
              {"smoothing_level": 0.3, "smoothing_trend": 0.02, "smoothing_seasonal": 0.1, "damping_trend": 0.9},
              {"initial_level": 355.0, "initial_trend": 0.1, "initial_seasonal": season0})
    ets_fixed("ets_ANN", "nile", nile, "add", None, False, None, {"smoothing_level": 0.25}, {"initial_level": 1100.0})
    ets_fixed("ets_AAdN", "nile", nile, "add", "add", True, None,
              {"smoothing_level": 0.25, "smoothing_trend": 0.05, "damping_trend": 0.85}, {"initial_level": 1100.0, "initial_trend": -5.0})
    ets_fixed("ets_MAM", "co2", co2, "mul", "add", False, "mul",
              {"smoothing_level": 0.3, "smoothing_trend": 0.02, "smoothing_seasonal": 0.1},
              {"initial_level": 355.0, "initial_trend": 0.1, "initial_seasonal": mseason0})

    # Fitted by statsmodels: its estimates, objective and forecasts.
    hw = ExponentialSmoothing(co2, trend="add", seasonal="add", seasonal_periods=12, initialization_method="estimated").fit()
    p = hw.params
    cases.append({"name": "hw_add_add_fitted", "data": "co2", "method": "holt_winters", "trend": "add", "damped": False,
                  "seasonal": "add", "period": 12, "fixed": False,
                  "params": {"smoothing_level": float(p["smoothing_level"]), "smoothing_trend": float(p["smoothing_trend"]),
                             "smoothing_seasonal": float(p["smoothing_seasonal"])},
                  "init": {"initial_level": float(p["initial_level"]), "initial_trend": float(p["initial_trend"]),
                           "initial_seasonal": [float(v) for v in p["initial_seasons"]]},
                  "sse": float(hw.sse), "forecast": [float(v) for v in hw.forecast(H)], "fitted": [float(v) for v in hw.fittedvalues]})
    model = ETSModel(pd.Series(co2), error="add", trend="add", seasonal="add", seasonal_periods=12)
    res = model.fit(disp=False)
    internal = res.model._internal_params(np.asarray(res.params))
    seasons = [float(v) for v in internal[6:][::-1]]
    cases.append({"name": "ets_AAA_fitted", "data": "co2", "method": "ets", "error": "add", "trend": "add", "damped": False,
                  "seasonal": "add", "period": 12, "fixed": False,
                  "params": {"smoothing_level": float(internal[0]), "smoothing_trend": float(internal[1]),
                             "smoothing_seasonal": float(internal[2])},
                  "init": {"initial_level": float(internal[4]), "initial_trend": float(internal[5]), "initial_seasonal": seasons},
                  "sse": float(res.sse), "llf": float(res.llf), "forecast": [float(v) for v in res.forecast(H)],
                  "fitted": [float(v) for v in res.fittedvalues]})
    write_json("ets.json", {"versions": versions, "horizon": H, "level": 0.95, "cases": cases})


def arima(versions):
    """statsmodels' ARIMA (SARIMAX state space, Kalman filter, exact Gaussian likelihood; a constant
    as a regression term when d = 0; approximate diffuse start (variance 1e6) for the differencing
    states). Each order twice: at given parameters (filter only) and estimated by maximum likelihood
    run to a tight optimum (L-BFGS with pgtol 1e-12, factr 10); the default fit's numbers are kept
    too, to show how far statsmodels' own default stopping rule is from that optimum."""
    from statsmodels.tsa.arima.model import ARIMA
    co2, nile = write_series()
    H = 12
    cases = []
    for name, data, y, order, given in [
            ("nile_101", "nile", nile, (1, 0, 1), [920.0, 0.8, -0.4, 15000.0]),
            ("nile_200", "nile", nile, (2, 0, 0), [900.0, 0.3, 0.2, 20000.0]),
            ("nile_011", "nile", nile, (0, 1, 1), [-0.7, 20000.0]),
            ("co2_211", "co2", co2, (2, 1, 1), [0.5, -0.3, 0.4, 0.5]),
            ("co2_120", "co2", co2, (1, 2, 0), [-0.3, 0.6]),
            ("nile_003", "nile", nile, (0, 0, 3), [919.0, 0.5, 0.3, 0.1, 18000.0])]:
        model = ARIMA(y, order=order)
        names = list(model.param_names)
        fixed = model.filter(np.array(given))
        fc = fixed.get_forecast(H).summary_frame(alpha=0.05)
        tight = model.fit(method_kwargs={"maxiter": 5000, "pgtol": 1e-12, "factr": 10.0})
        tfc = tight.get_forecast(H).summary_frame(alpha=0.05)
        default = model.fit()
        cases.append({"name": name, "data": data, "order": list(order), "param_names": names,
                      "given": {"params": dict(zip(names, given)), "llf": float(fixed.llf),
                                "forecast": [float(v) for v in fc["mean"]],
                                "lower": [float(v) for v in fc["mean_ci_lower"]],
                                "upper": [float(v) for v in fc["mean_ci_upper"]],
                                "fitted": [float(v) for v in fixed.fittedvalues]},
                      "fitted": {"params": dict(zip(names, [float(v) for v in tight.params])), "llf": float(tight.llf),
                                 "aic": float(tight.aic), "forecast": [float(v) for v in tfc["mean"]],
                                 "lower": [float(v) for v in tfc["mean_ci_lower"]],
                                 "upper": [float(v) for v in tfc["mean_ci_upper"]]},
                      "default_fit": {"params": dict(zip(names, [float(v) for v in default.params])), "llf": float(default.llf),
                                      "forecast": [float(v) for v in default.forecast(H)]}})
    write_json("arima.json", {"versions": versions, "horizon": H, "level": 0.95, "cases": cases})


def boosting(versions):
    """HistGradientBoosting on scikit-learn's bundled breast_cancer (2 classes), wine (3 classes)
    and diabetes (regression), 5 stratified folds written into the CSV so Sift uses the same ones."""
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.model_selection import KFold, StratifiedKFold
    out = []
    for name, loader, target, classify in [("breast_cancer", load_breast_cancer, "diagnosis", True),
                                           ("wine", load_wine, "cultivar", True),
                                           ("diabetes", load_diabetes, "progression", False)]:
        raw = loader(as_frame=True)
        X = raw.frame.drop(columns=["target"])
        X.columns = [c.replace(" ", "_").replace("(", "").replace(")", "").replace("/", "_") for c in X.columns]
        y = raw.frame["target"]
        df = X.copy()
        if classify:
            labels = np.array(raw.target_names)[y.to_numpy()]
            df[target] = labels
            folds = StratifiedKFold(5, shuffle=True, random_state=0).split(X, labels)
        else:
            df[target] = y.to_numpy()
            folds = KFold(5, shuffle=True, random_state=0).split(X)
        df["fold"] = 0
        for k, (_, test) in enumerate(folds):
            df.loc[df.index[test], "fold"] = k + 1
        path = os.path.join(OUT, name + ".csv")
        df.to_csv(path, index=False, float_format="%.17g")
        df = pd.read_csv(path)
        X = df.drop(columns=[target, "fold"])
        scores = []
        for k in range(1, 6):
            tr, te = df["fold"] != k, df["fold"] == k
            if classify:
                m = HistGradientBoostingClassifier(random_state=0).fit(X[tr], df[target][tr])
                scores.append(float((m.predict(X[te]) == df[target][te]).mean()))
            else:
                m = HistGradientBoostingRegressor(random_state=0).fit(X[tr], df[target][tr])
                scores.append(float(m.score(X[te], df[target][te])))
        out.append({"data": name + ".csv", "response": target, "classification": classify,
                    "metric": "accuracy" if classify else "r_squared", "fold_scores": scores,
                    "mean": float(np.mean(scores)), "rows": int(len(df)), "features": int(X.shape[1])})
    write_json("boosting.json", {"versions": versions, "estimator": "HistGradientBoosting (defaults, random_state=0)",
                                 "folds": 5, "data": out})


def svr(versions):
    """SVR on standardized terms (a StandardScaler in front, as Sift's scale: true), first 400 rows
    with an age of marketing.csv, predictions on the next 200, tight tolerance and the default one."""
    from sklearn.svm import SVR
    mk = read_marketing().dropna(subset=["age"])
    feats = ["spend", "visits", "age"]
    train, test = mk.iloc[:400], mk.iloc[400:600]
    mean = train[feats].mean().to_numpy()
    sd = train[feats].std(ddof=0).to_numpy()
    Xtr = (train[feats].to_numpy() - mean) / sd
    Xte = (test[feats].to_numpy() - mean) / sd
    models = []
    for name, kw, sift in [("linear", dict(kernel="linear", C=10.0, epsilon=5.0), 'kernel: "linear", C: 10, epsilon: 5'),
                           ("rbf", dict(kernel="rbf", C=100.0, epsilon=5.0), 'kernel: "rbf", C: 100, epsilon: 5'),
                           ("rbf_defaults", dict(), "")]:
        for tol in [1e-3, 1e-7]:
            m = SVR(tol=tol, **kw).fit(Xtr, train["revenue"].to_numpy())
            models.append({"name": name, "options": sift, "tol": tol, "support_vectors": int(len(m.support_)),
                           "intercept": float(m.intercept_[0]), "predictions": [float(v) for v in m.predict(Xte)]})
    write_json("svr.json", {"versions": versions, "data": "marketing.csv", "formula": "revenue ~ spend + visits + age",
                            "train": "first 400 rows with an age", "test": "the next 200", "models": models})


def main():
    versions = {"statsmodels": statsmodels.__version__, "scikit-learn": sklearn.__version__,
                "scipy": scipy.__version__, "numpy": np.__version__, "pandas": pd.__version__}
    only = sys.argv[1:]
    if not only or "penalized" in only:
        penalized(versions)
    if not only or "ets" in only:
        ets(versions)
    if not only or "arima" in only:
        arima(versions)
    if not only or "boosting" in only:
        boosting(versions)
    if not only or "svr" in only:
        svr(versions)


if __name__ == "__main__":
    main()
