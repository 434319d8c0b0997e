#!/usr/bin/env bash
# Prepare the side-by-side benchmark: a Python venv with the peer engines, and the data set.
# Usage (from anywhere): bash bench/setup.sh
# Idempotent: an existing bench/.venv is reused (packages are still checked), data files that
# already exist are not regenerated.  Needs ../shared/bench (beside the repo root) for the
# peer scripts and the data generator; without it the script says so and exits 0.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$(cd "$ROOT/.." && pwd)/shared/bench"
VENV="$ROOT/bench/.venv"
DATA="$ROOT/bench/bench-data"
PY="${PYTHON:-python3}"

if [ ! -f "$SHARED/peers.py" ] || [ ! -f "$SHARED/gen_marketing.py" ]; then
    echo "bench/setup.sh: $SHARED not found (needs peers.py and gen_marketing.py) - skipping benchmark setup."
    exit 0
fi

t0=$(date +%s)

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV"
    "$PY" -m venv "$VENV"
fi
echo "== installing peer engines into $VENV (PyPI)"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet pandas polars duckdb statsmodels scikit-learn numpy pyarrow
"$VENV/bin/python" "$SHARED/peers.py" --versions

mkdir -p "$DATA"
gen() {  # gen N TAG
    if [ -f "$DATA/marketing_$2.csv" ] && [ -f "$DATA/regions.csv" ]; then
        echo "== $DATA/marketing_$2.csv exists, keeping it"
    else
        echo "== generating $2 rows data (seed 42)"
        # write to a temp dir and move, so an interrupted run never leaves a half-written CSV
        tmp="$DATA/.tmp-$2"
        rm -rf "$tmp"
        "$PY" "$SHARED/gen_marketing.py" "$1" "$tmp" --seed 42 --tag "$2"
        mv -f "$tmp"/* "$DATA"/
        rmdir "$tmp"
    fi
}
gen 1000000 1m
gen 100000 100k

# Optional tools: hyperfine (e2e_bench.py) and GNU time (peak RSS in frame_bench.py).
# Best effort: both scripts fall back to plain Python timing / getrusage without them.
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== apt-get install ${missing[*]}"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
            >/dev/null 2>&1 || echo "warning: could not install ${missing[*]} (the scripts fall back to Python timing)"
    else
        echo "note: ${missing[*]} not installed (not root / no apt-get); the scripts fall back to Python timing"
    fi
fi

t1=$(date +%s)
echo "== bench setup done in $((t1 - t0)) s"
ls -l "$DATA"
