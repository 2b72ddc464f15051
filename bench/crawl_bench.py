#!/usr/bin/env python3
"""Crawler figures (issue 4): the weather lake (bench/weather_lake.py) in the built-in store.

Prints, each next to a baseline from the same run:
  cold crawl of 720 csv.gz files; re-crawl with nothing new; re-crawl after one new day;
  baseline: the same server sending every object once to one client (GET all, 8 threads);
  files/s on a lake of many small JSON files.
usage: crawl_bench.py SLUICE_BIN LAKE_DIR [--small-files 20000]
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.config import Config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weather_lake  # noqa: E402


def start_server(binary, data_dir):
    proc = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    url = line.split("listening on ")[1].split()[0]
    return proc, url


def clients(url):
    kw = dict(endpoint_url=url, region_name="us-east-1", aws_access_key_id="b",
              aws_secret_access_key="b",
              config=Config(s3={"addressing_style": "path"}, max_pool_connections=16,
                            retries={"total_max_attempts": 1}))
    return boto3.client("s3", **kw), boto3.client("glue", **kw)


def upload(s3, root, bucket):
    paths = []
    for d, _, files in os.walk(root):
        for f in files:
            full = os.path.join(d, f)
            paths.append((full, os.path.relpath(full, root)))
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda p: s3.upload_file(p[0], bucket, p[1]), paths))
    return len(paths)


def crawl(glue, name):
    start = time.perf_counter()
    glue.start_crawler(Name=name)
    while True:
        c = glue.get_crawler(Name=name)["Crawler"]
        if c["State"] == "READY" and "LastCrawl" in c:
            crawls = glue.list_crawls(CrawlerName=name, MaxResults=1)["Crawls"]
            if crawls and crawls[0]["State"] != "RUNNING":
                break
        time.sleep(0.02)  # a busier poll would take CPU from the crawl on 2 cores
    elapsed = time.perf_counter() - start
    last = glue.list_crawls(CrawlerName=name, MaxResults=1)["Crawls"][0]
    server = last["EndTime"].timestamp() - last["StartTime"].timestamp()
    return elapsed, server, last


def get_all(s3, bucket, prefix):
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [o["Key"] for o in page.get("Contents", [])]
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: s3.get_object(Bucket=bucket, Key=k)["Body"].read(), keys))
    return time.perf_counter() - start, len(keys)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("lake")
    ap.add_argument("--small-files", type=int, default=20000)
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.lake, "raw", "weather_data")):
        weather_lake.generate(a.lake, 30, 24, 6000, weather_lake.datetime.date(2025, 8, 1))
    with tempfile.TemporaryDirectory() as work:
        proc, url = start_server(a.binary, os.path.join(work, "data"))
        try:
            s3, glue = clients(url)
            s3.create_bucket(Bucket="lake")
            n = upload(s3, a.lake, "lake")
            glue.create_database(DatabaseInput={"Name": "weather"})
            glue.create_crawler(Name="weather", Role="r", DatabaseName="weather",
                                Targets={"S3Targets": [{"Path": "s3://lake/raw/weather_data/"}]},
                                TablePrefix="raw_")
            base, count = get_all(s3, "lake", "raw/weather_data/")
            print(f"baseline: GET every object once ({count} files), 8 threads: {base:.3f} s")
            cold, cold_server, last = crawl(glue, "weather")
            summary = json.loads(last["Summary"])
            table = glue.get_table(DatabaseName="weather", Name="raw_weather_data")["Table"]
            cols = ", ".join(f"{c['Name']} {c['Type']}" for c in table["StorageDescriptor"]["Columns"])
            print(f"table raw_weather_data: {cols}; partitions "
                  f"{summary['PARTITION']['ADD']['Count']}")
            print(f"cold crawl of {n} files: {cold:.3f} s (server {cold_server:.3f} s) = "
                  f"{cold / base:.2f}x the GET-all baseline; target < 1 s")
            again, again_server, _ = crawl(glue, "weather")
            print(f"re-crawl, nothing new: {again:.3f} s (server {again_server:.3f} s); "
                  f"target < 0.2 s")
            extra = os.path.join(work, "extra")
            weather_lake.generate(extra, 1, 24, 6000, weather_lake.datetime.date(2025, 8, 31), seed=9)
            upload(s3, extra, "lake")
            new_day, new_day_server, last = crawl(glue, "weather")
            added = json.loads(last["Summary"])["PARTITION"]["ADD"]["Count"]
            print(f"re-crawl with one new day ({added} partition added): {new_day:.3f} s "
                  f"(server {new_day_server:.3f} s); target < 0.3 s")

            small = os.path.join(work, "small")
            os.makedirs(small)
            for i in range(a.small_files):
                d = os.path.join(small, "events", f"day={i % 20:02d}")
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, f"e{i}.json"), "w") as f:
                    f.write(json.dumps({"id": i, "kind": "click", "value": i * 0.5}) + "\n")
            upload(s3, small, "lake")
            glue.create_crawler(Name="small", Role="r", DatabaseName="weather",
                                Targets={"S3Targets": [{"Path": "s3://lake/events/"}]})
            t, t_server, _ = crawl(glue, "small")
            print(f"cold crawl of {a.small_files} small files: {t:.3f} s = "
                  f"{a.small_files / t:.0f} files/s")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
