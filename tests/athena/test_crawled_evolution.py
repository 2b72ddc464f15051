"""Schema evolution end to end (issue 4's "all partitions stay queryable"): a crawler catalogs
daily partitions whose later files gained a column, and Athena queries over the crawled table read
every partition — the old ones give NULL for the new column — for CSV with a header, JSON lines
and gzip CSV."""

from __future__ import annotations

import gzip
import json
import time

import pytest

from query_harness import make_bucket, put, query

ROLE = "arn:aws:iam::000000000000:role/sluice-test"


def crawl(glue, name: str, database: str, path: str) -> None:
    glue.create_crawler(Name=name, Role=ROLE, DatabaseName=database,
                        Targets={"S3Targets": [{"Path": path}]})
    glue.start_crawler(Name=name)
    deadline = time.monotonic() + 60
    while True:
        crawler = glue.get_crawler(Name=name)["Crawler"]
        if crawler["State"] == "READY" and "LastCrawl" in crawler:
            assert crawler["LastCrawl"]["Status"] == "SUCCEEDED", crawler["LastCrawl"]
            return
        assert time.monotonic() < deadline, f"crawler {name} still {crawler['State']}"
        time.sleep(0.05)


@pytest.mark.parametrize("kind", ["csv", "json", "csv.gz"])
def test_partitions_crawled_before_a_column_was_added_stay_queryable(athena, glue, s3, database,
                                                                     kind):
    bucket = make_bucket(s3, "evo")
    old_rows = [{"station": "s1", "temp": 1.5}, {"station": "s2", "temp": 2.5}]
    new_rows = [{"station": "s1", "temp": 3.5, "wind": 12.0},
                {"station": "s2", "temp": 4.5, "wind": 7.0}]

    def body(rows, columns):
        if kind == "json":
            text = "".join(json.dumps(r) + "\n" for r in rows)
        else:
            text = ",".join(columns) + "\n" + "".join(
                ",".join(str(r[c]) for c in columns) + "\n" for r in rows)
        return gzip.compress(text.encode()) if kind.endswith(".gz") else text

    ext = kind
    put(s3, bucket, f"weather/day=01/part-0.{ext}", body(old_rows, ["station", "temp"]))
    put(s3, bucket, f"weather/day=02/part-0.{ext}", body(old_rows, ["station", "temp"]))
    put(s3, bucket, f"weather/day=03/part-0.{ext}", body(new_rows, ["station", "temp", "wind"]))
    crawl(glue, f"evo-{database}-{kind.replace('.', '-')}", database, f"s3://{bucket}/weather/")

    table = glue.get_table(DatabaseName=database, Name="weather")["Table"]
    assert [c["Name"] for c in table["StorageDescriptor"]["Columns"]] == ["station", "temp", "wind"]
    partitions = glue.get_partitions(DatabaseName=database, TableName="weather")["Partitions"]
    assert len(partitions) == 3

    rows = query(athena, f"SELECT day, station, temp, wind FROM {database}.weather "
                         "ORDER BY day, station")
    assert rows == [["01", "s1", "1.5", None], ["01", "s2", "2.5", None],
                    ["02", "s1", "1.5", None], ["02", "s2", "2.5", None],
                    ["03", "s1", "3.5", "12.0"], ["03", "s2", "4.5", "7.0"]]
    assert query(athena, f"SELECT count(*), count(wind) FROM {database}.weather") == [["6", "2"]]
