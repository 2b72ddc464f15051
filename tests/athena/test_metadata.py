"""Athena's view of the Glue catalog through boto3: ListDataCatalogs, GetDataCatalog (the one
catalog AwsDataCatalog, type GLUE), ListDatabases, GetDatabase, ListTableMetadata (Expression,
paging), GetTableMetadata; unknown catalogs, databases and tables are MetadataException.
"""

from __future__ import annotations

import datetime

import pytest

from athena_harness import athena_error, collect_pages, error_message, table_input, unique

CATALOG = "AwsDataCatalog"


def make_table(glue, database, name, partition_keys=(), **extra):
    glue.create_table(DatabaseName=database,
                      TableInput=table_input(name, partition_keys=partition_keys, **extra))


def test_one_glue_data_catalog(athena, server):
    assert athena.list_data_catalogs()["DataCatalogsSummary"] == [
        {"CatalogName": CATALOG, "Type": "GLUE"}]
    for name in (CATALOG, "awsdatacatalog", "AWSDATACATALOG"):
        catalog = athena.get_data_catalog(Name=name)["DataCatalog"]
        assert catalog["Name"] == CATALOG
        assert catalog["Type"] == "GLUE"
        assert catalog["Parameters"] == {"catalog-id": "000000000000"}
    # Debian's boto3 predates the WorkGroup member of these inputs; the server takes it.
    resp = server.raw("AmazonAthena.GetDataCatalog", {"Name": CATALOG, "WorkGroup": "primary"})
    assert resp.status == 200 and resp.json()["DataCatalog"]["Type"] == "GLUE", resp


def test_unknown_catalog_is_invalid_request(athena):
    with athena_error("InvalidRequestException") as info:
        athena.get_data_catalog(Name="hive_metastore")
    assert "hive_metastore" in error_message(info) and CATALOG in error_message(info)


def test_list_data_catalogs_errors(athena, server):
    with athena_error("InvalidRequestException"):
        athena.list_data_catalogs(NextToken="not-a-token")
    resp = server.raw("AmazonAthena.ListDataCatalogs", {"WorkGroup": "no_such_wg"})
    assert resp.error_type == "InvalidRequestException", resp
    assert resp.message == "WorkGroup no_such_wg is not found"


def test_list_and_get_databases(athena, glue):
    names = sorted(unique("adb") for _ in range(5))
    for name in names:
        glue.create_database(DatabaseInput={"Name": name, "Description": f"about {name}",
                                            "Parameters": {"owner": "team"}})
    try:
        items, pages = collect_pages(athena.list_databases, "DatabaseList", CatalogName=CATALOG,
                                     MaxResults=2)
        mine = [d for d in items if d["Name"] in names]
        assert [d["Name"] for d in mine] == names
        assert all(len(p) <= 2 for p in pages)
        assert mine[0] == {"Name": names[0], "Description": f"about {names[0]}",
                           "Parameters": {"owner": "team"}}
        paginated = athena.get_paginator("list_databases").paginate(
            CatalogName="awsdatacatalog", PaginationConfig={"PageSize": 3})
        assert [d["Name"] for page in paginated for d in page["DatabaseList"]] == \
            [d["Name"] for d in items]
        db = athena.get_database(CatalogName=CATALOG, DatabaseName=names[1])["Database"]
        assert db == {"Name": names[1], "Description": f"about {names[1]}",
                      "Parameters": {"owner": "team"}}
        # Glue folds names to lowercase; so does the lookup.
        assert athena.get_database(CatalogName=CATALOG,
                                   DatabaseName=names[1].upper())["Database"]["Name"] == names[1]
    finally:
        for name in names:
            glue.delete_database(Name=name)


@pytest.mark.parametrize("call", ["list_databases", "get_database", "list_table_metadata",
                                  "get_table_metadata"])
def test_unknown_catalog_is_metadata_exception(athena, database, call):
    args = {"CatalogName": "other_catalog", "DatabaseName": database, "TableName": "t"}
    params = {"list_databases": ["CatalogName"], "get_database": ["CatalogName", "DatabaseName"],
              "list_table_metadata": ["CatalogName", "DatabaseName"],
              "get_table_metadata": ["CatalogName", "DatabaseName", "TableName"]}[call]
    with athena_error("MetadataException") as info:
        getattr(athena, call)(**{k: args[k] for k in params})
    assert "other_catalog" in error_message(info)


def test_missing_database_and_table_are_metadata_exception(athena, database):
    missing = unique("nodb")
    with athena_error("MetadataException") as info:
        athena.get_database(CatalogName=CATALOG, DatabaseName=missing)
    assert missing in error_message(info)
    with athena_error("MetadataException"):
        athena.list_table_metadata(CatalogName=CATALOG, DatabaseName=missing)
    with athena_error("MetadataException"):
        athena.get_table_metadata(CatalogName=CATALOG, DatabaseName=missing, TableName="t")
    with athena_error("MetadataException") as info:
        athena.get_table_metadata(CatalogName=CATALOG, DatabaseName=database, TableName="nope")
    assert "nope" in error_message(info)


@pytest.mark.parametrize("target", ["GetDatabase", "ListTableMetadata", "ListDatabases"])
def test_missing_workgroup_is_invalid_request(server, database, target):
    resp = server.raw(f"AmazonAthena.{target}", {
        "CatalogName": CATALOG, "DatabaseName": database, "WorkGroup": "no_such_wg"})
    assert resp.status == 400 and resp.error_type == "InvalidRequestException", resp
    assert resp.message == "WorkGroup no_such_wg is not found"
    resp = server.raw(f"AmazonAthena.{target}", {
        "CatalogName": CATALOG, "DatabaseName": database, "WorkGroup": "primary"})
    assert resp.status == 200, resp


def test_table_metadata_folds_the_storage_descriptor_into_parameters(athena, glue, database):
    ti = table_input("events", partition_keys=[("year", "string"), ("month", "int")],
                     Parameters={"classification": "csv", "has_encrypted_data": "false"})
    ti["StorageDescriptor"]["Columns"][0]["Comment"] = "the key"
    glue.create_table(DatabaseName=database, TableInput=ti)
    meta = athena.get_table_metadata(CatalogName=CATALOG, DatabaseName=database,
                                     TableName="events")["TableMetadata"]
    assert meta["Name"] == "events"
    assert meta["TableType"] == "EXTERNAL_TABLE"
    assert isinstance(meta["CreateTime"], datetime.datetime)
    assert meta["LastAccessTime"] == datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    glue_table = glue.get_table(DatabaseName=database, Name="events")["Table"]
    assert meta["CreateTime"] == glue_table["CreateTime"]
    assert meta["Columns"] == [{"Name": "id", "Type": "bigint", "Comment": "the key"},
                               {"Name": "name", "Type": "string"}]
    assert meta["PartitionKeys"] == [{"Name": "year", "Type": "string"},
                                     {"Name": "month", "Type": "int"}]
    assert meta["Parameters"] == {
        "classification": "csv",
        "has_encrypted_data": "false",
        "location": "s3://bucket/events/",
        "inputformat": "org.apache.hadoop.mapred.TextInputFormat",
        "outputformat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "serde.serialization.lib": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        "serde.param.field.delim": ",",
    }
    listed = athena.list_table_metadata(CatalogName=CATALOG, DatabaseName=database)
    assert listed["TableMetadataList"] == [meta]
    assert "NextToken" not in listed


def test_table_without_storage_descriptor(athena, glue, database):
    glue.create_table(DatabaseName=database, TableInput={"Name": "bare"})
    meta = athena.get_table_metadata(CatalogName=CATALOG, DatabaseName=database,
                                     TableName="BARE")["TableMetadata"]
    assert meta["Name"] == "bare"
    assert meta["Columns"] == [] and meta["PartitionKeys"] == []
    assert meta["Parameters"] == {}


@pytest.mark.parametrize("expression, expected", [
    ("sales*", ["sales_2023", "sales_2024", "sales_eu"]),
    ("*eu", ["orders_eu", "sales_eu"]),
    ("*2024*", ["sales_2024"]),
    ("orders*|customers", ["customers", "orders_eu", "orders_us"]),
    ("*", ["customers", "orders_eu", "orders_us", "sales_2023", "sales_2024", "sales_eu"]),
    ("", ["customers", "orders_eu", "orders_us", "sales_2023", "sales_2024", "sales_eu"]),
    ("nothing*", []),
])
def test_list_table_metadata_expression(athena, glue, database, expression, expected):
    for name in ["sales_2023", "sales_2024", "sales_eu", "orders_eu", "orders_us", "customers"]:
        make_table(glue, database, name)
    items, _ = collect_pages(athena.list_table_metadata, "TableMetadataList", CatalogName=CATALOG,
                             DatabaseName=database, Expression=expression, MaxResults=2)
    assert [t["Name"] for t in items] == expected


def test_list_table_metadata_pages(athena, glue, database):
    names = [f"t{i:02d}" for i in range(11)]
    for name in names:
        make_table(glue, database, name)
    items, pages = collect_pages(athena.list_table_metadata, "TableMetadataList",
                                 CatalogName=CATALOG, DatabaseName=database, MaxResults=4)
    assert [t["Name"] for t in items] == names
    assert [len(p) for p in pages] == [4, 4, 3]
    paginated = athena.get_paginator("list_table_metadata").paginate(
        CatalogName=CATALOG, DatabaseName=database, Expression="t0*",
        PaginationConfig={"PageSize": 3})
    assert [t["Name"] for page in paginated for t in page["TableMetadataList"]] == names[:10]


def test_list_table_metadata_bad_token_and_expression(athena, database):
    with athena_error("InvalidRequestException") as info:
        athena.list_table_metadata(CatalogName=CATALOG, DatabaseName=database,
                                   NextToken="garbage")
    assert "NextToken" in error_message(info)
    with athena_error("InvalidRequestException") as info:
        athena.list_table_metadata(CatalogName=CATALOG, DatabaseName=database, Expression="a(")
    assert "Expression" in error_message(info)


def test_max_results_out_of_range_is_rejected_by_the_server(server, database):
    resp = server.raw("AmazonAthena.ListTableMetadata",
                      {"CatalogName": CATALOG, "DatabaseName": database, "MaxResults": 51})
    assert resp.error_type == "InvalidRequestException", resp
    assert "MaxResults" in resp.message


def test_unknown_athena_operation(server):
    resp = server.raw("AmazonAthena.ListEngineVersions", {})
    assert resp.status == 400 and resp.error_type == "UnknownOperationException", resp
