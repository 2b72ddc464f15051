#!/usr/bin/env bash
# `make bench` (storage part): the Storage issue's figures, each next to a baseline measured here.
#   1. GetObject of a 1 GB object with curl vs a minimal sendfile() server sending the same file;
#      PutObject of it with curl vs the same limit; server RSS sampled during both.
#   2. 4 KiB PutObject and GetObject with 8 keep-alive connections (wrk).
#   3. ListObjectsV2 page of 1,000 keys from a bucket of 100,000.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SLUICE_BIN:-$root/build/sluice}
size_mb=${BENCH_OBJECT_MB:-1024}
work=$(mktemp -d /tmp/sluice-s3bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$root/build/bench/s3_fill" "$work/data" listing 100000 2>/dev/null
"$bin" serve --data-dir "$work/data" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!; pids+=("$pid")
until grep -q 'listening on' "$work/serve.out" 2>/dev/null; do sleep 0.01; done
url=$(grep -o 'http://[0-9.]*:[0-9]*' "$work/serve.out")
curl -sf -X PUT "$url/bench" >/dev/null

head -c $((size_mb * 1024 * 1024)) /dev/urandom >"$work/big.bin"
cat "$work/big.bin" >/dev/null  # in the page cache for both runs
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status; }
peak_rss() {  # samples the server's RSS while a command runs; prints the peak in MB
  local peak=0 r
  "$@" & local cmd=$!
  while kill -0 $cmd 2>/dev/null; do r=$(rss); ((r > peak)) && peak=$r; sleep 0.05; done
  wait $cmd
  echo "$peak"
}
rss_before=$(rss)
put_start=$(date +%s%N)
put_rss=$(peak_rss curl -sf -o /dev/null -X PUT -T "$work/big.bin" "$url/bench/big.bin")
put_s=$(awk -v a="$put_start" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')
get_start=$(date +%s%N)
get_rss=$(peak_rss curl -sf -o /dev/null "$url/bench/big.bin")
get_s=$(awk -v a="$get_start" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')

/usr/bin/python3 "$root/bench/sendfile_server.py" "$work/big.bin" "$work/port" &
pids+=("$!")
until [[ -s "$work/port" ]]; do sleep 0.01; done
base_start=$(date +%s%N)
curl -sf -o /dev/null "http://127.0.0.1:$(cat "$work/port")/"
base_s=$(awk -v a="$base_start" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')
# A single PUT's ETag is the MD5 of the body, and MD5 is serial: one core's MD5 speed over the
# same cached bytes bounds PutObject whatever the I/O does.
md5_start=$(date +%s%N)
md5sum "$work/big.bin" >/dev/null
md5_s=$(awk -v a="$md5_start" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')
awk -v mb="$size_mb" -v p="$put_s" -v g="$get_s" -v b="$base_s" -v m="$md5_s" 'BEGIN {
  printf "sendfile baseline: %.0f MB/s\n", mb / b
  printf "GetObject %d MB with curl: %.0f MB/s = %.0f%% of the baseline\n", mb, mb / g, 100 * b / g
  printf "PutObject %d MB with curl: %.0f MB/s = %.0f%% of the baseline\n", mb, mb / p, 100 * b / p
  printf "MD5 ceiling (md5sum of the cached file): %.0f MB/s = %.0f%% of the baseline; PutObject = %.0f%% of it\n", mb / m, 100 * b / m, 100 * m / p }'
echo "server RSS: idle ${rss_before} MB, peak during PUT ${put_rss} MB, peak during GET ${get_rss} MB"

curl -sf -o /dev/null -X PUT --data-binary @<(head -c 4096 /dev/zero) "$url/bench/small.bin"
put4k=$(wrk -t2 -c8 -d5s --latency -s "$root/bench/s3_put.lua" "$url" | grep '^RESULT')
get4k=$(wrk -t2 -c8 -d5s --latency -s "$root/bench/health.lua" "$url/bench/small.bin" | grep '^RESULT')
echo "PutObject 4 KiB, 8 conns: $put4k"
echo "GetObject 4 KiB, 8 conns: $get4k"

/usr/bin/python3 - "$url" <<'PY'
import statistics, sys, time, urllib.request
url = sys.argv[1]
def page(token=None):
    q = f"{url}/listing?list-type=2&max-keys=1000&prefix=data/"
    if token:
        q += "&continuation-token=" + urllib.parse.quote(token)
    t = time.perf_counter()
    body = urllib.request.urlopen(q).read()
    return (time.perf_counter() - t) * 1000, body
import urllib.parse, re
times = [page()[0] for _ in range(20)]
_, body = page()
token = re.search(rb"<NextContinuationToken>([^<]+)<", body).group(1).decode()
mid = [page(token)[0] for _ in range(20)]
print(f"ListObjectsV2 1,000 keys of 100,000: first page median {statistics.median(times):.1f} ms, "
      f"a middle page median {statistics.median(mid):.1f} ms (client-measured, includes HTTP and XML)")
PY
