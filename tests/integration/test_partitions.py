"""Partitions (single and batch operations) and partition indexes."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from sluice_harness import (batch_create_partitions, glue_error, partition_input,
                            partition_values, table_input, unique)

KEYS = [("year", "string"), ("month", "string"), ("day", "string")]


@pytest.fixture
def table(glue, database):
    """A table partitioned by year/month/day strings in a fresh database; yields (db, table)."""
    glue.create_table(DatabaseName=database, TableInput=table_input("events", KEYS))
    return database, "events"


def test_create_then_get_partition(glue, table):
    db, t = table
    before = dt.datetime.now(dt.timezone.utc)
    pi = partition_input(["2024", "01", "15"], "s3://bucket/events/2024/01/15/")
    glue.create_partition(DatabaseName=db, TableName=t, PartitionInput=pi)
    part = glue.get_partition(DatabaseName=db, TableName=t,
                              PartitionValues=["2024", "01", "15"])["Partition"]
    assert part["Values"] == ["2024", "01", "15"]
    assert part["DatabaseName"] == db
    assert part["TableName"] == t
    assert part["StorageDescriptor"]["Location"] == "s3://bucket/events/2024/01/15/"
    assert part["StorageDescriptor"]["Columns"] == pi["StorageDescriptor"]["Columns"]
    assert part["StorageDescriptor"]["SerdeInfo"] == pi["StorageDescriptor"]["SerdeInfo"]
    assert part["Parameters"] == pi["Parameters"]
    assert isinstance(part["CreationTime"], dt.datetime)
    assert abs((part["CreationTime"] - before).total_seconds()) < 120


def test_get_partition_by_mixed_case_table_name(glue, table):
    db, t = table
    glue.create_partition(DatabaseName=db, TableName="EVENTS",
                          PartitionInput=partition_input(["2024", "01", "01"]))
    part = glue.get_partition(DatabaseName=db.upper(), TableName="Events",
                              PartitionValues=["2024", "01", "01"])["Partition"]
    assert part["TableName"] == t and part["DatabaseName"] == db


def test_partition_values_are_case_sensitive(glue, table):
    db, t = table
    glue.create_partition(DatabaseName=db, TableName=t,
                          PartitionInput=partition_input(["A", "b", "c"]))
    glue.create_partition(DatabaseName=db, TableName=t,
                          PartitionInput=partition_input(["a", "b", "c"]))
    assert sorted(partition_values(glue, db, t)) == [("A", "b", "c"), ("a", "b", "c")]


def test_duplicate_partition_is_already_exists(glue, table):
    db, t = table
    glue.create_partition(DatabaseName=db, TableName=t,
                          PartitionInput=partition_input(["2024", "01", "01"], "s3://first/"))
    with glue_error("AlreadyExistsException"):
        glue.create_partition(DatabaseName=db, TableName=t,
                              PartitionInput=partition_input(["2024", "01", "01"], "s3://2nd/"))
    part = glue.get_partition(DatabaseName=db, TableName=t,
                              PartitionValues=["2024", "01", "01"])["Partition"]
    assert part["StorageDescriptor"]["Location"] == "s3://first/"


def test_create_partition_on_missing_table_or_database_is_entity_not_found(glue, database):
    with glue_error("EntityNotFoundException"):
        glue.create_partition(DatabaseName=database, TableName="nope",
                              PartitionInput=partition_input(["1", "2", "3"]))
    with glue_error("EntityNotFoundException"):
        glue.create_partition(DatabaseName=unique("missing"), TableName="nope",
                              PartitionInput=partition_input(["1", "2", "3"]))


def test_partition_with_wrong_number_of_values_is_invalid_input(glue, table):
    db, t = table
    for values in (["2024", "01"], ["2024", "01", "01", "extra"]):
        with glue_error("InvalidInputException"):
            glue.create_partition(DatabaseName=db, TableName=t,
                                  PartitionInput=partition_input(values))
    assert partition_values(glue, db, t) == []


def test_get_missing_partition_is_entity_not_found(glue, table):
    db, t = table
    with glue_error("EntityNotFoundException"):
        glue.get_partition(DatabaseName=db, TableName=t, PartitionValues=["1999", "01", "01"])
    with glue_error("EntityNotFoundException"):
        glue.get_partition(DatabaseName=db, TableName="nope", PartitionValues=["1", "2", "3"])


def test_get_partitions_of_missing_table_is_entity_not_found(glue, database):
    with glue_error("EntityNotFoundException"):
        glue.get_partitions(DatabaseName=database, TableName="nope")
    with glue_error("EntityNotFoundException"):
        glue.get_partitions(DatabaseName=unique("missing"), TableName="nope")


def test_batch_create_partition_reports_duplicates_per_item(glue, table):
    db, t = table
    glue.create_partition(DatabaseName=db, TableName=t,
                          PartitionInput=partition_input(["2024", "01", "01"]))
    resp = glue.batch_create_partition(DatabaseName=db, TableName=t, PartitionInputList=[
        partition_input(["2024", "01", "01"]),
        partition_input(["2024", "01", "02"]),
        partition_input(["2024", "01", "03"]),
    ])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    errors = resp.get("Errors", [])
    assert [e["PartitionValues"] for e in errors] == [["2024", "01", "01"]]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "AlreadyExistsException"
    assert sorted(partition_values(glue, db, t)) == [
        ("2024", "01", "01"), ("2024", "01", "02"), ("2024", "01", "03")]


def test_batch_create_partition_duplicate_within_batch(glue, table):
    db, t = table
    resp = glue.batch_create_partition(DatabaseName=db, TableName=t, PartitionInputList=[
        partition_input(["2024", "02", "01"]),
        partition_input(["2024", "02", "01"]),
    ])
    errors = resp.get("Errors", [])
    assert len(errors) == 1, errors
    assert errors[0]["PartitionValues"] == ["2024", "02", "01"]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "AlreadyExistsException"
    assert partition_values(glue, db, t) == [("2024", "02", "01")]


def test_batch_create_partition_reports_bad_arity_per_item_or_rejects(glue, table):
    db, t = table
    try:
        resp = glue.batch_create_partition(DatabaseName=db, TableName=t, PartitionInputList=[
            partition_input(["2024", "03", "01"]), partition_input(["2024", "03"])])
    except glue.exceptions.InvalidInputException:
        assert partition_values(glue, db, t) == []
        return
    errors = resp.get("Errors", [])
    assert [e["PartitionValues"] for e in errors] == [["2024", "03"]]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "InvalidInputException"
    assert partition_values(glue, db, t) == [("2024", "03", "01")]


def test_batch_create_partition_over_100_entries_is_invalid_input(glue, table):
    db, t = table
    inputs = [partition_input(["2024", "01", f"{d:03d}"]) for d in range(101)]
    with glue_error("InvalidInputException"):
        glue.batch_create_partition(DatabaseName=db, TableName=t, PartitionInputList=inputs)
    assert partition_values(glue, db, t) == []


def test_batch_create_partition_exactly_100_entries(glue, table):
    db, t = table
    batch_create_partitions(glue, db, t, [["2024", "01", f"{d:03d}"] for d in range(100)])
    assert len(partition_values(glue, db, t)) == 100


def test_batch_create_partition_on_missing_table_is_entity_not_found(glue, database):
    with glue_error("EntityNotFoundException"):
        glue.batch_create_partition(DatabaseName=database, TableName="nope",
                                    PartitionInputList=[partition_input(["1", "2", "3"])])


def test_batch_get_partition(glue, table):
    db, t = table
    batch_create_partitions(glue, db, t, [["2024", "01", "01"], ["2024", "01", "02"],
                                          ["2024", "01", "03"]])
    resp = glue.batch_get_partition(DatabaseName=db, TableName=t, PartitionsToGet=[
        {"Values": ["2024", "01", "01"]}, {"Values": ["2024", "01", "03"]},
        {"Values": ["1999", "12", "31"]}])
    got = sorted(tuple(p["Values"]) for p in resp["Partitions"])
    assert got == [("2024", "01", "01"), ("2024", "01", "03")]
    unprocessed = [tuple(k["Values"]) for k in resp.get("UnprocessedKeys", [])]
    assert ("2024", "01", "01") not in unprocessed and ("2024", "01", "03") not in unprocessed
    for p in resp["Partitions"]:
        assert p["StorageDescriptor"]["Location"].startswith("s3://bucket/p/2024/01/")


def test_batch_get_partition_on_missing_table_is_entity_not_found(glue, database):
    with glue_error("EntityNotFoundException"):
        glue.batch_get_partition(DatabaseName=database, TableName="nope",
                                 PartitionsToGet=[{"Values": ["1", "2", "3"]}])


def test_batch_get_partition_over_1000_keys_is_invalid_input(glue, table):
    db, t = table
    with glue_error("InvalidInputException"):
        glue.batch_get_partition(DatabaseName=db, TableName=t, PartitionsToGet=[
            {"Values": ["2024", "01", str(i)]} for i in range(1001)])


def test_update_partition(glue, table):
    db, t = table
    glue.create_partition(DatabaseName=db, TableName=t,
                          PartitionInput=partition_input(["2024", "01", "01"], "s3://old/"))
    new = partition_input(["2024", "01", "01"], "s3://new/")
    new["Parameters"] = {"compacted": "true"}
    glue.update_partition(DatabaseName=db, TableName=t, PartitionValueList=["2024", "01", "01"],
                          PartitionInput=new)
    part = glue.get_partition(DatabaseName=db, TableName=t,
                              PartitionValues=["2024", "01", "01"])["Partition"]
    assert part["StorageDescriptor"]["Location"] == "s3://new/"
    assert part["Parameters"] == {"compacted": "true"}
    assert part["Values"] == ["2024", "01", "01"]


def test_update_missing_partition_is_entity_not_found(glue, table):
    db, t = table
    with glue_error("EntityNotFoundException"):
        glue.update_partition(DatabaseName=db, TableName=t, PartitionValueList=["1", "2", "3"],
                              PartitionInput=partition_input(["1", "2", "3"]))
    assert partition_values(glue, db, t) == []


def test_batch_update_partition_reports_missing_per_item(glue, table):
    db, t = table
    batch_create_partitions(glue, db, t, [["2024", "01", "01"], ["2024", "01", "02"]])
    entries = [
        {"PartitionValueList": ["2024", "01", "01"],
         "PartitionInput": partition_input(["2024", "01", "01"], "s3://moved/1/")},
        {"PartitionValueList": ["2024", "01", "02"],
         "PartitionInput": partition_input(["2024", "01", "02"], "s3://moved/2/")},
        {"PartitionValueList": ["1999", "01", "01"],
         "PartitionInput": partition_input(["1999", "01", "01"], "s3://ghost/")},
    ]
    resp = glue.batch_update_partition(DatabaseName=db, TableName=t, Entries=entries)
    errors = resp.get("Errors", [])
    assert [e["PartitionValueList"] for e in errors] == [["1999", "01", "01"]]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "EntityNotFoundException"
    for day in ("01", "02"):
        part = glue.get_partition(DatabaseName=db, TableName=t,
                                  PartitionValues=["2024", "01", day])["Partition"]
        assert part["StorageDescriptor"]["Location"] == f"s3://moved/{int(day)}/"
    assert sorted(partition_values(glue, db, t)) == [("2024", "01", "01"), ("2024", "01", "02")]


def test_delete_partition(glue, table):
    db, t = table
    batch_create_partitions(glue, db, t, [["2024", "01", "01"], ["2024", "01", "02"]])
    glue.delete_partition(DatabaseName=db, TableName=t, PartitionValues=["2024", "01", "01"])
    with glue_error("EntityNotFoundException"):
        glue.get_partition(DatabaseName=db, TableName=t, PartitionValues=["2024", "01", "01"])
    assert partition_values(glue, db, t) == [("2024", "01", "02")]
    with glue_error("EntityNotFoundException"):
        glue.delete_partition(DatabaseName=db, TableName=t, PartitionValues=["2024", "01", "01"])


def test_batch_delete_partition_reports_missing_per_item(glue, table):
    db, t = table
    batch_create_partitions(glue, db, t, [["2024", "01", d] for d in ("01", "02", "03")])
    resp = glue.batch_delete_partition(DatabaseName=db, TableName=t, PartitionsToDelete=[
        {"Values": ["2024", "01", "01"]}, {"Values": ["2024", "01", "03"]},
        {"Values": ["1999", "01", "01"]}])
    errors = resp.get("Errors", [])
    assert [e["PartitionValues"] for e in errors] == [["1999", "01", "01"]]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "EntityNotFoundException"
    assert partition_values(glue, db, t) == [("2024", "01", "02")]


def test_batch_delete_partition_over_25_is_invalid_input(glue, table):
    db, t = table
    batch_create_partitions(glue, db, t, [["2024", "01", f"{d:02d}"] for d in range(26)])
    with glue_error("InvalidInputException"):
        glue.batch_delete_partition(DatabaseName=db, TableName=t, PartitionsToDelete=[
            {"Values": ["2024", "01", f"{d:02d}"]} for d in range(26)])
    assert len(partition_values(glue, db, t)) == 26


def test_partitions_belong_to_their_table(glue, database):
    for name in ("a", "b"):
        glue.create_table(DatabaseName=database, TableInput=table_input(name, KEYS))
    batch_create_partitions(glue, database, "a", [["2024", "01", "01"]])
    batch_create_partitions(glue, database, "b", [["2025", "01", "01"]])
    assert partition_values(glue, database, "a") == [("2024", "01", "01")]
    assert partition_values(glue, database, "b") == [("2025", "01", "01")]


# -- partition indexes ----------------------------------------------------------------------------
def index_names(glue, db, t) -> list[str]:
    resp = glue.get_partition_indexes(DatabaseName=db, TableName=t)
    return sorted(i["IndexName"] for i in resp.get("PartitionIndexDescriptorList", []))


def test_create_get_delete_partition_index(glue, table):
    db, t = table
    assert index_names(glue, db, t) == []
    glue.create_partition_index(DatabaseName=db, TableName=t, PartitionIndex={
        "IndexName": "by_year_month", "Keys": ["year", "month"]})
    resp = glue.get_partition_indexes(DatabaseName=db, TableName=t)
    (index,) = resp["PartitionIndexDescriptorList"]
    assert index["IndexName"] == "by_year_month"
    assert index["Keys"] == [{"Name": "year", "Type": "string"}, {"Name": "month", "Type": "string"}]
    assert index["IndexStatus"] in ("CREATING", "ACTIVE")
    glue.delete_partition_index(DatabaseName=db, TableName=t, IndexName="by_year_month")
    assert index_names(glue, db, t) == []


def test_duplicate_partition_index_is_already_exists(glue, table):
    db, t = table
    glue.create_partition_index(DatabaseName=db, TableName=t,
                                PartitionIndex={"IndexName": "idx", "Keys": ["year"]})
    with glue_error("AlreadyExistsException"):
        glue.create_partition_index(DatabaseName=db, TableName=t,
                                    PartitionIndex={"IndexName": "idx", "Keys": ["month"]})
    assert index_names(glue, db, t) == ["idx"]


def test_partition_index_on_non_key_column_is_invalid_input(glue, table):
    db, t = table
    with glue_error("InvalidInputException"):
        glue.create_partition_index(DatabaseName=db, TableName=t,
                                    PartitionIndex={"IndexName": "bad", "Keys": ["name"]})
    assert index_names(glue, db, t) == []


def test_partition_index_on_missing_table_is_entity_not_found(glue, database):
    with glue_error("EntityNotFoundException"):
        glue.create_partition_index(DatabaseName=database, TableName="nope",
                                    PartitionIndex={"IndexName": "i", "Keys": ["year"]})
    with glue_error("EntityNotFoundException"):
        glue.get_partition_indexes(DatabaseName=database, TableName="nope")
    with glue_error("EntityNotFoundException"):
        glue.delete_partition_index(DatabaseName=database, TableName="nope", IndexName="i")


def test_delete_missing_partition_index_is_entity_not_found(glue, table):
    db, t = table
    with glue_error("EntityNotFoundException"):
        glue.delete_partition_index(DatabaseName=db, TableName=t, IndexName="nope")


def test_partition_index_does_not_change_query_results(glue, table):
    db, t = table
    values = [[str(y), f"{m:02d}", "01"] for y in (2023, 2024) for m in range(1, 13)]
    batch_create_partitions(glue, db, t, values)
    glue.create_partition_index(DatabaseName=db, TableName=t,
                                PartitionIndex={"IndexName": "by_year", "Keys": ["year"]})
    got = partition_values(glue, db, t, Expression="year = '2024' AND month >= '06'")
    expected = [tuple(v) for v in values if v[0] == "2024" and v[1] >= "06"]
    assert sorted(got) == sorted(expected)


# -- ExcludeColumnSchema ---------------------------------------------------------------------------
def test_exclude_column_schema_omits_columns_only(glue, table):
    db, t = table
    batch_create_partitions(glue, db, t, [["2024", "01", f"{d:02d}"] for d in range(1, 6)])
    full = glue.get_partitions(DatabaseName=db, TableName=t)["Partitions"]
    assert len(full) == 5
    assert all(p["StorageDescriptor"]["Columns"] for p in full)
    for flag in (False, None):
        kwargs = {} if flag is None else {"ExcludeColumnSchema": flag}
        parts = glue.get_partitions(DatabaseName=db, TableName=t, **kwargs)["Partitions"]
        assert all(p["StorageDescriptor"]["Columns"] for p in parts)
    slim = glue.get_partitions(DatabaseName=db, TableName=t, ExcludeColumnSchema=True)["Partitions"]
    assert sorted(p["Values"] for p in slim) == sorted(p["Values"] for p in full)
    for p in slim:
        sd = p.get("StorageDescriptor", {})
        assert not sd.get("Columns"), f"Columns returned despite ExcludeColumnSchema: {sd}"
        assert sd["Location"].startswith("s3://bucket/p/2024/01/")
        assert p["Parameters"] == {"n": "/".join(p["Values"])}


def test_concurrent_batch_creates_of_the_same_partitions(glue, table):
    db, t = table
    inputs = [partition_input(["2024", f"{m:02d}", f"{d:02d}"]) for m in range(1, 11)
              for d in range(1, 11)]

    def create(_):
        resp = glue.batch_create_partition(DatabaseName=db, TableName=t,
                                           PartitionInputList=inputs)
        return resp.get("Errors", [])

    with ThreadPoolExecutor(4) as pool:
        errors = [e for errs in pool.map(create, range(4)) for e in errs]
    assert len(errors) == 300, len(errors)
    assert {e["ErrorDetail"]["ErrorCode"] for e in errors} == {"AlreadyExistsException"}
    got = partition_values(glue, db, t)
    assert len(got) == 100 and len(set(got)) == 100
