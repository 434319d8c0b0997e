#!/usr/bin/env bash
# Sail (PyPI's pysail, a Rust Spark Connect server) on 127.0.0.1:50151, for fast Spark tests.
#   sail.sh start DIR  → prints export SIFT_TEST_SAIL_URL=sc://127.0.0.1:50151
#   sail.sh stop DIR   → stops it by the PID in DIR/pid
set -euo pipefail
. "$(dirname "$0")/spark-venv.bash"
action=$1 dir=$2
port=50151
mkdir -p "$dir"
case "$action" in
  start)
    if ! pid_alive "$dir/pid"; then
      sail_venv_ready
      # Sail reads no config file; its working folder (-C) holds any table it writes.
      mkdir -p "$dir/work"
      setsid "$SAIL_VENV/bin/sail" spark server --ip 127.0.0.1 --port "$port" -C "$dir/work" \
        > "$dir/log" 2>&1 < /dev/null &
      echo $! > "$dir/pid"
      wait_for_port "$port" 30 "$(cat "$dir/pid")" || { echo "sail: not listening on $port (see $dir/log)" >&2; exit 1; }
    fi
    echo "export SIFT_TEST_SAIL_URL=sc://127.0.0.1:$port"
    ;;
  stop) stop_pid_file "$dir/pid" ;;
  *) echo "usage: sail.sh start|stop DIR" >&2; exit 2 ;;
esac
