#!/usr/bin/env bash
# `make bench`: the figures of the issues, each next to a baseline from the same run.
#   1. start to "listening" and idle RSS of `sluice serve` (bench/startup.py), vs `sluice version`;
#   2. GetTable over HTTP, 8 keep-alive connections (wrk), vs the same server's HTTP floor
#      (GET /_sluice/health);
#   3. GetPartitions on 100,000 partitions (bench/partition_bench) vs a full scan;
#   4. the object store (bench/s3_run.sh) and the crawler (bench/crawl_bench.py).
# Optional: if moto_server is on PATH, GetTable against it for scale.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SLUICE_BIN:-$root/build/sluice}
duration=${BENCH_SECONDS:-5}
work=$(mktemp -d /tmp/sluice-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

/usr/bin/python3 "$root/bench/startup.py" "$bin"

"$bin" serve --data-dir "$work/data" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
pids+=("$pid")
until grep -q 'listening on' "$work/serve.out" 2>/dev/null; do sleep 0.01; done
url=$(grep -o 'http://[0-9.]*:[0-9]*' "$work/serve.out")

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
/usr/bin/aws --endpoint-url "$url" glue create-database --database-input '{"Name":"bench"}'
/usr/bin/aws --endpoint-url "$url" glue create-table --database-name bench --table-input '{"Name":"readings",
  "StorageDescriptor":{"Columns":[{"Name":"station","Type":"string"},{"Name":"temperature","Type":"double"},
  {"Name":"humidity","Type":"double"},{"Name":"observed_at","Type":"timestamp"}],"Location":"s3://lake/readings/",
  "SerdeInfo":{"SerializationLibrary":"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}},
  "PartitionKeys":[{"Name":"year","Type":"string"},{"Name":"month","Type":"string"}],
  "Parameters":{"classification":"parquet"}}'

run_wrk() {  # url script → RESULT line
  wrk -t2 -c8 -d"${duration}s" --latency -s "$2" "$1" | grep '^RESULT'
}
health=$(run_wrk "$url/_sluice/health" "$root/bench/health.lua")
gettable=$(run_wrk "$url/" "$root/bench/get_table.lua")
echo "HTTP floor (GET /_sluice/health), 8 conns: $health"
echo "GetTable,                         8 conns: $gettable"
h=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$health"); g=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$gettable")
awk -v g="$g" -v h="$h" 'BEGIN { printf "GetTable throughput = %.2f x the HTTP floor\n", g / h }'

if command -v moto_server >/dev/null 2>&1; then
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
  /usr/bin/aws --endpoint-url "http://127.0.0.1:$port" glue create-database --database-input '{"Name":"bench"}'
  /usr/bin/aws --endpoint-url "http://127.0.0.1:$port" glue create-table --database-name bench --table-input '{"Name":"readings"}'
  moto=$(run_wrk "http://127.0.0.1:$port/" "$root/bench/get_table.lua")
  m=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$moto")
  echo "moto_server GetTable,             8 conns: $moto"
  awk -v g="$g" -v m="$m" 'BEGIN { if (m > 0) printf "Sluice GetTable = %.0f x moto_server\n", g / m }'
fi

"$root/build/bench/partition_bench" 100000 2>/dev/null

bash "$root/bench/s3_run.sh"

# Crawler figures on the seeds' weather lake (generated once into $SLUICE_WEATHER_LAKE, ~1.5 min).
/usr/bin/python3 "$root/bench/crawl_bench.py" "$bin" "${SLUICE_WEATHER_LAKE:-/tmp/sluice-weather-lake}"

# SQL engine figures (issue 5) on the same lake, each against raw DuckDB (bench/sql_run).
/usr/bin/python3 "$root/bench/query_bench.py" "$bin" "$root/build/bench/sql_run" "${SLUICE_WEATHER_LAKE:-/tmp/sluice-weather-lake}"
