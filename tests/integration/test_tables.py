"""Table lifecycle: CreateTable, GetTable(s), UpdateTable, DeleteTable, BatchDeleteTable."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from sluice_harness import (batch_create_partitions, collect_pages, column, glue_error,
                            table_input, unique)


def assert_contains(expected, actual, path="Table"):
    """Every field of `expected` is in `actual` with the same value (lists: same length, in order)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing from {sorted(actual)}"
            assert_contains(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), \
            f"{path}: expected {expected!r}, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_contains(e, a, f"{path}[{i}]")
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"


def full_table_input(name: str) -> dict:
    return {
        "Name": name,
        "Description": "Daily sales export",
        "Owner": "data-eng",
        "Retention": 30,
        "LastAccessTime": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
        "StorageDescriptor": {
            "Columns": [
                column("order_id", "bigint", "primary key"),
                column("amount", "decimal(10,2)"),
                column("tags", "array<string>"),
                column("address", "struct<city:string,zip:string>"),
            ],
            "Location": "s3://bucket/sales/",
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "Compressed": False,
            "NumberOfBuckets": 4,
            "SerdeInfo": {
                "Name": "csv",
                "SerializationLibrary": "org.apache.hadoop.hive.serde2.OpenCSVSerde",
                "Parameters": {"separatorChar": ",", "quoteChar": "\""},
            },
            "BucketColumns": ["order_id"],
            "SortColumns": [{"Column": "order_id", "SortOrder": 1}],
            "Parameters": {"skip.header.line.count": "1"},
            "StoredAsSubDirectories": False,
        },
        "PartitionKeys": [column("year", "string"), column("month", "string"),
                          column("day", "string")],
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "csv", "delimiter": ",", "unicode": "h\u00e9llo \u2603"},
    }


def table_names(glue, db: str, **kwargs) -> list[str]:
    items, _ = collect_pages(glue.get_tables, "TableList", DatabaseName=db, **kwargs)
    return [t["Name"] for t in items]


def test_create_then_get_round_trips_every_field(glue, database):
    before = dt.datetime.now(dt.timezone.utc)
    ti = full_table_input("sales")
    glue.create_table(DatabaseName=database, TableInput=ti)
    table = glue.get_table(DatabaseName=database, Name="sales")["Table"]
    assert_contains(ti, table)
    assert table["DatabaseName"] == database
    assert isinstance(table["CreateTime"], dt.datetime)
    assert abs((table["CreateTime"] - before).total_seconds()) < 120


def test_view_text_round_trips(glue, database):
    ti = {"Name": "v", "TableType": "VIRTUAL_VIEW", "ViewOriginalText": "SELECT 1",
          "ViewExpandedText": "SELECT 1 AS one",
          "StorageDescriptor": {"Columns": [column("one", "int")]}}
    glue.create_table(DatabaseName=database, TableInput=ti)
    assert_contains(ti, glue.get_table(DatabaseName=database, Name="v")["Table"])


def test_table_names_are_folded_to_lowercase(glue, database):
    glue.create_table(DatabaseName=database.upper(), TableInput=table_input("MyTable"))
    for lookup in ("mytable", "MyTable", "MYTABLE"):
        table = glue.get_table(DatabaseName=database, Name=lookup)["Table"]
        assert table["Name"] == "mytable"
        assert table["DatabaseName"] == database
    table = glue.get_table(DatabaseName=database.upper(), Name="MYTABLE")["Table"]
    assert table["DatabaseName"] == database
    assert table_names(glue, database) == ["mytable"]


def test_duplicate_table_is_already_exists(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("t", Description="first"))
    with glue_error("AlreadyExistsException"):
        glue.create_table(DatabaseName=database, TableInput=table_input("t", Description="2nd"))
    with glue_error("AlreadyExistsException"):
        glue.create_table(DatabaseName=database, TableInput=table_input("T"))
    assert glue.get_table(DatabaseName=database, Name="t")["Table"]["Description"] == "first"


def test_create_table_in_missing_database_is_entity_not_found(glue):
    missing = unique("missing")
    with glue_error("EntityNotFoundException"):
        glue.create_table(DatabaseName=missing, TableInput=table_input("t"))
    with glue_error("EntityNotFoundException"):
        glue.get_database(Name=missing)


def test_get_missing_table_is_entity_not_found(glue, database):
    with glue_error("EntityNotFoundException"):
        glue.get_table(DatabaseName=database, Name="nope")
    with glue_error("EntityNotFoundException"):
        glue.get_table(DatabaseName=unique("missing"), Name="nope")


def test_get_tables_lists_only_this_database(glue, database):
    other = unique("other")
    glue.create_database(DatabaseInput={"Name": other})
    for name in ("alpha", "beta", "gamma"):
        glue.create_table(DatabaseName=database, TableInput=table_input(name))
    glue.create_table(DatabaseName=other, TableInput=table_input("delta"))
    tables = glue.get_tables(DatabaseName=database)["TableList"]
    assert sorted(t["Name"] for t in tables) == ["alpha", "beta", "gamma"]
    assert all(t["DatabaseName"] == database for t in tables)
    assert all(t["StorageDescriptor"]["Location"] for t in tables)
    glue.delete_database(Name=other)


def test_get_tables_of_missing_database_is_entity_not_found(glue):
    with glue_error("EntityNotFoundException"):
        glue.get_tables(DatabaseName=unique("missing"))


EXPRESSION_TABLES = ["sales_2023", "sales_2024", "orders", "order_items", "customers"]


@pytest.mark.parametrize("expression,expected", [
    ("sales_.*", {"sales_2023", "sales_2024"}),
    ("sales_2023", {"sales_2023"}),
    ("sales_202[34]", {"sales_2023", "sales_2024"}),
    ("orders|customers", {"orders", "customers"}),
    ("order.*", {"orders", "order_items"}),
    ("nomatch.*", set()),
    ("", set(EXPRESSION_TABLES)),
])
def test_get_tables_expression_is_a_regex_on_names(glue, database, expression, expected):
    for name in EXPRESSION_TABLES:
        glue.create_table(DatabaseName=database, TableInput=table_input(name))
    assert set(table_names(glue, database, Expression=expression)) == expected


def test_update_table_replaces_definition(glue, database):
    glue.create_table(DatabaseName=database, TableInput=full_table_input("sales"))
    created = glue.get_table(DatabaseName=database, Name="sales")["Table"]
    new = full_table_input("sales")
    new["Description"] = "now with a discount column"
    new["StorageDescriptor"]["Columns"].append(column("discount", "double"))
    new["Parameters"] = {"classification": "parquet"}
    glue.update_table(DatabaseName=database, TableInput=new)
    table = glue.get_table(DatabaseName=database, Name="sales")["Table"]
    assert_contains(new, table)
    assert table["Parameters"] == {"classification": "parquet"}
    assert table["CreateTime"] == created["CreateTime"]


def test_update_table_by_mixed_case_name(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("t"))
    glue.update_table(DatabaseName=database.upper(), TableInput=table_input("T", Description="x"))
    assert glue.get_table(DatabaseName=database, Name="t")["Table"]["Description"] == "x"


def test_update_missing_table_is_entity_not_found(glue, database):
    with glue_error("EntityNotFoundException"):
        glue.update_table(DatabaseName=database, TableInput=table_input("nope"))
    with glue_error("EntityNotFoundException"):
        glue.update_table(DatabaseName=unique("missing"), TableInput=table_input("nope"))
    assert table_names(glue, database) == []


def test_delete_table(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("t"))
    glue.delete_table(DatabaseName=database, Name="T")
    with glue_error("EntityNotFoundException"):
        glue.get_table(DatabaseName=database, Name="t")
    assert table_names(glue, database) == []
    with glue_error("EntityNotFoundException"):
        glue.delete_table(DatabaseName=database, Name="t")


def test_delete_table_in_missing_database_is_entity_not_found(glue):
    with glue_error("EntityNotFoundException"):
        glue.delete_table(DatabaseName=unique("missing"), Name="t")


def test_recreated_table_has_no_old_partitions_or_versions(glue, database):
    keys = [("year", "string")]
    glue.create_table(DatabaseName=database, TableInput=table_input("t", keys, Description="a"))
    glue.update_table(DatabaseName=database, TableInput=table_input("t", keys, Description="b"))
    batch_create_partitions(glue, database, "t", [[str(y)] for y in range(2000, 2010)])
    glue.delete_table(DatabaseName=database, Name="t")
    glue.create_table(DatabaseName=database, TableInput=table_input("t", keys, Description="c"))
    assert glue.get_partitions(DatabaseName=database, TableName="t").get("Partitions", []) == []
    versions = glue.get_table_versions(DatabaseName=database, TableName="t")["TableVersions"]
    assert [v["Table"]["Description"] for v in versions] == ["c"]


def test_batch_delete_table_reports_missing_tables(glue, database):
    for name in ("a", "b", "c"):
        glue.create_table(DatabaseName=database, TableInput=table_input(name))
    resp = glue.batch_delete_table(DatabaseName=database, TablesToDelete=["a", "B", "ghost"])
    errors = resp.get("Errors", [])
    assert [e["TableName"] for e in errors] == ["ghost"]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "EntityNotFoundException"
    assert table_names(glue, database) == ["c"]


def test_batch_delete_table_in_missing_database_is_entity_not_found(glue):
    with glue_error("EntityNotFoundException"):
        glue.batch_delete_table(DatabaseName=unique("missing"), TablesToDelete=["a"])


def test_batch_delete_table_over_100_names_is_invalid_input(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("keep"))
    with glue_error("InvalidInputException"):
        glue.batch_delete_table(DatabaseName=database,
                                TablesToDelete=["keep"] + [f"t{i}" for i in range(100)])
    assert table_names(glue, database) == ["keep"]


def test_same_table_name_in_two_databases(glue, database):
    other = unique("other")
    glue.create_database(DatabaseInput={"Name": other})
    glue.create_table(DatabaseName=database, TableInput=table_input("t", Description="mine"))
    glue.create_table(DatabaseName=other, TableInput=table_input("t", Description="theirs"))
    glue.delete_table(DatabaseName=other, Name="t")
    assert glue.get_table(DatabaseName=database, Name="t")["Table"]["Description"] == "mine"
    glue.delete_database(Name=other)


def test_create_table_with_partition_indexes(glue, database):
    ti = table_input("t", [("year", "string"), ("month", "string")])
    glue.create_table(DatabaseName=database, TableInput=ti,
                      PartitionIndexes=[{"IndexName": "by_year", "Keys": ["year"]}])
    resp = glue.get_partition_indexes(DatabaseName=database, TableName="t")
    indexes = resp["PartitionIndexDescriptorList"]
    assert [i["IndexName"] for i in indexes] == ["by_year"]
    assert indexes[0]["Keys"] == [{"Name": "year", "Type": "string"}]


def test_timestamps_are_epoch_seconds_on_the_wire(server, glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("t", [("year", "string")]))
    glue.create_partition(DatabaseName=database, TableName="t",
                          PartitionInput={"Values": ["2024"]})
    now = time.time()
    docs = [
        server.raw("GetDatabase", {"Name": database}).json()["Database"],
        server.raw("GetTable", {"DatabaseName": database, "Name": "t"}).json()["Table"],
        server.raw("GetPartition", {"DatabaseName": database, "TableName": "t",
                                    "PartitionValues": ["2024"]}).json()["Partition"],
    ]
    for doc, field in zip(docs, ("CreateTime", "CreateTime", "CreationTime")):
        value = doc[field]
        assert isinstance(value, (int, float)) and not isinstance(value, bool), \
            f"{field} should be a JSON number of epoch seconds, got {value!r}"
        assert abs(value - now) < 120, f"{field}={value} is not epoch seconds near {now:.0f}"


def test_long_column_type_round_trips(glue, database):
    fields = ",".join(f"field_{i:05d}:string" for i in range(4000))  # ~80 KB, model max 131072
    type_ = f"struct<{fields}>"
    ti = table_input("wide")
    ti["StorageDescriptor"]["Columns"] = [column("payload", type_)]
    glue.create_table(DatabaseName=database, TableInput=ti)
    got = glue.get_table(DatabaseName=database, Name="wide")["Table"]
    assert got["StorageDescriptor"]["Columns"][0]["Type"] == type_
