#!/usr/bin/env bash
# A Spark Connect server in local mode (pyspark 4.x from PyPI, Java 17) on 127.0.0.1:15002.
#   spark.sh start DIR → prints export SIFT_TEST_SPARK_URL=sc://127.0.0.1:15002
#   spark.sh stop DIR  → stops it by the PID in DIR/pid
# It runs the class sbin/start-connect-server.sh runs, through bin/spark-submit directly so the
# PID is the JVM's own (spark-daemon.sh would add a second PID file and a nohup wrapper).
set -euo pipefail
. "$(dirname "$0")/spark-venv.bash"
action=$1 dir=$2
port=15002
mkdir -p "$dir"
case "$action" in
  start)
    if ! pid_alive "$dir/pid"; then
      spark_venv_ready
      home=$(spark_home)
      # The server keeps its catalog in memory, so tables a previous server wrote are orphan
      # folders here; Spark refuses to create a table over one (LOCATION_ALREADY_EXISTS).
      rm -rf "$dir/warehouse"
      mkdir -p "$dir/warehouse" "$dir/tmp"
      # shellcheck disable=SC2046
      SPARK_HOME="$home" SPARK_LOCAL_IP=127.0.0.1 SPARK_CONF_DIR="$dir/conf" PYSPARK_PYTHON="$SPARK_VENV/bin/python" \
        setsid "$home/bin/spark-submit" --class org.apache.spark.sql.connect.service.SparkConnectServer \
        --name "Sift test Spark Connect" --master 'local[2]' --driver-memory 2g \
        --conf spark.connect.grpc.binding.port=$port $(spark_common_conf "$dir") \
        --conf spark.sql.shuffle.partitions=4 \
        spark-internal > "$dir/log" 2>&1 < /dev/null &
      echo $! > "$dir/pid"
      wait_for_port "$port" 120 "$(cat "$dir/pid")" || { echo "spark: not listening on $port (see $dir/log)" >&2; exit 1; }
    fi
    echo "export SIFT_TEST_SPARK_URL=sc://127.0.0.1:$port"
    ;;
  stop) stop_pid_file "$dir/pid" ;;
  *) echo "usage: spark.sh start|stop DIR" >&2; exit 2 ;;
esac
