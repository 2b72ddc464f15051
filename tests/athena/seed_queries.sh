#!/usr/bin/env bash
# Runs the Athena queries of two seeds against a fresh `sluice serve` with Debian's AWS CLI:
#  * seed 000 (shared/seeds/000_1ee929871a7cf08c.txt): its Preparation and step 2
#    (tests/lib/seed_000_preparation.sh), step 3 (the database) and step 12 (the
#    DataLakeWorkgroup, the sample-queries.sql heredoc and its upload); then the three queries of
#    sample-queries.sql, taken from the file the seed wrote, each run with
#    `aws athena start-query-execution` in DataLakeWorkgroup, waited for with
#    get-query-execution and read with get-query-results, whose values are checked.
#  * seed 001 (shared/seeds/001_c1382344a895bd50.txt): its environment, step 1 (buckets), step 3
#    (database), step 4's sample-sales.csv, then "Validation & Testing" step 2 (the Athena query on
#    enriched_sales), followed by get-query-execution and get-query-results.
# The seeds' commands are verbatim with only `--endpoint-url "$URL"` added; SUBSTITUTED marks values
# that need AWS services Sluice does not serve (IAM, STS, Secrets Manager). The seeds' Spark ETL
# jobs (seed 000 step 7, seed 001 step 7) are not run: the tables they would write
# (silver_events, gold_daily_sales, gold_customer_behavior; enriched_sales) are made by this script
# with `aws athena start-query-execution` (CREATE EXTERNAL TABLE over small CSV files uploaded with
# `aws s3 cp`, then CTAS to Parquet at the locations the ETL scripts write), with the columns and
# types those scripts produce. Those blocks are marked SETUP. The seeds indent each step as part of
# a Markdown list; that indent is dropped so that heredocs end at their EOF lines.
#
# Usage: tests/athena/seed_queries.sh      (SLUICE_BIN overrides <repo>/build/sluice)
# Prints one line per check; exits non-zero at the first failure; ends with "N passed, 0 failed".
# The seeds' text is kept as written, unquoted expansions included:
# shellcheck disable=SC2086,SC2155
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/seed_script_start.sh
source "$REPO_ROOT/tests/lib/seed_script_start.sh" athena-seed-queries

# ================================ helpers (not part of the seeds) =================================
api() {
  /usr/bin/aws --endpoint-url "$URL" --region us-east-1 --output json "$@" </dev/null
}

# wait_query ID: polls get-query-execution (at most 30 s) until the query is SUCCEEDED, FAILED or
# CANCELLED; sets STATE and REASON.
STATE=""
REASON=""
wait_query() {
  local id="$1" deadline=$((SECONDS + 30)) doc
  sleep 0.3   # most statements here finish within this, saving a poll (each aws call takes ~1 s)
  while true; do
    doc="$(api athena get-query-execution --query-execution-id "$id")"
    STATE="$("$PY" -c 'import json, sys; print(json.load(sys.stdin)["QueryExecution"]["Status"]["State"])' <<<"$doc")"
    REASON="$("$PY" -c 'import json, sys; print(json.load(sys.stdin)["QueryExecution"]["Status"].get("StateChangeReason", ""))' <<<"$doc")"
    case "$STATE" in SUCCEEDED | FAILED | CANCELLED) return 0 ;; esac
    ((SECONDS < deadline)) || fail "query $id still $STATE after 30 s"
    sleep 0.2
  done
}

# setup_sql SQL: SETUP statements (not the seeds' text): start-query-execution, wait, SUCCEEDED.
setup_sql() {
  local id
  id="$(api athena start-query-execution --query-string "$1" --query QueryExecutionId --output text)"
  wait_query "$id"
  [[ "$STATE" == SUCCEEDED ]] || fail "setup statement ended $STATE ($REASON): $1"
}

# check PYEXPR DESCRIPTION: PYEXPR sees `d` = the JSON document in $OUT, `rows` = its
# ResultSet rows as lists of cell texts (None for NULL), `types` = the ColumnInfo types, `close`.
OUT=""
check() {
  "$PY" -c 'import json, sys
out = sys.stdin.read()
d = json.loads(out) if out.strip().startswith("{") else {}
rs = d.get("ResultSet", {})
rows = [[c.get("VarCharValue") for c in r["Data"]] for r in rs.get("Rows", [])]
types = [c["Type"] for c in rs.get("ResultSetMetadata", {}).get("ColumnInfo", [])]
def close(got, want):
    return len(got) == len(want) and all(
        (g == w) if isinstance(w, str) or w is None else abs(float(g) - w) < 1e-9
        for g, w in zip(got, want))
sys.exit(0 if eval("(" + sys.argv[1] + ")") else 1)' "$1" <<<"$OUT" ||
    fail "$2: expected $1, got: $(head -c 2500 <<<"$OUT")"
  pass "$2"
}

# ======================== seed 000: Preparation and step 2 (shared file) ==========================
# shellcheck source=../lib/seed_000_preparation.sh
source "$REPO_ROOT/tests/lib/seed_000_preparation.sh"
pass "seed 000 step 2 ran (sample data uploaded)"

# ======================== seed 000: step 3, Create AWS Glue Database ==============================
# Create database in Glue Data Catalog
aws glue create-database \
    --database-input "{
        \"Name\": \"${GLUE_DATABASE_NAME}\",
        \"Description\": \"Data lake catalog for analytics pipeline\"
    }" --endpoint-url "$URL"

# Verify database creation
aws glue get-database --name ${GLUE_DATABASE_NAME} --endpoint-url "$URL"

echo "✅ Glue database created: ${GLUE_DATABASE_NAME}"
# ================================ end of step 3 ===================================================
pass "seed 000 step 3 ran (database $GLUE_DATABASE_NAME)"

# ============ SETUP (not the seed's text): the tables seed 000's ETL job (step 7) writes ==========
# silver_events: the enriched events, Parquet partitioned by event_date, at
# processed-data/silver/events/; gold_daily_sales and gold_customer_behavior: the ETL's two
# aggregations of silver_events, Parquet at processed-data/gold/{daily_sales,customer_behavior}/.
# Some events are dated today (UTC), for query 3's `event_date = CURRENT_DATE`.
TODAY="$(date -u +%F)"
cat >silver-events.csv <<EOF
event_id,user_id,event_type,category,amount,customer_name,country,age_group,is_purchase,event_date
evt001,user123,purchase,electronics,89.99,John Doe,US,25-34,1,2024-01-15
evt002,user456,view,books,0.0,Jane Smith,CA,35-44,0,2024-01-15
evt003,user123,purchase,home,129.00,John Doe,US,25-34,1,2024-01-15
evt004,user789,purchase,electronics,50.00,Bob Johnson,UK,45-54,1,2023-12-31
evt005,user999,purchase,books,11.01,Eve Adams,US,25-34,1,2024-01-15
evt006,user654,purchase,electronics,20.01,Alice Brown,US,18-24,1,$TODAY
evt007,user654,view,electronics,0.0,Alice Brown,US,18-24,0,$TODAY
evt008,user123,purchase,electronics,10.00,John Doe,US,25-34,1,$TODAY
evt009,user789,cart_add,clothing,45.50,Bob Johnson,UK,45-54,0,$TODAY
EOF
aws s3 cp silver-events.csv s3://${S3_BUCKET_NAME}/temp/silver_events_csv/ --endpoint-url "$URL"
DB="$GLUE_DATABASE_NAME"
setup_sql "CREATE EXTERNAL TABLE \`$DB\`.silver_events_csv (event_id string, user_id string,
  event_type string, category string, amount double, customer_name string, country string,
  age_group string, is_purchase int, event_date date)
  ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE
  LOCATION 's3://${S3_BUCKET_NAME}/temp/silver_events_csv/'
  TBLPROPERTIES ('skip.header.line.count'='1')"
setup_sql "CREATE TABLE \"$DB\".silver_events WITH (format = 'PARQUET',
  external_location = 's3://${S3_BUCKET_NAME}/processed-data/silver/events/',
  partitioned_by = ARRAY['event_date'])
  AS SELECT * FROM \"$DB\".silver_events_csv"
setup_sql "CREATE TABLE \"$DB\".gold_daily_sales WITH (format = 'PARQUET',
  external_location = 's3://${S3_BUCKET_NAME}/processed-data/gold/daily_sales/')
  AS SELECT event_date, category, country, count(*) AS total_purchases,
            sum(amount) AS total_revenue, avg(amount) AS avg_order_value,
            count(DISTINCT user_id) AS unique_customers
     FROM \"$DB\".silver_events WHERE event_type = 'purchase'
     GROUP BY event_date, category, country"
setup_sql "CREATE TABLE \"$DB\".gold_customer_behavior WITH (format = 'PARQUET',
  external_location = 's3://${S3_BUCKET_NAME}/processed-data/gold/customer_behavior/')
  AS SELECT user_id, customer_name, country, age_group, count(*) AS total_events,
            CAST(sum(is_purchase) AS bigint) AS total_purchases, sum(amount) AS total_spent,
            count(DISTINCT category) AS categories_engaged,
            CASE WHEN sum(is_purchase) > 0 THEN sum(amount) / sum(is_purchase) ELSE 0 END
              AS avg_order_value
     FROM \"$DB\".silver_events
     GROUP BY user_id, customer_name, country, age_group"
pass "setup: silver_events, gold_daily_sales, gold_customer_behavior made with Athena CTAS"

OUT="$(api glue get-table --database-name "$DB" --name gold_daily_sales)"
check '[(c["Name"], c["Type"]) for c in d["Table"]["StorageDescriptor"]["Columns"]] == [
  ("event_date", "date"), ("category", "string"), ("country", "string"),
  ("total_purchases", "bigint"), ("total_revenue", "double"), ("avg_order_value", "double"),
  ("unique_customers", "bigint")]' "gold_daily_sales has the ETL's columns and types"
OUT="$(api glue get-table --database-name "$DB" --name gold_customer_behavior)"
check '[(c["Name"], c["Type"]) for c in d["Table"]["StorageDescriptor"]["Columns"]][:8] == [
  ("user_id", "string"), ("customer_name", "string"), ("country", "string"),
  ("age_group", "string"), ("total_events", "bigint"), ("total_purchases", "bigint"),
  ("total_spent", "double"), ("categories_engaged", "bigint")]' \
  "gold_customer_behavior has the ETL's columns and types"
OUT="$(api glue get-partitions --database-name "$DB" --table-name silver_events)"
check 'sorted(p["Values"][0] for p in d["Partitions"]) == sorted(["2023-12-31", "2024-01-15", "'"$TODAY"'"])' \
  "silver_events is partitioned by event_date"

source "$REPO_ROOT/tests/lib/seed_000_step12.sh"
pass "seed 000 step 12 ran (DataLakeWorkgroup, sample-queries.sql uploaded)"

# ============== seed 000's three sample queries, run with aws athena start-query-execution =========
# Each query is the text of sample-queries.sql exactly as the seed wrote it, from its "-- Query N"
# comment line through the terminating semicolon (split on the blank lines between them).
QUERY_FILE="$WORK/seed/sample-queries.sql"
query_text() {  # N → the Nth query of sample-queries.sql
  "$PY" -c 'import sys
blocks = [b.strip("\n") for b in open(sys.argv[1]).read().split("\n\n") if b.strip()]
assert len(blocks) == 3, blocks
print(blocks[int(sys.argv[2]) - 1])' "$QUERY_FILE" "$1"
}

# run_seed_query N: start-query-execution in DataLakeWorkgroup, wait; leaves QID and OUT (results).
QID=""
run_seed_query() {
  local sql
  sql="$(query_text "$1")"
  [[ "$sql" == "-- Query $1:"* && "$sql" == *";" ]] || fail "could not cut query $1 from the file"
  QID="$(aws athena start-query-execution --query-string "$sql" \
           --work-group DataLakeWorkgroup \
           --query QueryExecutionId --output text --endpoint-url "$URL")"
  wait_query "$QID"
  # Query 1 calls date('2024-01-01'), an Athena (Trino) function: if it is missing the query FAILS
  # here with a message naming `date`; that is a Sluice gap (reported), not a test bug.
  [[ "$STATE" == SUCCEEDED ]] || fail "seed 000 query $1 ended $STATE: $REASON"
  pass "seed 000 query $1 SUCCEEDED"
  OUT="$(aws athena get-query-results --query-execution-id "$QID" --endpoint-url "$URL" \
           --output json)"
}

run_seed_query 1
check 'rows[0] == ["event_date", "category", "total_purchases", "total_revenue", "avg_order_value"]' \
  "query 1: the header row"
check 'types == ["date", "varchar", "bigint", "double", "double"]' "query 1: column types"
check 'len(rows) == 5 and close(rows[1], ["'"$TODAY"'", "electronics", "2", 30.01, 15.005]) and
  close(rows[2], ["2024-01-15", "home", "1", 129.0, 129.0]) and
  close(rows[3], ["2024-01-15", "electronics", "1", 89.99, 89.99]) and
  close(rows[4], ["2024-01-15", "books", "1", 11.01, 11.01])' \
  "query 1: daily sales since 2024-01-01 (2023-12-31 left out), newest first, by revenue"
OUT="$(api athena get-query-execution --query-execution-id "$QID")"
check 'd["QueryExecution"]["ResultConfiguration"]["OutputLocation"] == "s3://'"$S3_BUCKET_NAME"'/athena-results/'"$QID"'.csv" and d["QueryExecution"]["WorkGroup"] == "DataLakeWorkgroup" and d["QueryExecution"]["Statistics"]["DataScannedInBytes"] > 0' \
  "query 1: results in the workgroup's s3://<bucket>/athena-results/"
OUT="$(api s3api head-object --bucket "$S3_BUCKET_NAME" --key "athena-results/$QID.csv")"
check 'd["ContentLength"] > 0' "query 1: athena-results/<id>.csv exists"

run_seed_query 2
check 'rows[0] == ["age_group", "country", "avg_customer_lifetime_value", "avg_purchases_per_customer", "customer_count"]' \
  "query 2: the header row"
check 'types == ["varchar", "varchar", "double", "double", "bigint"]' "query 2: column types"
check 'len(rows) == 5 and close(rows[1], ["25-34", "US", 120.0, 2.0, "2"]) and
  close(rows[2], ["45-54", "UK", 95.5, 1.0, "1"]) and close(rows[3], ["18-24", "US", 20.01, 1.0, "1"]) and
  close(rows[4], ["35-44", "CA", 0.0, 0.0, "1"])' \
  "query 2: customer behavior by age group and country, highest lifetime value first"

run_seed_query 3
check 'rows[0] == ["event_type", "category", "event_count", "total_amount"]' "query 3: the header row"
check 'types == ["varchar", "varchar", "bigint", "double"]' "query 3: column types"
check 'len(rows) == 4 and close(rows[1], ["purchase", "electronics", "2", 30.01]) and
  sorted(rows[2:]) == [["cart_add", "clothing", "1", "45.5"], ["view", "electronics", "1", "0.0"]]' \
  "query 3: today's events by type and category, most frequent first"

# ======================== seed 001: environment (its Preparation) =================================
export AWS_REGION=$(aws configure get region --endpoint-url "$URL")
# SUBSTITUTED (STS and Secrets Manager are AWS services Sluice does not serve). The seed runs
# `aws sts get-caller-identity` and `aws secretsmanager get-random-password` (6 lowercase
# letters and digits); this makes the same kind of value.
export AWS_ACCOUNT_ID=123456789012
RANDOM_SUFFIX=$("$PY" -c 'import secrets, string
while True:
    s = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(6))
    if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
        print(s)
        break')

export GLUE_DATABASE_NAME="analytics-database-${RANDOM_SUFFIX}"
export S3_RAW_BUCKET="raw-data-${RANDOM_SUFFIX}"
export S3_PROCESSED_BUCKET="processed-data-${RANDOM_SUFFIX}"
export GLUE_ROLE_NAME="GlueServiceRole-${RANDOM_SUFFIX}"
export CRAWLER_NAME="data-discovery-crawler-${RANDOM_SUFFIX}"
export JOB_NAME="etl-transformation-job-${RANDOM_SUFFIX}"

# ================================ seed 001: step 1 ================================================
# Create bucket for raw incoming data
aws s3 mb s3://${S3_RAW_BUCKET} --region ${AWS_REGION} --endpoint-url "$URL"

# Create bucket for processed/transformed data
aws s3 mb s3://${S3_PROCESSED_BUCKET} --region ${AWS_REGION} --endpoint-url "$URL"

# ================================ seed 001: step 3 ================================================
aws glue create-database \
    --database-input Name=${GLUE_DATABASE_NAME},Description="Analytics database for ETL pipeline" \
    --endpoint-url "$URL"

# ======================= seed 001: step 4 (the sales file and its upload) =========================
cat > sample-sales.csv << EOF
order_id,customer_id,product_name,quantity,price,order_date
1001,C001,Laptop,1,999.99,2024-01-15
1002,C002,Mouse,2,25.50,2024-01-15
1003,C001,Keyboard,1,75.00,2024-01-16
1004,C003,Monitor,1,299.99,2024-01-16
1005,C002,Headphones,1,149.99,2024-01-17
EOF

aws s3 cp sample-sales.csv s3://${S3_RAW_BUCKET}/sales/ --endpoint-url "$URL"
pass "seed 001 steps 1, 3 and 4 ran (buckets, database, sales data)"

# ====== SETUP (not the seed's text): the sales table (the crawler's, step 5) and enriched_sales ======
# enriched_sales is what the seed's ETL job (step 7) writes: sales with total_amount =
# quantity * price, as Parquet at s3://<processed bucket>/enriched-sales/. (The ETL's left join
# with the customers JSON adds name, email and region; the seed's query reads none of them, so
# they are left out here.)
DB="$GLUE_DATABASE_NAME"
setup_sql "CREATE EXTERNAL TABLE \`$DB\`.sales (order_id bigint, customer_id string,
  product_name string, quantity bigint, price double, order_date date)
  ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://${S3_RAW_BUCKET}/sales/'
  TBLPROPERTIES ('skip.header.line.count'='1')"
setup_sql "CREATE TABLE \"$DB\".enriched_sales WITH (format = 'PARQUET',
  external_location = 's3://${S3_PROCESSED_BUCKET}/enriched-sales/')
  AS SELECT customer_id, order_id, product_name, quantity, price, order_date,
            quantity * price AS total_amount
     FROM \"$DB\".sales"
pass "setup: sales and enriched_sales (Parquet at s3://<processed bucket>/enriched-sales/)"

# ================== seed 001: "Validation & Testing" step 2, Query Data Using Athena ==============
# Create Athena query to test data access
QUERY_EXECUTION_ID=$(aws athena start-query-execution \
    --query-string "SELECT customer_id, product_name, total_amount FROM ${GLUE_DATABASE_NAME}.enriched_sales LIMIT 10" \
    --result-configuration OutputLocation=s3://${S3_PROCESSED_BUCKET}/athena-results/ \
    --work-group primary \
    --query QueryExecutionId --output text --endpoint-url "$URL")

echo "✅ Athena query started with ID: ${QUERY_EXECUTION_ID}"
# ================================ end of step 2 ===================================================
[[ "$QUERY_EXECUTION_ID" =~ ^[0-9a-f-]{36}$ ]] ||
  fail "start-query-execution did not print a query execution id: '$QUERY_EXECUTION_ID'"
pass "seed 001 validation step 2 ran (query $QUERY_EXECUTION_ID started)"

wait_query "$QUERY_EXECUTION_ID"
ENRICHED_ROWS='[["C001", "Laptop", 999.99], ["C001", "Keyboard", 75.0], ["C002", "Headphones", 149.99],
  ["C002", "Mouse", 51.0], ["C003", "Monitor", 299.99]]'
check_enriched() {  # $OUT holds get-query-results of a query over enriched_sales
  check 'rows[0] == ["customer_id", "product_name", "total_amount"] and types == ["varchar", "varchar", "double"]' \
    "$1: header row and types"
  check 'sorted((r[0], r[1], float(r[2])) for r in rows[1:]) == sorted(tuple(x) for x in '"$ENRICHED_ROWS"')' \
    "$1: the five enriched sales with total_amount = quantity * price"
}
if [[ "$STATE" == SUCCEEDED ]]; then
  pass "seed 001 query SUCCEEDED"
  OUT="$(aws athena get-query-results --query-execution-id ${QUERY_EXECUTION_ID} \
           --endpoint-url "$URL" --output json)"
  check_enriched "seed 001 query"
  OUT="$(api s3api head-object --bucket "$S3_PROCESSED_BUCKET" --key "athena-results/$QUERY_EXECUTION_ID.csv")"
  check 'd["ContentLength"] > 0' "seed 001 query: results in s3://<processed bucket>/athena-results/"
else
  # KNOWN (reported): the seed names its database unquoted, and the name has hyphens
  # (analytics-database-xxxxxx). Athena's SQL has no '-' in unquoted identifiers (its docs: names
  # with special characters other than underscore are not supported), so on AWS this query fails
  # too. Sluice may fail it the same way, as a syntax error at the '-'; anything else is a failure.
  [[ "$STATE" == FAILED && "$REASON" == *"-"* && ( "$REASON" == *syntax* || "$REASON" == *mismatched* ) ]] ||
    fail "seed 001 query ended $STATE with an unexpected reason: $REASON"
  pass "seed 001 query FAILED as on Athena (unquoted hyphenated database name): $REASON"
  if aws athena get-query-results --query-execution-id ${QUERY_EXECUTION_ID} \
       --endpoint-url "$URL" >/dev/null 2>"$WORK/aws.err"; then
    fail "get-query-results of the FAILED query succeeded"
  fi
  grep -qF "An error occurred (InvalidRequestException)" "$WORK/aws.err" ||
    fail "get-query-results of the FAILED query: $(cat "$WORK/aws.err")"
  pass "get-query-results of the FAILED query: InvalidRequestException"
  # The same query with the database name quoted (CHANGED from the seed's text) reads the table.
  QID="$(api athena start-query-execution \
    --query-string "SELECT customer_id, product_name, total_amount FROM \"${GLUE_DATABASE_NAME}\".enriched_sales LIMIT 10" \
    --result-configuration OutputLocation=s3://${S3_PROCESSED_BUCKET}/athena-results/ \
    --work-group primary --query QueryExecutionId --output text)"
  wait_query "$QID"
  [[ "$STATE" == SUCCEEDED ]] || fail "the quoted query ended $STATE: $REASON"
  OUT="$(api athena get-query-results --query-execution-id "$QID")"
  check_enriched "seed 001 query with the database name quoted"
fi

stop_server
pass "server stopped"
echo "$PASSED passed, 0 failed"
