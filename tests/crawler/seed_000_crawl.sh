#!/usr/bin/env bash
# Runs the crawler part of seed 000 ("Data Lake Ingestion Pipelines with Glue",
# shared/seeds/000_1ee929871a7cf08c.txt) against a fresh `sluice serve`: its "Preparation" block
# (the seed's later steps need its variables and bucket), step 2 "Create Sample Data Sources",
# step 3 "Create AWS Glue Database", step 4 "Create and Configure AWS Glue Crawler" (the
# crawler-config.json heredoc verbatim, create-crawler --cli-input-json, start-crawler), and from
# step 6 the "Wait for crawler to complete" loop and the two get-tables queries. The seed's
# commands are verbatim with only `--endpoint-url "$URL"` added to each aws command; the
# substitutions are marked SUBSTITUTED (the IAM role ARN: Sluice has no IAM, so GLUE_ROLE_ARN is a
# fixed ARN) and the one change is marked CHANGED (the wait loop sleeps 1 s, not 30 s). The seed
# indents each step's block by 3 spaces as part of a Markdown list; that indent is dropped so that
# the heredocs end at their EOF lines, as they do when a reader pastes the block. Then checks the
# tables the crawler made: raw_events (JSON, partitions year/month/day) and raw_customers (CSV).
#
# Usage: tests/crawler/seed_000_crawl.sh        (SLUICE_BIN overrides <repo>/build/sluice)
# Prints one line per check; exits non-zero at the first failure; ends with "N passed, 0 failed".
# The seed's text is kept as written, unquoted expansions included:
# shellcheck disable=SC2086,SC2155
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/seed_script_start.sh
source "$REPO_ROOT/tests/lib/seed_script_start.sh" seed000-crawl

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

# ================== seed 000: step 4, Create and Configure AWS Glue Crawler =======================
# Get IAM role ARN
# SUBSTITUTED (Sluice serves no IAM, and step 1, which creates the role, is not run). The seed runs:
#   GLUE_ROLE_ARN=$(aws iam get-role --role-name ${GLUE_ROLE_NAME} \
#       --query 'Role.Arn' --output text)
GLUE_ROLE_ARN="arn:aws:iam::${AWS_ACCOUNT_ID}:role/${GLUE_ROLE_NAME}"

# Create crawler configuration
cat > crawler-config.json << EOF
{
    "Name": "${CRAWLER_NAME}",
    "Role": "${GLUE_ROLE_ARN}",
    "DatabaseName": "${GLUE_DATABASE_NAME}",
    "Description": "Crawler for data lake raw data sources",
    "Targets": {
        "S3Targets": [
            {
                "Path": "s3://${S3_BUCKET_NAME}/raw-data/"
            }
        ]
    },
    "TablePrefix": "raw_",
    "SchemaChangePolicy": {
        "UpdateBehavior": "UPDATE_IN_DATABASE",
        "DeleteBehavior": "LOG"
    },
    "RecrawlPolicy": {
        "RecrawlBehavior": "CRAWL_EVERYTHING"
    },
    "LineageConfiguration": {
        "CrawlerLineageSettings": "ENABLE"
    }
}
EOF

# Create crawler
aws glue create-crawler \
    --cli-input-json file://crawler-config.json --endpoint-url "$URL"

# Start crawler
aws glue start-crawler --name ${CRAWLER_NAME} --endpoint-url "$URL"

echo "✅ Crawler created and started: ${CRAWLER_NAME}"
# ================================ end of step 4 ===================================================
pass "seed 000 step 4 ran (crawler $CRAWLER_NAME created and started)"

# ============ seed 000: step 6, "Wait for crawler to complete" and the get-tables queries ==========
# The seed's loop has no limit. So that a hung crawler fails this test instead of hanging it, the
# `aws` wrapper (not the seed's text) refuses to run once 120 s have passed from here: the failed
# `CRAWLER_STATE=$(aws ...)` assignment then ends the script through `set -e`.
AWS_DEADLINE=$((SECONDS + 120))

# Wait for crawler to complete
echo "Waiting for crawler to complete..."
while true; do
    CRAWLER_STATE=$(aws glue get-crawler --name ${CRAWLER_NAME} \
        --query 'Crawler.State' --output text --endpoint-url "$URL")
    if [ "$CRAWLER_STATE" = "READY" ]; then
        break
    fi
    echo "Crawler state: $CRAWLER_STATE. Waiting..."
    # CHANGED: the seed sleeps 30 s (Glue crawls take minutes); a Sluice crawl of these files
    # takes milliseconds, so 1 s keeps the test fast with the same loop.
    sleep 1
done

AWS_DEADLINE=""

# Get source table names from crawler results
SOURCE_TABLE_EVENTS=$(aws glue get-tables \
    --database-name ${GLUE_DATABASE_NAME} \
    --query 'TableList[?contains(Name, `events`)].Name' \
    --output text --endpoint-url "$URL")
SOURCE_TABLE_CUSTOMERS=$(aws glue get-tables \
    --database-name ${GLUE_DATABASE_NAME} \
    --query 'TableList[?contains(Name, `customers`)].Name' \
    --output text --endpoint-url "$URL")
# ================================ end of step 6 (crawler part) ====================================
pass "seed 000 step 6 wait loop and get-tables ran (crawler state $CRAWLER_STATE)"

# ================================ checks (not part of the seed) ===================================
api() {
  /usr/bin/aws --endpoint-url "$URL" --region us-east-1 --output json "$@" </dev/null
}

# check PYEXPR DESCRIPTION: PYEXPR sees `d` = the JSON document in $OUT and `out` = the text.
OUT=""
check() {
  "$PY" -c 'import json, sys
out = sys.stdin.read()
d = json.loads(out) if out.strip().startswith("{") else {}
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" <<<"$OUT" ||
    fail "$2: expected $1, got: $(head -c 1500 <<<"$OUT")"
  pass "$2"
}

[[ "$SOURCE_TABLE_EVENTS" == *events* ]] ||
  fail "the seed's events query found no table with 'events' in its name: '$SOURCE_TABLE_EVENTS'"
pass "SOURCE_TABLE_EVENTS='$SOURCE_TABLE_EVENTS' contains 'events'"
[[ "$SOURCE_TABLE_CUSTOMERS" == *customers* ]] ||
  fail "the seed's customers query found no table with 'customers' in its name: '$SOURCE_TABLE_CUSTOMERS'"
pass "SOURCE_TABLE_CUSTOMERS='$SOURCE_TABLE_CUSTOMERS' contains 'customers'"
[[ "$SOURCE_TABLE_EVENTS" == raw_events && "$SOURCE_TABLE_CUSTOMERS" == raw_customers ]] ||
  fail "expected exactly raw_events and raw_customers, got '$SOURCE_TABLE_EVENTS' and '$SOURCE_TABLE_CUSTOMERS'"
pass "the queries each found exactly one table: raw_events and raw_customers"

OUT="$(api glue get-crawler --name "$CRAWLER_NAME")"
check 'd["Crawler"]["State"] == "READY" and d["Crawler"]["LastCrawl"]["Status"] == "SUCCEEDED"' \
  "get-crawler: READY, LastCrawl SUCCEEDED"
check 'd["Crawler"]["TablePrefix"] == "raw_" and d["Crawler"]["SchemaChangePolicy"] == {"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "LOG"} and d["Crawler"]["LineageConfiguration"] == {"CrawlerLineageSettings": "ENABLE"} and d["Crawler"]["Targets"]["S3Targets"] == [{"Path": "s3://'"$S3_BUCKET_NAME"'/raw-data/"}]' \
  "get-crawler shows crawler-config.json's settings"

OUT="$(api glue get-tables --database-name "$GLUE_DATABASE_NAME")"
check 'sorted(t["Name"] for t in d["TableList"]) == ["raw_customers", "raw_events"]' \
  "get-tables: exactly raw_customers and raw_events"

OUT="$(api glue get-table --database-name "$GLUE_DATABASE_NAME" --name raw_events)"
check '[(c["Name"], c["Type"]) for c in d["Table"]["StorageDescriptor"]["Columns"]] == [
  ("event_id", "string"), ("user_id", "string"), ("event_type", "string"),
  ("product_id", "string"), ("amount", "double"), ("timestamp", "timestamp"),
  ("category", "string")]' "raw_events columns and types"
check '[(c["Name"], c["Type"]) for c in d["Table"]["PartitionKeys"]] == [("year", "string"), ("month", "string"), ("day", "string")]' \
  "raw_events partition keys year, month, day (string)"
check 'd["Table"]["Parameters"]["classification"] == "json" and d["Table"]["StorageDescriptor"]["Location"] == "s3://'"$S3_BUCKET_NAME"'/raw-data/events/"' \
  "raw_events is json at s3://<bucket>/raw-data/events/"

OUT="$(api glue get-partitions --database-name "$GLUE_DATABASE_NAME" --table-name raw_events)"
check '[p["Values"] for p in d["Partitions"]] == [["2024", "01", "15"]] and d["Partitions"][0]["StorageDescriptor"]["Location"] == "s3://'"$S3_BUCKET_NAME"'/raw-data/events/year=2024/month=01/day=15/"' \
  "raw_events has the one partition 2024/01/15"

OUT="$(api glue get-table --database-name "$GLUE_DATABASE_NAME" --name raw_customers)"
check '[(c["Name"], c["Type"]) for c in d["Table"]["StorageDescriptor"]["Columns"]] == [
  ("customer_id", "string"), ("name", "string"), ("email", "string"),
  ("registration_date", "date"), ("country", "string"), ("age_group", "string")]' \
  "raw_customers columns and types (header detected)"
check 'd["Table"]["Parameters"]["classification"] == "csv" and d["Table"]["Parameters"]["skip.header.line.count"] == "1" and d["Table"]["Parameters"]["delimiter"] == "," and d["Table"]["PartitionKeys"] == []' \
  "raw_customers is csv with a skipped header line and no partitions"

OUT="$(api glue list-crawls --crawler-name "$CRAWLER_NAME")"
check 'len(d["Crawls"]) == 1 and d["Crawls"][0]["State"] == "COMPLETED" and json.loads(d["Crawls"][0]["Summary"])["TABLE"]["ADD"]["Count"] == 2' \
  "list-crawls: one COMPLETED crawl that added 2 tables"

stop_server
pass "server stopped"
echo "$PASSED passed, 0 failed"
