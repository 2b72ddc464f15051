# Seed 000 (shared/seeds/000_1ee929871a7cf08c.txt), verbatim with only `--endpoint-url "$URL"`
# added: its "Preparation" block and step 2 "Create Sample Data Sources". Sourced, after
# start_server and in the folder where the seed writes its sample files, by the shell tests that
# run the seed's later steps (tests/s3/seed_000_storage.sh, tests/crawler/seed_000_crawl.sh).
# The seed's text is kept as written, unquoted expansions included:
# shellcheck disable=SC2086,SC2155
# ================================ seed 000: Preparation ===========================================
# Set environment variables
export AWS_REGION=$(aws configure get region --endpoint-url "$URL")
# SUBSTITUTED (needs a real AWS account; Sluice serves no STS). The seed runs:
#   export AWS_ACCOUNT_ID=$(aws sts get-caller-identity \
#       --query Account --output text)
export AWS_ACCOUNT_ID=123456789012

# Generate unique identifiers for resources
# SUBSTITUTED (needs a real AWS account; Sluice serves no Secrets Manager). The seed runs:
#   RANDOM_SUFFIX=$(aws secretsmanager get-random-password \
#       --exclude-punctuation --exclude-uppercase \
#       --password-length 6 --require-each-included-type \
#       --output text --query RandomPassword)
# This makes the same kind of value: 6 characters, lowercase letters and digits, at least one each.
RANDOM_SUFFIX=$("$PY" -c 'import secrets, string
while True:
    s = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(6))
    if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
        print(s)
        break')

export GLUE_DATABASE_NAME="datalake-catalog-${RANDOM_SUFFIX}"
export S3_BUCKET_NAME="datalake-pipeline-${RANDOM_SUFFIX}"
export GLUE_ROLE_NAME="GlueDataLakeRole-${RANDOM_SUFFIX}"
export CRAWLER_NAME="data-lake-crawler-${RANDOM_SUFFIX}"
export ETL_JOB_NAME="data-lake-etl-job-${RANDOM_SUFFIX}"
export WORKFLOW_NAME="data-lake-workflow-${RANDOM_SUFFIX}"

# Create S3 bucket for data lake
aws s3 mb s3://${S3_BUCKET_NAME} --region ${AWS_REGION} --endpoint-url "$URL"

# Create folder structure for different data layers
aws s3api put-object --bucket ${S3_BUCKET_NAME} \
    --key "raw-data/" --endpoint-url "$URL"
aws s3api put-object --bucket ${S3_BUCKET_NAME} \
    --key "processed-data/bronze/" --endpoint-url "$URL"
aws s3api put-object --bucket ${S3_BUCKET_NAME} \
    --key "processed-data/silver/" --endpoint-url "$URL"
aws s3api put-object --bucket ${S3_BUCKET_NAME} \
    --key "processed-data/gold/" --endpoint-url "$URL"
aws s3api put-object --bucket ${S3_BUCKET_NAME} \
    --key "scripts/" --endpoint-url "$URL"
aws s3api put-object --bucket ${S3_BUCKET_NAME} \
    --key "temp/" --endpoint-url "$URL"

echo "✅ Environment setup complete"
# ================================ end of Preparation ==============================================
pass "seed 000 Preparation ran (region '$AWS_REGION', bucket $S3_BUCKET_NAME)"

# ======================== seed 000: step 2, Create Sample Data Sources ============================
# (The seed indents this block by 3 spaces as part of a Markdown list; that indent is dropped so
# that the heredocs end at their EOF lines, as they do when a reader pastes the block.)
# Create sample JSON data for e-commerce events
cat > sample-events.json << 'EOF'
{"event_id": "evt001", "user_id": "user123", "event_type": "purchase", "product_id": "prod456", "amount": 89.99, "timestamp": "2024-01-15T10:30:00Z", "category": "electronics"}
{"event_id": "evt002", "user_id": "user456", "event_type": "view", "product_id": "prod789", "amount": 0.0, "timestamp": "2024-01-15T10:31:00Z", "category": "books"}
{"event_id": "evt003", "user_id": "user789", "event_type": "cart_add", "product_id": "prod123", "amount": 45.50, "timestamp": "2024-01-15T10:32:00Z", "category": "clothing"}
{"event_id": "evt004", "user_id": "user123", "event_type": "purchase", "product_id": "prod321", "amount": 129.00, "timestamp": "2024-01-15T10:33:00Z", "category": "home"}
{"event_id": "evt005", "user_id": "user654", "event_type": "view", "product_id": "prod555", "amount": 0.0, "timestamp": "2024-01-15T10:34:00Z", "category": "electronics"}
EOF

# Create sample CSV data for customer information
cat > sample-customers.csv << 'EOF'
customer_id,name,email,registration_date,country,age_group
user123,John Doe,john.doe@example.com,2023-05-15,US,25-34
user456,Jane Smith,jane.smith@example.com,2023-06-20,CA,35-44
user789,Bob Johnson,bob.johnson@example.com,2023-07-10,UK,45-54
user654,Alice Brown,alice.brown@example.com,2023-08-05,US,18-24
user321,Charlie Wilson,charlie.wilson@example.com,2023-09-12,AU,25-34
EOF

# Upload sample data to S3
aws s3 cp sample-events.json s3://${S3_BUCKET_NAME}/raw-data/events/ --endpoint-url "$URL"
aws s3 cp sample-customers.csv s3://${S3_BUCKET_NAME}/raw-data/customers/ --endpoint-url "$URL"

# Create additional partitioned data
mkdir -p temp-data/events/year=2024/month=01/day=15
cp sample-events.json temp-data/events/year=2024/month=01/day=15/
aws s3 sync temp-data/events s3://${S3_BUCKET_NAME}/raw-data/events/ --endpoint-url "$URL"

# Clean up temporary files
rm -rf temp-data

echo "✅ Sample data uploaded to S3"
# ================================ end of step 2 ===================================================
