#!/usr/bin/env bash
# `make demo`: starts Sluice on a fresh data dir and walks through the Glue Data Catalog with the
# unchanged AWS CLI, printing each command. (When the jobs issue lands, the demo runs the main
# pipeline instead.)
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

step glue create-database --database-input '{"Name":"weather_raw","Description":"Raw sensor readings"}'
step glue get-databases --query 'DatabaseList[].Name'
step glue create-table --database-name weather_raw --table-input '{
  "Name": "readings",
  "StorageDescriptor": {
    "Columns": [{"Name":"station_id","Type":"string"},{"Name":"temperature","Type":"double"},
                {"Name":"humidity","Type":"double"},{"Name":"observed_at","Type":"timestamp"}],
    "Location": "s3://weather-lake/raw/readings/",
    "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    "SerdeInfo": {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"}
  },
  "PartitionKeys": [{"Name":"year","Type":"string"},{"Name":"month","Type":"string"},{"Name":"day","Type":"string"}],
  "TableType": "EXTERNAL_TABLE",
  "Parameters": {"classification": "json"}
}'
parts=$(/usr/bin/python3 -c '
import json
out = []
for m in ("07", "08"):
    for d in range(1, 32):
        v = ["2025", m, "%02d" % d]
        out.append({"Values": v, "StorageDescriptor": {"Location": "s3://weather-lake/raw/readings/year=%s/month=%s/day=%s/" % tuple(v)}})
print(json.dumps(out[:62]))')
echo "\$ aws glue batch-create-partition ... (62 daily partitions for July and August 2025)"
"$aws_cli" --endpoint-url "$url" glue batch-create-partition --database-name weather_raw \
  --table-name readings --partition-input-list "$parts"
echo
step glue get-partitions --database-name weather_raw --table-name readings \
  --expression "month = '08' AND day BETWEEN '10' AND '12'" --query 'Partitions[].Values'
step glue update-table --database-name weather_raw --table-input '{
  "Name": "readings",
  "StorageDescriptor": {
    "Columns": [{"Name":"station_id","Type":"string"},{"Name":"temperature","Type":"double"},
                {"Name":"humidity","Type":"double"},{"Name":"pressure","Type":"double"},
                {"Name":"observed_at","Type":"timestamp"}],
    "Location": "s3://weather-lake/raw/readings/"
  },
  "PartitionKeys": [{"Name":"year","Type":"string"},{"Name":"month","Type":"string"},{"Name":"day","Type":"string"}],
  "Parameters": {"classification": "json"}
}'
step glue get-table-versions --database-name weather_raw --table-name readings \
  --query 'TableVersions[].{Version:VersionId,Columns:length(Table.StorageDescriptor.Columns)}'
echo "\$ aws glue get-table --database-name weather_raw --name missing   (an error, as AWS reports it)"
"$aws_cli" --endpoint-url "$url" glue get-table --database-name weather_raw --name missing 2>&1 || true
echo
echo "Demo finished; the catalog lives in $data/metastore.db."
