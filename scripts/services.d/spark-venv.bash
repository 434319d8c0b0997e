# Sourced by sail.sh, spark.sh and spark-cluster.sh (not a service itself: no .sh suffix).
# The Spark Connect servers come from PyPI, pinned so every run starts the same servers:
# - .build/services/venv-spark: pyspark 4.x, which ships the Spark Connect server jar, bin/ and
#   sbin/ (Java 17 from the image runs it), plus pyarrow/pandas for the pyspark side of bench/.
# - .build/services/venv-sail: pysail alone. Sail checks the pyspark its own Python can import
#   and refuses versions newer than it knows ("unsupported PySpark version"), so it must not
#   share pyspark 4.3's venv.
# Installed once; a lock keeps concurrent starts safe.
SERVICES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.build/services"
SPARK_VENV="$SERVICES_ROOT/venv-spark"
SAIL_VENV="$SERVICES_ROOT/venv-sail"

# venv_ready VENV PACKAGE... : creates or completes the venv. Prints nothing on stdout (stdout
# carries the export lines).
venv_ready() {
  local venv=$1; shift
  mkdir -p "$(dirname "$venv")"
  (
    flock 9
    if [ ! -f "$venv/.sift-installed" ] || [ "$(cat "$venv/.sift-installed")" != "$*" ]; then
      [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
      "$venv/bin/pip" install -q --disable-pip-version-check "$@" >&2
      echo "$*" > "$venv/.sift-installed"
    fi
  ) 9>"$venv.lock"
}
spark_venv_ready() { venv_ready "$SPARK_VENV" "pyspark[connect]==4.3.0" "pyarrow==26.0.1"; }
sail_venv_ready() { venv_ready "$SAIL_VENV" "pysail==0.7.2"; }

# SPARK_HOME inside the venv (pyspark's package folder holds bin/, sbin/ and jars/).
spark_home() {
  "$SPARK_VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
}

# Waits until 127.0.0.1:PORT accepts connections or SECONDS pass; fails on timeout or when the
# process PID died meanwhile.
wait_for_port() {
  local port=$1 seconds=$2 pid=${3:-}
  local deadline=$((SECONDS + seconds))
  while [ $SECONDS -lt $deadline ]; do
    if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.5
  done
  return 1
}

# True when the PID in FILE is alive (a server started earlier and still running).
pid_alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Stops the process whose PID is in FILE (TERM, then KILL after 15 s) and removes FILE.
stop_pid_file() {
  local file=$1
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

# Spark settings shared by the local and the cluster servers: loopback only, no web UI, no
# Ivy/Maven resolution (the Connect jar ships in pyspark/jars), state under DIR.
spark_common_conf() {
  local dir=$1
  echo --conf spark.ui.enabled=false
  echo --conf spark.connect.grpc.binding.address=127.0.0.1
  echo --conf "spark.sql.warehouse.dir=$dir/warehouse"
  echo --conf "spark.jars.ivy=$dir/ivy"
  echo --conf "spark.local.dir=$dir/tmp"
  echo --conf "spark.driver.extraJavaOptions=-Dderby.system.home=$dir/derby"
  echo --conf spark.sql.session.timeZone=UTC
}
