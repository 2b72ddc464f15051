# Seed 000 (shared/seeds/000_1ee929871a7cf08c.txt), verbatim with only `--endpoint-url "$URL"`
# added: step 12 "Create Athena Integration" (the DataLakeWorkgroup workgroup and the
# sample-queries.sql file uploaded to the bucket). Sourced after seed_000_preparation.sh by the
# shell tests that run it (tests/athena/cli_athena_metadata.sh, tests/athena/seed_queries.sh).
# The seed's text is kept as written, unquoted expansions included:
# shellcheck disable=SC2086
# ======================== seed 000: step 12, Create Athena Integration ============================
# Create Athena workgroup
aws athena create-work-group \
    --name "DataLakeWorkgroup" \
    --description "Workgroup for data lake analytics" \
    --configuration "ResultConfiguration={OutputLocation=s3://${S3_BUCKET_NAME}/athena-results/}" --endpoint-url "$URL"

# Create sample queries
cat > sample-queries.sql << EOF
-- Query 1: Daily sales by category
SELECT 
    event_date,
    category,
    total_purchases,
    total_revenue,
    avg_order_value
FROM "${GLUE_DATABASE_NAME}"."gold_daily_sales"
WHERE event_date >= date('2024-01-01')
ORDER BY event_date DESC, total_revenue DESC;

-- Query 2: Customer behavior analysis
SELECT 
    age_group,
    country,
    AVG(total_spent) as avg_customer_lifetime_value,
    AVG(total_purchases) as avg_purchases_per_customer,
    COUNT(*) as customer_count
FROM "${GLUE_DATABASE_NAME}"."gold_customer_behavior"
GROUP BY age_group, country
ORDER BY avg_customer_lifetime_value DESC;

-- Query 3: Real-time event analysis
SELECT 
    event_type,
    category,
    COUNT(*) as event_count,
    SUM(amount) as total_amount
FROM "${GLUE_DATABASE_NAME}"."silver_events"
WHERE event_date = CURRENT_DATE
GROUP BY event_type, category
ORDER BY event_count DESC;
EOF

aws s3 cp sample-queries.sql s3://${S3_BUCKET_NAME}/queries/ --endpoint-url "$URL"

echo "✅ Athena integration prepared"
# ================================ end of step 12 ==================================================
