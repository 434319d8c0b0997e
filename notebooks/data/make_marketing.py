"""Generates the marketing notebooks' data (deterministic: a fixed seed, Python's stdlib only).

    python3 notebooks/data/make_marketing.py

Reads customers.csv (made by make_data.py) for customer ids, signup dates, channels and churn,
and writes, each well under 1 MB:
  orders.csv       order_id, customer_id, order_date, amount      (customers 1..4000)
  order_items.csv  order_id, item                                  (2024 orders: baskets)
  products.csv     item_id, name, category, description            (the items of ratings.csv)
  touchpoints.csv  customer_id, touch_date, channel                (2023 sign-ups: paths to purchase)
  campaigns.csv    week, channel, campaign, spend, clicks, conversions, revenue
  sales.csv        week, demand_index, sales                       (weekly shop revenue, for the mix model)
  ab_tests.csv     test_name, day, variant, visitors, conversions
The patterns the notebooks find are planted here on purpose (named in comments) so a reader
can check the analyses recover them.
"""
import csv
import datetime as dt
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(14)
END = dt.date(2024, 6, 30)


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


with open(os.path.join(HERE, "customers.csv"), newline="") as f:
    customers = [r for r in csv.DictReader(f) if int(r["customer_id"]) <= 4000]

# Orders: the first on the signup day; then gaps with a mean of 25-70 days by loyalty, and a
# customer stops for good with a chance after each order (churners stop sooner). Planted: the
# July-August 2023 cohorts came from a discount promotion and stop sooner still.
orders = []
for c in customers:
    cid = int(c["customer_id"])
    day = dt.date.fromisoformat(c["signup_date"])
    loyal = rng.random()
    stop = 0.32 if c["churned"] == "true" else 0.09
    if day.year == 2023 and day.month in (7, 8):
        stop += 0.15
    basket = math.exp(rng.gauss(3.6, 0.35)) * (1.4 if c["channel"] == "email" else 1.0)
    while day <= END:
        orders.append([cid, day, round(basket * math.exp(rng.gauss(0, 0.45)), 2)])
        if rng.random() < stop:
            break
        day += dt.timedelta(days=max(1, int(rng.expovariate(1 / (25 + 45 * (1 - loyal))))))
orders.sort(key=lambda o: (o[1], o[0]))
write("orders.csv", ["order_id", "customer_id", "order_date", "amount"],
      [[i + 1, o[0], o[1].isoformat(), o[2]] for i, o in enumerate(orders)])

# Baskets of the 2024 orders. Planted rules: grinder -> whole beans, milk frother -> syrup,
# espresso machine -> descaler, pour-over kit -> paper filters.
ITEMS = ["whole beans", "ground coffee", "paper filters", "pour-over kit", "grinder", "milk frother",
         "syrup", "mug", "espresso machine", "descaler", "tea sampler", "cocoa"]
PAIRS = {"grinder": "whole beans", "milk frother": "syrup", "espresso machine": "descaler", "pour-over kit": "paper filters"}
WEIGHTS = [18, 16, 8, 4, 4, 5, 6, 10, 2, 3, 8, 6]
items = []
for i, o in enumerate(orders):
    if o[1].year < 2024:
        continue
    basket = set(rng.choices(ITEMS, WEIGHTS, k=rng.choice([1, 1, 2, 2, 3])))
    for a, b in PAIRS.items():
        if a in basket and rng.random() < 0.75:
            basket.add(b)
    items += [[i + 1, it] for it in sorted(basket)]
write("order_items.csv", ["order_id", "item"], items)

# Products for the items of ratings.csv (1..100). Its ratings follow cos(item / 10 + taste), so
# items whose angle item / 10 (mod 2 pi) is close are liked by the same people: each product's
# description uses the flavour words of its angle, so content similarity agrees with taste.
FLAVOURS = ["chocolate", "caramel", "nutty", "toffee", "honey", "citrus", "berry", "floral",
            "jasmine", "herbal", "smoky", "spicy"]
CATS = ["espresso", "filter", "equipment", "tea", "treats"]
ORIGINS = ["Brazil", "Colombia", "Ethiopia", "Kenya", "Guatemala", "Sumatra", "Yunnan", "Assam", "Peru", "Rwanda"]
products = []
for item in range(1, 101):
    cat = CATS[min(4, (item - 1) // 20)]
    origin = ORIGINS[item % len(ORIGINS)]
    slot = (item / 10) % (2 * math.pi) / (2 * math.pi) * len(FLAVOURS)
    words = [FLAVOURS[int(slot + d) % len(FLAVOURS)] for d in (-0.5, 0, 0.5, 1)]
    words = list(dict.fromkeys(words))
    products.append([item, f"{origin} {cat} no. {item}", cat, f"{cat} with {' '.join(words)} notes"])
write("products.csv", ["item_id", "name", "category", "description"], products)

# Touchpoints before each 2023 sign-up: social and display open paths, search and email close
# them (so first-touch credits social, last-touch search).
OPEN = ["social", "display", "search", "email", "affiliate"], [5, 3, 2, 1, 1]
MIDDLE = ["social", "display", "search", "email", "affiliate"], [2, 2, 2, 3, 1]
CLOSE = ["social", "display", "search", "email", "affiliate"], [1, 1, 6, 3, 2]
touches = []
for c in customers:
    signup = dt.date.fromisoformat(c["signup_date"])
    if signup.year != 2023:
        continue
    n = rng.choice([1, 2, 2, 3, 3, 4, 5])
    days = sorted(rng.sample(range(1, 31), n), reverse=True)
    for k, back in enumerate(days):
        pool = OPEN if k == 0 else CLOSE if k == n - 1 else MIDDLE
        touches.append([int(c["customer_id"]), (signup - dt.timedelta(days=back)).isoformat(), rng.choices(*pool)[0]])
write("touchpoints.csv", ["customer_id", "touch_date", "channel"], touches)

# Weekly campaigns per channel (2023-01-02 .. 2024-06-24) and the shop's weekly sales with a
# seasonal category demand index (100 = average). Sales = base + 600 × (demand - 100) + 1.9 × tv + 3.1 × search + 1.2 × social + 4.0 × email + 0.3 × display
# (display barely pays) + noise: the mix model should recover these returns.
CHANNELS = {"tv": (9000, 1.9, 0.004), "search": (6000, 3.1, 0.03), "social": (5000, 1.2, 0.02),
            "email": (1500, 4.0, 0.05), "display": (4000, 0.3, 0.006)}
weeks = [dt.date(2023, 1, 2) + dt.timedelta(weeks=w) for w in range(78)]
camp, sales = [], []
for w, week in enumerate(weeks):
    demand = round(100 + 20 * math.sin(2 * math.pi * w / 52) + rng.gauss(0, 2), 1)
    total = 60000 + 600 * (demand - 100)
    for ch, (budget, ret, ctr) in CHANNELS.items():
        on = ch != "tv" or (w // 6) % 2 == 0  # tv runs in six-week flights
        spend = round(budget * rng.uniform(0.5, 1.5), 2) if on else 0.0
        total += ret * spend
        clicks = int(spend * ctr * rng.uniform(8, 12))
        conv = int(clicks * rng.uniform(0.02, 0.05)) if ch != "tv" else int(spend / 400 * rng.uniform(0.8, 1.2))
        # What each platform reports as its own revenue (last-click-ish, flattering search).
        reported = round(spend * ret * rng.uniform(0.8, 1.2) * (1.3 if ch == "search" else 1.0), 2)
        camp.append([week.isoformat(), ch, f"{ch}-{week.year}-q{(week.month - 1) // 3 + 1}", spend, clicks, conv, reported])
    sales.append([week.isoformat(), demand, round(total + rng.gauss(0, 3000), 2)])
write("campaigns.csv", ["week", "channel", "campaign", "spend", "clicks", "conversions", "revenue"], camp)
write("sales.csv", ["week", "demand_index", "sales"], sales)

# A/B tests, daily counts per variant: the new checkout button lifts conversion by about 15%;
# the free-shipping banner does nothing; the subject line test ran too short to tell a 10% lift.
TESTS = [("checkout_button", dt.date(2024, 3, 4), 21, 1400, 0.048, 0.055),
         ("free_shipping_banner", dt.date(2024, 4, 8), 28, 1800, 0.051, 0.051),
         ("email_subject_line", dt.date(2024, 5, 13), 5, 900, 0.210, 0.214)]
ab = []
for name, start, days, traffic, pa, pb in TESTS:
    for d in range(days):
        day = (start + dt.timedelta(days=d)).isoformat()
        for variant, p in (("control", pa), ("treatment", pb)):
            visitors = int(traffic * rng.uniform(0.85, 1.15))
            conversions = sum(rng.random() < p for _ in range(visitors))
            ab.append([name, day, variant, visitors, conversions])
write("ab_tests.csv", ["test_name", "day", "variant", "visitors", "conversions"], ab)
print("orders", len(orders), "items", len(items), "touches", len(touches), "campaign rows", len(camp), "ab rows", len(ab))
