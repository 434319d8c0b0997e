#!/usr/bin/env python3
"""Reference numbers for SiftModels' tests, from statsmodels, scikit-learn and scipy.

Run it from anywhere: it creates a virtual environment in /tmp/modelvenv (PyPI packages
statsmodels, scikit-learn, pandas, numpy), re-runs itself there, and writes JSON and CSV files
into Tests/fixtures/models/. The outputs are committed; the Swift tests read them and need no
Python. Re-running gives the same files (every random draw is seeded).

Data sets:
  longley.csv    statsmodels' copy of the Longley (1967) macroeconomic data, 16 rows
  marketing.csv  generated customers (1,500 rows): categoricals, a boolean, nulls, weights
  segments.csv   generated four-class data (2,000 rows, five numeric features, text labels)
  iris.csv       Fisher's iris measurements as scikit-learn ships them (150 rows, three species)
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
import scipy  # noqa: E402
import sklearn  # noqa: E402
import statsmodels  # noqa: E402
import statsmodels.api as sm  # noqa: E402
import statsmodels.formula.api as smf  # noqa: E402
from scipy import stats  # noqa: E402
from sklearn import metrics  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.calibration import CalibratedClassifierCV  # noqa: E402
from sklearn.datasets import load_iris, make_classification  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.naive_bayes import GaussianNB  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC, LinearSVC  # noqa: E402
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402
from statsmodels.stats.proportion import proportions_ztest  # noqa: E402


def write_json(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.relpath(path))


def sift_name(name):
    """patsy's column names as Sift writes them (booleans lower-case, no numpy prefix)."""
    return name.replace("np.", "").replace("[T.True]", "[T.true]").replace("[T.False]", "[T.false]") \
        .replace("[True]", "[true]").replace("[False]", "[false]")


def ols_reference(res, sift_formula, patsy_formula, data_file, weights=None):
    names = [sift_name(n) for n in res.params.index]
    ci = res.conf_int(0.05)
    d = lambda s: dict(zip(names, [float(v) for v in s]))
    return {
        "data": data_file,
        "formula": sift_formula,
        "patsy_formula": patsy_formula,
        "weights": weights,
        "names": names,
        "params": d(res.params),
        "bse": d(res.bse),
        "tvalues": d(res.tvalues),
        "pvalues": d(res.pvalues),
        "conf_low": d(ci.iloc[:, 0]),
        "conf_high": d(ci.iloc[:, 1]),
        "rsquared": float(res.rsquared),
        "rsquared_adj": float(res.rsquared_adj),
        "fvalue": float(res.fvalue),
        "f_pvalue": float(res.f_pvalue),
        "llf": float(res.llf),
        "aic": float(res.aic),
        "bic": float(res.bic),
        "scale": float(res.scale),
        "nobs": int(res.nobs),
        "df_model": float(res.df_model),
        "df_resid": float(res.df_resid),
        "k_constant": int(res.k_constant),
        "fitted_first": [float(v) for v in res.fittedvalues.iloc[:5]],
        "resid_first": [float(v) for v in res.resid.iloc[:5]],
    }


def make_marketing(n=1500, seed=20240601):
    rng = np.random.default_rng(seed)
    region = rng.choice(["North", "South", "East", "West"], size=n, p=[0.3, 0.25, 0.25, 0.2])
    channel = rng.choice(["email", "search", "social"], size=n, p=[0.4, 0.35, 0.25])
    age = rng.integers(18, 76, size=n).astype(float)
    visits = rng.poisson(6, size=n)
    spend = np.round(rng.lognormal(5.2, 0.5, size=n), 2)
    loyal = rng.random(n) < 0.35
    weight = np.round(rng.uniform(0.5, 2.0, size=n), 3)
    region_effect = pd.Series(region).map({"North": 0, "South": 35, "East": -20, "West": 15}).to_numpy()
    channel_slope = pd.Series(channel).map({"email": 0.3, "search": 0.0, "social": -0.2}).to_numpy()
    revenue = (60 + (1.7 + channel_slope) * spend + 11 * np.log(visits + 1) + 0.6 * age
               + region_effect + 25 * loyal + rng.normal(0, 40, size=n))
    revenue = np.round(revenue, 2)
    eta = 1.5 - 0.006 * spend - 0.12 * visits + 0.012 * age + pd.Series(region).map(
        {"North": 0, "South": 0.4, "East": -0.3, "West": 0.2}).to_numpy() - 0.5 * loyal
    churned = rng.random(n) < 1 / (1 + np.exp(-eta))
    df = pd.DataFrame({
        "customer_id": np.arange(1, n + 1),
        "region": region, "channel": channel, "age": age, "visits": visits, "spend": spend,
        "loyal": loyal, "weight": weight, "revenue": revenue, "churned": churned,
    })
    # Nulls: some ages and loyalty flags unknown.
    df.loc[rng.random(n) < 0.04, "age"] = np.nan
    df["loyal"] = df["loyal"].astype(object)
    df.loc[rng.random(n) < 0.02, "loyal"] = None
    return df


def write_marketing_csv(df, path):
    out = df.copy()
    out["loyal"] = out["loyal"].map(lambda v: "" if v is None or v != v else ("true" if v else "false"))
    out["churned"] = out["churned"].map(lambda v: "true" if v else "false")
    out["age"] = out["age"].map(lambda v: "" if v != v else str(int(v)))
    out.to_csv(path, index=False)


def read_marketing(path):
    df = pd.read_csv(path, keep_default_na=True, dtype={"loyal": "object", "churned": "object"})
    df["loyal"] = df["loyal"].map(lambda v: None if v != v else v == "true")
    df["churned"] = (df["churned"] == "true").astype(int)
    return df


def main():
    os.makedirs(OUT, exist_ok=True)
    versions = {"statsmodels": statsmodels.__version__, "scikit-learn": sklearn.__version__,
                "scipy": scipy.__version__, "numpy": np.__version__, "pandas": pd.__version__}

    # --- Longley ---------------------------------------------------------------------------
    longley = sm.datasets.longley.load_pandas().data
    longley_path = os.path.join(OUT, "longley.csv")
    longley.to_csv(longley_path, index=False, float_format="%.17g")
    longley = pd.read_csv(longley_path)
    full = "TOTEMP ~ GNPDEFL + GNP + UNEMP + ARMED + POP + YEAR"
    ols = []
    ols.append(ols_reference(smf.ols(full, longley).fit(), full, full, "longley.csv"))
    ols.append(ols_reference(smf.ols(full, longley).fit(), "TOTEMP ~ .", full, "longley.csv"))
    f = "TOTEMP ~ GNP + POP - 1"
    ols.append(ols_reference(smf.ols(f, longley).fit(), f, f, "longley.csv"))

    # --- Marketing -------------------------------------------------------------------------
    mk_path = os.path.join(OUT, "marketing.csv")
    write_marketing_csv(make_marketing(), mk_path)
    mk = read_marketing(mk_path)
    cases = [
        ("revenue ~ spend + visits + region + channel", None),
        ("revenue ~ spend * channel + log(visits + 1) + age + loyal", None),
        ("revenue ~ spend + region", "weight"),
        ("revenue ~ region + spend - 1", None),
        ("revenue ~ spend + visits - 1", None),
        ("revenue ~ region:channel + spend", None),
        ("revenue ~ spend:region + visits:spend + age", None),
    ]
    for sift_formula, w in cases:
        patsy_formula = sift_formula.replace("log(", "np.log(")
        cols = ["revenue", "spend", "visits", "region", "channel", "age", "loyal", "weight"]
        used = [c for c in cols if c in sift_formula or c == w]
        data = mk.dropna(subset=used)
        if w:
            res = smf.wls(patsy_formula, data, weights=data[w]).fit()
        else:
            res = smf.ols(patsy_formula, data).fit()
        ref = ols_reference(res, sift_formula, patsy_formula, "marketing.csv", weights=w)
        ref["dropped"] = int(len(mk) - len(data))
        ols.append(ref)
    write_json("ols.json", {"versions": versions, "models": ols})

    # --- Logit -----------------------------------------------------------------------------
    logits = []
    for formula in ["churned ~ spend + visits + age + region", "churned ~ spend * loyal + channel"]:
        used = [c for c in ["churned", "spend", "visits", "age", "region", "loyal", "channel"] if c in formula]
        data = mk.dropna(subset=used)
        res = smf.logit(formula, data).fit(disp=0, tol=1e-12, maxiter=100)
        names = [sift_name(n) for n in res.params.index]
        ci = res.conf_int(0.05)
        d = lambda s: dict(zip(names, [float(v) for v in s]))
        p = res.predict(data)
        y = data["churned"].to_numpy()
        pred = (p.to_numpy() >= 0.5).astype(int)
        logits.append({
            "data": "marketing.csv", "formula": formula, "names": names,
            "params": d(res.params), "bse": d(res.bse), "zvalues": d(res.tvalues), "pvalues": d(res.pvalues),
            "conf_low": d(ci.iloc[:, 0]), "conf_high": d(ci.iloc[:, 1]),
            "llf": float(res.llf), "llnull": float(res.llnull), "prsquared": float(res.prsquared),
            "llr": float(res.llr), "llr_pvalue": float(res.llr_pvalue),
            "aic": float(res.aic), "bic": float(res.bic), "nobs": int(res.nobs),
            "df_model": float(res.df_model), "df_resid": float(res.df_resid),
            "dropped": int(len(mk) - len(data)),
            "predicted_first": [float(v) for v in p.iloc[:5]],
            "metrics": {
                "accuracy": float(metrics.accuracy_score(y, pred)),
                "precision": float(metrics.precision_score(y, pred)),
                "recall": float(metrics.recall_score(y, pred)),
                "f1": float(metrics.f1_score(y, pred)),
                "roc_auc": float(metrics.roc_auc_score(y, p)),
                "log_loss": float(metrics.log_loss(y, p)),
                "confusion": metrics.confusion_matrix(y, pred).tolist(),
            },
        })
    write_json("logit.json", {"versions": versions, "models": logits})

    # --- Regression metrics on an OLS fit --------------------------------------------------
    data = mk.dropna(subset=["revenue", "spend", "visits"])
    res = smf.ols("revenue ~ spend + visits", data).fit()
    yhat = res.fittedvalues.to_numpy()
    y = data["revenue"].to_numpy()
    write_json("regression_metrics.json", {
        "versions": versions, "formula": "revenue ~ spend + visits",
        "rmse": float(np.sqrt(metrics.mean_squared_error(y, yhat))),
        "mae": float(metrics.mean_absolute_error(y, yhat)),
        "r_squared": float(metrics.r2_score(y, yhat)),
        "mape": float(metrics.mean_absolute_percentage_error(y, yhat)),
    })

    # --- k-means ---------------------------------------------------------------------------
    km = []
    cols = ["age", "spend", "visits", "revenue"]
    data = mk.dropna(subset=cols)
    xs = StandardScaler().fit_transform(data[cols].to_numpy(dtype=float))
    for k in [2, 3, 4, 5, 6]:
        model = KMeans(n_clusters=k, n_init=10, random_state=0, max_iter=300, tol=1e-4).fit(xs)
        km.append({"data": "marketing.csv", "columns": cols, "scale": True, "k": k, "n_init": 10,
                   "inertia": float(model.inertia_), "rows": int(len(data)),
                   "sizes": sorted(np.bincount(model.labels_).tolist())})
    xl = longley[["GNP", "POP", "UNEMP"]].to_numpy(dtype=float)
    for k in [2, 3]:
        model = KMeans(n_clusters=k, n_init=10, random_state=0).fit(xl)
        km.append({"data": "longley.csv", "columns": ["GNP", "POP", "UNEMP"], "scale": False, "k": k, "n_init": 10,
                   "inertia": float(model.inertia_), "rows": 16, "sizes": sorted(np.bincount(model.labels_).tolist())})
    write_json("kmeans.json", {"versions": versions, "fits": km})

    # --- Distributions ---------------------------------------------------------------------
    dist = {"t_sf": [], "t_ppf": [], "norm_sf": [], "norm_cdf": [], "norm_ppf": [], "f_sf": [], "chi2_sf": [],
            "f_cdf": [], "chi2_cdf": []}
    for df in [1, 2, 3, 5, 9, 30, 100, 1000, 100000, 2500000]:
        for t in [0.01, 0.1, 0.5, 1, 1.96, 3, 5, 10, 30, -2.5]:
            dist["t_sf"].append([t, df, float(stats.t.sf(t, df))])
        for p in [0.975, 0.995, 0.9, 0.6, 0.025, 1e-6]:
            dist["t_ppf"].append([p, df, float(stats.t.ppf(p, df))])
    for x in [-30, -8, -3, -1.5, -0.2, 0, 0.7, 1.96, 4, 9, 20, 37]:
        dist["norm_sf"].append([x, float(stats.norm.sf(x))])
        dist["norm_cdf"].append([x, float(stats.norm.cdf(x))])
    for p in [1e-300, 1e-20, 1e-8, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999]:
        dist["norm_ppf"].append([p, float(stats.norm.ppf(p))])
    for d1, d2 in [(1, 1), (1, 9), (6, 9), (3, 100), (10, 1493), (20, 20), (2, 1000000), (50, 60)]:
        for x in [0.05, 0.5, 1, 2.5, 7, 40, 330]:
            dist["f_sf"].append([x, d1, d2, float(stats.f.sf(x, d1, d2))])
            dist["f_cdf"].append([x, d1, d2, float(stats.f.cdf(x, d1, d2))])
    for df in [1, 2, 3, 7, 10, 30, 120, 1000]:
        for x in [0.001, 0.5, 1, 3.84, 10, 30, 100, 1100]:
            dist["chi2_sf"].append([x, df, float(stats.chi2.sf(x, df))])
            dist["chi2_cdf"].append([x, df, float(stats.chi2.cdf(x, df))])
    write_json("distributions.json", {"versions": versions, **dist})

    # --- Tests marketers run ---------------------------------------------------------------
    a = mk.loc[mk["loyal"] == True, "spend"].to_numpy()  # noqa: E712
    b = mk.loc[mk["loyal"] == False, "spend"].to_numpy()  # noqa: E712
    welch = stats.ttest_ind(a, b, equal_var=False)
    table = pd.crosstab(mk["region"], mk["channel"])
    chi = stats.chi2_contingency(table.to_numpy(), correction=False)
    loyal_rows = mk[mk["loyal"].notna()]
    counts = loyal_rows.groupby("loyal")["churned"].sum().reindex([True, False]).to_numpy()
    nobs = loyal_rows.groupby("loyal")["churned"].count().reindex([True, False]).to_numpy()
    z, pz = proportions_ztest(counts, nobs)
    write_json("tests.json", {
        "versions": versions,
        "welch": {"statistic": float(welch.statistic), "pvalue": float(welch.pvalue), "df": float(welch.df),
                  "mean_a": float(a.mean()), "mean_b": float(b.mean())},
        "chisq": {"statistic": float(chi.statistic), "pvalue": float(chi.pvalue), "dof": int(chi.dof)},
        "prop_z": {"statistic": float(z), "pvalue": float(pz), "counts": counts.tolist(), "nobs": nobs.tolist()},
    })

    # --- Trees -----------------------------------------------------------------------------
    trees = []
    cols = ["spend", "visits", "age", "revenue"]
    data = mk.dropna(subset=cols)
    for depth, leaf in [(2, 1), (4, 5), (6, 10)]:
        for crit in ["gini", "entropy"]:
            clf = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=leaf, criterion=crit, random_state=0)
            clf.fit(data[cols], data["churned"])
            trees.append({"kind": "classifier", "criterion": crit, "max_depth": depth, "min_samples_leaf": leaf,
                          "formula": "churned ~ spend + visits + age + revenue",
                          "train_accuracy": float(clf.score(data[cols], data["churned"])),
                          "importances": dict(zip(cols, clf.feature_importances_.tolist()))})
        reg = DecisionTreeRegressor(max_depth=depth, min_samples_leaf=leaf, random_state=0)
        rcols = ["spend", "visits", "age"]
        reg.fit(data[rcols], data["revenue"])
        trees.append({"kind": "regressor", "criterion": "squared_error", "max_depth": depth, "min_samples_leaf": leaf,
                      "formula": "revenue ~ spend + visits + age",
                      "train_r2": float(reg.score(data[rcols], data["revenue"])),
                      "importances": dict(zip(rcols, reg.feature_importances_.tolist()))})
    write_json("trees.json", {"versions": versions, "rows": int(len(data)), "trees": trees})

    # --- Naive Bayes and k-NN --------------------------------------------------------------
    nb = GaussianNB().fit(data[cols], data["churned"])
    proba = nb.predict_proba(data[cols])
    scaled = StandardScaler().fit_transform(data[cols].to_numpy(dtype=float))
    knn = []
    for k in [1, 5, 15]:
        clf = KNeighborsClassifier(n_neighbors=k).fit(scaled, data["churned"])
        knn.append({"k": k, "train_accuracy": float(clf.score(scaled, data["churned"])),
                    "proba_first": clf.predict_proba(scaled[:5])[:, 1].tolist()})
    rcols = ["spend", "visits", "age"]
    rscaled = StandardScaler().fit_transform(data[rcols].to_numpy(dtype=float))
    reg = KNeighborsRegressor(n_neighbors=10).fit(rscaled, data["revenue"])
    svm_fixtures(mk, versions)
    svm_multiclass_fixtures(versions)
    write_json("simple_classifiers.json", {
        "versions": versions, "rows": int(len(data)), "formula": "churned ~ spend + visits + age + revenue",
        "naive_bayes": {"train_accuracy": float(nb.score(data[cols], data["churned"])),
                        "proba_first": proba[:5, 1].tolist(), "priors": nb.class_prior_.tolist(),
                        "means": nb.theta_.tolist(), "variances": nb.var_.tolist()},
        "knn": knn,
        "knn_regression": {"formula": "revenue ~ spend + visits + age", "k": 10,
                           "train_r2": float(reg.score(rscaled, data["revenue"])),
                           "predicted_first": reg.predict(rscaled[:5]).tolist()},
    })


def svm_fixtures(mk, versions):
    """Linear and kernel SVMs on a fixed split: training rows are customer_id <= 1100."""
    cols = ["spend", "visits", "age", "revenue"]
    data = mk.dropna(subset=cols)
    train, test = data[data["customer_id"] <= 1100], data[data["customer_id"] > 1100]
    scaler = StandardScaler().fit(train[cols].to_numpy(dtype=float))
    xtr, xte = scaler.transform(train[cols].to_numpy(dtype=float)), scaler.transform(test[cols].to_numpy(dtype=float))
    ytr, yte = train["churned"].to_numpy(), test["churned"].to_numpy()
    out = []
    for name, model, options in [
        ("linear", LinearSVC(C=1.0), 'kernel: "linear"'),
        ("linear_hinge", LinearSVC(C=0.5, loss="hinge", dual=True, max_iter=100000, tol=1e-6), 'kernel: "linear", loss: "hinge", C: 0.5, tol: 1e-5, max_iter: 100000'),
        ("rbf", SVC(C=1.0, kernel="rbf", gamma="scale"), 'kernel: "rbf"'),
        ("rbf_c10", SVC(C=10.0, kernel="rbf", gamma=0.5), 'kernel: "rbf", C: 10, gamma: 0.5'),
        ("poly", SVC(C=1.0, kernel="poly", degree=3, gamma="scale", coef0=1.0), 'kernel: "poly", degree: 3, coef0: 1'),
    ]:
        model.fit(xtr, ytr)
        entry = {"name": name, "options": options, "formula": "churned ~ spend + visits + age + revenue",
                 "train_accuracy": float(model.score(xtr, ytr)), "test_accuracy": float(model.score(xte, yte)),
                 "decision_first": model.decision_function(xte[:5]).tolist()}
        if isinstance(model, SVC):
            entry["support_vectors"] = int(model.support_.shape[0])
        else:
            entry["coef"] = model.coef_[0].tolist()
            entry["intercept"] = float(model.intercept_[0])
        out.append(entry)
    write_json("svm.json", {"versions": versions, "train_rows": int(len(train)), "test_rows": int(len(test)),
                            "split": "customer_id <= 1100", "models": out})


def make_segments(n=2000, seed=7):
    """Four classes with two clusters each, so an RBF kernel clearly beats a linear model."""
    x, y = make_classification(n_samples=n, n_features=5, n_informative=4, n_redundant=1, n_classes=4,
                               n_clusters_per_class=2, class_sep=1.5, random_state=seed)
    df = pd.DataFrame(np.round(x, 6), columns=[f"x{j + 1}" for j in range(5)])
    df.insert(0, "id", np.arange(1, n + 1))
    df["segment"] = np.array(["bronze", "silver", "gold", "platinum"])[y]
    return df


def svm_multiclass_fixtures(versions):
    """LinearSVC (one-vs-rest) and SVC (one-vs-one) with several classes: segments.csv on the
    split id <= 1000, and iris fitted on all its rows."""
    seg_path = os.path.join(OUT, "segments.csv")
    make_segments().to_csv(seg_path, index=False)
    seg = pd.read_csv(seg_path)
    iris_raw = load_iris(as_frame=True)
    iris = iris_raw.frame.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
    iris["species"] = np.array(iris_raw.target_names)[iris.pop("target")]
    iris_path = os.path.join(OUT, "iris.csv")
    iris.to_csv(iris_path, index=False)
    iris = pd.read_csv(iris_path)

    def fit_all(train, test, cols, response, formula):
        scaler = StandardScaler().fit(train[cols].to_numpy(dtype=float))
        xtr, xte = scaler.transform(train[cols].to_numpy(dtype=float)), scaler.transform(test[cols].to_numpy(dtype=float))
        ytr, yte = train[response].to_numpy(), test[response].to_numpy()
        out = []
        for name, model, options in [
            ("linear", LinearSVC(C=1.0, random_state=0), 'kernel: "linear"'),
            ("linear_hinge", LinearSVC(C=0.5, loss="hinge", max_iter=100000, tol=1e-6, random_state=0),
             'kernel: "linear", loss: "hinge", C: 0.5, tol: 1e-4, max_iter: 100000'),
            ("rbf", SVC(C=1.0, kernel="rbf", gamma="scale", probability=True, random_state=0), 'kernel: "rbf"'),
            ("poly", SVC(C=1.0, kernel="poly", degree=3, gamma="scale", coef0=1.0, probability=True, random_state=0),
             'kernel: "poly", degree: 3, coef0: 1'),
        ]:
            with warnings.catch_warnings():
                # SVC(probability=True) is deprecated from scikit-learn 1.9 but is still libsvm's
                # pairwise coupling, which is what Sift reproduces.
                warnings.simplefilter("ignore", FutureWarning)
                model.fit(xtr, ytr)
                entry = {"name": name, "options": options, "formula": formula,
                         "classes": [str(c) for c in model.classes_],
                         "train_accuracy": float(model.score(xtr, ytr)), "test_accuracy": float(model.score(xte, yte)),
                         "test_predictions": [str(c) for c in model.predict(xte)],
                         "decision_first": model.decision_function(xte[:5]).tolist()}
                if isinstance(model, SVC):
                    entry["support_vectors"] = int(model.support_.shape[0])
                    entry["proba_first"] = model.predict_proba(xte[:5]).tolist()
                    model.decision_function_shape = "ovo"
                    entry["decision_ovo_first"] = model.decision_function(xte[:5]).tolist()
                    # Enough to check the coupling alone: pairwise values, sigmoids and libsvm's result.
                    entry["coupling"] = {"decision_ovo": model.decision_function(xte[:20]).tolist(),
                                         "prob_a": model.probA_.tolist(), "prob_b": model.probB_.tolist(),
                                         "proba": model.predict_proba(xte[:20]).tolist()}
                else:
                    entry["coef"] = model.coef_.tolist()
                    entry["intercept"] = model.intercept_.tolist()
                    calibrated = CalibratedClassifierCV(clone(model), method="sigmoid",
                                                        cv=5, ensemble=False).fit(xtr, ytr)
                    entry["proba_first"] = calibrated.predict_proba(xte[:5]).tolist()
            out.append(entry)
        return out

    cols = [f"x{j + 1}" for j in range(5)]
    train, test = seg[seg["id"] <= 1000], seg[seg["id"] > 1000]
    segments = fit_all(train, test, cols, "segment", "segment ~ x1 + x2 + x3 + x4 + x5")
    icols = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    iris_models = fit_all(iris, iris, icols, "species", "species ~ .")
    write_json("svm_multiclass.json", {"versions": versions, "data": "segments.csv", "split": "id <= 1000",
                                       "train_rows": int(len(train)), "test_rows": int(len(test)),
                                       "models": segments, "iris": iris_models})


if __name__ == "__main__":
    main()
