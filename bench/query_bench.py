#!/usr/bin/env python3
"""SQL engine figures (issue 5) on the seeds' weather lake (bench/weather_lake.py), each as a
ratio to raw DuckDB (bench/sql_run, the same DuckDB library) on the same files in the same run:
  1. an aggregation over the crawled raw_weather_data table through the Athena API, end to end,
     vs raw DuckDB reading the lake's csv.gz files (target <= 1.1x);
  2. the weather transform as CTAS statements (validation ranges, heat index, wind chill, dew
     point -> Parquet partitioned by year/month/day; hourly and daily aggregates by station) vs
     the same statements as raw DuckDB COPYs (target <= 1.2x), and the server's peak RSS (<= 1.5 GB);
  3. a query touching one partition of the 30, end to end through the API (target <= 50 ms).
usage: query_bench.py SLUICE_BIN SQL_RUN LAKE_DIR
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.config import Config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crawl_bench  # noqa: E402
import weather_lake  # noqa: E402

CLEAN = """SELECT station_id, "timestamp", temperature, humidity, pressure, wind_speed,
  wind_direction, weather_condition,
  CASE WHEN temperature >= 27 AND humidity >= 40 THEN
    -8.78469475556 + 1.61139411 * temperature + 2.33854883889 * humidity
    - 0.14611605 * temperature * humidity - 0.012308094 * temperature * temperature
    - 0.0164248277778 * humidity * humidity + 0.002211732 * temperature * temperature * humidity
    + 0.00072546 * temperature * humidity * humidity
    - 0.000003582 * temperature * temperature * humidity * humidity
  ELSE temperature END AS heat_index,
  CASE WHEN temperature <= 10 AND wind_speed > 4.8 THEN
    13.12 + 0.6215 * temperature - 11.37 * pow(wind_speed, 0.16)
    + 0.3965 * temperature * pow(wind_speed, 0.16)
  ELSE temperature END AS wind_chill,
  243.04 * (ln(humidity / 100) + 17.625 * temperature / (243.04 + temperature))
    / (17.625 - ln(humidity / 100) - 17.625 * temperature / (243.04 + temperature)) AS dew_point,
  year, month, day
FROM {raw}
WHERE temperature BETWEEN -60 AND 60 AND humidity > 0 AND humidity <= 100
  AND pressure BETWEEN 870 AND 1090 AND wind_speed BETWEEN 0 AND 120
  AND wind_direction BETWEEN 0 AND 360"""

HOURLY = """SELECT station_id, date_trunc('hour', "timestamp") AS hour, count(*) AS readings,
  avg(temperature) AS avg_temperature, min(temperature) AS min_temperature,
  max(temperature) AS max_temperature, avg(humidity) AS avg_humidity,
  avg(heat_index) AS avg_heat_index, avg(dew_point) AS avg_dew_point
FROM {clean} GROUP BY station_id, date_trunc('hour', "timestamp")"""

DAILY = """SELECT station_id, CAST("timestamp" AS DATE) AS day_date, count(*) AS readings,
  avg(temperature) AS avg_temperature, min(temperature) AS min_temperature,
  max(temperature) AS max_temperature, max(wind_speed) AS max_wind_speed,
  min(wind_chill) AS min_wind_chill, avg(pressure) AS avg_pressure
FROM {clean} GROUP BY station_id, CAST("timestamp" AS DATE)"""

SCAN = """SELECT station_id, count(*) AS n, avg(temperature) AS t, max(wind_speed) AS w
FROM {raw} GROUP BY station_id ORDER BY station_id"""

ONE_DAY = """SELECT count(*) AS n, avg(temperature) AS t FROM {raw}
WHERE year = '2025' AND month = '08' AND day = '15'"""


def athena_client(url):
    return boto3.client("athena", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="b", aws_secret_access_key="b",
                        config=Config(retries={"total_max_attempts": 1}))


def run(athena, sql, poll=0.002):
    start = time.perf_counter()
    qid = athena.start_query_execution(QueryString=sql, QueryExecutionContext={
        "Database": "weather"})["QueryExecutionId"]
    while True:
        status = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]
        if status["State"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(poll)
    if status["State"] != "SUCCEEDED":
        raise SystemExit(f"query failed: {status.get('StateChangeReason')}\n{sql}")
    rows = athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["Rows"]
    return time.perf_counter() - start, rows, qid


def one_partition(athena, sql, runs=21):
    laps, engine = [], []
    for _ in range(runs):
        lap, _, qid = run(athena, sql, poll=0.001)
        laps.append(lap)
        engine.append(athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"][
            "Statistics"]["EngineExecutionTimeInMillis"])
    return statistics.median(laps), statistics.median(engine)


def raw_duckdb(sql_run, statements, work):
    path = os.path.join(work, "raw.sql")
    with open(path, "w") as f:
        f.write("\n;\n".join(statements) + "\n")
    out = subprocess.run([sql_run, path], check=True, capture_output=True, text=True).stdout
    times = [float(l.split()[2]) / 1000 for l in out.splitlines() if l.startswith("STATEMENT")]
    rss = [float(l.split()[1]) for l in out.splitlines() if l.startswith("PEAK_RSS_MB")][0]
    return times, rss


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("sql_run")
    ap.add_argument("lake")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.lake, "raw", "weather_data")):
        weather_lake.generate(a.lake, 30, 24, 6000, weather_lake.datetime.date(2025, 8, 1))
    files = os.path.join(a.lake, "raw", "weather_data", "*", "*", "*", "*.csv.gz")
    raw_src = f"read_csv('{files}', hive_partitioning = true)"
    with tempfile.TemporaryDirectory() as work:
        proc, url = crawl_bench.start_server(a.binary, os.path.join(work, "data"))
        try:
            s3, glue = crawl_bench.clients(url)
            s3.create_bucket(Bucket="lake")
            crawl_bench.upload(s3, a.lake, "lake")
            glue.create_database(DatabaseInput={"Name": "weather"})
            glue.create_crawler(Name="weather", Role="r", DatabaseName="weather",
                                Targets={"S3Targets": [{"Path": "s3://lake/raw/weather_data/"}]},
                                TablePrefix="raw_")
            crawl_bench.crawl(glue, "weather")
            athena = athena_client(url)
            out = "s3://lake/processed"  # the built-in store, as the seeds write their layers

            # 1. An aggregation over the whole table.
            raw_times, _ = raw_duckdb(a.sql_run, [SCAN.format(raw=raw_src)] * 3, work)
            ours = [run(athena, SCAN.format(raw="raw_weather_data"))[0] for _ in range(3)]
            r, s = statistics.median(raw_times), statistics.median(ours)
            print(f"aggregation over 4.3M rows: raw DuckDB {r:.3f} s, Sluice through the Athena "
                  f"API {s:.3f} s = {s / r:.2f}x; target <= 1.1x")

            # 2. The weather transform.
            clean_dir, hourly_dir, daily_dir = (f"{work}/raw_{n}" for n in ("clean", "hourly", "daily"))
            raw_statements = [
                f"COPY ({CLEAN.format(raw=raw_src)}) TO '{clean_dir}' (FORMAT parquet, "
                "COMPRESSION snappy, PARTITION_BY (year, month, day))",
                f"COPY ({HOURLY.format(clean=f'read_parquet(' + repr(clean_dir + '/*/*/*/*.parquet') + ', hive_partitioning = true)')}) "
                f"TO '{hourly_dir}.parquet' (FORMAT parquet, COMPRESSION snappy)",
                f"COPY ({DAILY.format(clean=f'read_parquet(' + repr(clean_dir + '/*/*/*/*.parquet') + ', hive_partitioning = true)')}) "
                f"TO '{daily_dir}.parquet' (FORMAT parquet, COMPRESSION snappy)",
            ]
            raw_times, raw_rss = raw_duckdb(a.sql_run, raw_statements, work)
            ctas = [
                "CREATE TABLE weather_clean WITH (format = 'PARQUET', external_location = "
                f"'{out}/clean/', partitioned_by = ARRAY['year', 'month', 'day']) AS "
                + CLEAN.format(raw="raw_weather_data"),
                f"CREATE TABLE weather_hourly WITH (format = 'PARQUET', external_location = "
                f"'{out}/hourly/') AS " + HOURLY.format(clean="weather_clean"),
                f"CREATE TABLE weather_daily WITH (format = 'PARQUET', external_location = "
                f"'{out}/daily/') AS " + DAILY.format(clean="weather_clean"),
            ]
            ours = [run(athena, sql, poll=0.01)[0] for sql in ctas]
            names = ["clean (Parquet by year/month/day)", "hourly by station", "daily by station"]
            for name, r, s in zip(names, raw_times, ours):
                print(f"  transform {name}: raw DuckDB {r:.3f} s, Sluice CTAS {s:.3f} s = {s / r:.2f}x")
            r, s = sum(raw_times), sum(ours)
            print(f"weather transform: raw DuckDB {r:.3f} s, Sluice CTAS {s:.3f} s = {s / r:.2f}x; "
                  f"target <= 1.2x")
            print(f"peak RSS: raw DuckDB {raw_rss:.0f} MB, sluice serve {peak_rss_mb(proc.pid):.0f} MB; "
                  "target <= 1500 MB")

            # 3. One partition of 30, end to end: a day of the raw lake (24 csv.gz files, 144k
            # rows: DuckDB's reading dominates, so compare with raw DuckDB on those files), and a
            # 30-partition Parquet table of small files (the API's own latency).
            day_files = os.path.join(a.lake, "raw", "weather_data", "year=2025", "month=08",
                                     "day=15", "*.csv.gz")
            raw_times, _ = raw_duckdb(a.sql_run, [ONE_DAY.format(
                raw=f"read_csv('{day_files}', hive_partitioning = true)")] * 5, work)
            laps, engine = one_partition(athena, ONE_DAY.format(raw="raw_weather_data"))
            r = statistics.median(raw_times)
            print(f"one day (of 30) of the raw lake through the API: median {laps * 1000:.1f} ms "
                  f"(server side {engine:.0f} ms); raw DuckDB over that day's files {r * 1000:.1f} ms "
                  f"= {laps / r:.2f}x")
            run(athena, "CREATE TABLE station_days WITH (format = 'PARQUET', external_location = "
                f"'{out}/station_days/', partitioned_by = ARRAY['day']) AS SELECT station_id, "
                "\"timestamp\", temperature, day FROM raw_weather_data WHERE station_id = 'STATION_001'")
            laps, engine = one_partition(athena, "SELECT count(*) AS n, avg(temperature) AS t "
                                         "FROM station_days WHERE day = '15'")
            print(f"one partition of a 30-partition table (small Parquet files) through the API: "
                  f"median {laps * 1000:.1f} ms (server side {engine:.0f} ms); target <= 50 ms")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
