#!/usr/bin/env python3
"""Text benchmark: Sift against scikit-learn (and gensim for LDA) in one run, on 100,000 short texts.

Usage (from the repo root, after a release build):
    python3 bench/text_bench.py [--sift .build-release/release/sift] [--repeat 3] [--rows 100000]
                                [--tasks tfidf,nb,lda,contains] [--lda-passes 20]

Tasks:
  tfidf     tokens + TF-IDF: Sift tfidf(d, text: text) vs TfidfVectorizer().fit_transform(texts)
  nb        naive Bayes training from raw text: Sift text_classifier(label ~ text, model: "naive_bayes")
            vs make_pipeline(TfidfVectorizer(), MultinomialNB()).fit (the NB fit alone is shown too)
  lda       10 topics, English stop words removed: Sift lda(k: 10, passes: P) (collapsed Gibbs),
            scikit-learn LatentDirichletAllocation(10, learning_method="batch", max_iter=10) and gensim
            LdaModel(num_topics=10, passes=2); each side's topics are scored for purity against the
            10 planted topics (the share of each topic's top 10 words that come from one planted topic)
  contains  keyword count on 1,000,000 texts: Sift nrow(filter(d, contains(text, "battery"))) vs
            pandas df.text.str.contains("battery", regex=False).sum()

The texts are generated (seed 7): each mixes one or two of 10 planted topics (20 words each) with
filler and stop words, 6 to 16 words long. The data is in memory on both sides before timing: Sift
is timed in-process by timeit() in one script, Python with time.perf_counter after gc.collect().
The peers run in bench/.venv-text (created here with pip: scikit-learn, gensim, pandas).
"""
import argparse, csv, gc, json, os, random, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", "bench-data")
VENV = os.path.join(ROOT, "bench", ".venv-text")

TOPICS = [
    "battery charge charger power drain hours lasts life plug cable watt overnight percent recharge drains dies juice usb adapter socket",
    "screen display bright pixels colour resolution glare sharp contrast brightness oled panel touch crisp viewing angle scratch dim vivid hdr",
    "shipping delivery package courier arrived late tracking parcel box dispatch postal doorstep shipment delayed carrier warehouse lost damaged days weeks",
    "service support agent helpful rude refund answered ticket chat hotline staff manager complaint replied callback waited resolved email apology policy",
    "price expensive cheap value money worth discount deal overpriced bargain cost budget sale coupon affordable pricey paid euros dollars offer",
    "sound audio speaker bass volume loud tinny crisp music noise headphones earbuds microphone treble stereo crackle hiss clarity podcast calls",
    "camera photo lens zoom picture night blurry focus selfie video portrait shutter flash megapixel stabilization grainy exposure sensor shots gallery",
    "software update app crash bug slow freeze settings install reboot firmware lag glitch android interface notification login password account sync",
    "design weight light heavy slim build plastic metal premium solid feel grip pocket sleek finish sturdy flimsy hinge bezel colourway",
    "keyboard trackpad keys typing backlight laptop mouse click layout shortcut spacebar cursor stylus pen input responsive sticky travel tactile scroll",
]
FILLER = "really very just also quite good bad great terrible okay nice love hate bought ordered thing item product phone device".split()
STOP = "the a and is it was this to of for my with but on in i so".split()


def make_texts(n, seed=7):
    rng = random.Random(seed)
    topics = [t.split() for t in TOPICS]
    rows = []
    for i in range(n):
        main = rng.randrange(10)
        other = rng.randrange(10) if rng.random() < 0.4 else main
        words = []
        for _ in range(rng.randint(6, 16)):
            r = rng.random()
            if r < 0.55:
                words.append(rng.choice(topics[main]))
            elif r < 0.7:
                words.append(rng.choice(topics[other]))
            elif r < 0.85:
                words.append(rng.choice(FILLER))
            else:
                words.append(rng.choice(STOP))
        rows.append((i + 1, "t%d" % main, " ".join(words)))
    return rows


def write_csv(path, rows):
    if os.path.exists(path):
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "label", "text"])
        w.writerows(rows)
    os.replace(tmp, path)


def purity(topic_words):
    sets = [set(t.split()) for t in TOPICS]
    scores = []
    for words in topic_words:
        best = max(sum(1 for w in words if w in s) for s in sets)
        scores.append(best / max(1, len(words)))
    return sum(scores) / len(scores)


def peer_worker(args):
    import numpy as np
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer, CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline
    from sklearn.decomposition import LatentDirichletAllocation
    out = {}
    df = pd.read_csv(args.texts)
    texts, labels = df.text.tolist(), df.label.tolist()

    def timed(fn, repeat):
        best = None
        result = None
        for _ in range(repeat):
            gc.collect()
            t0 = time.perf_counter()
            result = fn()
            dt = time.perf_counter() - t0
            best = dt if best is None else min(best, dt)
        return best, result

    tasks = args.tasks.split(",")
    if "tfidf" in tasks:
        out["tfidf_sklearn"], x = timed(lambda: TfidfVectorizer().fit_transform(texts), args.repeat)
        out["tfidf_shape"] = list(x.shape)
    if "nb" in tasks:
        out["nb_sklearn"], _ = timed(lambda: make_pipeline(TfidfVectorizer(), MultinomialNB()).fit(texts, labels), args.repeat)
        x = TfidfVectorizer().fit_transform(texts)
        out["nb_fit_only_sklearn"], _ = timed(lambda: MultinomialNB().fit(x, labels), args.repeat)
    if "lda" in tasks:
        cv = CountVectorizer(stop_words="english")
        def sk():
            c = cv.fit_transform(texts)
            return LatentDirichletAllocation(n_components=10, learning_method="batch", max_iter=10, random_state=0).fit(c)
        out["lda_sklearn"], m = timed(sk, 1)
        vocab = cv.get_feature_names_out()
        out["lda_sklearn_purity"] = purity([[vocab[j] for j in np.argsort(-row)[:10]] for row in m.components_])
        try:
            from gensim import corpora, models
            def gs():
                analyzer = cv.build_analyzer()
                toks = [analyzer(t) for t in texts]
                d = corpora.Dictionary(toks)
                corpus = [d.doc2bow(t) for t in toks]
                return d, models.LdaModel(corpus, id2word=d, num_topics=10, passes=2, random_state=0)
            out["lda_gensim"], (d, lm) = timed(gs, 1)
            out["lda_gensim_purity"] = purity([[w for w, _ in lm.show_topic(t, 10)] for t in range(10)])
        except ImportError:
            out["lda_gensim"] = None
    if "contains" in tasks:
        big = pd.read_csv(args.big)
        out["contains_pandas"], n = timed(lambda: int(big.text.str.contains("battery", regex=False).sum()), args.repeat)
        out["contains_count"] = n
    print(json.dumps(out))


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([py, "-m", "pip", "install", "--quiet", "scikit-learn", "gensim", "pandas"], check=True)
    return py


def run_sift(args, texts, big):
    tasks = args.tasks.split(",")
    lines = ['d = read_csv("%s")' % texts]
    if "tfidf" in tasks:
        lines.append('print("tfidf", timeit(tfidf(d, text: text), repeat: %d).min)' % args.repeat)
    if "nb" in tasks:
        lines.append('print("nb", timeit(text_classifier(label ~ text, data: d, model: "naive_bayes"), repeat: %d).min)' % args.repeat)
    if "lda" in tasks:
        lines.append('print("lda", timeit(lda(d, text: text, k: 10, seed: 1, passes: %d), repeat: 1).min)' % args.lda_passes)
        lines.append('m = lda(d, text: text, k: 10, seed: 1, passes: %d)' % args.lda_passes)
        lines.append('write_csv(tidy(m), "%s")' % os.path.join(tempfile.gettempdir(), "sift_lda_topics.csv"))
    if "contains" in tasks:
        lines.append('b = read_csv("%s")' % big)
        lines.append('print("contains", timeit(nrow(b |> filter(contains(text, "battery"))), repeat: %d).min)' % args.repeat)
        lines.append('print("contains_count", nrow(b |> filter(contains(text, "battery"))))')
    script = os.path.join(tempfile.gettempdir(), "sift_text_bench.sift")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    res = subprocess.run([args.sift, script], capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit("sift failed:\n" + res.stdout + res.stderr)
    out = {}
    for line in res.stdout.splitlines():
        k, v = line.split()[:2]
        out[k] = float(v)
    if "lda" in tasks:
        words = {}
        with open(os.path.join(tempfile.gettempdir(), "sift_lda_topics.csv")) as f:
            for r in csv.DictReader(f):
                words.setdefault(r["topic"], []).append(r["term"])
        out["lda_purity"] = purity(list(words.values()))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sift", default=os.path.join(ROOT, ".build-release", "release", "sift"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--tasks", default="tfidf,nb,lda,contains")
    ap.add_argument("--lda-passes", type=int, default=20)
    ap.add_argument("--peer-worker", action="store_true")
    ap.add_argument("--texts")
    ap.add_argument("--big")
    args = ap.parse_args()
    if args.peer_worker:
        return peer_worker(args)
    rows = make_texts(args.rows)
    texts = os.path.join(DATA, "texts_%d.csv" % args.rows)
    write_csv(texts, rows)
    big = os.path.join(DATA, "texts_1m.csv")
    if "contains" in args.tasks:
        write_csv(big, [(i + 1, l, t) for k in range(10) for (i, (_, l, t)) in enumerate(rows[:100_000], start=k * 100_000)])
    py = ensure_venv()
    print("load average before:", os.getloadavg())
    s = run_sift(args, texts, big)
    res = subprocess.run([py, os.path.abspath(__file__), "--peer-worker", "--texts", texts, "--big", big,
                          "--tasks", args.tasks, "--repeat", str(args.repeat)], capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit("peers failed:\n" + res.stderr)
    p = json.loads(res.stdout.strip().splitlines()[-1])
    print("load average after:", os.getloadavg())
    print("\n%d texts; best of %d (LDA once); seconds" % (args.rows, args.repeat))
    print("| task | Sift | peer | peer time | Sift / peer |")
    print("|---|---:|---:|---|---:|")
    def row(name, sv, peer, pv):
        if sv is None or pv is None:
            return
        print("| %s | %.3f | %s | %.3f | %.2f |" % (name, sv, peer, pv, sv / pv))
    row("tokens + tf-idf", s.get("tfidf"), "scikit-learn TfidfVectorizer", p.get("tfidf_sklearn"))
    row("naive Bayes from text", s.get("nb"), "TfidfVectorizer + MultinomialNB", p.get("nb_sklearn"))
    row("LDA k=10 (Sift %d Gibbs passes)" % args.lda_passes, s.get("lda"), "sklearn LDA batch, 10 iterations", p.get("lda_sklearn"))
    row("LDA k=10", s.get("lda"), "gensim LdaModel, 2 passes", p.get("lda_gensim"))
    row("keyword count, 1M texts", s.get("contains"), "pandas str.contains", p.get("contains_pandas"))
    if "nb_fit_only_sklearn" in p:
        print("\nscikit-learn MultinomialNB.fit alone (features ready): %.3f s" % p["nb_fit_only_sklearn"])
    if "lda" in args.tasks:
        print("topic purity (share of top-10 words from one planted topic): Sift %.3f, sklearn %.3f, gensim %s"
              % (s.get("lda_purity", float("nan")), p.get("lda_sklearn_purity", float("nan")),
                 "%.3f" % p["lda_gensim_purity"] if p.get("lda_gensim_purity") is not None else "n/a"))
    if "contains" in args.tasks:
        print("keyword matches: Sift %d, pandas %d" % (s.get("contains_count", -1), p.get("contains_count", -1)))


if __name__ == "__main__":
    main()
