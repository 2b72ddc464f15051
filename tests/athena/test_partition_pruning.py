"""Partition pruning, measured by Athena's DataScannedInBytes: a table of 30 daily partitions
(day=01..30, one small CSV file each, every file a different size) is queried with WHERE terms on
the partition key, and the bytes scanned must equal exactly the sizes of the files of the
partitions the terms select. A term on a data column prunes nothing.
"""

from __future__ import annotations

import pytest

from athena_harness import unique
from query_harness import (csv_table_ddl, ddl, drop_bucket, fetch, make_bucket, put, query, run,
                           scanned)

DAYS = [f"{d:02d}" for d in range(1, 31)]


def day_rows(day: str) -> list[tuple[int, str, float]]:
    """Day d holds d rows, so every file has a different size."""
    d = int(day)
    return [(d * 100 + i, f"item{d}_{i}", d + i / 10) for i in range(d)]


class Daily:
    def __init__(self, db: str, bucket: str, sizes: dict[str, int]):
        self.db = db
        self.bucket = bucket
        self.sizes = sizes
        self.table = f"{db}.daily"


@pytest.fixture(scope="module")
def daily(athena, glue, s3):
    bucket = make_bucket(s3, "prune")
    db = unique("pdb")
    ddl(athena, f"CREATE DATABASE {db}")
    sizes = {}
    for day in DAYS:
        text = "".join(f"{i},{name},{price}\n" for i, name, price in day_rows(day))
        sizes[day] = put(s3, bucket, f"daily/day={day}/data.csv", text)
    assert len(set(sizes.values())) == 30
    ddl(athena, csv_table_ddl(db, "daily", "id bigint, item string, price double",
                              f"s3://{bucket}/daily/", header=False,
                              partitioned_by="day string"))
    ddl(athena, f"MSCK REPAIR TABLE {db}.daily")
    parts = glue.get_partitions(DatabaseName=db, TableName="daily")["Partitions"]
    assert sorted(p["Values"][0] for p in parts) == DAYS
    yield Daily(db, bucket, sizes)
    run(athena, f"DROP DATABASE IF EXISTS {db} CASCADE", expect=None)
    drop_bucket(s3, bucket)


def test_one_day_scans_only_that_days_file(athena, daily):
    qid, execution = run(athena, f"SELECT id, item, price, day FROM {daily.table} "
                                 f"WHERE day = '07' ORDER BY id")
    rows = fetch(athena, qid)[1]
    assert rows == [[str(i), n, str(p), "07"] for i, n, p in day_rows("07")]
    assert scanned(execution) == daily.sizes["07"]


def test_each_single_day_scans_its_own_file(athena, daily):
    for day in ("01", "15", "30"):
        qid, execution = run(athena, f"SELECT count(*) AS n, sum(id) AS s FROM {daily.table} "
                                     f"WHERE day = '{day}'")
        expected = day_rows(day)
        assert fetch(athena, qid)[1] == [[str(len(expected)), str(sum(r[0] for r in expected))]]
        assert scanned(execution) == daily.sizes[day], day


@pytest.mark.parametrize("where", ["day = '07' OR day = '12'", "day IN ('12', '07')",
                                   "(day = '07' OR day = '12') AND price > 0"])
def test_two_days_scan_two_files(athena, daily, where):
    qid, execution = run(athena, f"SELECT day, count(*) AS n FROM {daily.table} WHERE {where} "
                                 f"GROUP BY day ORDER BY day")
    assert fetch(athena, qid)[1] == [["07", "7"], ["12", "12"]]
    assert scanned(execution) == daily.sizes["07"] + daily.sizes["12"]


def test_a_range_of_days_scans_those_files(athena, daily):
    _, execution = run(athena, f"SELECT count(*) AS n FROM {daily.table} "
                               f"WHERE day BETWEEN '08' AND '10'")
    assert scanned(execution) == sum(daily.sizes[d] for d in ("08", "09", "10"))
    assert query(athena, f"SELECT count(*) AS n FROM {daily.table} "
                         f"WHERE day BETWEEN '08' AND '10'") == [["27"]]


def test_a_data_column_predicate_scans_every_file(athena, daily):
    qid, execution = run(athena, f"SELECT count(*) AS n FROM {daily.table} WHERE price > 20")
    expected = sum(1 for day in DAYS for r in day_rows(day) if r[2] > 20)
    assert fetch(athena, qid)[1] == [[str(expected)]]
    assert scanned(execution) == sum(daily.sizes.values())


def test_no_matching_partition_scans_nothing(athena, daily):
    qid, execution = run(athena, f"SELECT count(*) AS n FROM {daily.table} WHERE day = '31'")
    assert fetch(athena, qid)[1] == [["0"]]
    assert scanned(execution) == 0


def test_dropped_partition_is_not_read(athena, daily):
    """The catalog, not the folder listing, says which partitions exist."""
    ddl(athena, f"ALTER TABLE {daily.table} DROP PARTITION (day='30')")
    try:
        _, execution = run(athena, f"SELECT count(*) AS n FROM {daily.table} WHERE day >= '29'")
        assert scanned(execution) == daily.sizes["29"]
        assert query(athena, f"SELECT count(*) AS n FROM {daily.table}") == [
            [str(sum(range(1, 30)))]]
    finally:
        ddl(athena, f"ALTER TABLE {daily.table} ADD PARTITION (day='30') "
                    f"LOCATION 's3://{daily.bucket}/daily/day=30/'")
    assert query(athena, f"SELECT count(*) AS n FROM {daily.table} WHERE day = '30'") == [["30"]]
