# The environment the seed scripts run the seeds' `aws` commands in (tests/s3/seed_000_storage.sh,
# tests/crawler/seed_000_crawl.sh, tests/crawler/seed_001_crawl.sh). Source it after setting WORK.
# A configured CLI, as the seeds expect (`aws configure get region` must answer), fixed dummy
# credentials, and `aws` = Debian's CLI whatever else is earlier on PATH. While AWS_DEADLINE (a
# value of $SECONDS) is set and passed, `aws` fails instead of running: a seed's unbounded wait
# loop then ends the script through `set -e` instead of hanging it.

printf '[default]\nregion = us-east-1\n' >"$WORK/aws-config"
export AWS_CONFIG_FILE="$WORK/aws-config"
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_ACCESS_KEY_ID=AKIDTEST
export AWS_SECRET_ACCESS_KEY=test-secret-key
export AWS_PAGER=""
export AWS_MAX_ATTEMPTS=1
export LC_ALL=C.UTF-8
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_DEFAULT_REGION 2>/dev/null || true

AWS_DEADLINE=""
aws() {
  if [[ -n "$AWS_DEADLINE" ]] && ((SECONDS > AWS_DEADLINE)); then
    echo "FAIL: the crawler did not reach READY within 120 s" >&2
    return 1
  fi
  /usr/bin/aws "$@" </dev/null
}
