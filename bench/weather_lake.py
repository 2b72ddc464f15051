#!/usr/bin/env python3
"""Generates the seeds' weather lake: raw/weather_data/year=/month=/day=/weather_HH.csv.gz.

Columns station_id, timestamp, temperature, humidity, pressure, wind_speed, wind_direction,
weather_condition; ~1.5% of readings are invalid (an empty value or an out-of-range number, as a
faulty sensor sends). Deterministic for a given seed.

usage: weather_lake.py OUT_DIR [--days 30] [--files-per-day 24] [--rows 6000] [--start 2025-08-01]
"""
import argparse
import datetime
import gzip
import os
import random

CONDITIONS = ["clear", "cloudy", "rain", "snow", "fog", "storm", "drizzle"]


def reading(rng, station, ts):
    temperature = round(rng.gauss(18, 8), 1)
    humidity = round(rng.uniform(20, 100), 1)
    pressure = round(rng.gauss(1013, 8), 1)
    wind_speed = round(abs(rng.gauss(12, 6)), 1)
    wind_direction = round(rng.uniform(0, 360), 1)
    condition = rng.choice(CONDITIONS)
    values = [temperature, humidity, pressure, wind_speed, wind_direction]
    if rng.random() < 0.015:  # an invalid reading
        i = rng.randrange(len(values))
        values[i] = "" if rng.random() < 0.5 else -999.0
    return [station, ts.strftime("%Y-%m-%d %H:%M:%S")] + [str(v) for v in values] + [condition]


def generate(out, days, files_per_day, rows, start, seed=7):
    rng = random.Random(seed)
    header = ("station_id,timestamp,temperature,humidity,pressure,wind_speed,wind_direction,"
              "weather_condition\n")
    total = 0
    for d in range(days):
        day = start + datetime.timedelta(days=d)
        folder = os.path.join(out, "raw", "weather_data", f"year={day.year}",
                              f"month={day.month:02d}", f"day={day.day:02d}")
        os.makedirs(folder, exist_ok=True)
        for h in range(files_per_day):
            lines = [header]
            base = datetime.datetime(day.year, day.month, day.day, h % 24)
            for r in range(rows):
                ts = base + datetime.timedelta(seconds=(r * 3600) // max(rows, 1))
                lines.append(",".join(reading(rng, f"STATION_{r % 50 + 1:03d}", ts)) + "\n")
            path = os.path.join(folder, f"weather_{h:02d}.csv.gz")
            with gzip.open(path, "wt", compresslevel=6) as f:
                f.write("".join(lines))
            total += rows
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--files-per-day", type=int, default=24)
    p.add_argument("--rows", type=int, default=6000)
    p.add_argument("--start", default="2025-08-01")
    a = p.parse_args()
    start = datetime.date.fromisoformat(a.start)
    n = generate(a.out, a.days, a.files_per_day, a.rows, start)
    print(f"wrote {a.days * a.files_per_day} files, {n} rows under {a.out}/raw/weather_data")


if __name__ == "__main__":
    main()
