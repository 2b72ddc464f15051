#!/usr/bin/env python3
"""Start-to-"listening" time and idle RSS of `sluice serve`, on a fresh and on an existing data dir.

Baseline in the same run: the time to start `sluice version` (process start + dynamic linking,
DuckDB included), which no server start can beat.
usage: startup.py SLUICE_BIN
"""
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1]


def start_once(data_dir):
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    elapsed = (time.perf_counter() - t0) * 1000
    assert "listening on" in line, line
    time.sleep(0.3)
    with open(f"/proc/{proc.pid}/status") as f:
        rss_kb = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)
    return elapsed, rss_kb / 1024


def version_once():
    t0 = time.perf_counter()
    subprocess.run([binary, "version"], stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t0) * 1000


with tempfile.TemporaryDirectory() as tmp:
    fresh = [start_once(os.path.join(tmp, f"fresh{i}")) for i in range(5)]
    existing = [start_once(os.path.join(tmp, "fresh0")) for _ in range(5)]
baseline = statistics.median(version_once() for _ in range(5))
f_ms = statistics.median(x[0] for x in fresh)
e_ms = statistics.median(x[0] for x in existing)
rss = max(x[1] for x in fresh + existing)
print(f"start to listening: fresh data dir {f_ms:.1f} ms, existing data dir {e_ms:.1f} ms "
      f"(baseline `sluice version` {baseline:.1f} ms; ratio {e_ms / baseline:.2f}x); idle RSS {rss:.1f} MB")
