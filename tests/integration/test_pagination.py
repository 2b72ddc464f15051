"""NextToken / MaxResults on every listing operation, and GetPartitions Segment."""

from __future__ import annotations

import pytest

from sluice_harness import (batch_create_partitions, collect_pages, glue_error, partition_values,
                            table_input, unique)

BIG = [[str(y), f"{m:02d}", f"{d:02d}"] for y in range(2000, 2025) for m in range(1, 11)
       for d in range(1, 11)]
KEYS = [("year", "string"), ("month", "string"), ("day", "string")]


@pytest.fixture(scope="module")
def big(glue):
    """A table with 2,500 partitions; yields (db, table)."""
    assert len(BIG) == 2500
    db = unique("pages")
    glue.create_database(DatabaseInput={"Name": db})
    glue.create_table(DatabaseName=db, TableInput=table_input("big", KEYS))
    batch_create_partitions(glue, db, "big", BIG)
    yield db, "big"
    glue.delete_database(Name=db)


ALL_BIG = sorted(tuple(v) for v in BIG)


def assert_each_once(got: list[tuple], expected: list[tuple]) -> None:
    dupes = {v for v in got if got.count(v) > 1} if len(got) != len(set(got)) else set()
    assert not dupes, f"returned more than once: {sorted(dupes)[:5]}"
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    assert not missing and not extra, f"missing {missing[:5]}, unexpected {extra[:5]}"


# -- GetPartitions ------------------------------------------------------------------------------
def test_partitions_pages_of_1000(glue, big):
    db, t = big
    items, pages = collect_pages(glue.get_partitions, "Partitions", DatabaseName=db,
                                 TableName=t, MaxResults=1000)
    assert all(len(p) <= 1000 for p in pages), [len(p) for p in pages]
    assert len(pages) >= 3
    assert_each_once([tuple(p["Values"]) for p in items], ALL_BIG)


def test_partitions_small_pages(glue, big):
    db, t = big
    items, pages = collect_pages(glue.get_partitions, "Partitions", DatabaseName=db,
                                 TableName=t, MaxResults=50, ExcludeColumnSchema=True)
    assert all(len(p) <= 50 for p in pages)
    assert len(pages) >= 50
    assert_each_once([tuple(p["Values"]) for p in items], ALL_BIG)


def test_partitions_without_max_results(glue, big):
    db, t = big
    assert_each_once(partition_values(glue, db, t), ALL_BIG)


def test_partitions_boto3_paginator(glue, big):
    db, t = big
    paginator = glue.get_paginator("get_partitions")
    got = []
    for page in paginator.paginate(DatabaseName=db, TableName=t,
                                   PaginationConfig={"PageSize": 333}):
        assert len(page["Partitions"]) <= 333
        got += [tuple(p["Values"]) for p in page["Partitions"]]
    assert_each_once(got, ALL_BIG)


def test_partitions_max_results_1(glue, big):
    db, t = big
    items, pages = collect_pages(glue.get_partitions, "Partitions", DatabaseName=db,
                                 TableName=t, MaxResults=1, Expression="year = '2001' AND day = '01'")
    assert all(len(p) <= 1 for p in pages)
    assert sorted(tuple(p["Values"]) for p in items) == [("2001", f"{m:02d}", "01")
                                                         for m in range(1, 11)]


@pytest.mark.parametrize("total", [1, 3, 10])
def test_segments_are_disjoint_and_cover_all(glue, big, total):
    db, t = big
    segments = [partition_values(glue, db, t, MaxResults=400,
                                 Segment={"SegmentNumber": n, "TotalSegments": total})
                for n in range(total)]
    for i in range(total):
        for j in range(i + 1, total):
            overlap = set(segments[i]) & set(segments[j])
            assert not overlap, f"segments {i} and {j} share {sorted(overlap)[:5]}"
    assert_each_once([v for s in segments for v in s], ALL_BIG)
    if total == 3:
        assert all(segments), "with 2,500 partitions no segment of 3 should be empty"


@pytest.mark.parametrize("segment", [
    {"SegmentNumber": 3, "TotalSegments": 3},
    {"SegmentNumber": 0, "TotalSegments": 11},
    {"SegmentNumber": 12, "TotalSegments": 11},
])
def test_bad_segment_is_invalid_input(glue, big, segment):
    db, t = big
    with glue_error("InvalidInputException"):
        glue.get_partitions(DatabaseName=db, TableName=t, Segment=segment)


def test_partitions_max_results_over_1000_is_invalid_input(glue, big):
    db, t = big
    with glue_error("InvalidInputException"):
        glue.get_partitions(DatabaseName=db, TableName=t, MaxResults=1001)


# -- GetDatabases, GetTables, GetTableVersions --------------------------------------------------
def test_databases_small_pages(glue):
    mine = {unique("pdb") for _ in range(7)}
    for name in mine:
        glue.create_database(DatabaseInput={"Name": name})
    items, pages = collect_pages(glue.get_databases, "DatabaseList", MaxResults=2)
    names = [d["Name"] for d in items]
    assert all(len(p) <= 2 for p in pages)
    assert len(names) == len(set(names)), "a database was listed twice"
    assert mine <= set(names)
    everything, _ = collect_pages(glue.get_databases, "DatabaseList", MaxResults=100)
    assert sorted(names) == sorted(d["Name"] for d in everything)
    paginated = []
    for page in glue.get_paginator("get_databases").paginate(PaginationConfig={"PageSize": 3}):
        paginated += [d["Name"] for d in page["DatabaseList"]]
    assert sorted(paginated) == sorted(names)


@pytest.fixture(scope="module")
def tables_db(glue):
    """A database with 13 tables t00..t12."""
    db = unique("ptables")
    glue.create_database(DatabaseInput={"Name": db})
    for i in range(13):
        glue.create_table(DatabaseName=db, TableInput=table_input(f"t{i:02d}"))
    yield db
    glue.delete_database(Name=db)


@pytest.mark.parametrize("page_size", [1, 5, 13, 100])
def test_tables_pages(glue, tables_db, page_size):
    items, pages = collect_pages(glue.get_tables, "TableList", DatabaseName=tables_db,
                                 MaxResults=page_size)
    assert all(len(p) <= page_size for p in pages)
    assert sorted(t["Name"] for t in items) == [f"t{i:02d}" for i in range(13)]


def test_tables_pages_with_expression(glue, tables_db):
    items, _ = collect_pages(glue.get_tables, "TableList", DatabaseName=tables_db,
                             MaxResults=2, Expression="t0.*")
    assert sorted(t["Name"] for t in items) == [f"t{i:02d}" for i in range(10)]


def test_tables_exact_multiple_of_page_size(glue):
    db = unique("pexact")
    glue.create_database(DatabaseInput={"Name": db})
    for i in range(10):
        glue.create_table(DatabaseName=db, TableInput=table_input(f"x{i}"))
    items, pages = collect_pages(glue.get_tables, "TableList", DatabaseName=db, MaxResults=5)
    assert len(pages) in (2, 3), [len(p) for p in pages]
    assert sorted(t["Name"] for t in items) == [f"x{i}" for i in range(10)]
    glue.delete_database(Name=db)


def test_table_versions_pages(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("t", Description="v1"))
    for i in range(2, 13):
        glue.update_table(DatabaseName=database, TableInput=table_input("t", Description=f"v{i}"))
    items, pages = collect_pages(glue.get_table_versions, "TableVersions", DatabaseName=database,
                                 TableName="t", MaxResults=5)
    assert all(len(p) <= 5 for p in pages)
    ids = [v["VersionId"] for v in items]
    assert sorted(ids, key=int) == [str(i) for i in range(1, 13)]
    paginated = []
    for page in glue.get_paginator("get_table_versions").paginate(
            DatabaseName=database, TableName="t", PaginationConfig={"PageSize": 4}):
        paginated += [v["VersionId"] for v in page["TableVersions"]]
    assert sorted(paginated, key=int) == [str(i) for i in range(1, 13)]


# -- out of range and garbage --------------------------------------------------------------------
def test_max_results_over_100_is_invalid_input(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("t"))
    with glue_error("InvalidInputException"):
        glue.get_databases(MaxResults=101)
    with glue_error("InvalidInputException"):
        glue.get_tables(DatabaseName=database, MaxResults=101)
    with glue_error("InvalidInputException"):
        glue.get_table_versions(DatabaseName=database, TableName="t", MaxResults=101)


@pytest.mark.parametrize("op,extra,value", [
    ("GetDatabases", {}, 0),
    ("GetDatabases", {}, -1),
    ("GetTables", {"DatabaseName": "db"}, 0),
    ("GetTableVersions", {"DatabaseName": "db", "TableName": "t"}, 0),
    ("GetPartitions", {"DatabaseName": "db", "TableName": "t"}, 0),
    ("GetPartitions", {"DatabaseName": "db", "TableName": "t"}, -5),
])
def test_max_results_below_1_is_invalid_input(server, glue, database, op, extra, value):
    # boto3 refuses these client-side, so they go as raw JSON.
    glue.create_table(DatabaseName=database, TableInput=table_input("t"))
    body = {k: (database if v == "db" else v) for k, v in extra.items()}
    body["MaxResults"] = value
    resp = server.raw(op, body)
    assert resp.status == 400, resp
    assert resp.error_type == "InvalidInputException", resp


GARBAGE_TOKENS = ["garbage-token-!@#$", "zzzz", "eyJub3QiOiJhIHRva2VuIn0=", "x" * 3000]


@pytest.mark.parametrize("token", GARBAGE_TOKENS, ids=["punct", "zzzz", "b64json", "long"])
def test_garbage_next_token_is_invalid_input(glue, database, token):
    glue.create_table(DatabaseName=database, TableInput=table_input("t", [("year", "string")]))
    batch_create_partitions(glue, database, "t", [["2024"]])
    calls = [
        lambda: glue.get_databases(NextToken=token),
        lambda: glue.get_tables(DatabaseName=database, NextToken=token),
        lambda: glue.get_table_versions(DatabaseName=database, TableName="t", NextToken=token),
        lambda: glue.get_partitions(DatabaseName=database, TableName="t", NextToken=token),
    ]
    for call in calls:
        with glue_error("InvalidInputException"):
            call()

