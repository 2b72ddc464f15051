# The start every seed script shares: sourced right after it sets REPO_ROOT, with the name of its
# temp folder as $1. Sets SLUICE_BIN, PY, WORK and DATA, loads the AWS CLI environment
# (seed_env.sh) and the check helpers (cli_harness.sh), fails on any unexpected error, starts the
# server ($URL) and enters "$WORK/seed", where the seeds write their files.
SLUICE_BIN="${SLUICE_BIN:-$REPO_ROOT/build/sluice}"
PY=/usr/bin/python3

WORK="$(mktemp -d -t "sluice-$1.XXXXXX")"
DATA="$WORK/data"

# shellcheck source=seed_env.sh
source "$REPO_ROOT/tests/lib/seed_env.sh"

# shellcheck source=cli_harness.sh
source "$REPO_ROOT/tests/lib/cli_harness.sh"
trap 'fail "unexpected error (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

[[ -x /usr/bin/aws ]] || fail "/usr/bin/aws not found (install Debian's awscli)"
[[ -x "$SLUICE_BIN" ]] || fail "sluice binary not found at $SLUICE_BIN (build it first)"
start_server
pass "server listening at $URL"
mkdir -p "$WORK/seed"
cd "$WORK/seed"
