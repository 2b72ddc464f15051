#!/usr/bin/env bash
# `make demo`: starts Sluice on a fresh data dir and runs the first half of the seeds' pipeline
# with the unchanged AWS CLI, printing each command: raw weather data lands in the built-in S3
# store, a crawler catalogs it (schema, types, partitions) in well under a second, and the
# catalog answers partition queries. (When the SQL and jobs issues land, the demo continues into
# queries and the processed layers.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SLUICE_BIN:-$root/build/sluice}
aws_cli=/usr/bin/aws
data=$(mktemp -d /tmp/sluice-demo.XXXXXX)
log="$data/serve.log"

"$bin" serve --data-dir "$data" --port 0 >"$data/serve.out" 2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q 'listening on' "$data/serve.out" 2>/dev/null && break
  sleep 0.05
done
url=$(grep -o 'http://[0-9.]*:[0-9]*' "$data/serve.out")
echo "Sluice is listening on $url (data dir $data)"
echo

export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
step() {
  echo "\$ aws $*"
  "$aws_cli" --endpoint-url "$url" --output json "$@"
  echo
}

echo "# Raw weather readings: 3 days x 4 hourly csv.gz files (bench/weather_lake.py)"
/usr/bin/python3 "$root/bench/weather_lake.py" "$data/landing" --days 3 --files-per-day 4 --rows 500
echo
step s3 mb s3://weather-lake
echo "\$ aws s3 sync $data/landing/raw s3://weather-lake/raw --quiet"
"$aws_cli" --endpoint-url "$url" s3 sync "$data/landing/raw" s3://weather-lake/raw --quiet
step s3 ls s3://weather-lake/raw/weather_data/year=2025/month=08/ --recursive

step glue create-database --database-input '{"Name":"weather","Description":"Raw sensor readings"}'
step glue create-crawler --name weather-raw --role arn:aws:iam::000000000000:role/demo \
  --database-name weather --table-prefix raw_ \
  --targets '{"S3Targets":[{"Path":"s3://weather-lake/raw/weather_data/"}]}'
step glue start-crawler --name weather-raw
echo "# waiting for the crawler (Glue takes minutes; Sluice milliseconds)"
until [[ $("$aws_cli" --endpoint-url "$url" glue get-crawler --name weather-raw \
          --query Crawler.State --output text) == READY ]]; do sleep 0.1; done
step glue get-crawler --name weather-raw --query 'Crawler.LastCrawl.Status'
step glue get-table --database-name weather --name raw_weather_data \
  --query 'Table.{Columns:StorageDescriptor.Columns,PartitionKeys:PartitionKeys[].Name,Classification:Parameters.classification,Compression:Parameters.compressionType}'
step glue get-partitions --database-name weather --table-name raw_weather_data \
  --expression "day BETWEEN '02' AND '03'" --query 'Partitions[].Values'
step logs get-log-events --log-group-name /aws-glue/crawlers --log-stream-name weather-raw \
  --limit 4 --query 'events[].message'
echo "# The processed layer: a CTAS through Athena's API writes Parquet partitioned by day"
query() {
  echo "\$ sluice query \"$1\""
  "$bin" query "$1" --database weather --endpoint "$url"
  echo
}
query "CREATE TABLE weather_clean WITH (format = 'PARQUET', external_location = 's3://weather-lake/processed/weather_clean/', partitioned_by = ARRAY['day']) AS SELECT station_id, \"timestamp\", temperature, humidity, wind_speed, 243.04 * (ln(humidity / 100) + 17.625 * temperature / (243.04 + temperature)) / (17.625 - ln(humidity / 100) - 17.625 * temperature / (243.04 + temperature)) AS dew_point, day FROM raw_weather_data WHERE temperature BETWEEN -60 AND 60 AND humidity > 0 AND humidity <= 100"
step s3 ls s3://weather-lake/processed/weather_clean/ --recursive
query "SELECT day, count(*) AS readings, round(avg(temperature), 2) AS avg_temperature, round(avg(dew_point), 2) AS avg_dew_point FROM weather_clean GROUP BY day ORDER BY day"
echo "\$ aws athena start-query-execution --query-string 'SELECT ... WHERE day = ...' (the same API Athena has)"
qid=$("$aws_cli" --endpoint-url "$url" athena start-query-execution \
  --query-string "SELECT station_id, max(wind_speed) AS max_wind FROM weather.raw_weather_data WHERE day = '02' GROUP BY station_id ORDER BY max_wind DESC LIMIT 3" \
  --query QueryExecutionId --output text)
until [[ $("$aws_cli" --endpoint-url "$url" athena get-query-execution --query-execution-id "$qid" \
          --query QueryExecution.Status.State --output text) =~ SUCCEEDED|FAILED ]]; do sleep 0.05; done
step athena get-query-execution --query-execution-id "$qid" \
  --query 'QueryExecution.{State:Status.State,Scanned:Statistics.DataScannedInBytes,Millis:Statistics.EngineExecutionTimeInMillis}'
step athena get-query-results --query-execution-id "$qid" --query 'ResultSet.Rows[].Data[].VarCharValue'
echo "\$ aws glue get-table --database-name weather --name missing   (an error, as AWS reports it)"
"$aws_cli" --endpoint-url "$url" glue get-table --database-name weather --name missing 2>&1 || true
echo
echo "Demo finished; the catalog lives in $data/metastore.db, the objects under $data/objects/."
