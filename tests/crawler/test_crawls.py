"""What a crawl writes into the catalog: tables, columns and types, partitions, table parameters,
and what re-crawls do under each SchemaChangePolicy and Configuration.

Each test puts its own files into a fresh bucket of the server's S3 store (or a local folder for
file:// targets), runs one crawler, waits for READY, and compares the catalog with exact expected
values. Types follow Sluice's inference (dates and timestamps detected) unless the crawler sets
Configuration {"Sluice": {"GlueCompatibleInference": true}}, which gives Glue's types.
"""

from __future__ import annotations

import gzip
import json
import time

import pytest

from crawler_harness import (SEED_CUSTOMERS, SEED_EVENTS, columns, config, counts,
                             json_lines, newest_summary, partition_keys, partitions, put_files,
                             run_crawl, tables, unique, write_files)

JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe"
LAZY_SERDE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat"
TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
GLUE_TYPES = config(Sluice={"GlueCompatibleInference": True})

EVENTS_COLUMNS = [("event_id", "string"), ("user_id", "string"), ("event_type", "string"),
                  ("product_id", "string"), ("amount", "double"), ("timestamp", "timestamp"),
                  ("category", "string")]
CUSTOMERS_COLUMNS = [("customer_id", "string"), ("name", "string"), ("email", "string"),
                     ("registration_date", "date"), ("country", "string"),
                     ("age_group", "string")]
# A JSON table and a CSV table with nothing in common, to keep table boundaries obvious.
PEOPLE_CSV = "person_id,height\n1,1.80\n2,1.65\n3,1.72\n"
ORDERS_JSON = json_lines([{"order_id": 1, "total": 9.5}, {"order_id": 2, "total": 3.0}])
FLAGS_JSON = json_lines([{"flag": True, "label": "x"}, {"flag": False, "label": "y"}])


def crawl_folder(glue, s3, crawler, database, bucket, files, folder="t", expect="SUCCEEDED",
                 **crawler_args):
    """Puts files under <folder>/, crawls s3://bucket/<folder>/, returns (name, tables)."""
    put_files(s3, bucket, files, prefix=f"{folder}/")
    name = crawler.s3(database, f"s3://{bucket}/{folder}/", **crawler_args)
    run_crawl(glue, name, expect=expect)
    return name, tables(glue, database)


def seed_lake(s3, bucket):
    """Seed 000's step 2: the folder marker, events twice (plain and under year/month/day),
    customers."""
    put_files(s3, bucket, {
        "raw-data/": "",
        "raw-data/events/sample-events.json": SEED_EVENTS,
        "raw-data/customers/sample-customers.csv": SEED_CUSTOMERS,
        "raw-data/events/year=2024/month=01/day=15/sample-events.json": SEED_EVENTS,
    })


# -- seed 000 --------------------------------------------------------------------------------------
def test_seed_000_crawl(glue, s3, crawler, database, bucket):
    seed_lake(s3, bucket)
    name = crawler.s3(database, f"s3://{bucket}/raw-data/", TablePrefix="raw_",
                      SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE",
                                          "DeleteBehavior": "LOG"},
                      RecrawlPolicy={"RecrawlBehavior": "CRAWL_EVERYTHING"},
                      LineageConfiguration={"CrawlerLineageSettings": "ENABLE"})
    c = run_crawl(glue, name)
    run_id = c["LastCrawl"]["MessagePrefix"]
    got = tables(glue, database)
    assert sorted(got) == ["raw_customers", "raw_events"]

    ev = got["raw_events"]
    assert columns(ev) == EVENTS_COLUMNS
    assert partition_keys(ev) == [("year", "string"), ("month", "string"), ("day", "string")]
    assert ev["TableType"] == "EXTERNAL_TABLE"
    sd = ev["StorageDescriptor"]
    assert sd["Location"] == f"s3://{bucket}/raw-data/events/"
    assert (sd["InputFormat"], sd["OutputFormat"]) == (TEXT_INPUT, TEXT_OUTPUT)
    assert sd["SerdeInfo"]["SerializationLibrary"] == JSON_SERDE
    assert sd["SerdeInfo"]["Parameters"]["paths"] == \
        "amount,category,event_id,event_type,product_id,timestamp,user_id"
    size = len(SEED_EVENTS.encode())
    p = ev["Parameters"]
    assert {k: p.get(k) for k in ("classification", "compressionType", "typeOfData",
                                  "objectCount", "sizeKey", "recordCount", "UPDATED_BY_CRAWLER",
                                  "CRAWL_RUN_ID")} == {
        "classification": "json", "compressionType": "none", "typeOfData": "file",
        "objectCount": "2", "sizeKey": str(2 * size), "recordCount": "10",
        "UPDATED_BY_CRAWLER": name, "CRAWL_RUN_ID": run_id}
    assert int(p["averageRecordSize"]) == pytest.approx(size / 5, abs=2)
    parts = partitions(glue, database, "raw_events")
    assert list(parts) == [("2024", "01", "15")]
    part = parts[("2024", "01", "15")]
    assert part["StorageDescriptor"]["Location"] == \
        f"s3://{bucket}/raw-data/events/year=2024/month=01/day=15/"
    assert [(x["Name"], x["Type"]) for x in part["StorageDescriptor"]["Columns"]] == \
        EVENTS_COLUMNS, "partitions inherit the table schema"
    assert part["Parameters"]["objectCount"] == "1"
    assert part["Parameters"]["recordCount"] == "5"

    cu = got["raw_customers"]
    assert columns(cu) == CUSTOMERS_COLUMNS
    assert partition_keys(cu) == []
    sd = cu["StorageDescriptor"]
    assert sd["Location"] == f"s3://{bucket}/raw-data/customers/"
    assert sd["SerdeInfo"] == {"SerializationLibrary": LAZY_SERDE,
                               "Parameters": {"field.delim": ","}}
    p = cu["Parameters"]
    assert {k: p.get(k) for k in ("classification", "compressionType", "delimiter",
                                  "skip.header.line.count", "objectCount", "recordCount",
                                  "sizeKey", "UPDATED_BY_CRAWLER")} == {
        "classification": "csv", "compressionType": "none", "delimiter": ",",
        "skip.header.line.count": "1", "objectCount": "1", "recordCount": "5",
        "sizeKey": str(len(SEED_CUSTOMERS.encode())), "UPDATED_BY_CRAWLER": name}
    assert partitions(glue, database, "raw_customers") == {}

    assert counts(newest_summary(glue, name)) == {
        "TABLE ADD": 2, "TABLE UPDATE": 0, "TABLE DELETE": 0, "PARTITION ADD": 1,
        "PARTITION UPDATE": 0}


def test_seed_000_crawl_with_glue_types(glue, s3, crawler, database, bucket):
    seed_lake(s3, bucket)
    name = crawler.s3(database, f"s3://{bucket}/raw-data/", TablePrefix="raw_",
                      Configuration=GLUE_TYPES)
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["raw_customers", "raw_events"]
    assert columns(got["raw_events"]) == [(n, "string" if n == "timestamp" else t)
                                          for n, t in EVENTS_COLUMNS]
    # With Glue's types every customers column is a string (the date too), so Glue's header
    # rule 4 ("some column must be something other than string") finds no header: col0..col5,
    # and the header line counts as a record.
    cu = got["raw_customers"]
    assert columns(cu) == [(f"col{i}", "string") for i in range(6)]
    assert "skip.header.line.count" not in cu["Parameters"]
    assert cu["Parameters"]["recordCount"] == "6"


# -- CSV -------------------------------------------------------------------------------------------
CSV_CASES = [
    # (id, file name, body, Configuration or None, expected columns, skip.header.line.count,
    #  delimiter, recordCount)
    ("no-header", "a.csv", "1,alice,2.5\n2,bob,3.5\n3,carol,4.0\n", None,
     [("col0", "bigint"), ("col1", "string"), ("col2", "double")], None, ",", "3"),
    ("typed-header", "a.csv",
     "id,day,at,score,ok\n1,2024-01-02,2024-01-02 03:04:05,1.5,true\n"
     "2,2024-02-03,2024-02-03 10:00:00,2.5,false\n", None,
     [("id", "bigint"), ("day", "date"), ("at", "timestamp"), ("score", "double"),
      ("ok", "boolean")], "1", ",", "2"),
    ("typed-header-glue", "a.csv",
     "id,day,at,score,ok\n1,2024-01-02,2024-01-02 03:04:05,1.5,true\n"
     "2,2024-02-03,2024-02-03 10:00:00,2.5,false\n", GLUE_TYPES,
     [("id", "bigint"), ("day", "string"), ("at", "string"), ("score", "double"),
      ("ok", "boolean")], "1", ",", "2"),
    # All-string file whose first row is identifier-like: Sluice finds the header, Glue does not.
    ("all-string-header", "a.csv",
     "first_name,last_name,city\nAlice,Smith,Paris\nBob,Jones,London\nCarol,White,Berlin\n",
     None, [("first_name", "string"), ("last_name", "string"), ("city", "string")], "1", ",",
     "3"),
    ("all-string-header-glue", "a.csv",
     "first_name,last_name,city\nAlice,Smith,Paris\nBob,Jones,London\nCarol,White,Berlin\n",
     GLUE_TYPES, [("col0", "string"), ("col1", "string"), ("col2", "string")], None, ",", "4"),
    ("pipe", "a.csv", "id|name|score\n1|alice|2.5\n2|bob|3.5\n", None,
     [("id", "bigint"), ("name", "string"), ("score", "double")], "1", "|", "2"),
    ("tab", "a.tsv", "id\tname\tscore\n1\talice\t2.5\n2\tbob\t3.5\n", None,
     [("id", "bigint"), ("name", "string"), ("score", "double")], "1", "\t", "2"),
    ("semicolon", "a.csv", "id;name;score\n1;alice;2.5\n2;bob;3.5\n", None,
     [("id", "bigint"), ("name", "string"), ("score", "double")], "1", ";", "2"),
    ("extra-fields", "a.csv", "a,b\n" + "1,2\n" * 8 + "3,4,5.5\n6,7,8,x\n", None,
     [("a", "bigint"), ("b", "bigint"), ("col2", "double"), ("col3", "string")], "1", ",",
     "10"),
    ("header-names-normalised", "a.csv", "Order ID,Unit-Price\n1,2.5\n2,3.5\n", None,
     [("order_id", "bigint"), ("unit_price", "double")], "1", ",", "2"),
]


@pytest.mark.parametrize("case", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_csv_inference(glue, s3, crawler, database, bucket, case):
    _, file_name, body, cfg, want, skip, delimiter, records = case
    kwargs = {"Configuration": cfg} if cfg else {}
    _, got = crawl_folder(glue, s3, crawler, database, bucket, {file_name: body}, **kwargs)
    assert list(got) == ["t"]
    t = got["t"]
    assert columns(t) == want
    p = t["Parameters"]
    assert p["classification"] == "csv"
    assert p.get("skip.header.line.count") == skip
    assert p["delimiter"] == delimiter
    assert p["recordCount"] == records
    assert t["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"] == LAZY_SERDE
    assert t["StorageDescriptor"]["SerdeInfo"]["Parameters"]["field.delim"] == delimiter


# -- JSON, compression -----------------------------------------------------------------------------
def test_gzip_json_lines(glue, s3, crawler, database, bucket):
    body = gzip.compress(json_lines([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]).encode())
    # one file named .gz and one without an extension: compression is found from the content
    _, got = crawl_folder(glue, s3, crawler, database, bucket,
                          {"a.json.gz": body, "b.dat": body})
    t = got["t"]
    assert columns(t) == [("a", "bigint"), ("b", "string")]
    assert t["Parameters"]["classification"] == "json"
    assert t["Parameters"]["compressionType"] == "gzip"
    assert t["Parameters"]["sizeKey"] == str(2 * len(body))
    assert t["Parameters"]["objectCount"] == "2"


def test_gzip_csv(glue, s3, crawler, database, bucket):
    body = gzip.compress(b"id,name\n1,a\n2,b\n")
    _, got = crawl_folder(glue, s3, crawler, database, bucket, {"a.csv.gz": body})
    t = got["t"]
    assert columns(t) == [("id", "bigint"), ("name", "string")]
    assert (t["Parameters"]["classification"], t["Parameters"]["compressionType"]) == \
        ("csv", "gzip")
    assert t["Parameters"]["skip.header.line.count"] == "1"


def test_json_array_and_nested_types(glue, s3, crawler, database, bucket):
    doc = [{"id": 1, "user": {"name": "a", "age": 3}, "tags": ["x", "y"]},
           {"id": 2, "user": {"name": "b", "age": 4}, "tags": []}]
    _, got = crawl_folder(glue, s3, crawler, database, bucket, {"a.json": json.dumps(doc)})
    t = got["t"]
    assert columns(t) == [("id", "bigint"), ("user", "struct<name:string,age:bigint>"),
                          ("tags", "array<string>")]
    assert t["Parameters"]["classification"] == "json"
    assert t["Parameters"]["recordCount"] == "2"
    assert t["StorageDescriptor"]["SerdeInfo"]["Parameters"]["paths"] == "id,tags,user"


def test_json_nested_struct_fields_are_unioned(glue, s3, crawler, database, bucket):
    rows = [{"id": 1, "geo": {"lat": 1.5}}, {"id": 2, "geo": {"lat": 2, "lon": 3.25}}]
    _, got = crawl_folder(glue, s3, crawler, database, bucket, {"a.json": json_lines(rows)})
    assert columns(got["t"]) == [("id", "bigint"), ("geo", "struct<lat:double,lon:double>")]


def test_schema_widening_across_files(glue, s3, crawler, database, bucket):
    files = {"a.json": json_lines([{"id": 1, "v": 1}, {"id": 2, "v": 2}]),
             "b.json": json_lines([{"id": 3, "v": 1.5, "extra": "z"}])}
    _, got = crawl_folder(glue, s3, crawler, database, bucket, files)
    assert list(got) == ["t"]
    assert columns(got["t"]) == [("id", "bigint"), ("v", "double"), ("extra", "string")]
    assert got["t"]["Parameters"]["objectCount"] == "2"
    assert got["t"]["Parameters"]["recordCount"] == "3"


def test_csv_widening_across_files(glue, s3, crawler, database, bucket):
    files = {"a.csv": "a,b\n1,2\n2,3\n", "b.csv": "a,b\n1.5,4\n2,5\n"}
    _, got = crawl_folder(glue, s3, crawler, database, bucket, files)
    assert columns(got["t"]) == [("a", "double"), ("b", "bigint")]


def test_json_serde_paths_cover_all_merged_columns(glue, s3, crawler, database, bucket):
    files = {"a.json": json_lines([{"id": 1, "v": 1}, {"id": 2, "v": 2}]),
             "b.json": json_lines([{"id": 3, "v": 1.5, "extra": "z"}])}
    _, got = crawl_folder(glue, s3, crawler, database, bucket, files)
    assert columns(got["t"]) == [("id", "bigint"), ("v", "double"), ("extra", "string")]
    assert got["t"]["StorageDescriptor"]["SerdeInfo"]["Parameters"]["paths"] == "extra,id,v"


# -- partitions and table boundaries --------------------------------------------------------------
def test_plain_folders_become_partition_n(glue, s3, crawler, database, bucket):
    row = json_lines([{"id": 1}, {"id": 2}])
    _, got = crawl_folder(glue, s3, crawler, database, bucket,
                          {"2024/01/a.json": row, "2024/02/a.json": row, "2025/12/b.json": row})
    t = got["t"]
    assert partition_keys(t) == [("partition_0", "string"), ("partition_1", "string")]
    parts = partitions(glue, database, "t")
    assert sorted(parts) == [("2024", "01"), ("2024", "02"), ("2025", "12")]
    assert parts[("2025", "12")]["StorageDescriptor"]["Location"] == f"s3://{bucket}/t/2025/12/"


def test_mixed_key_value_and_plain_folders(glue, s3, crawler, database, bucket):
    row = json_lines([{"id": 1}, {"id": 2}])
    _, got = crawl_folder(glue, s3, crawler, database, bucket,
                          {"region=eu/2024/a.json": row, "region=us/2025/a.json": row})
    assert partition_keys(got["t"]) == [("region", "string"), ("partition_1", "string")]
    assert sorted(partitions(glue, database, "t")) == [("eu", "2024"), ("us", "2025")]


def test_different_formats_make_separate_tables(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"lake/orders/a.json": ORDERS_JSON, "lake/people/p.csv": PEOPLE_CSV})
    name = crawler.s3(database, f"s3://{bucket}/lake/")
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["orders", "people"]
    assert columns(got["orders"]) == [("order_id", "bigint"), ("total", "double")]
    assert columns(got["people"]) == [("person_id", "bigint"), ("height", "double")]
    assert got["orders"]["StorageDescriptor"]["Location"] == f"s3://{bucket}/lake/orders/"


def test_similar_folders_make_one_partitioned_table(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"lake/sales/dt=2024-01-01/a.json": ORDERS_JSON,
                           "lake/sales/dt=2024-01-02/a.json": ORDERS_JSON,
                           "lake/sales/dt=2024-01-03/a.json": ORDERS_JSON,
                           "lake/people/p.csv": PEOPLE_CSV})
    name = crawler.s3(database, f"s3://{bucket}/lake/")
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["people", "sales"]
    assert partition_keys(got["sales"]) == [("dt", "string")]
    assert sorted(partitions(glue, database, "sales")) == \
        [("2024-01-01",), ("2024-01-02",), ("2024-01-03",)]
    assert counts(newest_summary(glue, name)) == {
        "TABLE ADD": 2, "TABLE UPDATE": 0, "TABLE DELETE": 0, "PARTITION ADD": 3,
        "PARTITION UPDATE": 0}


def test_combine_compatible_schemas_makes_one_table(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"lake/a/x.json": ORDERS_JSON, "lake/b/y.json": FLAGS_JSON})
    plain = crawler.s3(database, f"s3://{bucket}/lake/")
    run_crawl(glue, plain)
    assert sorted(tables(glue, database)) == ["a", "b"], "disjoint schemas: two tables"

    db2 = unique("db")
    glue.create_database(DatabaseInput={"Name": db2})
    try:
        combined = crawler.s3(db2, f"s3://{bucket}/lake/", Configuration=config(
            Grouping={"TableGroupingPolicy": "CombineCompatibleSchemas"}))
        run_crawl(glue, combined)
        got = tables(glue, db2)
        assert list(got) == ["lake"]
        assert sorted(columns(got["lake"])) == sorted(
            [("order_id", "bigint"), ("total", "double"), ("flag", "boolean"),
             ("label", "string")])
        assert partition_keys(got["lake"]) == [("partition_0", "string")]
        assert sorted(partitions(glue, db2, "lake")) == [("a",), ("b",)]
    finally:
        glue.delete_database(Name=db2)


@pytest.mark.parametrize("level,name,keys,values", [
    (2, "ds", ["year", "month"], [("2024", "01"), ("2024", "02")]),
    (3, "year_2024", ["month"], [("01",), ("02",)]),
])
def test_table_level_configuration(glue, s3, crawler, database, bucket, level, name, keys,
                                   values):
    # levels count from the bucket: lake = 1, ds = 2, year=2024 = 3
    put_files(s3, bucket, {"lake/ds/year=2024/month=01/a.json": ORDERS_JSON,
                           "lake/ds/year=2024/month=02/a.json": ORDERS_JSON})
    crawl = crawler.s3(database, f"s3://{bucket}/lake/",
                       Configuration=config(Grouping={"TableLevelConfiguration": level}))
    run_crawl(glue, crawl)
    got = tables(glue, database)
    assert list(got) == [name]
    assert [k for k, _ in partition_keys(got[name])] == keys
    assert sorted(partitions(glue, database, name)) == values


def test_table_prefix_and_name_normalisation(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"lake/My-Sales.V2/a.json": ORDERS_JSON,
                           "lake/People/p.csv": PEOPLE_CSV})
    name = crawler.s3(database, f"s3://{bucket}/lake/", TablePrefix="pre_")
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["pre_my_sales_v2", "pre_people"]
    assert got["pre_my_sales_v2"]["StorageDescriptor"]["Location"] == \
        f"s3://{bucket}/lake/My-Sales.V2/"


# -- what is skipped -------------------------------------------------------------------------------
def test_artifacts_are_skipped(glue, s3, crawler, database, bucket):
    files = {"orders/a.json": ORDERS_JSON, "people/p.csv": PEOPLE_CSV,
             "orders/_SUCCESS": "", "orders/.a.json.crc": "crc bytes",
             "orders/_temporary/0/task/part-0.csv": "x;y\n1;2\n3;4\n",
             "orders/_spark_metadata/0": "v1\n{\"path\":\"x\"}\n",
             "orders/.hidden.csv": "p,q\n1,2\n3,4\n", ".staging/z.csv": "p,q\n1,2\n3,4\n",
             "orders/part-0.csv.crc": "crc"}
    put_files(s3, bucket, files, prefix="lake/")
    put_files(s3, bucket, {"lake/": "", "lake/orders/": ""})  # folder markers
    name = crawler.s3(database, f"s3://{bucket}/lake/")
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["orders", "people"]
    assert columns(got["orders"]) == [("order_id", "bigint"), ("total", "double")]
    assert got["orders"]["Parameters"]["objectCount"] == "1"
    assert got["orders"]["Parameters"]["sizeKey"] == str(len(ORDERS_JSON))


EXCLUSION_CASES = [
    # (Exclusions, extra files that each must exclude; without the exclusion they would add a
    #  table, add columns or count as objects)
    (["**.tmp"], {"orders/x.tmp": "p;q\n1;2\n3;4\n", "people/sub/y.tmp": FLAGS_JSON}),
    (["*.csv"], {"top.csv": "p,q\n1,2\n3,4\n"}),  # `*` stays in one folder: people/p.csv kept
    (["logs/**"], {"logs/2024/x.json": FLAGS_JSON, "logs/y.json": FLAGS_JSON}),
    (["{logs,tmp}/**", "orders/b?.json"],
     {"logs/a.json": FLAGS_JSON, "tmp/b.json": FLAGS_JSON, "orders/b1.json": FLAGS_JSON}),
    (["orders/[!a]*.json"], {"orders/b.json": FLAGS_JSON, "orders/c.json": FLAGS_JSON}),
]


@pytest.mark.parametrize("exclusions,extra", EXCLUSION_CASES,
                         ids=[",".join(c[0]) for c in EXCLUSION_CASES])
def test_exclusions(glue, s3, crawler, database, bucket, exclusions, extra):
    put_files(s3, bucket, {"orders/a.json": ORDERS_JSON, "people/p.csv": PEOPLE_CSV, **extra},
              prefix="lake/")
    name = crawler.s3(database, f"s3://{bucket}/lake/", target={"Exclusions": exclusions})
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["orders", "people"]
    assert columns(got["orders"]) == [("order_id", "bigint"), ("total", "double")]
    assert columns(got["people"]) == [("person_id", "bigint"), ("height", "double")]
    assert got["orders"]["Parameters"]["objectCount"] == "1"
    assert got["people"]["Parameters"]["objectCount"] == "1"
    assert got["orders"]["Parameters"]["sizeKey"] == str(len(ORDERS_JSON))


def test_bad_files_do_not_fail_the_crawl(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"lake/orders/a.json": ORDERS_JSON, "lake/orders/empty.json": "",
                           "lake/orders/bad.bin": b"\x00\x01\x02\xff\xfe garbage",
                           "lake/orders/cut.json.gz": gzip.compress(ORDERS_JSON.encode() * 50)[:25],
                           "lake/people/p.csv": PEOPLE_CSV})
    name = crawler.s3(database, f"s3://{bucket}/lake/")
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["orders", "people"]
    assert columns(got["orders"]) == [("order_id", "bigint"), ("total", "double")]


# -- TableThreshold --------------------------------------------------------------------------------
def test_table_threshold_exceeded_writes_nothing(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"lake/orders/a.json": ORDERS_JSON, "lake/people/p.csv": PEOPLE_CSV,
                           "lake/flags/f.json": FLAGS_JSON})
    name = crawler.s3(database, f"s3://{bucket}/lake/", Configuration=config(
        CrawlerOutput={"Tables": {"TableThreshold": 2}}))
    c = run_crawl(glue, name, expect="FAILED")
    assert c["LastCrawl"]["ErrorMessage"] == (
        "The number of tables detected by crawler: 3 is greater than the table threshold value "
        "provided: 2. Failing crawler without writing to Data Catalog.")
    assert tables(glue, database) == {}
    assert counts(newest_summary(glue, name))["TABLE ADD"] == 0

    glue.update_crawler(Name=name, Configuration=config(
        CrawlerOutput={"Tables": {"TableThreshold": 3}}))
    run_crawl(glue, name)
    assert sorted(tables(glue, database)) == ["flags", "orders", "people"]


# -- re-crawls -------------------------------------------------------------------------------------
def two_tables(s3, bucket, events_rows=None):
    """lake/events/ (JSON, year= partitions) and lake/people/ (CSV)."""
    put_files(s3, bucket, {
        "lake/events/year=2024/month=01/a.json": events_rows or ORDERS_JSON,
        "lake/people/p.csv": PEOPLE_CSV})


def test_recrawl_adds_a_new_partition_folder(glue, s3, crawler, database, bucket):
    two_tables(s3, bucket)
    name = crawler.s3(database, f"s3://{bucket}/lake/")
    run_crawl(glue, name)
    first = tables(glue, database)
    assert sorted(partitions(glue, database, "events")) == [("2024", "01")]

    put_files(s3, bucket, {"lake/events/year=2024/month=02/a.json": ORDERS_JSON})
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["events", "people"], "no duplicate table"
    assert columns(got["events"]) == columns(first["events"])
    assert partition_keys(got["events"]) == [("year", "string"), ("month", "string")]
    assert sorted(partitions(glue, database, "events")) == [("2024", "01"), ("2024", "02")]
    c = counts(newest_summary(glue, name))
    assert (c["TABLE ADD"], c["TABLE DELETE"], c["PARTITION ADD"]) == (0, 0, 1)
    assert got["events"]["Parameters"]["objectCount"] == "2"

    # and once more with nothing new: nothing added, nothing duplicated
    run_crawl(glue, name)
    c = counts(newest_summary(glue, name))
    assert (c["TABLE ADD"], c["TABLE DELETE"], c["PARTITION ADD"]) == (0, 0, 0)
    assert sorted(partitions(glue, database, "events")) == [("2024", "01"), ("2024", "02")]
    assert sorted(tables(glue, database)) == ["events", "people"]


def test_recrawl_of_unchanged_data_changes_nothing(glue, s3, crawler, database, bucket):
    two_tables(s3, bucket)
    name = crawler.s3(database, f"s3://{bucket}/lake/")
    run_crawl(glue, name)
    before = tables(glue, database)
    run_crawl(glue, name)
    assert counts(newest_summary(glue, name)) == {
        "TABLE ADD": 0, "TABLE UPDATE": 0, "TABLE DELETE": 0, "PARTITION ADD": 0,
        "PARTITION UPDATE": 0}
    after = tables(glue, database)
    assert {n: t["VersionId"] for n, t in after.items()} == \
        {n: t["VersionId"] for n, t in before.items()}


def test_update_in_database_applies_a_schema_change(glue, s3, crawler, database, bucket):
    two_tables(s3, bucket)
    name = crawler.s3(database, f"s3://{bucket}/lake/")
    run_crawl(glue, name)
    put_files(s3, bucket, {"lake/events/year=2024/month=01/a.json":
                           json_lines([{"order_id": 1, "coupon": "A"},
                                       {"order_id": 2, "coupon": "B"}])})
    run_crawl(glue, name)
    got = tables(glue, database)
    assert columns(got["events"]) == [("order_id", "bigint"), ("coupon", "string")]
    assert got["events"]["VersionId"] != "1"
    assert counts(newest_summary(glue, name))["TABLE ADD"] == 0


def test_update_behavior_log_leaves_a_changed_table_unchanged(glue, s3, crawler, database,
                                                              bucket):
    two_tables(s3, bucket)
    name = crawler.s3(database, f"s3://{bucket}/lake/",
                      SchemaChangePolicy={"UpdateBehavior": "LOG", "DeleteBehavior": "LOG"})
    run_crawl(glue, name)
    before = tables(glue, database)["events"]
    put_files(s3, bucket, {"lake/events/year=2024/month=01/a.json":
                           json_lines([{"order_id": 1, "total": 2.5, "coupon": "A"},
                                       {"order_id": 2, "total": 1.0, "coupon": "B"}])})
    run_crawl(glue, name)
    after = tables(glue, database)["events"]
    assert columns(after) == [("order_id", "bigint"), ("total", "double")]
    assert after["VersionId"] == before["VersionId"]
    assert after["StorageDescriptor"] == before["StorageDescriptor"]
    c = counts(newest_summary(glue, name))
    assert (c["TABLE ADD"], c["TABLE UPDATE"], c["TABLE DELETE"]) == (0, 0, 0)
    # new partitions are still added under LOG (Glue: new tables and partitions always are)
    put_files(s3, bucket, {"lake/events/year=2024/month=02/a.json": ORDERS_JSON})
    run_crawl(glue, name)
    assert sorted(partitions(glue, database, "events")) == [("2024", "01"), ("2024", "02")]
    assert columns(tables(glue, database)["events"]) == [("order_id", "bigint"),
                                                         ("total", "double")]


def test_merge_new_columns_keeps_old_columns(glue, s3, crawler, database, bucket):
    two_tables(s3, bucket, events_rows=json_lines([{"order_id": 1, "total": 2.5},
                                                   {"order_id": 2, "total": 1.0}]))
    name = crawler.s3(database, f"s3://{bucket}/lake/", Configuration=config(
        CrawlerOutput={"Tables": {"AddOrUpdateBehavior": "MergeNewColumns"}}))
    run_crawl(glue, name)
    put_files(s3, bucket, {"lake/events/year=2024/month=01/a.json":
                           json_lines([{"order_id": 3, "coupon": "A"},
                                       {"order_id": 4, "coupon": "B"}])})
    run_crawl(glue, name)
    got = dict(columns(tables(glue, database)["events"]))
    assert got == {"order_id": "bigint", "total": "double", "coupon": "string"}
    assert counts(newest_summary(glue, name))["TABLE ADD"] == 0


def three_tables(s3, bucket):
    """Three unrelated tables, so that two remain after one's data is deleted."""
    put_files(s3, bucket, {"lake/orders/a.json": ORDERS_JSON, "lake/people/p.csv": PEOPLE_CSV,
                           "lake/flags/f.json": FLAGS_JSON})


@pytest.mark.parametrize("behavior", ["DELETE_FROM_DATABASE", "DEPRECATE_IN_DATABASE", "LOG"])
def test_delete_behavior_after_the_data_is_gone(glue, s3, crawler, database, bucket, behavior):
    three_tables(s3, bucket)
    # a table made by hand (not by this crawler) under the same root is never touched
    glue.create_table(DatabaseName=database, TableInput={
        "Name": "manual", "TableType": "EXTERNAL_TABLE",
        "StorageDescriptor": {"Columns": [{"Name": "c", "Type": "string"}],
                              "Location": f"s3://{bucket}/lake/manual/"}})
    name = crawler.s3(database, f"s3://{bucket}/lake/",
                      SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE",
                                          "DeleteBehavior": behavior})
    run_crawl(glue, name)
    assert sorted(tables(glue, database)) == ["flags", "manual", "orders", "people"]

    s3.delete_object(Bucket=bucket, Key="lake/orders/a.json")
    before_ms = int(time.time() * 1000) - 1000
    run_crawl(glue, name)
    got = tables(glue, database)
    summary = counts(newest_summary(glue, name))
    assert summary["TABLE ADD"] == 0
    assert "DEPRECATED_BY_CRAWLER" not in got["people"]["Parameters"]
    assert "DEPRECATED_BY_CRAWLER" not in got["flags"]["Parameters"]
    assert "manual" in got
    if behavior == "DELETE_FROM_DATABASE":
        assert sorted(got) == ["flags", "manual", "people"]
        assert summary["TABLE DELETE"] == 1
    elif behavior == "DEPRECATE_IN_DATABASE":
        assert sorted(got) == ["flags", "manual", "orders", "people"]
        stamp = int(got["orders"]["Parameters"]["DEPRECATED_BY_CRAWLER"])
        assert before_ms <= stamp <= int(time.time() * 1000) + 1000, "epoch milliseconds"
        assert summary["TABLE DELETE"] == 1
    else:
        assert sorted(got) == ["flags", "manual", "orders", "people"]
        assert "DEPRECATED_BY_CRAWLER" not in got["orders"]["Parameters"]
        assert summary["TABLE DELETE"] == 0


# -- file:// targets -------------------------------------------------------------------------------
def test_file_target(glue, crawler, database, tmp_path):
    write_files(tmp_path, {
        "lake/orders/dt=2024-01-01/a.json": ORDERS_JSON,
        "lake/orders/dt=2024-01-02/a.json": ORDERS_JSON,
        "lake/orders/dt=2024-01-02/_SUCCESS": "",
        "lake/people/p.csv": PEOPLE_CSV,
        "lake/people/.p.csv.crc": "crc",
    })
    name = crawler.s3(database, f"file://{tmp_path}/lake/", TablePrefix="local_")
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["local_orders", "local_people"]
    orders = got["local_orders"]
    assert columns(orders) == [("order_id", "bigint"), ("total", "double")]
    assert partition_keys(orders) == [("dt", "string")]
    assert orders["StorageDescriptor"]["Location"] == f"file://{tmp_path}/lake/orders/"
    parts = partitions(glue, database, "local_orders")
    assert sorted(parts) == [("2024-01-01",), ("2024-01-02",)]
    assert parts[("2024-01-02",)]["StorageDescriptor"]["Location"] == \
        f"file://{tmp_path}/lake/orders/dt=2024-01-02/"
    assert columns(got["local_people"]) == [("person_id", "bigint"), ("height", "double")]
    assert got["local_people"]["Parameters"]["UPDATED_BY_CRAWLER"] == name


def test_file_target_missing_folder_makes_no_tables(glue, crawler, database, tmp_path):
    name = crawler.s3(database, f"file://{tmp_path}/does-not-exist/")
    c = run_crawl(glue, name, expect=None)
    assert c["LastCrawl"]["Status"] in ("SUCCEEDED", "FAILED")
    if c["LastCrawl"]["Status"] == "FAILED":
        assert "does-not-exist" in c["LastCrawl"]["ErrorMessage"]
    assert tables(glue, database) == {}


def test_two_targets_one_crawl(glue, s3, crawler, database, bucket, tmp_path):
    put_files(s3, bucket, {"orders/a.json": ORDERS_JSON})
    write_files(tmp_path, {"people/p.csv": PEOPLE_CSV})
    name = crawler.create(DatabaseName=database, Targets={"S3Targets": [
        {"Path": f"s3://{bucket}/orders/"}, {"Path": f"file://{tmp_path}/people/"}]})
    run_crawl(glue, name)
    got = tables(glue, database)
    assert sorted(got) == ["orders", "people"]
    assert got["people"]["StorageDescriptor"]["Location"] == f"file://{tmp_path}/people/"


def test_bucket_root_target_names_the_table_after_the_bucket(glue, s3, crawler, database,
                                                             bucket):
    put_files(s3, bucket, {"a.json": ORDERS_JSON, "b.json": ORDERS_JSON})
    name = crawler.s3(database, f"s3://{bucket}/")
    run_crawl(glue, name)
    got = tables(glue, database)
    assert list(got) == [bucket.replace("-", "_")]
    t = got[bucket.replace("-", "_")]
    assert t["StorageDescriptor"]["Location"] == f"s3://{bucket}/"
    assert columns(t) == [("order_id", "bigint"), ("total", "double")]
    assert partition_keys(t) == []


def test_sample_size_still_counts_every_file(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {f"orders/f{i}.json": ORDERS_JSON for i in range(4)}, prefix="lake/")
    name = crawler.s3(database, f"s3://{bucket}/lake/orders/", target={"SampleSize": 1})
    run_crawl(glue, name)
    t = tables(glue, database)["orders"]
    assert columns(t) == [("order_id", "bigint"), ("total", "double")]
    assert t["Parameters"]["objectCount"] == "4"
    assert t["Parameters"]["sizeKey"] == str(4 * len(ORDERS_JSON))


@pytest.mark.parametrize("behavior", ["DELETE_FROM_DATABASE", "DEPRECATE_IN_DATABASE"])
def test_only_the_table_whose_data_vanished_is_deleted(glue, s3, crawler, database, bucket,
                                                       behavior):
    put_files(s3, bucket, {"lake/orders/a.json": ORDERS_JSON, "lake/people/p.csv": PEOPLE_CSV})
    name = crawler.s3(database, f"s3://{bucket}/lake/",
                      SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE",
                                          "DeleteBehavior": behavior})
    run_crawl(glue, name)
    assert sorted(tables(glue, database)) == ["orders", "people"]
    s3.delete_object(Bucket=bucket, Key="lake/orders/a.json")
    run_crawl(glue, name)
    got = tables(glue, database)
    assert "people" in got, f"people was removed; tables now {sorted(got)}"
    assert "DEPRECATED_BY_CRAWLER" not in got["people"]["Parameters"]
    assert columns(got["people"]) == [("person_id", "bigint"), ("height", "double")]
    want = ["people"] if behavior == "DELETE_FROM_DATABASE" else ["orders", "people"]
    assert sorted(got) == want, "the people files must not be catalogued a second time"
