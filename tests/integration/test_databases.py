"""Database lifecycle: CreateDatabase, GetDatabase(s), UpdateDatabase, DeleteDatabase."""

from __future__ import annotations

import datetime as dt

from sluice_harness import (batch_create_partitions, collect_pages, glue_error, table_input,
                            unique)


def list_database_names(glue) -> list[str]:
    items, _ = collect_pages(glue.get_databases, "DatabaseList", MaxResults=100)
    return [d["Name"] for d in items]


def test_create_then_get_round_trips_every_field(glue):
    name = unique("db")
    before = dt.datetime.now(dt.timezone.utc)
    glue.create_database(DatabaseInput={
        "Name": name,
        "Description": "raw landing zone",
        "LocationUri": "s3://bucket/raw/",
        "Parameters": {"owner": "data-eng", "tier": "bronze"},
    })
    db = glue.get_database(Name=name)["Database"]
    assert db["Name"] == name
    assert db["Description"] == "raw landing zone"
    assert db["LocationUri"] == "s3://bucket/raw/"
    assert db["Parameters"] == {"owner": "data-eng", "tier": "bronze"}
    assert isinstance(db["CreateTime"], dt.datetime), "CreateTime must be epoch seconds"
    delta = abs((db["CreateTime"] - before).total_seconds())
    assert delta < 120, f"CreateTime {db['CreateTime']} is {delta:.0f}s away from now"


def test_minimal_database_has_name_and_create_time(glue):
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name})
    db = glue.get_database(Name=name)["Database"]
    assert db["Name"] == name
    assert "CreateTime" in db


def test_names_are_folded_to_lowercase(glue):
    suffix = unique("")
    mixed = f"MyDB{suffix}"
    lower = mixed.lower()
    glue.create_database(DatabaseInput={"Name": mixed})
    for lookup in (lower, mixed, mixed.upper()):
        assert glue.get_database(Name=lookup)["Database"]["Name"] == lower, lookup
    names = list_database_names(glue)
    assert lower in names
    assert mixed not in names


def test_duplicate_database_is_already_exists(glue):
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name, "Description": "first"})
    with glue_error("AlreadyExistsException"):
        glue.create_database(DatabaseInput={"Name": name, "Description": "second"})
    with glue_error("AlreadyExistsException"):
        glue.create_database(DatabaseInput={"Name": name.upper()})
    assert glue.get_database(Name=name)["Database"]["Description"] == "first"


def test_get_missing_database_is_entity_not_found(glue):
    with glue_error("EntityNotFoundException") as info:
        glue.get_database(Name=unique("missing"))
    assert info.value.response["Error"]["Message"], "error Message must not be empty"
    assert info.value.response["ResponseMetadata"]["RequestId"]


def test_get_databases_lists_every_created_database_once(glue):
    names = [unique("list") for _ in range(4)]
    for n in names:
        glue.create_database(DatabaseInput={"Name": n})
    listed = list_database_names(glue)
    for n in names:
        assert listed.count(n) == 1, n
    full = {d["Name"]: d for d in glue.get_databases()["DatabaseList"]}
    for n in names:
        assert n in full and "CreateTime" in full[n]


def test_update_database_replaces_definition(glue):
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name, "Description": "old",
                                        "Parameters": {"a": "1", "b": "2"}})
    created = glue.get_database(Name=name)["Database"]["CreateTime"]
    glue.update_database(Name=name, DatabaseInput={
        "Name": name, "Description": "new", "LocationUri": "s3://bucket/new/",
        "Parameters": {"c": "3"}})
    db = glue.get_database(Name=name)["Database"]
    assert db["Name"] == name
    assert db["Description"] == "new"
    assert db["LocationUri"] == "s3://bucket/new/"
    assert db["Parameters"] == {"c": "3"}
    assert db["CreateTime"] == created


def test_update_database_by_mixed_case_name(glue):
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name})
    glue.update_database(Name=name.upper(), DatabaseInput={"Name": name, "Description": "d2"})
    assert glue.get_database(Name=name)["Database"]["Description"] == "d2"


def test_update_missing_database_is_entity_not_found(glue):
    missing = unique("missing")
    with glue_error("EntityNotFoundException"):
        glue.update_database(Name=missing, DatabaseInput={"Name": missing})
    assert missing not in list_database_names(glue)


def test_delete_database(glue):
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name})
    glue.delete_database(Name=name)
    with glue_error("EntityNotFoundException"):
        glue.get_database(Name=name)
    assert name not in list_database_names(glue)
    with glue_error("EntityNotFoundException"):
        glue.delete_database(Name=name)


def test_delete_database_by_mixed_case_name(glue):
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name})
    glue.delete_database(Name=name.upper())
    with glue_error("EntityNotFoundException"):
        glue.get_database(Name=name)


def test_delete_missing_database_is_entity_not_found(glue):
    with glue_error("EntityNotFoundException"):
        glue.delete_database(Name=unique("missing"))


def test_delete_database_cascades_to_tables_partitions_and_versions(glue):
    db = unique("cascade")
    glue.create_database(DatabaseInput={"Name": db})
    keys = [("year", "string"), ("month", "string")]
    for t in ("events", "clicks"):
        glue.create_table(DatabaseName=db, TableInput=table_input(t, keys, Description="v1"))
        glue.update_table(DatabaseName=db, TableInput=table_input(t, keys, Description="v2"))
        batch_create_partitions(glue, db, t, [["2024", f"{m:02d}"] for m in range(1, 13)])
    glue.create_partition_index(DatabaseName=db, TableName="events",
                                PartitionIndex={"IndexName": "by_year", "Keys": ["year"]})

    glue.delete_database(Name=db)
    with glue_error("EntityNotFoundException"):
        glue.get_table(DatabaseName=db, Name="events")
    with glue_error("EntityNotFoundException"):
        glue.get_tables(DatabaseName=db)

    # A database re-created under the same name starts empty: nothing of the old one survives.
    glue.create_database(DatabaseInput={"Name": db})
    assert glue.get_tables(DatabaseName=db).get("TableList", []) == []
    with glue_error("EntityNotFoundException"):
        glue.get_table(DatabaseName=db, Name="events")
    glue.create_table(DatabaseName=db, TableInput=table_input("events", keys, Description="new"))
    assert glue.get_partitions(DatabaseName=db, TableName="events").get("Partitions", []) == []
    versions = glue.get_table_versions(DatabaseName=db, TableName="events")["TableVersions"]
    assert [v["Table"]["Description"] for v in versions] == ["new"]
    indexes = glue.get_partition_indexes(DatabaseName=db, TableName="events")
    assert indexes.get("PartitionIndexDescriptorList", []) == []
    glue.delete_database(Name=db)


def test_databases_are_independent(glue):
    a, b = unique("dba"), unique("dbb")
    glue.create_database(DatabaseInput={"Name": a})
    glue.create_database(DatabaseInput={"Name": b})
    glue.create_table(DatabaseName=a, TableInput=table_input("shared_name"))
    glue.delete_database(Name=b)
    assert glue.get_table(DatabaseName=a, Name="shared_name")["Table"]["Name"] == "shared_name"
    assert glue.get_database(Name=a)["Database"]["Name"] == a
