#!/usr/bin/env bash
# Runs the crawler part of seed 001 (shared/seeds/001_c1382344a895bd50.txt) against a fresh
# `sluice serve`: step 1 (the two buckets), step 3 (the database), step 4 (sample-sales.csv and
# sample-customers.json uploaded), step 5 (create-crawler with shorthand arguments, start-crawler)
# and step 6 (the wait loop and get-tables). The seed's commands are verbatim with only
# `--endpoint-url "$URL"` added; SUBSTITUTED marks values that need AWS services Sluice does not
# serve (IAM, STS, Secrets Manager) and CHANGED the one edit (the wait loop sleeps 1 s, not 30 s).
# Then checks tables sales (CSV) and customers (JSON) with the right columns and types.
#
# Usage: tests/crawler/seed_001_crawl.sh        (SLUICE_BIN overrides <repo>/build/sluice)
# shellcheck disable=SC2086,SC2155
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/seed_script_start.sh
source "$REPO_ROOT/tests/lib/seed_script_start.sh" seed001-crawl

# ================================ seed 001: environment ===========================================
export AWS_REGION=us-east-1
# SUBSTITUTED (STS and Secrets Manager are AWS services Sluice does not serve).
export AWS_ACCOUNT_ID=123456789012
RANDOM_SUFFIX=$("$PY" -c 'import secrets, string; print("".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(6)))')
export GLUE_DATABASE_NAME="analytics-database-${RANDOM_SUFFIX}"
export S3_RAW_BUCKET="raw-data-${RANDOM_SUFFIX}"
export S3_PROCESSED_BUCKET="processed-data-${RANDOM_SUFFIX}"
export GLUE_ROLE_NAME="GlueServiceRole-${RANDOM_SUFFIX}"
export CRAWLER_NAME="data-discovery-crawler-${RANDOM_SUFFIX}"

# ================================ step 1 =========================================================
aws s3 mb s3://${S3_RAW_BUCKET} --region ${AWS_REGION} --endpoint-url "$URL"
aws s3 mb s3://${S3_PROCESSED_BUCKET} --region ${AWS_REGION} --endpoint-url "$URL"
pass "seed 001 step 1 ran (buckets)"

# ================================ step 3 =========================================================
aws glue create-database \
    --database-input Name=${GLUE_DATABASE_NAME},Description="Analytics database for ETL pipeline" \
    --endpoint-url "$URL"
pass "seed 001 step 3 ran (database)"

# ================================ step 4 =========================================================
cat > sample-sales.csv << EOF
order_id,customer_id,product_name,quantity,price,order_date
1001,C001,Laptop,1,999.99,2024-01-15
1002,C002,Mouse,2,25.50,2024-01-15
1003,C001,Keyboard,1,75.00,2024-01-16
1004,C003,Monitor,1,299.99,2024-01-16
1005,C002,Headphones,1,149.99,2024-01-17
EOF

cat > sample-customers.json << EOF
{"customer_id": "C001", "name": "John Smith", "email": "john@email.com", "region": "North"}
{"customer_id": "C002", "name": "Jane Doe", "email": "jane@email.com", "region": "South"}
{"customer_id": "C003", "name": "Bob Johnson", "email": "bob@email.com", "region": "East"}
EOF

aws s3 cp sample-sales.csv s3://${S3_RAW_BUCKET}/sales/ --endpoint-url "$URL"
aws s3 cp sample-customers.json s3://${S3_RAW_BUCKET}/customers/ --endpoint-url "$URL"
pass "seed 001 step 4 ran (sample data uploaded)"

# ================================ step 5 =========================================================
# SUBSTITUTED (no IAM): the role the seed's step 2 would create.
GLUE_ROLE_ARN="arn:aws:iam::${AWS_ACCOUNT_ID}:role/${GLUE_ROLE_NAME}"
aws glue create-crawler \
    --name ${CRAWLER_NAME} \
    --role ${GLUE_ROLE_ARN} \
    --database-name ${GLUE_DATABASE_NAME} \
    --targets S3Targets="[{Path=s3://${S3_RAW_BUCKET}/}]" \
    --description "Crawler to discover raw data schemas" --endpoint-url "$URL"
aws glue start-crawler --name ${CRAWLER_NAME} --endpoint-url "$URL"
pass "seed 001 step 5 ran (crawler created and started)"

# ================================ step 6 =========================================================
AWS_DEADLINE=$((SECONDS + 120))
while true; do
    CRAWLER_STATE=$(aws glue get-crawler \
        --name ${CRAWLER_NAME} \
        --query Crawler.State --output text --endpoint-url "$URL")
    if [ "$CRAWLER_STATE" = "READY" ]; then
        echo "✅ Crawler completed successfully"
        break
    elif [ "$CRAWLER_STATE" = "STOPPING" ] || [ "$CRAWLER_STATE" = "RUNNING" ]; then
        echo "Crawler status: $CRAWLER_STATE - waiting..."
        sleep 1  # CHANGED: the seed sleeps 30 s; Sluice crawls these files in milliseconds
    else
        echo "❌ Crawler failed with state: $CRAWLER_STATE"
        exit 1
    fi
done
AWS_DEADLINE=""
aws glue get-tables \
    --database-name ${GLUE_DATABASE_NAME} \
    --query 'TableList[].Name' --output table --endpoint-url "$URL"
pass "seed 001 step 6 ran (crawler READY, tables listed)"

# ================================ checks (not part of the seed) ===================================
columns() {  # table → "name:type,..."
  /usr/bin/aws --endpoint-url "$URL" --region us-east-1 glue get-table \
    --database-name "$GLUE_DATABASE_NAME" --name "$1" \
    --query 'join(`,`, Table.StorageDescriptor.Columns[].join(`:`, [Name, Type]))' --output text </dev/null
}
status=$(/usr/bin/aws --endpoint-url "$URL" --region us-east-1 glue get-crawler --name "$CRAWLER_NAME" \
  --query Crawler.LastCrawl.Status --output text </dev/null)
[[ "$status" == SUCCEEDED ]] || fail "LastCrawl.Status is $status, not SUCCEEDED"
pass "the crawl SUCCEEDED"
got=$(columns sales)
[[ "$got" == "order_id:bigint,customer_id:string,product_name:string,quantity:bigint,price:double,order_date:date" ]] ||
  fail "table sales has columns '$got'"
pass "table sales: order_id bigint, customer_id string, product_name string, quantity bigint, price double, order_date date"
got=$(columns customers)
[[ "$got" == "customer_id:string,name:string,email:string,region:string" ]] ||
  fail "table customers has columns '$got'"
pass "table customers: customer_id, name, email, region (string)"
stop_server
pass "server stopped"
echo "$PASSED passed, 0 failed"
