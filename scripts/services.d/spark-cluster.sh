#!/usr/bin/env bash
# A real Spark standalone cluster on loopback (pyspark 4.x from PyPI, Java 17): a master on
# spark://127.0.0.1:7077, two workers (1 core, 1 GiB each) and a Spark Connect server on
# 127.0.0.1:15012 whose driver and executors get 512 MiB, so tests can run work bigger than the
# driver's memory.
#   spark-cluster.sh start DIR → prints export SIFT_TEST_SPARK_CLUSTER_URL=sc://127.0.0.1:15012
#   spark-cluster.sh stop DIR  → stops the Connect server, the workers and the master by PID
set -euo pipefail
. "$(dirname "$0")/spark-venv.bash"
action=$1 dir=$2
master_port=7077 connect_port=15012
mkdir -p "$dir"
start_daemon() { # NAME LOGFILE COMMAND... : starts in its own session, PID in DIR/NAME.pid
  local name=$1 log=$2; shift 2
  setsid "$@" > "$log" 2>&1 < /dev/null &
  echo $! > "$dir/$name.pid"
}
case "$action" in
  start)
    if ! pid_alive "$dir/connect.pid"; then
      spark_venv_ready
      home=$(spark_home)
      export SPARK_HOME="$home" SPARK_LOCAL_IP=127.0.0.1 SPARK_CONF_DIR="$dir/conf" SPARK_DAEMON_MEMORY=512m
      # The server keeps its catalog in memory, so tables a previous server wrote are orphan
      # folders here; Spark refuses to create a table over one (LOCATION_ALREADY_EXISTS).
      rm -rf "$dir/warehouse"
      mkdir -p "$dir/warehouse" "$dir/tmp" "$dir/worker1" "$dir/worker2"
      pid_alive "$dir/master.pid" || start_daemon master "$dir/log.master" \
        "$home/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $master_port --webui-port 18080
      wait_for_port $master_port 60 "$(cat "$dir/master.pid")" || { echo "spark-cluster: master did not start (see $dir/log.master)" >&2; exit 1; }
      for w in 1 2; do
        pid_alive "$dir/worker$w.pid" || start_daemon "worker$w" "$dir/log.worker$w" \
          "$home/bin/spark-class" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g \
          --webui-port $((18080 + w)) --work-dir "$dir/worker$w" spark://127.0.0.1:$master_port
      done
      # shellcheck disable=SC2046
      start_daemon connect "$dir/log" "$home/bin/spark-submit" --class org.apache.spark.sql.connect.service.SparkConnectServer \
        --name "Sift test Spark Connect (cluster)" --master spark://127.0.0.1:$master_port \
        --driver-memory 512m --executor-memory 512m --conf spark.executor.cores=1 --conf spark.cores.max=2 \
        --conf spark.connect.grpc.binding.port=$connect_port $(spark_common_conf "$dir") \
        --conf spark.sql.shuffle.partitions=8 \
        spark-internal
      wait_for_port $connect_port 180 "$(cat "$dir/connect.pid")" || { echo "spark-cluster: Connect server not listening on $connect_port (see $dir/log)" >&2; exit 1; }
    fi
    echo "export SIFT_TEST_SPARK_CLUSTER_URL=sc://127.0.0.1:$connect_port"
    ;;
  stop)
    stop_pid_file "$dir/connect.pid"
    stop_pid_file "$dir/worker1.pid"
    stop_pid_file "$dir/worker2.pid"
    stop_pid_file "$dir/master.pid"
    ;;
  *) echo "usage: spark-cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
