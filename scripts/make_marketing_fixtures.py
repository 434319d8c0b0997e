#!/usr/bin/env python3
"""Prints the reference numbers MarketingStdlibTests keeps (statsmodels / scipy), so anyone can
re-derive them:

    python3 -m venv .build/venv-marketing && .build/venv-marketing/bin/pip install statsmodels
    .build/venv-marketing/bin/python scripts/make_marketing_fixtures.py
"""
import math

from scipy.stats import norm
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize, proportions_ztest

# ab_test(2400, 120, 2380, 151): control 120/2400, treatment 151/2380.
z, p = proportions_ztest([151, 120], [2380, 2400])
print("proportions_ztest([151, 120], [2380, 2400]) =", repr(z), repr(p))
pa, pb = 120 / 2400, 151 / 2380
h = proportion_effectsize(pb, pa)
print("proportion_effectsize(151/2380, 120/2400) =", repr(h))
print("NormalIndPower().power(h, nobs1=2400, alpha=0.05, ratio=2380/2400) =",
      repr(NormalIndPower().power(h, nobs1=2400, alpha=0.05, ratio=2380 / 2400)))
n = NormalIndPower().solve_power(h, power=0.8, alpha=0.05, ratio=1)
print("NormalIndPower().solve_power(h, power=0.8, alpha=0.05, ratio=1) =", repr(n), "ceil", math.ceil(n))
# ab_power(0.05, 0.06, 5000, 5000) and ab_sample_size(0.05, 0.06).
h2 = proportion_effectsize(0.06, 0.05)
print("proportion_effectsize(0.06, 0.05) =", repr(h2))
print("power(0.05 vs 0.06, 5000 each) =", repr(NormalIndPower().power(h2, nobs1=5000, alpha=0.05, ratio=1)))
n2 = NormalIndPower().solve_power(h2, power=0.8, alpha=0.05, ratio=1)
print("solve_power(0.05 vs 0.06) =", repr(n2), "ceil", math.ceil(n2))
print("norm.cdf(1.2345) =", repr(norm.cdf(1.2345)), "norm.ppf(0.975) =", repr(norm.ppf(0.975)), "norm.ppf(0.01) =", repr(norm.ppf(0.01)))
# ab_test(2400, 120, 2380, 151, min_lift: 0.1): power and size at 0.05 -> 0.055.
h3 = proportion_effectsize(0.055, 0.05)
print("power at min_lift 0.1 =", repr(NormalIndPower().power(h3, nobs1=2400, alpha=0.05, ratio=2380 / 2400)))
n3 = NormalIndPower().solve_power(h3, power=0.8, alpha=0.05, ratio=1)
print("solve_power at min_lift 0.1 =", repr(n3), "ceil", math.ceil(n3))
