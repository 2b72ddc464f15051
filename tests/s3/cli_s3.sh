#!/usr/bin/env bash
# Drives a fresh `sluice serve` with Debian's AWS CLI (/usr/bin/aws) through the S3 commands a
# data engineer uses: mb, cp (small, 20 MB+ multipart, recursive), sync, ls, rm, rb, and the
# s3api object calls, with keys holding spaces, unicode and Hive-style partitions.
#
# Usage: tests/s3/cli_s3.sh        (SLUICE_BIN overrides <repo>/build/sluice)
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
export LC_ALL=C.UTF-8                        # keys and file names below are UTF-8

WORK="$(mktemp -d -t sluice-s3-cli.XXXXXX)"
DATA="$WORK/data"

# shellcheck source=../lib/cli_harness.sh
source "$REPO_ROOT/tests/lib/cli_harness.sh"
trap 'fail "unexpected error (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

aws_() {
  "$AWS" --endpoint-url "$URL" --region us-east-1 "$@" </dev/null
}

# run_ok DESCRIPTION ARGS...: runs `aws ARGS`, leaves stdout in $OUT, fails on non-zero exit.
OUT=""
run_ok() {
  local what="$1"
  shift
  echo "... $what: aws $*"
  if ! OUT="$(aws_ "$@" 2>"$WORK/aws.err")"; then
    fail "$what: aws $* exited non-zero: $(cat "$WORK/aws.err")"
  fi
}

# expect_fail PATTERN DESCRIPTION ARGS...: `aws ARGS` must fail and print PATTERN (grep -E;
# an empty PATTERN only asks for the failure).
expect_fail() {
  local pattern="$1" what="$2"
  shift 2
  echo "... $what: aws $* (expecting failure matching '$pattern')"
  if aws_ "$@" >"$WORK/aws.out" 2>"$WORK/aws.err"; then
    fail "$what: aws $* succeeded, expected a failure"
  fi
  [[ -z "$pattern" ]] || grep -qE "$pattern" "$WORK/aws.err" "$WORK/aws.out" ||
    fail "$what: expected output matching '$pattern', got: $(cat "$WORK/aws.err" "$WORK/aws.out")"
  pass "$what"
}

# check PYEXPR DESCRIPTION: PYEXPR is evaluated with `d` = the JSON document in $OUT and
# `out` = $OUT as text (the CLI prints nothing for an empty response, which counts as {}).
check() {
  "$PY" -c 'import json, sys
out = sys.stdin.read()
try:
    d = json.loads(out) if out.strip() else {}
except ValueError:
    d = None
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" <<<"$OUT" ||
    fail "$2: expected $1, got: $(head -c 1500 <<<"$OUT")"
  pass "$2"
}

# same LOCAL_A LOCAL_B DESCRIPTION: the two files are byte for byte equal.
same() {
  cmp "$1" "$2" >/dev/null 2>&1 || fail "$3: $1 and $2 differ ($(cmp "$1" "$2" 2>&1 || true))"
  pass "$3"
}

[[ -x "$AWS" ]] || fail "$AWS not found (install Debian's awscli)"
[[ -x "$SLUICE_BIN" ]] || fail "sluice binary not found at $SLUICE_BIN (build it first)"
echo "aws: $("$AWS" --version 2>&1)"
echo "work dir: $WORK"

# --- local files ----------------------------------------------------------------------------------
SRC="$WORK/src"
DST="$WORK/dst"
mkdir -p "$SRC" "$DST"
printf 'id,name\n1,alpha\n2,beta\n' >"$SRC/small.csv"
: >"$SRC/empty.txt"
head -c $((21 * 1024 * 1024 + 12345)) /dev/urandom >"$SRC/big.bin"  # 3 parts of 8 MiB
mkdir -p "$SRC/tree/nested/deeper" "$SRC/tree/with space" "$SRC/tree/year=2025/month=08/day=15"
echo "top" >"$SRC/tree/top.txt"
echo "nested" >"$SRC/tree/nested/n.txt"
head -c 5000 /dev/urandom >"$SRC/tree/nested/deeper/d.bin"
echo "spaced" >"$SRC/tree/with space/file name.txt"
printf 'order_id,amount\n1,9.99\n' >"$SRC/tree/year=2025/month=08/day=15/part-0000.csv"
printf '\xc3\xbc\n' >"$SRC/tree/nested/grüße.txt"

# --- server ---------------------------------------------------------------------------------------
start_server
pass "server listening at $URL"

B=cli-bucket
B2=cli-other
run_ok "list buckets of a new server" s3 ls
check 'out.strip() == ""' "aws s3 ls: no buckets yet"

run_ok "make bucket $B" s3 mb "s3://$B"
check '"make_bucket: cli-bucket" in out' "aws s3 mb s3://$B"
run_ok "make bucket $B2" s3 mb "s3://$B2"
run_ok "list buckets" s3 ls
check 'sorted(l.split()[-1] for l in out.splitlines()) == ["cli-bucket", "cli-other"]' \
  "aws s3 ls lists both buckets"
expect_fail 'BucketAlreadyOwnedByYou|BucketAlreadyExists|make_bucket failed' \
  "mb of an existing bucket fails" s3 mb "s3://$B2" --region eu-west-1
expect_fail 'InvalidBucketName|Invalid bucket name' "mb with an invalid name fails" \
  s3 mb s3://Not_Valid

# --- cp of small files ----------------------------------------------------------------------------
for f in small.csv empty.txt; do
  run_ok "upload $f" s3 cp "$SRC/$f" "s3://$B/files/$f"
  check '"upload:" in out' "aws s3 cp up: $f"
  run_ok "download $f" s3 cp "s3://$B/files/$f" "$DST/$f"
  same "$SRC/$f" "$DST/$f" "aws s3 cp down: $f has the same bytes"
done

run_ok "upload with special key" s3 cp "$SRC/small.csv" \
  "s3://$B/raw data/ünïcødé dir/year=2025/month=08/day=15/file 1.csv"
run_ok "download special key" s3 cp \
  "s3://$B/raw data/ünïcødé dir/year=2025/month=08/day=15/file 1.csv" "$DST/special.csv"
same "$SRC/small.csv" "$DST/special.csv" "keys with spaces, unicode and '=' round-trip"

echo "... upload from stdin: aws s3 cp - s3://$B/files/stdin.csv"
"$AWS" --endpoint-url "$URL" --region us-east-1 s3 cp - "s3://$B/files/stdin.csv" \
  <"$SRC/small.csv" >/dev/null 2>"$WORK/aws.err" || fail "cp from stdin: $(cat "$WORK/aws.err")"
run_ok "download to stdout" s3 cp "s3://$B/files/stdin.csv" -
[[ "$OUT" == "$(cat "$SRC/small.csv")" ]] || fail "cp - then cp to -: got $(head -c 200 <<<"$OUT")"
pass "aws s3 cp - (stdin) and cp to - (stdout) round-trip"
run_ok "move a key" s3 mv "s3://$B/files/stdin.csv" "s3://$B/moved/stdin moved.csv"
run_ok "get the moved key" s3 cp "s3://$B/moved/stdin moved.csv" "$DST/moved.csv"
same "$SRC/small.csv" "$DST/moved.csv" "aws s3 mv keeps the bytes under the new key"

# --- a 20 MB+ file: multipart upload, ranged download ---------------------------------------------
run_ok "upload 21 MiB file" s3 cp "$SRC/big.bin" "s3://$B/big/big.bin"
run_ok "head the big object" s3api head-object --bucket "$B" --key big/big.bin
check 'd["ContentLength"] == 21 * 1024 * 1024 + 12345 and d["ETag"].endswith("-3\"")' \
  "21 MiB upload went multipart (ETag ends in -3)"
run_ok "download 21 MiB file" s3 cp "s3://$B/big/big.bin" "$DST/big.bin"
same "$SRC/big.bin" "$DST/big.bin" "21 MiB download (ranged GETs) has the same bytes"
# (--copy-props metadata-directive: CLI v2's default also copies tags; that is checked at the end)
run_ok "s3 to s3 copy of the big file" s3 cp --copy-props metadata-directive \
  "s3://$B/big/big.bin" "s3://$B2/big-copy.bin"
run_ok "download the copy" s3 cp "s3://$B2/big-copy.bin" "$DST/big-copy.bin"
same "$SRC/big.bin" "$DST/big-copy.bin" "s3-to-s3 copy of 21 MiB (UploadPartCopy) has the same bytes"
run_ok "s3 to s3 copy of a small file" s3 cp "s3://$B/files/small.csv" "s3://$B2/small-copy.csv"
run_ok "download the small copy" s3 cp "s3://$B2/small-copy.csv" "$DST/small-copy.csv"
same "$SRC/small.csv" "$DST/small-copy.csv" "s3-to-s3 copy of a small file (CopyObject)"
run_ok "s3api ranged get" s3api get-object --bucket "$B" --key big/big.bin \
  --range bytes=1000-1999 "$DST/range.bin"
BIG_SIZE=$((21 * 1024 * 1024 + 12345))
check "d['ContentRange'] == 'bytes 1000-1999/$BIG_SIZE' and d['ContentLength'] == 1000" \
  "get-object --range answers with Content-Range"
dd if="$SRC/big.bin" of="$DST/range.expected" bs=1000 skip=1 count=1 status=none
same "$DST/range.expected" "$DST/range.bin" "ranged bytes match"

# --- cp --recursive -------------------------------------------------------------------------------
run_ok "recursive upload" s3 cp --recursive "$SRC/tree" "s3://$B/tree/"
check 'out.count("upload:") == 6' "cp --recursive uploads 6 files"
run_ok "recursive listing" s3 ls --recursive "s3://$B/tree/"
check 'sorted(l.split(None, 3)[3] for l in out.splitlines()) == sorted(["tree/top.txt", "tree/nested/n.txt", "tree/nested/deeper/d.bin", "tree/with space/file name.txt", "tree/year=2025/month=08/day=15/part-0000.csv", "tree/nested/grüße.txt"])' \
  "ls --recursive lists every key"
run_ok "recursive download" s3 cp --recursive "s3://$B/tree/" "$DST/tree"
diff -r "$SRC/tree" "$DST/tree" >/dev/null || fail "cp --recursive down: trees differ"
pass "cp --recursive down: same tree, same bytes"

# --- ls of prefixes -------------------------------------------------------------------------------
run_ok "list bucket root" s3 ls "s3://$B/"
check 'sorted(l.strip() for l in out.splitlines()) == ["PRE big/", "PRE files/", "PRE moved/", "PRE raw data/", "PRE tree/"]' \
  "ls s3://$B/ shows the top-level prefixes"
run_ok "list a prefix" s3 ls "s3://$B/tree/"
check 'sorted(l.strip() for l in out.splitlines() if "PRE" in l) == ["PRE nested/", "PRE with space/", "PRE year=2025/"] and any(l.endswith(" top.txt") for l in out.splitlines())' \
  "ls s3://$B/tree/ shows sub-prefixes and files"
run_ok "list a partition prefix" s3 ls "s3://$B/tree/year=2025/month=08/"
check 'out.strip() == "PRE day=15/"' "ls of a Hive-style partition prefix"
run_ok "list a partial name" s3 ls "s3://$B/files/sma"
check 'len(out.splitlines()) == 1 and out.rstrip().endswith(" small.csv")' "ls with a partial key prefix"
expect_fail '' "ls of a prefix with no keys exits non-zero" s3 ls "s3://$B/no-such-prefix/"

# --- sync -----------------------------------------------------------------------------------------
run_ok "sync up" s3 sync --no-progress "$SRC/tree" "s3://$B/synced/"
check 'out.count("upload:") == 6' "sync uploads all 6 files"
run_ok "sync again" s3 sync --no-progress "$SRC/tree" "s3://$B/synced/"
check 'out.strip() == ""' "a second sync copies nothing"
printf 'changed, and longer than before\n' >"$SRC/tree/top.txt"
rm "$SRC/tree/nested/n.txt"
run_ok "sync a change with --delete" s3 sync --no-progress --delete "$SRC/tree" "s3://$B/synced/"
check 'out.count("upload:") == 1 and "synced/top.txt" in out and out.count("delete:") == 1 and "synced/nested/n.txt" in out' \
  "sync --delete uploads the changed file and deletes the removed one"
run_ok "sync down" s3 sync --no-progress "s3://$B/synced/" "$DST/synced"
diff -r "$SRC/tree" "$DST/synced" >/dev/null || fail "sync down: trees differ"
pass "sync down: same tree"

# --- a prefix with 2,500 keys (listing pagination) ------------------------------------------------
echo "... put 2,500 small objects with boto3 (16 threads)"
"$PY" - "$URL" "$B" <<'PYEOF' || fail "could not put 2,500 objects with boto3"
import concurrent.futures, sys
import boto3
from botocore.config import Config
url, bucket = sys.argv[1], sys.argv[2]
s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"}, max_pool_connections=16,
                                retries={"total_max_attempts": 1, "mode": "standard"}))
def put(i):
    s3.put_object(Bucket=bucket, Key=f"many/f{i:04d}.txt", Body=f"{i}\n".encode())
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    list(pool.map(put, range(2500)))
PYEOF
pass "put 2,500 objects under many/"
run_ok "ls a prefix of 2,500 keys" s3 ls "s3://$B/many/"
check 'len(out.splitlines()) == 2500 and len({l.split()[-1] for l in out.splitlines()}) == 2500' \
  "aws s3 ls pages through 2,500 keys, each once"
run_ok "list-objects-v2 of 2,500 keys" s3api list-objects-v2 --bucket "$B" --prefix many/ \
  --page-size 700
check '[o["Key"] for o in d["Contents"]] == [f"many/f{i:04d}.txt" for i in range(2500)]' \
  "list-objects-v2 --page-size 700 returns all 2,500 keys in order"
echo "... delete the 2,500 objects with boto3 (DeleteObjects, 1,000 keys a call)"
"$PY" - "$URL" "$B" <<'PYEOF' || fail "could not delete the 2,500 objects with boto3"
import sys
import boto3
from botocore.config import Config
url, bucket = sys.argv[1], sys.argv[2]
s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"},
                                retries={"total_max_attempts": 1, "mode": "standard"}))
keys = [f"many/f{i:04d}.txt" for i in range(2500)]
for i in range(0, len(keys), 1000):
    resp = s3.delete_objects(Bucket=bucket, Delete={
        "Objects": [{"Key": k} for k in keys[i:i + 1000]], "Quiet": True})
    assert not resp.get("Errors"), resp["Errors"][:3]
PYEOF
run_ok "list the emptied prefix" s3api list-objects-v2 --bucket "$B" --prefix many/ --no-paginate
check 'd["KeyCount"] == 0 and not d.get("Contents")' "DeleteObjects removed all 2,500 keys"

# --- s3api object calls ---------------------------------------------------------------------------
run_ok "put-object" s3api put-object --bucket "$B" --key "api/year=2025/month=08/day=15/a b.csv" \
  --body "$SRC/small.csv" --content-type text/csv --metadata origin=cli,team=data
MD5="$(md5sum "$SRC/small.csv" | cut -d' ' -f1)"
check "d['ETag'] == '\"$MD5\"'" "put-object returns the MD5 ETag"
run_ok "head-object" s3api head-object --bucket "$B" --key "api/year=2025/month=08/day=15/a b.csv"
SMALL_SIZE="$(stat -c %s "$SRC/small.csv")"
check "d['ContentType'] == 'text/csv' and d['Metadata'] == {'origin': 'cli', 'team': 'data'} and d['ContentLength'] == $SMALL_SIZE" \
  "head-object returns type, metadata and length"
run_ok "get-object" s3api get-object --bucket "$B" --key "api/year=2025/month=08/day=15/a b.csv" \
  "$DST/api.csv"
same "$SRC/small.csv" "$DST/api.csv" "get-object writes the same bytes"
run_ok "copy-object" s3api copy-object --bucket "$B" --key "api/copy é.csv" \
  --copy-source "$B/api/year=2025/month=08/day=15/a b.csv"
check "d['CopyObjectResult']['ETag'] == '\"$MD5\"'" "copy-object keeps the ETag"
run_ok "copy-object --metadata-directive REPLACE" s3api copy-object --bucket "$B" \
  --key "api/replaced.csv" --copy-source "$B/api/copy é.csv" --metadata-directive REPLACE \
  --content-type application/octet-stream --metadata fresh=yes
run_ok "head the replaced copy" s3api head-object --bucket "$B" --key api/replaced.csv
check 'd["Metadata"] == {"fresh": "yes"} and d["ContentType"] == "application/octet-stream"' \
  "copy-object REPLACE sets new metadata"
run_ok "list-objects-v2 --prefix api/" s3api list-objects-v2 --bucket "$B" --prefix api/
check '[o["Key"] for o in d["Contents"]] == ["api/copy é.csv", "api/replaced.csv", "api/year=2025/month=08/day=15/a b.csv"]' \
  "list-objects-v2 lists the api/ keys"
run_ok "list-objects-v2 --delimiter /" s3api list-objects-v2 --bucket "$B" --prefix api/ \
  --delimiter /
check '[p["Prefix"] for p in d["CommonPrefixes"]] == ["api/year=2025/"] and len(d["Contents"]) == 2' \
  "list-objects-v2 --delimiter rolls up the partitions"
run_ok "delete-objects" s3api delete-objects --bucket "$B" \
  --delete '{"Objects":[{"Key":"api/copy é.csv"},{"Key":"api/replaced.csv"},{"Key":"api/never-existed"}]}'
check 'sorted(x["Key"] for x in d["Deleted"]) == ["api/copy é.csv", "api/never-existed", "api/replaced.csv"] and not d.get("Errors")' \
  "delete-objects reports each key deleted"
run_ok "list after delete-objects" s3api list-objects-v2 --bucket "$B" --prefix api/
check '[o["Key"] for o in d["Contents"]] == ["api/year=2025/month=08/day=15/a b.csv"]' \
  "delete-objects removed exactly those keys"
expect_fail '404|Not Found|NoSuchKey' "head-object of a missing key fails" \
  s3api head-object --bucket "$B" --key api/missing
expect_fail '404|Not Found|does not exist' "cp of a missing key fails" \
  s3 cp "s3://$B/files/missing.txt" "$DST/missing.txt"

# --- rm ---------------------------------------------------------------------------------------------
run_ok "rm one object" s3 rm "s3://$B/files/small.csv"
check '"delete: s3://cli-bucket/files/small.csv" in out' "aws s3 rm deletes one object"
expect_fail '404|Not Found' "the removed object is gone" s3api head-object --bucket "$B" \
  --key files/small.csv
run_ok "rm --recursive" s3 rm --recursive "s3://$B/tree/"
check 'out.count("delete: s3://cli-bucket/tree/") == 6' "rm --recursive deletes each key under tree/"
run_ok "list the removed prefix" s3api list-objects-v2 --bucket "$B" --prefix tree/ --no-paginate
check 'd["KeyCount"] == 0 and not d.get("Contents")' "nothing is left under tree/"
run_ok "list what is left" s3 ls "s3://$B/files/"
check 'sorted(l.split(None, 3)[3] for l in out.splitlines()) == ["empty.txt"]' \
  "the other keys under files/ are still there (and mv took stdin.csv away)"

# --- rb -------------------------------------------------------------------------------------------
# --- CLI v2's default s3-to-s3 copy of a large object: GetObjectTagging + UploadPartCopy ---------
run_ok "s3 to s3 copy with default --copy-props" s3 cp "s3://$B/big/big.bin" \
  "s3://$B2/big-copy2.bin"
run_ok "download that copy" s3 cp "s3://$B2/big-copy2.bin" "$DST/big-copy2.bin"
same "$SRC/big.bin" "$DST/big-copy2.bin" "default s3-to-s3 copy of 21 MiB has the same bytes"

expect_fail 'BucketNotEmpty' "rb of a non-empty bucket fails" s3 rb "s3://$B2"
run_ok "rm the copies" s3 rm --recursive "s3://$B2/"
run_ok "rb of an empty bucket" s3 rb "s3://$B2"
check '"remove_bucket: cli-other" in out' "aws s3 rb removes an empty bucket"
run_ok "rb --force" s3 rb --force "s3://$B"
check '"remove_bucket: cli-bucket" in out' "aws s3 rb --force empties and removes a bucket"
run_ok "list buckets at the end" s3 ls
check 'out.strip() == ""' "no buckets left"

stop_server
[[ "$STOP_CODE" == "0" ]] || fail "sluice did not exit 0 on SIGTERM (got $STOP_CODE)"
pass "server stopped"
echo "$PASSED passed, 0 failed"
