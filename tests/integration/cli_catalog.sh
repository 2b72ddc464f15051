#!/usr/bin/env bash
# Drives a fresh `sluice serve` with Debian's AWS CLI (/usr/bin/aws) through the catalog
# lifecycle: databases, tables, versions, partitions, pagination, errors and a restart.
#
# Usage: tests/integration/cli_catalog.sh        (SLUICE_BIN overrides <repo>/build/sluice)
# Prints one line per step; exits non-zero at the first failure; ends with "N passed, 0 failed".
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SLUICE_BIN="${SLUICE_BIN:-$REPO_ROOT/build/sluice}"
AWS=/usr/bin/aws
PY=/usr/bin/python3

export AWS_ACCESS_KEY_ID=AKIDTEST
export AWS_SECRET_ACCESS_KEY=test-secret-key
export AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER=""
export AWS_MAX_ATTEMPTS=1
export AWS_RETRY_MODE=standard
export AWS_CONFIG_FILE=/dev/null             # ignore whatever profiles this machine has
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL 2>/dev/null || true

WORK="$(mktemp -d -t sluice-cli.XXXXXX)"
DATA="$WORK/data"

# shellcheck source=../lib/cli_harness.sh
source "$REPO_ROOT/tests/lib/cli_harness.sh"

glue() {
  "$AWS" --endpoint-url "$URL" --region us-east-1 --no-cli-pager --output json glue "$@" </dev/null
}

# run_ok DESCRIPTION ARGS...: runs `aws glue ARGS`, leaves stdout in $OUT, fails on non-zero exit.
OUT=""
run_ok() {
  local what="$1"
  shift
  echo "... $what: aws glue $1"
  if ! OUT="$(glue "$@" 2>"$WORK/aws.err")"; then
    fail "$what: aws glue $1 exited non-zero: $(cat "$WORK/aws.err")"
  fi
}

# expect_error CODE DESCRIPTION ARGS...: `aws glue ARGS` must fail with this error code.
expect_error() {
  local code="$1" what="$2"
  shift 2
  echo "... $what: aws glue $1 (expecting $code)"
  local err
  if glue "$@" >/dev/null 2>"$WORK/aws.err"; then
    fail "$what: aws glue $1 succeeded, expected $code"
  fi
  err="$(cat "$WORK/aws.err")"
  grep -qF "An error occurred ($code)" <<<"$err" ||
    fail "$what: expected 'An error occurred ($code)', got: $err"
  pass "$what"
}

# check PYEXPR DESCRIPTION: PYEXPR is evaluated with `d` = the JSON document in $OUT
# (the CLI prints nothing for an empty response, which counts as {}).
check() {
  "$PY" -c 'import json, sys
text = sys.stdin.read().strip()
d = json.loads(text) if text else {}
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" <<<"$OUT" ||
    fail "$2: expected $1, got: $(head -c 800 <<<"$OUT")"
  pass "$2"
}

[[ -x "$AWS" ]] || fail "$AWS not found (install Debian's awscli)"
[[ -x "$SLUICE_BIN" ]] || fail "sluice binary not found at $SLUICE_BIN (build it first)"
echo "aws: $("$AWS" --version 2>&1)"
echo "data dir: $DATA"

# --- server ---------------------------------------------------------------------------------------
start_server
pass "server listening at $URL"

# --- databases ------------------------------------------------------------------------------------
run_ok "create database raw" create-database \
  --database-input '{"Name":"raw","Description":"landing zone","Parameters":{"owner":"data-eng"}}'
pass "create-database raw"

run_ok "get database raw" get-database --name raw
check 'd["Database"]["Name"] == "raw" and d["Database"]["Description"] == "landing zone" and "CreateTime" in d["Database"]' \
  "get-database returns raw"

run_ok "get database by upper-case name" get-database --name RAW
check 'd["Database"]["Name"] == "raw"' "names are folded to lowercase"

run_ok "create database Curated" create-database --database-input '{"Name":"Curated"}'
run_ok "list databases" get-databases
check 'sorted(x["Name"] for x in d["DatabaseList"]) == ["curated", "raw"]' "get-databases lists both"

expect_error AlreadyExistsException "duplicate database" create-database --database-input '{"Name":"raw"}'
expect_error EntityNotFoundException "missing database" get-database --name nope

# --- tables ---------------------------------------------------------------------------------------
TABLE_INPUT='{
  "Name": "sales",
  "Description": "daily sales (csv)",
  "TableType": "EXTERNAL_TABLE",
  "Parameters": {"classification": "csv", "delimiter": ",", "skip.header.line.count": "1"},
  "PartitionKeys": [
    {"Name": "year", "Type": "string"},
    {"Name": "month", "Type": "string"},
    {"Name": "day", "Type": "string"}
  ],
  "StorageDescriptor": {
    "Columns": [
      {"Name": "order_id", "Type": "bigint"},
      {"Name": "customer", "Type": "string"},
      {"Name": "amount", "Type": "double"}
    ],
    "Location": "s3://bucket/raw/sales/",
    "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    "SerdeInfo": {
      "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
      "Parameters": {"field.delim": ","}
    },
    "Parameters": {"classification": "csv"}
  }
}'
run_ok "create csv table raw.sales" create-table --database-name raw --table-input "$TABLE_INPUT"
pass "create-table raw.sales"

run_ok "get table raw.sales" get-table --database-name raw --name sales
check '[k["Name"] for k in d["Table"]["PartitionKeys"]] == ["year", "month", "day"]' \
  "get-table returns the partition keys"
check 'd["Table"]["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"].endswith("LazySimpleSerDe") and len(d["Table"]["StorageDescriptor"]["Columns"]) == 3' \
  "get-table returns the storage descriptor"
check 'd["Table"]["VersionId"] == "1" and d["Table"]["DatabaseName"] == "raw"' "new table is version 1"

run_ok "create table raw.orders" create-table --database-name raw \
  --table-input '{"Name":"Orders","StorageDescriptor":{"Columns":[{"Name":"id","Type":"int"}]}}'
run_ok "list tables" get-tables --database-name raw
check 'sorted(t["Name"] for t in d["TableList"]) == ["orders", "sales"]' "get-tables lists both"
run_ok "list tables matching sal.*" get-tables --database-name raw --expression 'sal.*'
check '[t["Name"] for t in d["TableList"]] == ["sales"]' "get-tables --expression filters by regex"

expect_error AlreadyExistsException "duplicate table" create-table --database-name raw \
  --table-input '{"Name":"sales"}'
expect_error EntityNotFoundException "missing table" get-table --database-name raw --name nope
expect_error EntityNotFoundException "table in missing database" get-table --database-name nope --name sales

# --- versions -------------------------------------------------------------------------------------
UPDATED_INPUT="$("$PY" -c 'import json, sys
t = json.loads(sys.argv[1]); t["Description"] = "daily sales, with discount"
t["StorageDescriptor"]["Columns"].append({"Name": "discount", "Type": "double"})
print(json.dumps(t))' "$TABLE_INPUT")"
run_ok "update table raw.sales" update-table --database-name raw --table-input "$UPDATED_INPUT"
run_ok "get updated table" get-table --database-name raw --name sales
check 'd["Table"]["VersionId"] == "2" and len(d["Table"]["StorageDescriptor"]["Columns"]) == 4' \
  "update-table makes version 2"

run_ok "list table versions" get-table-versions --database-name raw --table-name sales
check 'sorted(v["VersionId"] for v in d["TableVersions"]) == ["1", "2"]' \
  "get-table-versions lists the archived and current versions"
check '{v["VersionId"]: v["Table"]["Description"] for v in d["TableVersions"]} == {"1": "daily sales (csv)", "2": "daily sales, with discount"}' \
  "each version keeps its own definition"

expect_error ConcurrentModificationException "update with stale version id" update-table \
  --database-name raw --table-input "$UPDATED_INPUT" --version-id 1

# --- partitions -----------------------------------------------------------------------------------
PARTITIONS="$("$PY" -c 'import json
parts = []
for m in ("01", "02"):
    for d in ("01", "02", "03"):
        parts.append({"Values": ["2024", m, d], "StorageDescriptor": {
            "Location": f"s3://bucket/raw/sales/year=2024/month={m}/day={d}/",
            "Columns": [{"Name": "order_id", "Type": "bigint"}]}})
print(json.dumps(parts))')"
run_ok "batch-create 6 partitions" batch-create-partition --database-name raw --table-name sales \
  --partition-input-list "$PARTITIONS"
check 'not d.get("Errors")' "batch-create-partition creates all 6"

run_ok "batch-create a duplicate" batch-create-partition --database-name raw --table-name sales \
  --partition-input-list '[{"Values":["2024","01","01"]},{"Values":["2024","03","01"]}]'
check '[e["PartitionValues"] for e in d["Errors"]] == [["2024", "01", "01"]] and d["Errors"][0]["ErrorDetail"]["ErrorCode"] == "AlreadyExistsException"' \
  "batch-create-partition reports the duplicate per item"

run_ok "get one partition" get-partition --database-name raw --table-name sales \
  --partition-values 2024 02 03
check 'd["Partition"]["Values"] == ["2024", "02", "03"] and d["Partition"]["StorageDescriptor"]["Location"].endswith("day=03/")' \
  "get-partition returns it"

run_ok "filter partitions" get-partitions --database-name raw --table-name sales \
  --expression "year = '2024' AND month = '02' AND day <> '02'"
check 'sorted(p["Values"] for p in d["Partitions"]) == [["2024", "02", "01"], ["2024", "02", "03"]]' \
  "get-partitions --expression filters"

run_ok "page through partitions" get-partitions --database-name raw --table-name sales --page-size 2
check 'len(d["Partitions"]) == 7 and len({tuple(p["Values"]) for p in d["Partitions"]}) == 7 and not d.get("NextToken")' \
  "get-partitions --page-size 2 auto-paginates to all 7, each once"

run_ok "first 3 partitions" get-partitions --database-name raw --table-name sales \
  --page-size 2 --max-items 3
check 'len(d["Partitions"]) == 3 and d.get("NextToken")' "--max-items 3 stops with a NextToken"

run_ok "page through tables" get-tables --database-name raw --page-size 1
check 'sorted(t["Name"] for t in d["TableList"]) == ["orders", "sales"]' \
  "get-tables --page-size 1 auto-paginates"

expect_error EntityNotFoundException "missing partition" get-partition --database-name raw \
  --table-name sales --partition-values 1999 01 01
expect_error InvalidInputException "bad expression" get-partitions --database-name raw \
  --table-name sales --expression "year = = '2024'"
expect_error InvalidInputException "page size over 100" get-tables --database-name raw \
  --page-size 101

# --- restart --------------------------------------------------------------------------------------
echo "... restarting the server on $DATA"
stop_server
[[ "$STOP_CODE" == "0" ]] || fail "sluice did not exit 0 on SIGTERM (got $STOP_CODE)"
pass "SIGTERM stops the server cleanly"
[[ -f "$DATA/metastore.db" ]] || fail "no $DATA/metastore.db after stop"
start_server
pass "server restarted at $URL"

run_ok "get database after restart" get-databases
check 'sorted(x["Name"] for x in d["DatabaseList"]) == ["curated", "raw"]' "databases survive the restart"
run_ok "get table after restart" get-table --database-name raw --name sales
check 'd["Table"]["VersionId"] == "2" and len(d["Table"]["StorageDescriptor"]["Columns"]) == 4' \
  "table and its current version survive the restart"
run_ok "table versions after restart" get-table-versions --database-name raw --table-name sales
check 'sorted(v["VersionId"] for v in d["TableVersions"]) == ["1", "2"]' "versions survive the restart"
run_ok "partitions after restart" get-partitions --database-name raw --table-name sales --page-size 3
check 'sorted(p["Values"][1] + "/" + p["Values"][2] for p in d["Partitions"]) == ["01/01", "01/02", "01/03", "02/01", "02/02", "02/03", "03/01"]' \
  "partitions survive the restart"

# --- deletes --------------------------------------------------------------------------------------
run_ok "delete a partition" delete-partition --database-name raw --table-name sales \
  --partition-values 2024 03 01
run_ok "delete table raw.orders" delete-table --database-name raw --name orders
expect_error EntityNotFoundException "deleted table is gone" get-table --database-name raw --name orders
run_ok "delete database raw" delete-database --name raw
expect_error EntityNotFoundException "deleted database is gone" get-database --name raw
expect_error EntityNotFoundException "its tables are gone" get-tables --database-name raw
run_ok "list databases" get-databases
check '[x["Name"] for x in d["DatabaseList"]] == ["curated"]' "only curated is left"

stop_server
[[ "$STOP_CODE" == "0" ]] || fail "sluice did not exit 0 on SIGTERM (got $STOP_CODE)"
pass "server stopped"
echo "$PASSED passed, 0 failed"
