#!/usr/bin/env bash
# Runs the storage part of seed 000 ("Data Lake Ingestion Pipelines with Glue",
# shared/seeds/000_1ee929871a7cf08c.txt) against a fresh `sluice serve`: its "Preparation" block
# and step 2 "Create Sample Data Sources", verbatim, with only `--endpoint-url "$URL"` added to
# each aws command. Then checks that the objects it made are listed and hold the same bytes.
#
# Usage: tests/s3/seed_000_storage.sh        (SLUICE_BIN overrides <repo>/build/sluice)
# Prints one line per check; exits non-zero at the first failure; ends with "N passed, 0 failed".
# The seed's text is kept as written, unquoted expansions included:
# shellcheck disable=SC2086,SC2155
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/seed_script_start.sh
source "$REPO_ROOT/tests/lib/seed_script_start.sh" seed000

# shellcheck source=../lib/seed_000_preparation.sh
source "$REPO_ROOT/tests/lib/seed_000_preparation.sh"
pass "seed 000 step 2 ran"

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

[[ "$(wc -l <sample-events.json)" == 5 && "$(head -c 21 sample-events.json)" == '{"event_id": "evt001"' ]] ||
  fail "the seed's sample-events.json is not the 5 JSON lines it writes"
[[ "$(wc -l <sample-customers.csv)" == 6 && "$(head -n 1 sample-customers.csv)" == customer_id,* ]] ||
  fail "the seed's sample-customers.csv is not the header plus 5 rows it writes"
pass "the seed's sample files were written as the seed has them"

OUT="$(api s3 ls)"
check "'$S3_BUCKET_NAME' in out.split()" "aws s3 ls lists the seed's bucket"

OUT="$(api s3api list-objects-v2 --bucket "$S3_BUCKET_NAME")"
check '{o["Key"]: o["Size"] for o in d["Contents"]} == {
  "processed-data/bronze/": 0, "processed-data/gold/": 0, "processed-data/silver/": 0,
  "raw-data/": 0, "scripts/": 0, "temp/": 0,
  "raw-data/customers/sample-customers.csv": '"$(stat -c %s sample-customers.csv)"',
  "raw-data/events/sample-events.json": '"$(stat -c %s sample-events.json)"',
  "raw-data/events/year=2024/month=01/day=15/sample-events.json": '"$(stat -c %s sample-events.json)"'}' \
  "the bucket holds exactly the 6 folder markers and 3 data files, with their sizes"

OUT="$(api s3 ls "s3://$S3_BUCKET_NAME/raw-data/")"
check 'sorted(l.strip() for l in out.splitlines() if "PRE" in l) == ["PRE customers/", "PRE events/"]' \
  "aws s3 ls s3://<bucket>/raw-data/ shows customers/ and events/"
OUT="$(api s3 ls "s3://$S3_BUCKET_NAME/raw-data/events/")"
check 'sorted(l.strip() for l in out.splitlines() if "PRE" in l) == ["PRE year=2024/"] and any(l.endswith(" sample-events.json") for l in out.splitlines())' \
  "aws s3 ls s3://<bucket>/raw-data/events/ shows the file and the year=2024/ partition"
OUT="$(api s3 ls --recursive "s3://$S3_BUCKET_NAME/")"
check 'len(out.splitlines()) == 9' "aws s3 ls --recursive lists all 9 objects"

mkdir -p "$WORK/down"
for key in raw-data/events/sample-events.json raw-data/customers/sample-customers.csv \
           raw-data/events/year=2024/month=01/day=15/sample-events.json; do
  api s3 cp "s3://$S3_BUCKET_NAME/$key" "$WORK/down/got" >/dev/null
  cmp -s "$(basename "$key")" "$WORK/down/got" || fail "s3://$S3_BUCKET_NAME/$key differs from the seed's file"
  pass "s3://<bucket>/$key has the seed's bytes"
done
OUT="$(api s3api head-object --bucket "$S3_BUCKET_NAME" --key raw-data/)"
check 'd["ContentLength"] == 0 and d["ETag"] == "\"d41d8cd98f00b204e9800998ecf8427e\""' \
  "the raw-data/ folder marker is an empty object"
OUT="$(api s3 sync --no-progress "$WORK/seed" "s3://$S3_BUCKET_NAME/raw-data/events/" \
         --exclude '*' --include 'sample-events.json')"
check 'out.strip() == ""' "syncing the same events file again copies nothing"

stop_server
pass "server stopped"
echo "$PASSED passed, 0 failed"
