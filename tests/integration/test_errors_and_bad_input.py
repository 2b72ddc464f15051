"""Protocol errors and hostile input: every bad request gets a 4xx with the right code, never a
5xx, never a crash, and writes nothing.

Requests that boto3 would refuse client-side go as raw JSON over http.client (unsigned: the
server does not check signatures).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.config import Config

from sluice_harness import (collect_pages, glue_error, partition_input, partition_values,
                            send_oversized, table_input, unique)

MiB = 1024 * 1024


def database_names(glue) -> set[str]:
    items, _ = collect_pages(glue.get_databases, "DatabaseList", MaxResults=100)
    return {d["Name"] for d in items}


def table_names(glue, db: str) -> set[str]:
    items, _ = collect_pages(glue.get_tables, "TableList", DatabaseName=db)
    return {t["Name"] for t in items}


def assert_invalid_input(resp, field: str | None = None) -> None:
    assert resp.status < 500, f"server fault on bad input: {resp}"
    assert resp.status == 400, resp
    assert resp.error_type == "InvalidInputException", resp
    assert resp.headers.get("x-amzn-requestid"), "missing x-amzn-RequestId"
    if field is not None:
        assert field in resp.message, f"message does not name {field!r}: {resp.message!r}"


@pytest.fixture
def t_in_db(glue, database):
    """`database` holding table "t" (partitioned by year); yields the database name."""
    glue.create_table(DatabaseName=database,
                      TableInput=table_input("t", [("year", "string")], Description="v1"))
    return database


def assert_untouched(glue, db: str, dbs_before: set[str]) -> None:
    """Nothing was written: same databases, `db` has only "t", unchanged and without partitions."""
    assert database_names(glue) == dbs_before
    assert table_names(glue, db) == {"t"}
    assert partition_values(glue, db, "t") == []
    versions = glue.get_table_versions(DatabaseName=db, TableName="t")["TableVersions"]
    assert [v["Table"].get("Description") for v in versions] == ["v1"]


# -- protocol ---------------------------------------------------------------------------------------
def test_unknown_operation(server):
    resp = server.raw("AWSGlue.NoSuchOperation", {})
    assert resp.status == 400, resp
    assert resp.error_type == "UnknownOperationException", resp
    assert resp.headers.get("x-amzn-requestid")


def test_operation_names_are_case_sensitive(server):
    resp = server.raw("AWSGlue.getdatabases", {})  # operation names are case-sensitive
    assert 400 <= resp.status < 500, resp
    assert resp.headers.get("x-amzn-requestid")


@pytest.mark.parametrize("headers,method", [
    ({}, "POST"),                                 # no X-Amz-Target at all
    ({"X-Amz-Target": "AmazonAthena.ListDatabases"}, "POST"),
    ({"X-Amz-Target": ""}, "POST"),
])
def test_missing_or_foreign_target_is_a_client_error(server, headers, method):
    resp = server.raw(None, {}, headers=headers, method=method)
    assert 400 <= resp.status < 500, resp
    assert resp.headers.get("x-amzn-requestid")


def test_get_is_not_a_server_fault(server):
    resp = server.raw(None, None, method="GET")
    assert resp.status < 500, resp
    assert resp.headers.get("x-amzn-requestid")


def test_error_body_shape(server):
    resp = server.raw("GetDatabase", {"Name": unique("missing")})
    assert resp.status == 400
    body = resp.json()
    assert body["__type"] == "EntityNotFoundException"
    assert isinstance(body["Message"], str) and body["Message"]
    assert resp.headers.get("content-type", "").startswith("application/x-amz-json-1.1")
    ok = server.raw("GetDatabases", {})
    assert ok.status == 200
    assert ok.headers.get("content-type", "").startswith("application/x-amz-json-1.1")


def test_every_response_has_a_unique_request_id(server, glue):
    ids = []
    for target, body in [("GetDatabases", {}), ("GetDatabase", {"Name": unique("missing")}),
                         ("AWSGlue.Nope", {}), ("GetDatabases", b"{not json")]:
        resp = server.raw(target, body)
        rid = resp.headers.get("x-amzn-requestid")
        assert rid, f"{target}: no x-amzn-RequestId (status {resp.status})"
        ids.append(rid)
    ids.append(glue.get_databases()["ResponseMetadata"]["RequestId"])
    with glue_error("EntityNotFoundException") as info:
        glue.get_database(Name=unique("missing"))
    ids.append(info.value.response["ResponseMetadata"]["RequestId"])
    assert all(ids) and len(set(ids)) == len(ids), ids


def test_empty_body_is_an_empty_request(server):
    resp = server.raw("GetDatabases", b"")
    assert resp.status == 200, resp
    assert "DatabaseList" in resp.json()
    assert_invalid_input(server.raw("CreateDatabase", b""), "DatabaseInput")


# -- body size ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [11 * MiB, 10 * MiB + 1])
def test_body_over_10_mib_is_413(server, glue, size):
    before = database_names(glue)
    resp = send_oversized(server.host, server.port, "CreateDatabase", size)
    assert resp.status == 413, resp
    assert resp.error_type == "RequestEntityTooLargeException", resp
    assert resp.headers.get("x-amzn-requestid")
    assert database_names(glue) == before
    assert server.alive()


def test_large_body_under_limit_is_accepted(glue, database):
    params = {f"k{i}": chr(ord("a") + i) * 500_000 for i in range(6)}  # ~3 MB of JSON
    glue.create_table(DatabaseName=database, TableInput=table_input("wide", Parameters=params))
    got = glue.get_table(DatabaseName=database, Name="wide")["Table"]["Parameters"]
    assert got == params


# -- malformed bodies ---------------------------------------------------------------------------------
MALFORMED = [
    b"{",
    b"{bad json}",
    b'{"DatabaseInput": ',
    b'{"DatabaseInput": {"Name": "x"}} trailing',
    b'{"DatabaseInput": {"Name": "x",}}',
    b"\x00\x01\x02",
    b"[]",
    b'"DatabaseInput"',
    b"42",
    b"null",
]


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_json_is_invalid_input(server, glue, body):
    before = database_names(glue)
    assert_invalid_input(server.raw("CreateDatabase", body))
    assert database_names(glue) == before


INVALID_UTF8 = [
    b'{"DatabaseInput": {"Name": "bad\xff\xfename"}}',
    b'{"DatabaseInput": {"Name": "okname_utf8", "Description": "\xc3\x28"}}',
    b'{"DatabaseInput": {"Name": "overlong\xc0\xafname"}}',
    b'{"DatabaseInput": {"Name": "surrogate\xed\xa0\x80name"}}',
    b'{"DatabaseInput": {"Name": "lone\\ud800name"}}',
]


@pytest.mark.parametrize("body", INVALID_UTF8, ids=range(len(INVALID_UTF8)))
def test_invalid_utf8_is_invalid_input(server, glue, body):
    before = database_names(glue)
    assert_invalid_input(server.raw("CreateDatabase", body))
    assert database_names(glue) == before


DEEP = 100_000
DEEPLY_NESTED = [
    b"[" * DEEP,
    b"[" * DEEP + b"]" * DEEP,
    b'{"a":' * DEEP,
    b'{"DatabaseInput": {"Name": "deep", "Parameters": ' + b"[" * DEEP + b"]" * DEEP + b"}}",
    b'{"DatabaseInput": {"Name": "deep", "Parameters": {"k": ' + b'{"a":' * DEEP + b"1"
    + b"}" * DEEP + b"}}}",
]


@pytest.mark.parametrize("body", DEEPLY_NESTED, ids=range(len(DEEPLY_NESTED)))
def test_deeply_nested_json_is_invalid_input(server, glue, body):
    before = database_names(glue)
    assert_invalid_input(server.raw("CreateDatabase", body))
    assert server.alive()
    assert database_names(glue) == before


# -- wrong types and missing required fields ------------------------------------------------------------
def fill(template, db: str):
    """Replaces "$DB" anywhere in a JSON-like template with the database name."""
    return json.loads(json.dumps(template).replace("$DB", db))


WRONG_TYPES = [
    ("CreateDatabase", {"DatabaseInput": "newdb"}, "DatabaseInput"),
    ("CreateDatabase", {"DatabaseInput": {"Name": 123}}, "Name"),
    ("CreateDatabase", {"DatabaseInput": {"Name": ["newdb"]}}, "Name"),
    ("CreateDatabase", {"DatabaseInput": {"Name": "newdb", "Parameters": {"k": 1}}}, "Parameters"),
    ("CreateDatabase", {"DatabaseInput": {"Name": "newdb", "Parameters": ["k"]}}, "Parameters"),
    ("CreateDatabase", {"DatabaseInput": {"Name": "newdb", "Description": ["x"]}}, "Description"),
    ("GetDatabases", {"MaxResults": "10"}, "MaxResults"),
    ("GetDatabases", {"MaxResults": 1.5}, "MaxResults"),
    ("GetDatabases", {"MaxResults": True}, "MaxResults"),
    ("GetDatabases", {"NextToken": 5}, "NextToken"),
    ("GetDatabase", {"Name": ["x"]}, "Name"),
    ("GetTables", {"DatabaseName": "$DB", "MaxResults": "5"}, "MaxResults"),
    ("CreateTable", {"DatabaseName": "$DB", "TableInput": "t2"}, "TableInput"),
    ("CreateTable", {"DatabaseName": "$DB", "TableInput": {"Name": "t2", "PartitionKeys": "year"}},
     "PartitionKeys"),
    ("CreateTable", {"DatabaseName": "$DB", "TableInput": {
        "Name": "t2", "StorageDescriptor": {"Columns": [{"Name": "c", "Type": 5}]}}}, "Type"),
    ("CreateTable", {"DatabaseName": "$DB", "TableInput": {"Name": "t2", "Retention": "30"}},
     "Retention"),
    ("CreateTable", {"DatabaseName": "$DB", "TableInput": {
        "Name": "t2", "StorageDescriptor": {"Compressed": "no"}}}, "Compressed"),
    ("CreateTable", {"DatabaseName": "$DB", "TableInput": {
        "Name": "t2", "StorageDescriptor": {"NumberOfBuckets": "4"}}}, "NumberOfBuckets"),
    ("CreateTable", {"DatabaseName": 7, "TableInput": {"Name": "t2"}}, "DatabaseName"),
    ("UpdateTable", {"DatabaseName": "$DB", "TableInput": {"Name": "t", "Description": "v2"},
                     "SkipArchive": "yes"}, "SkipArchive"),
    ("UpdateTable", {"DatabaseName": "$DB", "TableInput": {"Name": "t", "Description": "v2"},
                     "VersionId": 1}, "VersionId"),
    ("GetPartitions", {"DatabaseName": "$DB", "TableName": "t",
                       "Segment": {"SegmentNumber": "0", "TotalSegments": 3}}, "SegmentNumber"),
    ("GetPartitions", {"DatabaseName": "$DB", "TableName": "t", "Expression": 42}, "Expression"),
    ("GetPartitions", {"DatabaseName": "$DB", "TableName": "t", "ExcludeColumnSchema": "true"},
     "ExcludeColumnSchema"),
    ("GetPartitions", {"DatabaseName": "$DB", "TableName": "t", "MaxResults": "100"},
     "MaxResults"),
    ("CreatePartition", {"DatabaseName": "$DB", "TableName": "t",
                         "PartitionInput": {"Values": "2024"}}, "Values"),
    ("CreatePartition", {"DatabaseName": "$DB", "TableName": "t",
                         "PartitionInput": {"Values": [2024]}}, "Values"),
    ("BatchCreatePartition", {"DatabaseName": "$DB", "TableName": "t",
                              "PartitionInputList": {"Values": ["2024"]}}, "PartitionInputList"),
    ("BatchDeleteTable", {"DatabaseName": "$DB", "TablesToDelete": "t"}, "TablesToDelete"),
]


@pytest.mark.parametrize("op,template,field", WRONG_TYPES,
                         ids=[f"{op}.{field}-{i}" for i, (op, _, field) in enumerate(WRONG_TYPES)])
def test_wrong_field_type_is_invalid_input_naming_the_field(server, glue, t_in_db, op, template,
                                                            field):
    before = database_names(glue)
    assert_invalid_input(server.raw(op, fill(template, t_in_db)), field)
    assert_untouched(glue, t_in_db, before)


MISSING_REQUIRED = [
    ("CreateDatabase", {}, "DatabaseInput"),
    ("CreateDatabase", {"DatabaseInput": {}}, "Name"),
    ("CreateDatabase", {"DatabaseInput": {"Description": "no name"}}, "Name"),
    ("CreateDatabase", {"DatabaseInput": {"Name": None}}, "Name"),
    ("GetDatabase", {}, "Name"),
    ("UpdateDatabase", {"Name": "$DB"}, "DatabaseInput"),
    ("DeleteDatabase", {}, "Name"),
    ("CreateTable", {"DatabaseName": "$DB"}, "TableInput"),
    ("CreateTable", {"TableInput": {"Name": "t2"}}, "DatabaseName"),
    ("CreateTable", {"DatabaseName": "$DB", "TableInput": {"StorageDescriptor": {}}}, "Name"),
    ("CreateTable", {"DatabaseName": "$DB", "TableInput": {
        "Name": "t2", "StorageDescriptor": {"Columns": [{"Type": "int"}]}}}, "Name"),
    ("GetTable", {"DatabaseName": "$DB"}, "Name"),
    ("GetTables", {}, "DatabaseName"),
    ("UpdateTable", {"DatabaseName": "$DB"}, "TableInput"),
    ("DeleteTable", {"DatabaseName": "$DB"}, "Name"),
    ("GetTableVersions", {"DatabaseName": "$DB"}, "TableName"),
    ("DeleteTableVersion", {"DatabaseName": "$DB", "TableName": "t"}, "VersionId"),
    ("GetPartitions", {"DatabaseName": "$DB"}, "TableName"),
    ("GetPartitions", {"DatabaseName": "$DB", "TableName": "t", "Segment": {"SegmentNumber": 0}},
     "TotalSegments"),
    ("CreatePartition", {"DatabaseName": "$DB", "TableName": "t"}, "PartitionInput"),
    ("BatchCreatePartition", {"DatabaseName": "$DB", "TableName": "t"}, "PartitionInputList"),
    ("GetPartition", {"DatabaseName": "$DB", "TableName": "t"}, "PartitionValues"),
    ("BatchGetPartition", {"DatabaseName": "$DB", "TableName": "t", "PartitionsToGet": [{}]},
     "Values"),
    ("UpdatePartition", {"DatabaseName": "$DB", "TableName": "t",
                         "PartitionInput": {"Values": ["2024"]}}, "PartitionValueList"),
    ("BatchDeletePartition", {"DatabaseName": "$DB", "TableName": "t"}, "PartitionsToDelete"),
    ("CreatePartitionIndex", {"DatabaseName": "$DB", "TableName": "t",
                              "PartitionIndex": {"Keys": ["year"]}}, "IndexName"),
    ("DeletePartitionIndex", {"DatabaseName": "$DB", "TableName": "t"}, "IndexName"),
]


@pytest.mark.parametrize("op,template,field", MISSING_REQUIRED,
                         ids=[f"{op}.{field}-{i}" for i, (op, _, field) in
                              enumerate(MISSING_REQUIRED)])
def test_missing_required_field_is_invalid_input_naming_the_field(server, glue, t_in_db, op,
                                                                  template, field):
    before = database_names(glue)
    assert_invalid_input(server.raw(op, fill(template, t_in_db)), field)
    assert_untouched(glue, t_in_db, before)


# -- names -------------------------------------------------------------------------------------------
BAD_NAMES = [
    "a/b",
    "../../etc/passwd",
    "it's",
    'say"hi"',
    "x'; DROP TABLE t;--",
    'x"; DROP TABLE databases;--',
    "x" * 256,
    "line\nbreak",
    "ctl\x01char",
]
BAD_NAME_IDS = ["slash", "traversal", "quote", "dquote", "sql", "sql2", "256chars",
                "newline", "control"]


@pytest.mark.parametrize("name", BAD_NAMES, ids=BAD_NAME_IDS)
def test_bad_database_name_is_invalid_input_and_writes_nothing(glue, t_in_db, name):
    before = database_names(glue)
    with glue_error("InvalidInputException"):
        glue.create_database(DatabaseInput={"Name": name})
    assert database_names(glue) == before
    assert_untouched(glue, t_in_db, before)


@pytest.mark.parametrize("name", BAD_NAMES, ids=BAD_NAME_IDS)
def test_bad_table_name_is_invalid_input_and_writes_nothing(glue, t_in_db, name):
    before = database_names(glue)
    with glue_error("InvalidInputException"):
        glue.create_table(DatabaseName=t_in_db, TableInput=table_input(name))
    assert_untouched(glue, t_in_db, before)


@pytest.mark.parametrize("name", ["x" * 256, "line\nbreak"], ids=["256chars", "newline"])
def test_bad_name_in_lookup_is_invalid_input(glue, t_in_db, name):
    with glue_error("InvalidInputException"):
        glue.get_database(Name=name)
    with glue_error("InvalidInputException"):
        glue.get_table(DatabaseName=t_in_db, Name=name)
    with glue_error("InvalidInputException"):
        glue.get_partitions(DatabaseName=name, TableName="t")


def test_bad_column_name_is_invalid_input(glue, t_in_db):
    before = database_names(glue)
    ti = table_input("t2")
    ti["StorageDescriptor"]["Columns"] = [{"Name": "c" * 256, "Type": "string"}]
    with glue_error("InvalidInputException"):
        glue.create_table(DatabaseName=t_in_db, TableInput=ti)
    assert_untouched(glue, t_in_db, before)


def test_bad_database_name_in_update_writes_nothing(glue, t_in_db):
    with glue_error("InvalidInputException"):
        glue.update_table(DatabaseName=t_in_db, TableInput=table_input("x" * 256))
    with glue_error("InvalidInputException"):
        glue.update_database(Name=t_in_db, DatabaseInput={"Name": "x" * 256})
    assert glue.get_database(Name=t_in_db)["Database"]["Name"] == t_in_db


def test_names_of_255_characters_are_accepted(glue):
    db = ("d" * 243) + unique("")[1:]  # 255 characters, unique
    assert len(db) == 255
    glue.create_database(DatabaseInput={"Name": db})
    table = "t" * 255
    glue.create_table(DatabaseName=db, TableInput=table_input(table))
    assert glue.get_table(DatabaseName=db, Name=table)["Table"]["Name"] == table
    glue.delete_database(Name=db)


def test_sql_metacharacters_in_values_are_just_data(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input(
        "t", [("name", "string")], Description="x'; DROP TABLE tables;--",
        Parameters={"q": "'\"`;--", "k'; DELETE FROM partitions;--": "v"}))
    nasty = ["x'; DROP TABLE t;--", 'a"b', "a/b", "%_", "\\"]
    glue.batch_create_partition(DatabaseName=database, TableName="t",
                                PartitionInputList=[partition_input([v]) for v in nasty])
    table = glue.get_table(DatabaseName=database, Name="t")["Table"]
    assert table["Description"] == "x'; DROP TABLE tables;--"
    assert table["Parameters"] == {"q": "'\"`;--", "k'; DELETE FROM partitions;--": "v"}
    assert sorted(partition_values(glue, database, "t")) == sorted((v,) for v in nasty)
    got = partition_values(glue, database, "t", Expression="name = 'x''; DROP TABLE t;--'")
    assert got == [("x'; DROP TABLE t;--",)]
    part = glue.get_partition(DatabaseName=database, TableName="t", PartitionValues=["a/b"])
    assert part["Partition"]["Values"] == ["a/b"]


def test_server_survives_everything(server, glue):
    assert server.alive(), server.log_tail()
    assert "DatabaseList" in glue.get_databases()


def test_any_credentials_and_region_are_accepted(server):
    other = boto3.client("glue", endpoint_url=server.url, region_name="eu-west-1",
                         aws_access_key_id="ANOTHERKEY", aws_secret_access_key="whatever",
                         aws_session_token="some-session-token",
                         config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
    assert "DatabaseList" in other.get_databases()


def test_many_concurrent_clients(server, glue, database):
    def work(i: int) -> int:
        client = server.client()
        name = f"c{i}"
        client.create_table(DatabaseName=database, TableInput=table_input(name))
        statuses = []
        for _ in range(10):
            statuses.append(client.get_table(DatabaseName=database, Name=name)
                            ["ResponseMetadata"]["HTTPStatusCode"])
            resp = server.raw("GetTable", {"DatabaseName": database, "Name": "x" * 300})
            statuses.append(resp.status)
        return max(statuses)

    with ThreadPoolExecutor(16) as pool:
        worst = list(pool.map(work, range(16)))
    assert all(s < 500 for s in worst), worst
    assert table_names(glue, database) == {f"c{i}" for i in range(16)}
