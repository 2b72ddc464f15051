#!/usr/bin/env bash
# Runs seed 000's Athena steps (shared/seeds/000_1ee929871a7cf08c.txt) against a fresh
# `sluice serve` with Debian's AWS CLI: its "Preparation" block and step 2 (the seed's variables,
# bucket and sample data, tests/lib/seed_000_preparation.sh), all of step 12 "Create Athena
# Integration" (create-work-group "DataLakeWorkgroup", the sample-queries.sql heredoc, its upload),
# then checks the workgroup with get-work-group and list-work-groups, the catalog with Athena's
# metadata commands, and ends with the cleanup step's `aws athena delete-work-group`. The seed's
# commands are verbatim with only `--endpoint-url "$URL"` added to each aws command. The seed
# indents each step's block as part of a Markdown list; that indent is dropped so that the heredoc
# ends at its EOF line, as it does when a reader pastes the block.
#
# Usage: tests/athena/cli_athena_metadata.sh     (SLUICE_BIN overrides <repo>/build/sluice)
# Prints one line per check; exits non-zero at the first failure; ends with "N passed, 0 failed".
# The seed's text is kept as written, unquoted expansions included:
# shellcheck disable=SC2086,SC2155
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/seed_script_start.sh
source "$REPO_ROOT/tests/lib/seed_script_start.sh" athena-cli

# shellcheck source=../lib/seed_000_preparation.sh
source "$REPO_ROOT/tests/lib/seed_000_preparation.sh"
pass "seed 000 step 2 ran (sample data uploaded)"

source "$REPO_ROOT/tests/lib/seed_000_step12.sh"
pass "seed 000 step 12 ran (workgroup DataLakeWorkgroup created)"

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

# expect_error CODE DESCRIPTION ARGS...: `aws ARGS` must fail with this error code.
expect_error() {
  local code="$1" what="$2" err
  shift 2
  if api "$@" >/dev/null 2>"$WORK/aws.err"; then
    fail "$what: aws $* succeeded, expected $code"
  fi
  err="$(cat "$WORK/aws.err")"
  grep -qF "An error occurred ($code)" <<<"$err" ||
    fail "$what: expected 'An error occurred ($code)', got: $err"
  pass "$what"
}

OUT="$(api athena get-work-group --work-group "DataLakeWorkgroup")"
check 'd["WorkGroup"]["Name"] == "DataLakeWorkgroup" and d["WorkGroup"]["State"] == "ENABLED" and d["WorkGroup"]["Description"] == "Workgroup for data lake analytics"' \
  "get-work-group: DataLakeWorkgroup, ENABLED, with the seed's description"
check 'd["WorkGroup"]["Configuration"]["ResultConfiguration"] == {"OutputLocation": "s3://'"$S3_BUCKET_NAME"'/athena-results/"}' \
  "get-work-group: results go to s3://<bucket>/athena-results/"
check 'd["WorkGroup"]["Configuration"]["EngineVersion"]["EffectiveEngineVersion"] == "Athena engine version 3"' \
  "get-work-group: Athena engine version 3"

OUT="$(api athena list-work-groups)"
check 'sorted(w["Name"] for w in d["WorkGroups"]) == ["DataLakeWorkgroup", "primary"]' \
  "list-work-groups: DataLakeWorkgroup and primary"
check '[w.get("Description") for w in d["WorkGroups"] if w["Name"] == "DataLakeWorkgroup"] == ["Workgroup for data lake analytics"]' \
  "list-work-groups: the summary carries the description"

expect_error InvalidRequestException "create-work-group again: InvalidRequestException" \
  athena create-work-group --name "DataLakeWorkgroup"
expect_error InvalidRequestException "delete-work-group primary: InvalidRequestException" \
  athena delete-work-group --work-group primary

OUT="$(api athena list-data-catalogs)"
check 'd["DataCatalogsSummary"] == [{"CatalogName": "AwsDataCatalog", "Type": "GLUE"}]' \
  "list-data-catalogs: AwsDataCatalog (GLUE)"

api glue create-database --database-input "{\"Name\": \"${GLUE_DATABASE_NAME}\"}" >/dev/null
OUT="$(api athena list-databases --catalog-name AwsDataCatalog)"
check '[x["Name"] for x in d["DatabaseList"]] == ["'"$GLUE_DATABASE_NAME"'"]' \
  "list-databases: the seed's database"
expect_error MetadataException "get-table-metadata of a missing table: MetadataException" \
  athena get-table-metadata --catalog-name AwsDataCatalog --database-name "$GLUE_DATABASE_NAME" \
  --table-name gold_daily_sales

OUT="$(api s3api head-object --bucket "$S3_BUCKET_NAME" --key queries/sample-queries.sql)"
check 'd["ContentLength"] > 0' "sample-queries.sql is in s3://<bucket>/queries/"

# ======================== seed 000: Cleanup, step 6 (the Athena command) ==========================
# Delete Athena workgroup
aws athena delete-work-group --work-group "DataLakeWorkgroup" --endpoint-url "$URL"
# ================================ end of the Athena cleanup =======================================
pass "seed 000 cleanup: delete-work-group DataLakeWorkgroup"

expect_error InvalidRequestException "get-work-group after the delete: InvalidRequestException" \
  athena get-work-group --work-group "DataLakeWorkgroup"
OUT="$(api athena list-work-groups)"
check '[w["Name"] for w in d["WorkGroups"]] == ["primary"]' "list-work-groups: only primary is left"

stop_server
pass "server stopped"
echo "$PASSED passed, 0 failed"
