"""The crawler API: CreateCrawler, GetCrawler(s), ListCrawlers, BatchGetCrawlers, UpdateCrawler,
DeleteCrawler, StartCrawler, StopCrawler, GetCrawlerMetrics, ListCrawls, and each error they
give (code, HTTP 400, and a message that says what to fix). Nothing an error refuses is stored.

Crawls here are only what the API needs (state machine, history, metrics); what a crawl writes
into the catalog is in test_crawls.py.
"""

from __future__ import annotations

import datetime
import json
import signal
import time

import pytest
from botocore.exceptions import ClientError

from crawler_harness import (HISTORY_STATE, ROLE, SEED_EVENTS, SluiceServer, config, counts,
                             error_message, glue_error, last_prefix, newest_summary, put_files,
                             run_crawl, unique, wait_for_crawl, write_files)


def s3_targets(*paths: str) -> dict:
    return {"S3Targets": [{"Path": p} for p in paths]}


# -- lifecycle ------------------------------------------------------------------------------------
def test_create_get_round_trip_with_defaults(glue, crawler, database):
    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
    name = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/data/"),
                          Description="raw data crawler", TablePrefix="raw_")
    c = glue.get_crawler(Name=name)["Crawler"]
    assert c["Name"] == name
    assert c["Role"] == ROLE
    assert c["DatabaseName"] == database
    assert c["Description"] == "raw data crawler"
    assert c["TablePrefix"] == "raw_"
    assert c["Targets"]["S3Targets"] == [{"Path": "s3://somebucket/data/"}]
    assert c["State"] == "READY"
    assert c["Version"] == 1
    assert c["Classifiers"] == []
    # Glue's defaults for the policies that were not given.
    assert c["SchemaChangePolicy"] == {"UpdateBehavior": "UPDATE_IN_DATABASE",
                                       "DeleteBehavior": "DEPRECATE_IN_DATABASE"}
    assert c["RecrawlPolicy"] == {"RecrawlBehavior": "CRAWL_EVERYTHING"}
    assert "LastCrawl" not in c, "a crawler that never ran has no LastCrawl"
    assert c["CreationTime"] >= before and c["LastUpdated"] >= before


def test_create_with_every_s3_option_round_trips(glue, crawler, database):
    cfg = config(Grouping={"TableGroupingPolicy": "CombineCompatibleSchemas"},
                 CrawlerOutput={"Tables": {"AddOrUpdateBehavior": "MergeNewColumns",
                                           "TableThreshold": 5}},
                 Sluice={"GlueCompatibleInference": True})
    target = {"Path": "s3://somebucket/data/", "Exclusions": ["**.tmp", "logs/**"],
              "SampleSize": 3}
    name = crawler.create(
        DatabaseName=database, Targets={"S3Targets": [target]}, Configuration=cfg,
        SchemaChangePolicy={"UpdateBehavior": "LOG", "DeleteBehavior": "DELETE_FROM_DATABASE"},
        RecrawlPolicy={"RecrawlBehavior": "CRAWL_EVERYTHING"},
        LineageConfiguration={"CrawlerLineageSettings": "ENABLE"},
        Schedule="cron(15 12 * * ? *)")
    c = glue.get_crawler(Name=name)["Crawler"]
    assert c["Targets"]["S3Targets"] == [target]
    assert json.loads(c["Configuration"]) == json.loads(cfg)
    assert c["SchemaChangePolicy"] == {"UpdateBehavior": "LOG",
                                       "DeleteBehavior": "DELETE_FROM_DATABASE"}
    assert c["LineageConfiguration"] == {"CrawlerLineageSettings": "ENABLE"}
    assert c["Schedule"]["ScheduleExpression"] == "cron(15 12 * * ? *)"


def test_file_target_accepted(glue, crawler, database, tmp_path):
    name = crawler.create(DatabaseName=database, Targets=s3_targets(f"file://{tmp_path}/"))
    assert glue.get_crawler(Name=name)["Crawler"]["Targets"]["S3Targets"][0]["Path"] == \
        f"file://{tmp_path}/"


def test_create_twice_is_already_exists(glue, crawler, database):
    name = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"))
    with glue_error("AlreadyExistsException") as info:
        glue.create_crawler(Name=name, Role=ROLE, DatabaseName=database,
                            Targets=s3_targets("s3://somebucket/b/"))
    assert name in error_message(info)
    # the first definition is untouched
    c = glue.get_crawler(Name=name)["Crawler"]
    assert c["Targets"]["S3Targets"][0]["Path"] == "s3://somebucket/a/"
    assert c["Version"] == 1


def test_update_changes_only_given_fields_and_bumps_version(glue, crawler, database):
    name = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"),
                          Description="before", TablePrefix="p_")
    created = glue.get_crawler(Name=name)["Crawler"]
    time.sleep(0.01)
    glue.update_crawler(Name=name, Description="after",
                        SchemaChangePolicy={"DeleteBehavior": "LOG"})
    c = glue.get_crawler(Name=name)["Crawler"]
    assert c["Description"] == "after"
    assert c["TablePrefix"] == "p_"
    assert c["Targets"] == created["Targets"]
    assert c["DatabaseName"] == database
    assert c["SchemaChangePolicy"] == {"UpdateBehavior": "UPDATE_IN_DATABASE",
                                       "DeleteBehavior": "LOG"}
    assert c["Version"] == 2
    assert c["CreationTime"] == created["CreationTime"]
    assert c["LastUpdated"] > created["LastUpdated"]

    glue.update_crawler(Name=name, Targets=s3_targets("s3://somebucket/b/", "s3://other/c/"))
    c = glue.get_crawler(Name=name)["Crawler"]
    assert [t["Path"] for t in c["Targets"]["S3Targets"]] == ["s3://somebucket/b/",
                                                              "s3://other/c/"]
    assert c["Version"] == 3


def test_delete_then_everything_is_not_found(glue, crawler, database):
    name = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"))
    glue.delete_crawler(Name=name)
    for call in (lambda: glue.get_crawler(Name=name),
                 lambda: glue.delete_crawler(Name=name),
                 lambda: glue.update_crawler(Name=name, Description="x"),
                 lambda: glue.start_crawler(Name=name),
                 lambda: glue.stop_crawler(Name=name),
                 lambda: glue.list_crawls(CrawlerName=name)):
        with glue_error("EntityNotFoundException") as info:
            call()
        assert name in error_message(info)
    assert name not in glue.list_crawlers()["CrawlerNames"]
    # the name can be used again
    crawler.create(Name=name, DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"))
    assert glue.get_crawler(Name=name)["Crawler"]["Version"] == 1


@pytest.mark.parametrize("op", ["get_crawler", "delete_crawler", "start_crawler", "stop_crawler"])
def test_missing_crawler_is_entity_not_found(glue, op):
    name = unique("nosuch")
    with glue_error("EntityNotFoundException") as info:
        getattr(glue, op)(Name=name)
    assert name in error_message(info) and "not found" in error_message(info)


def test_update_and_list_crawls_of_missing_crawler(glue):
    name = unique("nosuch")
    with glue_error("EntityNotFoundException"):
        glue.update_crawler(Name=name, Description="x")
    with glue_error("EntityNotFoundException"):
        glue.list_crawls(CrawlerName=name)


def test_listings_and_pagination(glue, crawler, database):
    prefix = unique("lst")
    names = sorted(f"{prefix}_{i}" for i in range(5))
    for n in names:
        crawler.create(Name=n, DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"))

    listed, token, pages = [], None, 0
    while True:
        kwargs = {"MaxResults": 2, **({"NextToken": token} if token else {})}
        page = glue.list_crawlers(**kwargs)
        assert len(page["CrawlerNames"]) <= 2
        listed += page["CrawlerNames"]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
        assert pages < 100
    assert [n for n in listed if n.startswith(prefix)] == names
    assert len(listed) == len(set(listed)), "a name was listed twice"

    got, token = [], None
    while True:
        page = glue.get_crawlers(MaxResults=3, **({"NextToken": token} if token else {}))
        got += page["Crawlers"]
        token = page.get("NextToken")
        if not token:
            break
    mine = [c for c in got if c["Name"].startswith(prefix)]
    assert [c["Name"] for c in mine] == names
    assert all(c["DatabaseName"] == database and c["State"] == "READY" for c in mine)


def test_batch_get_crawlers_reports_missing_names(glue, crawler, database):
    a = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"))
    b = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/b/"))
    missing1, missing2 = unique("nosuch"), unique("nosuch")
    resp = glue.batch_get_crawlers(CrawlerNames=[a, missing1, b, missing2])
    assert sorted(c["Name"] for c in resp["Crawlers"]) == sorted([a, b])
    assert sorted(resp["CrawlersNotFound"]) == sorted([missing1, missing2])
    paths = {c["Name"]: c["Targets"]["S3Targets"][0]["Path"] for c in resp["Crawlers"]}
    assert paths == {a: "s3://somebucket/a/", b: "s3://somebucket/b/"}

    resp = glue.batch_get_crawlers(CrawlerNames=[missing1])
    assert resp["Crawlers"] == [] and resp["CrawlersNotFound"] == [missing1]


def test_get_crawler_metrics(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"raw/events/a.json": SEED_EVENTS,
                           "raw/customers/c.csv": "id,name\n1,a\n2,b\n"})
    ran = crawler.s3(database, f"s3://{bucket}/raw/")
    idle = crawler.s3(database, f"s3://{bucket}/raw/")
    missing = unique("nosuch")
    run_crawl(glue, ran)
    metrics = glue.get_crawler_metrics(CrawlerNameList=[ran, idle, missing])["CrawlerMetricsList"]
    by_name = {m["CrawlerName"]: m for m in metrics}
    assert set(by_name) == {ran, idle}, "names that do not exist are left out"
    m = by_name[ran]
    assert (m["TablesCreated"], m["TablesUpdated"], m["TablesDeleted"]) == (2, 0, 0)
    assert m["StillEstimating"] is False
    assert m["TimeLeftSeconds"] == 0
    assert 0 <= m["LastRuntimeSeconds"] < 30
    assert m["MedianRuntimeSeconds"] == pytest.approx(m["LastRuntimeSeconds"])
    n = by_name[idle]
    assert (n["TablesCreated"], n["TablesUpdated"], n["TablesDeleted"]) == (0, 0, 0)
    assert n["LastRuntimeSeconds"] == 0


# -- runs, history, state machine ------------------------------------------------------------------
def test_start_runs_in_background_and_records_history(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"raw/events/a.json": SEED_EVENTS})
    name = crawler.s3(database, f"s3://{bucket}/raw/events/")
    glue.start_crawler(Name=name)
    state = glue.get_crawler(Name=name)["Crawler"]
    # StartCrawler has returned: the crawler is RUNNING, or already READY with this crawl done.
    assert state["State"] in ("RUNNING", "READY")
    if state["State"] == "READY":
        assert state["LastCrawl"]["Status"] == "SUCCEEDED"
    c = wait_for_crawl(glue, name, None)
    last = c["LastCrawl"]
    assert last["Status"] == "SUCCEEDED"
    assert "ErrorMessage" not in last
    assert last["LogGroup"] == "/aws-glue/crawlers" and last["LogStream"] == name
    assert c["CrawlElapsedTime"] == 0, "CrawlElapsedTime is only non-zero while running"

    crawls = glue.list_crawls(CrawlerName=name)["Crawls"]
    assert len(crawls) == 1
    h = crawls[0]
    assert h["CrawlId"] == last["MessagePrefix"]
    assert h["State"] == "COMPLETED"
    assert h["StartTime"] <= h["EndTime"]
    assert h["StartTime"] == last["StartTime"]
    assert counts(json.loads(h["Summary"])) == {"TABLE ADD": 1, "TABLE UPDATE": 0,
                                                "TABLE DELETE": 0, "PARTITION ADD": 0,
                                                "PARTITION UPDATE": 0}

    run_crawl(glue, name)
    crawls = glue.list_crawls(CrawlerName=name)["Crawls"]
    assert len(crawls) == 2
    assert crawls[0]["StartTime"] >= crawls[1]["StartTime"], "newest crawl first"
    assert crawls[0]["CrawlId"] != crawls[1]["CrawlId"]
    page = glue.list_crawls(CrawlerName=name, MaxResults=1)
    assert len(page["Crawls"]) == 1 and page.get("NextToken")
    rest = glue.list_crawls(CrawlerName=name, MaxResults=1, NextToken=page["NextToken"])
    assert [x["CrawlId"] for x in page["Crawls"] + rest["Crawls"]] == \
        [x["CrawlId"] for x in crawls]


def test_list_crawls_filters_are_refused_with_a_reason(glue, crawler, database):
    name = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"))
    with glue_error("InvalidInputException") as info:
        glue.list_crawls(CrawlerName=name,
                         Filters=[{"FieldName": "STATE", "FilterOperator": "EQ",
                                   "FieldValue": "COMPLETED"}])
    assert "Filters" in error_message(info)


def test_stop_when_ready_is_crawler_not_running(glue, crawler, database):
    name = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"))
    with glue_error("CrawlerNotRunningException") as info:
        glue.stop_crawler(Name=name)
    assert name in error_message(info) and "not running" in error_message(info)
    assert glue.get_crawler(Name=name)["Crawler"]["State"] == "READY"


def test_missing_database_fails_the_crawl_with_a_clear_message(glue, s3, crawler, bucket):
    put_files(s3, bucket, {"raw/events/a.json": SEED_EVENTS})
    db = unique("nodb")
    name = crawler.s3(db, f"s3://{bucket}/raw/")
    c = run_crawl(glue, name, expect="FAILED")
    msg = c["LastCrawl"]["ErrorMessage"]
    assert db in msg and "not found" in msg and "CreateDatabase" in msg
    h = glue.list_crawls(CrawlerName=name)["Crawls"][0]
    assert h["State"] == "FAILED" and h["ErrorMessage"] == msg
    assert counts(json.loads(h["Summary"]))["TABLE ADD"] == 0
    with glue_error("EntityNotFoundException"):
        glue.get_database(Name=db)
    # the crawler is usable again: create the database and re-run
    glue.create_database(DatabaseInput={"Name": db})
    try:
        c = run_crawl(glue, name)
        assert "ErrorMessage" not in c["LastCrawl"]
        assert [t["Name"] for t in glue.get_tables(DatabaseName=db)["TableList"]] == ["raw"]
    finally:
        glue.delete_database(Name=db)


def test_crawler_without_database_fails_the_crawl(glue, s3, crawler, bucket):
    put_files(s3, bucket, {"raw/a.json": SEED_EVENTS})
    name = crawler.create(Targets=s3_targets(f"s3://{bucket}/raw/"))
    assert "DatabaseName" not in glue.get_crawler(Name=name)["Crawler"]
    c = run_crawl(glue, name, expect="FAILED")
    assert "DatabaseName" in c["LastCrawl"]["ErrorMessage"]


def test_missing_bucket_fails_the_crawl(glue, crawler, database):
    missing = "no-such-bucket-" + unique("b").replace("_", "-")
    name = crawler.s3(database, f"s3://{missing}/data/")
    c = run_crawl(glue, name, expect="FAILED")
    assert missing in c["LastCrawl"]["ErrorMessage"]
    assert "NoSuchBucket" in c["LastCrawl"]["ErrorMessage"]
    assert glue.get_tables(DatabaseName=database)["TableList"] == []


# -- a long crawl: running-state errors, StopCrawler -----------------------------------------------
BIG_FILES = 10_000


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory):
    """A local folder with 10,000 small JSON files in 50 key=value partitions (a crawl of it
    takes about a second, long enough to act on it while it runs)."""
    root = tmp_path_factory.mktemp("big-lake")
    for i in range(BIG_FILES):
        folder = root / "big" / f"part={i % 50}"
        if i < 50:
            folder.mkdir(parents=True)
        (folder / f"f{i:05d}.json").write_text('{"a": %d, "b": "x"}\n{"a": 2, "b": "y"}\n' % i)
    return root


def call_while_running(glue, name: str, crawl_id: str, call):
    """Runs `call` if crawl `crawl_id` is still running and returns the error code it raised
    (None if it raised nothing). Returns "finished" if the crawl ended before or during the
    call, when no error is owed."""
    if glue.get_crawler(Name=name)["Crawler"]["State"] == "READY":
        return "finished"
    try:
        call()
        code = None
    except ClientError as e:
        code = e.response["Error"]["Code"]
    if code is None:
        first = [x for x in glue.list_crawls(CrawlerName=name)["Crawls"]
                 if x["CrawlId"] == crawl_id]
        assert first and first[0]["State"] != "RUNNING", \
            "a call that must be refused while the crawler runs succeeded during the crawl"
        return "finished"
    return code


def test_running_crawler_refuses_start_update_delete_and_stops(glue, crawler, database,
                                                              big_folder):
    name = crawler.s3(database, f"file://{big_folder}/")
    glue.start_crawler(Name=name)
    started = glue.get_crawler(Name=name)["Crawler"]
    assert started["State"] in ("RUNNING", "READY")
    crawl_id = glue.list_crawls(CrawlerName=name)["Crawls"][0]["CrawlId"]

    for call in (lambda: glue.start_crawler(Name=name),
                 lambda: glue.update_crawler(Name=name, Description="changed"),
                 lambda: glue.delete_crawler(Name=name)):
        got = call_while_running(glue, name, crawl_id, call)
        assert got in ("CrawlerRunningException", "finished"), got
        if got == "finished":
            break
    assert glue.get_crawler(Name=name)["Crawler"].get("Description") is None, \
        "UpdateCrawler refused while running must not change the crawler"

    try:
        glue.stop_crawler(Name=name)
        stopped = True
    except ClientError as e:  # the crawl was over already
        assert e.response["Error"]["Code"] == "CrawlerNotRunningException", e.response
        stopped = False
    if stopped:
        state = glue.get_crawler(Name=name)["Crawler"]["State"]
        assert state in ("STOPPING", "READY")
        if state == "STOPPING":
            try:
                glue.stop_crawler(Name=name)
                raise AssertionError("StopCrawler on a STOPPING crawler succeeded")
            except ClientError as e:
                assert e.response["Error"]["Code"] in ("CrawlerStoppingException",
                                                       "CrawlerNotRunningException"), e.response

    c = wait_for_crawl(glue, name, None)
    last = c["LastCrawl"]
    assert last["MessagePrefix"] == crawl_id
    h = glue.list_crawls(CrawlerName=name)["Crawls"]
    assert len(h) == 1, "a refused StartCrawler must not start a second crawl"
    assert h[0]["State"] == HISTORY_STATE[last["Status"]]
    assert "EndTime" in h[0]
    if stopped:
        # a stop can land after the last table was written; then the crawl completes
        assert last["Status"] in ("CANCELLED", "SUCCEEDED")
    else:
        assert last["Status"] == "SUCCEEDED"
    if last["Status"] == "CANCELLED":
        assert counts(json.loads(h[0]["Summary"]))["TABLE ADD"] <= 1
    else:
        assert len(glue.get_tables(DatabaseName=database)["TableList"]) == 1
    # READY again: it can be started and stopped as usual
    with glue_error("CrawlerNotRunningException"):
        glue.stop_crawler(Name=name)
    glue.update_crawler(Name=name, Description="after the crawl")
    assert glue.get_crawler(Name=name)["Crawler"]["Description"] == "after the crawl"


def test_crawl_elapsed_time_grows_while_running(glue, crawler, database, big_folder):
    name = crawler.s3(database, f"file://{big_folder}/")
    glue.start_crawler(Name=name)
    time.sleep(0.25)
    c = glue.get_crawler(Name=name)["Crawler"]
    try:
        if c["State"] != "RUNNING":
            pytest.skip("the crawl finished before it could be observed running")
        assert c["CrawlElapsedTime"] >= 100, c["CrawlElapsedTime"]
        metrics = glue.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"][0]
        assert metrics["StillEstimating"] is True or metrics["TimeLeftSeconds"] >= 0
    finally:
        wait_for_crawl(glue, name, None)


# -- input errors ---------------------------------------------------------------------------------
BAD_TARGETS = [
    # (Targets, words the message must contain)
    ({"S3Targets": [{"Path": "http://bucket/data/"}]}, ["Path", "http", "s3://"]),
    ({"S3Targets": [{"Path": "bucket/data/"}]}, ["Path", "scheme", "s3://"]),
    ({"S3Targets": [{"Path": "s3://b/data/", "SampleSize": 0}]}, ["SampleSize", "1", "249"]),
    ({"S3Targets": [{"Path": "s3://b/data/", "SampleSize": 250}]}, ["SampleSize", "1", "249"]),
    ({"S3Targets": [{"Path": "s3://b/ok/"}, {"Path": "ftp://x/y"}]}, ["S3Targets[1]", "ftp"]),
    ({"JdbcTargets": [{"ConnectionName": "conn", "Path": "db/%"}]}, ["JdbcTargets", "S3Targets"]),
    ({"DynamoDBTargets": [{"Path": "ddbtable"}]}, ["DynamoDBTargets", "S3Targets"]),
    ({"CatalogTargets": [{"DatabaseName": "d", "Tables": ["t"]}]},
     ["CatalogTargets", "S3Targets"]),
    ({}, ["S3Targets"]),
    ({"S3Targets": []}, ["S3Targets"]),
]


@pytest.mark.parametrize("targets,words", BAD_TARGETS,
                         ids=[f"targets{i}" for i in range(len(BAD_TARGETS))])
def test_bad_targets_are_invalid_input(glue, crawler, database, targets, words):
    name = unique("bad")
    with glue_error("InvalidInputException") as info:
        glue.create_crawler(Name=name, Role=ROLE, DatabaseName=database, Targets=targets)
    for w in words:
        assert w in error_message(info), f"{w!r} not in {error_message(info)!r}"
    with glue_error("EntityNotFoundException"):
        glue.get_crawler(Name=name)
    # UpdateCrawler refuses the same targets and keeps the old ones
    good = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/ok/"))
    with glue_error("InvalidInputException"):
        glue.update_crawler(Name=good, Targets=targets)
    c = glue.get_crawler(Name=good)["Crawler"]
    assert c["Targets"]["S3Targets"] == [{"Path": "s3://somebucket/ok/"}] and c["Version"] == 1


BAD_CONFIGURATIONS = [
    # (Configuration, words the message must contain)
    ("{not json", ["Configuration", "JSON"]),
    ("[1, 2]", ["Configuration", "JSON object"]),
    ('"Version"', ["JSON object"]),
    ('{"Grouping": {"TableGroupingPolicy": "CombineCompatibleSchemas"}}', ["Version", "1.0"]),
    ('{"Version": 2.0}', ["Version", "1.0"]),
    ('{"Version": "1.0"}', ["Version", "1.0"]),
    ('{"Version": 1.0, "Foo": 1}', ["Foo", "Version, Grouping, CrawlerOutput"]),
    ('{"Version": 1.0, "crawleroutput": {}}', ["crawleroutput"]),
]


@pytest.mark.parametrize("cfg,words", BAD_CONFIGURATIONS,
                         ids=[f"config{i}" for i in range(len(BAD_CONFIGURATIONS))])
def test_bad_configuration_is_invalid_input(glue, crawler, database, cfg, words):
    name = unique("bad")
    with glue_error("InvalidInputException") as info:
        glue.create_crawler(Name=name, Role=ROLE, DatabaseName=database,
                            Targets=s3_targets("s3://somebucket/a/"), Configuration=cfg)
    msg = error_message(info)
    assert "configuration" in msg.lower()
    for w in words:
        assert w in msg, f"{w!r} not in {msg!r}"
    with glue_error("EntityNotFoundException"):
        glue.get_crawler(Name=name)
    good = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"),
                          Configuration=config())
    with glue_error("InvalidInputException"):
        glue.update_crawler(Name=good, Configuration=cfg)
    c = glue.get_crawler(Name=good)["Crawler"]
    assert json.loads(c["Configuration"]) == {"Version": 1.0} and c["Version"] == 1


def test_unknown_nested_configuration_key_is_invalid_input(glue, crawler, database):
    name = unique("bad")
    try:
        with glue_error("InvalidInputException") as info:
            glue.create_crawler(
                Name=name, Role=ROLE, DatabaseName=database,
                Targets=s3_targets("s3://somebucket/a/"),
                Configuration=config(CrawlerOutput={"Partitions": {"UpdateBehavior": "LOG"}}))
        assert "UpdateBehavior" in error_message(info)
    finally:
        crawler.names.append(name)  # deleted afterwards if it was (wrongly) created


def test_valid_configurations_are_accepted(glue, crawler, database):
    for cfg in (config(),
                config(Grouping={"TableGroupingPolicy": "CombineCompatibleSchemas"}),
                config(Grouping={"TableLevelConfiguration": 2}),
                config(CrawlerOutput={"Tables": {"AddOrUpdateBehavior": "MergeNewColumns",
                                                 "TableThreshold": 10}}),
                config(CreatePartitionIndex=False),
                config(Sluice={"GlueCompatibleInference": True})):
        name = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"),
                              Configuration=cfg)
        assert json.loads(glue.get_crawler(Name=name)["Crawler"]["Configuration"]) == \
            json.loads(cfg)


@pytest.mark.parametrize("policy", [
    None,
    {"UpdateBehavior": "UPDATE_IN_DATABASE", "DeleteBehavior": "LOG"},
    {"UpdateBehavior": "LOG", "DeleteBehavior": "DELETE_FROM_DATABASE"},
    {"UpdateBehavior": "LOG", "DeleteBehavior": "DEPRECATE_IN_DATABASE"},
])
def test_crawl_new_folders_only_needs_log_log(glue, crawler, database, policy):
    name = unique("bad")
    kwargs = {"SchemaChangePolicy": policy} if policy else {}
    with glue_error("InvalidInputException") as info:
        glue.create_crawler(Name=name, Role=ROLE, DatabaseName=database,
                            Targets=s3_targets("s3://somebucket/a/"),
                            RecrawlPolicy={"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"},
                            **kwargs)
    msg = error_message(info)
    assert "LOG" in msg and "UpdateBehavior" in msg and "DeleteBehavior" in msg
    with glue_error("EntityNotFoundException"):
        glue.get_crawler(Name=name)


def test_crawl_new_folders_only_with_log_log_is_accepted(glue, crawler, database):
    name = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"),
                          RecrawlPolicy={"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"},
                          SchemaChangePolicy={"UpdateBehavior": "LOG", "DeleteBehavior": "LOG"})
    c = glue.get_crawler(Name=name)["Crawler"]
    assert c["RecrawlPolicy"] == {"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"}
    # switching the policy back to UPDATE_IN_DATABASE while new-folders-only is refused
    with glue_error("InvalidInputException"):
        glue.update_crawler(Name=name, SchemaChangePolicy={"UpdateBehavior":
                                                           "UPDATE_IN_DATABASE"})
    assert glue.get_crawler(Name=name)["Crawler"]["SchemaChangePolicy"]["UpdateBehavior"] == "LOG"


def test_unknown_classifier_is_refused(glue, crawler, database):
    name, missing = unique("bad"), unique("noclassifier")
    with glue_error("EntityNotFoundException") as info:
        glue.create_crawler(Name=name, Role=ROLE, DatabaseName=database,
                            Targets=s3_targets("s3://somebucket/a/"), Classifiers=[missing])
    assert missing in error_message(info) and "CreateClassifier" in error_message(info)
    with glue_error("EntityNotFoundException"):
        glue.get_crawler(Name=name)
    good = crawler.create(DatabaseName=database, Targets=s3_targets("s3://somebucket/a/"))
    with glue_error("EntityNotFoundException"):
        glue.update_crawler(Name=good, Classifiers=[missing])
    assert glue.get_crawler(Name=good)["Crawler"]["Classifiers"] == []


def test_bad_schedule_is_invalid_input(glue, database):
    name = unique("bad")
    with glue_error("InvalidInputException") as info:
        glue.create_crawler(Name=name, Role=ROLE, DatabaseName=database,
                            Targets=s3_targets("s3://somebucket/a/"), Schedule="rate(5 minutes)")
    assert "cron(" in error_message(info)


def test_file_target_crawl_state_after_run(glue, crawler, database, tmp_path):
    write_files(tmp_path, {"lake/orders/a.json": '{"id": 1}\n{"id": 2}\n'})
    name = crawler.s3(database, f"file://{tmp_path}/lake/orders/")
    c = run_crawl(glue, name)
    assert c["State"] == "READY" and last_prefix(glue, name) == c["LastCrawl"]["MessagePrefix"]
    assert counts(newest_summary(glue, name))["TABLE ADD"] == 1


def test_deleting_a_crawler_keeps_its_tables(glue, s3, crawler, database, bucket):
    put_files(s3, bucket, {"raw/events/a.json": SEED_EVENTS})
    name = crawler.s3(database, f"s3://{bucket}/raw/events/")
    run_crawl(glue, name)
    glue.delete_crawler(Name=name)
    got = glue.get_tables(DatabaseName=database)["TableList"]
    assert [t["Name"] for t in got] == ["events"]
    assert got[0]["Parameters"]["UPDATED_BY_CRAWLER"] == name


# -- server restarts during a crawl ----------------------------------------------------------------
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_crawl_interrupted_by_server_stop(tmp_path, big_folder, sig):
    """A crawl cut short by the server stopping is not left RUNNING: after a restart the crawler
    is READY, the crawl is recorded as ended, and the crawler can run again."""
    data = tmp_path / "data"
    first = SluiceServer(data, tmp_path / "server0.log").start()
    try:
        glue = first.client()
        db, name = unique("db"), unique("crawler")
        glue.create_database(DatabaseInput={"Name": db})
        glue.create_crawler(Name=name, Role=ROLE, DatabaseName=db,
                            Targets=s3_targets(f"file://{big_folder}/"))
        glue.start_crawler(Name=name)
        was_running = glue.get_crawler(Name=name)["Crawler"]["State"] == "RUNNING"
        first.stop(sig)
        assert not first.killed, "the server did not exit within 10 s of SIGTERM"
        if sig == signal.SIGTERM:
            assert first.proc.returncode == 0
    finally:
        first.stop(signal.SIGKILL)
    second = SluiceServer(data, tmp_path / "server1.log").start()
    try:
        glue = second.client()
        c = glue.get_crawler(Name=name)["Crawler"]
        assert c["State"] == "READY"
        last = c["LastCrawl"]
        h = glue.list_crawls(CrawlerName=name)["Crawls"]
        assert len(h) == 1 and h[0]["State"] == HISTORY_STATE[last["Status"]]
        assert "EndTime" in h[0]
        if was_running and sig == signal.SIGKILL:
            assert last["Status"] == "FAILED"
            assert "Start the crawler again" in last["ErrorMessage"]
        else:
            assert last["Status"] in ("SUCCEEDED", "CANCELLED", "FAILED")
        if last["Status"] != "SUCCEEDED":
            assert len(glue.get_tables(DatabaseName=db)["TableList"]) <= 1
        c = run_crawl(glue, name)
        tbls = glue.get_tables(DatabaseName=db)["TableList"]
        assert len(tbls) == 1
        assert len(partitions_of(glue, db, tbls[0]["Name"])) == 50
    finally:
        second.stop(signal.SIGTERM)


def partitions_of(glue, db: str, table: str) -> list:
    out, token = [], None
    while True:
        page = glue.get_partitions(DatabaseName=db, TableName=table,
                                   **({"NextToken": token} if token else {}))
        out += page["Partitions"]
        token = page.get("NextToken")
        if not token:
            return out
