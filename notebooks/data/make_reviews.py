#!/usr/bin/env python3
"""Generates notebooks/data/reviews.csv: customer reviews for the text-analytics notebook.

Each review talks about one or two aspects (battery, screen, delivery, service, price, sound), each
with a positive or negative phrase; the chance of a positive phrase grows with the stars, and the
segments differ in what they write about. About one review in eight is in Chinese. Deterministic
(seed 13). Run: python3 notebooks/data/make_reviews.py
"""
import csv, os, random

rng = random.Random(13)
ASPECTS = {
    "battery": (["the battery lasts two full days", "great battery life", "battery charges fast and holds well"],
                ["the battery drains in a few hours", "battery died after a month", "terrible battery life"]),
    "screen": (["the screen is bright and sharp", "gorgeous display with vivid colours", "the screen looks amazing"],
               ["the screen flickers", "display cracked on day one", "the screen is dim and blurry"]),
    "delivery": (["delivery was fast", "arrived a day early and well packed", "quick shipping"],
                 ["delivery took three weeks", "the package arrived damaged", "shipping was slow and the courier lost it"]),
    "service": (["customer service was helpful and friendly", "support fixed my problem quickly", "great service from the store staff"],
                ["customer service never answered", "support was rude and useless", "waited an hour on the phone for service"]),
    "price": (["excellent value for the price", "a fair price", "cheaper than elsewhere and worth it"],
              ["way too expensive", "not worth the money", "overpriced for what you get"]),
    "sound": (["the sound is rich and clear", "great sound quality", "the speakers are loud and crisp"],
              ["the sound is tinny", "terrible sound quality", "the speaker crackles"]),
}
ZH = {
    "battery": (["电池很耐用", "电池续航非常好"], ["电池不耐用", "电池很快就没电了"]),
    "screen": (["屏幕很清楚", "屏幕颜色漂亮"], ["屏幕有点暗", "屏幕摔坏了"]),
    "delivery": (["物流很快", "快递第二天就到了"], ["物流太慢了", "快递包装破了"]),
    "service": (["客服态度很好", "售后服务很满意"], ["客服态度很差", "售后不理人"]),
    "price": (["性价比很高", "价格实惠"], ["价格太贵了", "不值这个价"]),
    "sound": (["音质很好", "声音清晰"], ["音质一般", "声音很小"]),
}
SEGMENTS = {"new": ["delivery", "price", "service"], "loyal": ["battery", "screen", "sound"], "business": ["service", "battery", "price"]}
PRODUCTS = ["phone", "headphones", "laptop", "tablet"]
OPENERS = ["", "Overall, ", "Honestly, ", "So far ", "", "I must say "]
CLOSERS = ["", ".", "!", "!!", ". Would buy again.", ". Not happy.", ". Returning it."]


def review(stars, segment, chinese):
    k = 1 if rng.random() < 0.5 else 2
    aspects = rng.sample(SEGMENTS[segment], 1) + rng.sample(list(ASPECTS), 1)
    aspects = list(dict.fromkeys(aspects))[:k]
    p_pos = {1: 0.08, 2: 0.2, 3: 0.5, 4: 0.82, 5: 0.94}[stars]
    parts = []
    for a in aspects:
        good = rng.random() < p_pos
        bank = (ZH if chinese else ASPECTS)[a][0 if good else 1]
        parts.append(rng.choice(bank))
    if chinese:
        return "，".join(parts) + ("！" if stars >= 4 else "。")
    text = rng.choice(OPENERS) + (" but " if len(parts) == 2 and stars == 3 else " and ").join(parts)
    closer = rng.choice(CLOSERS[:4] if stars >= 3 else [".", ". Not happy.", ". Returning it.", "!"])
    if stars >= 4 and closer == ". Not happy.":
        closer = "."
    return text[0].upper() + text[1:] + closer


def main():
    rows = []
    for i in range(1, 2001):
        segment = rng.choices(list(SEGMENTS), weights=[0.4, 0.4, 0.2])[0]
        base = {"new": 3.4, "loyal": 4.0, "business": 3.1}[segment]
        stars = max(1, min(5, round(rng.gauss(base, 1.2))))
        chinese = rng.random() < 0.125
        rows.append({"review_id": i, "customer_id": rng.randint(1, 700), "segment": segment,
                     "channel": rng.choice(["online", "store"]), "product": rng.choice(PRODUCTS),
                     "lang": "zh" if chinese else "en", "stars": stars, "review": review(stars, segment, chinese)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reviews.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print("wrote", path, len(rows), "reviews")


if __name__ == "__main__":
    main()
