"""Generates the small example data sets bundled with Sift's notebooks (deterministic, stdlib only).

    python3 notebooks/data/make_data.py    # rewrites customers.csv, regions.csv, ratings.csv
"""
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(2024)

REGIONS = ["North", "South", "East", "West", "Central"]
CHANNELS = ["search", "social", "email", "display"]
COMMENTS = ["", "", "", "great service", "slow delivery, but friendly", 'asked for "premium" plan', "refund requested", "multi\nline note"]

with open(os.path.join(HERE, "customers.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["customer_id", "signup_date", "region", "channel", "age", "income", "visits", "spend", "revenue", "churned", "comment"])
    for i in range(1, 10001):
        region = rng.choice(REGIONS)
        channel = rng.choices(CHANNELS, weights=[4, 3, 2, 1])[0]
        age = rng.randint(18, 75) if rng.random() > 0.05 else ""
        income = round(rng.lognormvariate(10.6, 0.4), 2) if rng.random() > 0.04 else ""
        visits = max(0, int(rng.gauss(12, 6)))
        spend = round(max(0.0, rng.gauss(200, 80)), 2)
        base = 50 + 1.8 * spend + 6.5 * visits + {"North": 40, "South": -20, "East": 15, "West": 0, "Central": 5}[region]
        revenue = round(max(0.0, base + rng.gauss(0, 60)), 2)
        logit = 1.5 - 0.01 * spend - 0.08 * visits + (0.02 * (age - 45) if age != "" else 0)
        churned = "true" if rng.random() < 1 / (1 + math.exp(-logit)) else "false"
        day = rng.randint(0, 3 * 365 - 1)
        y, rem = 2021 + day // 365, day % 365
        month = min(12, rem // 31 + 1)
        dom = min(28, rem % 31 + 1)
        w.writerow([i, f"{y}-{month:02d}-{dom:02d}", region, channel, age, income, visits, spend, revenue, churned, rng.choice(COMMENTS)])

with open(os.path.join(HERE, "regions.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["region", "manager", "target"])
    for r, m, t in [("North", "Ada Lovelace", 1_400_000), ("South", "Grace Hopper", 1_100_000), ("East", "Alan Turing", 1_250_000),
                    ("West", "Edsger Dijkstra", 1_200_000), ("Central", "Barbara Liskov", 1_300_000)]:
        w.writerow([r, m, t])

with open(os.path.join(HERE, "ratings.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["user_id", "item_id", "rating"])
    for u in range(1, 301):
        taste = rng.random()
        for item in rng.sample(range(1, 101), rng.randint(5, 25)):
            score = 3 + 2 * math.cos(item / 10 + taste * 6) + rng.gauss(0, 0.7)
            w.writerow([u, item, min(5, max(1, round(score)))])
