"""Athena workgroups through boto3: CreateWorkGroup, GetWorkGroup, ListWorkGroups,
UpdateWorkGroup, DeleteWorkGroup, with Athena's defaults and errors (all InvalidRequestException).
"""

from __future__ import annotations

import datetime
import signal

import pytest

from athena_harness import (ATHENA_ENGINE, SluiceServer, athena_client, athena_error,
                            collect_pages, error_message, unique)


def test_primary_exists_on_a_fresh_server(athena):
    wg = athena.get_work_group(WorkGroup="primary")["WorkGroup"]
    assert wg["Name"] == "primary"
    assert wg["State"] == "ENABLED"
    assert wg["Configuration"]["EngineVersion"] == ATHENA_ENGINE
    assert wg["Configuration"]["EnforceWorkGroupConfiguration"] is False
    assert isinstance(wg["CreationTime"], datetime.datetime)
    names = [w["Name"] for w in athena.list_work_groups()["WorkGroups"]]
    assert "primary" in names


def test_primary_cannot_be_deleted(athena):
    with athena_error("InvalidRequestException") as info:
        athena.delete_work_group(WorkGroup="primary")
    assert "primary" in error_message(info)
    with athena_error("InvalidRequestException"):
        athena.delete_work_group(WorkGroup="primary", RecursiveDeleteOption=True)
    assert athena.get_work_group(WorkGroup="primary")["WorkGroup"]["State"] == "ENABLED"


def test_create_get_round_trip_with_athena_defaults(athena):
    name = unique("DataLake")
    athena.create_work_group(
        Name=name, Description="Workgroup for data lake analytics",
        Configuration={"ResultConfiguration": {"OutputLocation": "s3://lake/athena-results/"}},
        Tags=[{"Key": "team", "Value": "analytics"}])
    wg = athena.get_work_group(WorkGroup=name)["WorkGroup"]
    assert wg["Name"] == name
    assert wg["State"] == "ENABLED"
    assert wg["Description"] == "Workgroup for data lake analytics"
    config = wg["Configuration"]
    assert config["ResultConfiguration"] == {"OutputLocation": "s3://lake/athena-results/"}
    assert config["EnforceWorkGroupConfiguration"] is True
    assert config["PublishCloudWatchMetricsEnabled"] is True
    assert config["RequesterPaysEnabled"] is False
    assert config["EngineVersion"] == ATHENA_ENGINE
    assert "BytesScannedCutoffPerQuery" not in config
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - wg["CreationTime"]).total_seconds()) < 60
    summary = [w for w in athena.list_work_groups()["WorkGroups"] if w["Name"] == name]
    assert summary == [{"Name": name, "State": "ENABLED",
                        "Description": "Workgroup for data lake analytics",
                        "CreationTime": wg["CreationTime"], "EngineVersion": ATHENA_ENGINE}]
    athena.delete_work_group(WorkGroup=name)
    with athena_error("InvalidRequestException"):
        athena.get_work_group(WorkGroup=name)


def test_create_keeps_the_given_configuration(athena):
    name = unique("wg")
    athena.create_work_group(Name=name, Configuration={
        "ResultConfiguration": {"OutputLocation": "s3://lake/out/",
                                "EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}},
        "EnforceWorkGroupConfiguration": False,
        "PublishCloudWatchMetricsEnabled": False,
        "BytesScannedCutoffPerQuery": 10_000_000,
        "EngineVersion": {"SelectedEngineVersion": "Athena engine version 3"}})
    config = athena.get_work_group(WorkGroup=name)["WorkGroup"]["Configuration"]
    assert config["ResultConfiguration"]["EncryptionConfiguration"] == {"EncryptionOption": "SSE_S3"}
    assert config["EnforceWorkGroupConfiguration"] is False
    assert config["PublishCloudWatchMetricsEnabled"] is False
    assert config["BytesScannedCutoffPerQuery"] == 10_000_000
    assert config["EngineVersion"] == {"SelectedEngineVersion": "Athena engine version 3",
                                       "EffectiveEngineVersion": "Athena engine version 3"}


def test_duplicate_name_is_rejected(athena, workgroup):
    with athena_error("InvalidRequestException") as info:
        athena.create_work_group(Name=workgroup, Description="again")
    assert error_message(info) == "WorkGroup is already created"
    assert "Description" not in athena.get_work_group(WorkGroup=workgroup)["WorkGroup"]


def test_missing_workgroup_is_invalid_request(athena):
    name = unique("missing")
    for call in (lambda: athena.get_work_group(WorkGroup=name),
                 lambda: athena.update_work_group(WorkGroup=name, State="DISABLED"),
                 lambda: athena.delete_work_group(WorkGroup=name)):
        with athena_error("InvalidRequestException") as info:
            call()
        assert error_message(info) == f"WorkGroup {name} is not found"


@pytest.mark.parametrize("name", ["has space", "x" * 129, "slash/name", "ümlaut"])
def test_invalid_names_are_rejected_by_the_server(server, name):
    resp = server.raw("AmazonAthena.CreateWorkGroup", {"Name": name})
    assert resp.status == 400, resp
    assert resp.error_type == "InvalidRequestException", resp
    assert "Name" in resp.message


@pytest.mark.parametrize("config, fragment", [
    ({"ResultConfiguration": {"OutputLocation": "http://lake/out/"}}, "OutputLocation"),
    ({"ResultConfiguration": {"OutputLocation": "s3://"}}, "OutputLocation"),
    ({"EngineVersion": {"SelectedEngineVersion": "Athena engine version 2"}}, "EngineVersion"),
])
def test_bad_configurations_are_rejected(athena, config, fragment):
    name = unique("bad")
    with athena_error("InvalidRequestException") as info:
        athena.create_work_group(Name=name, Configuration=config)
    assert fragment in error_message(info)
    with athena_error("InvalidRequestException"):
        athena.get_work_group(WorkGroup=name)


def test_bytes_scanned_cutoff_below_athena_minimum_is_rejected(server):
    resp = server.raw("AmazonAthena.CreateWorkGroup", {
        "Name": unique("wg"), "Configuration": {"BytesScannedCutoffPerQuery": 1000}})
    assert resp.error_type == "InvalidRequestException", resp
    assert "BytesScannedCutoffPerQuery" in resp.message


def test_list_pages_in_name_order_without_repeats(athena):
    names = sorted(unique("page") for _ in range(7))
    for name in names:
        athena.create_work_group(Name=name)
    try:
        items, pages = collect_pages(athena.list_work_groups, "WorkGroups", MaxResults=2)
        listed = [w["Name"] for w in items]
        assert listed == sorted(listed)
        assert len(set(listed)) == len(listed)
        assert set(names) <= set(listed)
        assert all(len(p) <= 2 for p in pages) and len(pages) >= 4
    finally:
        for name in names:
            athena.delete_work_group(WorkGroup=name)


def test_bad_next_token_is_invalid_request(athena):
    with athena_error("InvalidRequestException") as info:
        athena.list_work_groups(NextToken="not-a-token")
    assert "NextToken" in error_message(info)


def test_update_description_state_and_configuration(athena):
    name = unique("wg")
    athena.create_work_group(Name=name, Configuration={
        "ResultConfiguration": {"OutputLocation": "s3://lake/a/"},
        "BytesScannedCutoffPerQuery": 20_000_000})
    athena.update_work_group(WorkGroup=name, Description="now disabled", State="DISABLED",
                             ConfigurationUpdates={
                                 "EnforceWorkGroupConfiguration": False,
                                 "ResultConfigurationUpdates": {"OutputLocation": "s3://lake/b/"},
                                 "BytesScannedCutoffPerQuery": 30_000_000})
    wg = athena.get_work_group(WorkGroup=name)["WorkGroup"]
    assert wg["Description"] == "now disabled"
    assert wg["State"] == "DISABLED"
    assert wg["Configuration"]["EnforceWorkGroupConfiguration"] is False
    assert wg["Configuration"]["ResultConfiguration"] == {"OutputLocation": "s3://lake/b/"}
    assert wg["Configuration"]["BytesScannedCutoffPerQuery"] == 30_000_000
    summary = [w for w in athena.list_work_groups()["WorkGroups"] if w["Name"] == name][0]
    assert summary["State"] == "DISABLED"

    athena.update_work_group(WorkGroup=name, State="ENABLED", ConfigurationUpdates={
        "ResultConfigurationUpdates": {"RemoveOutputLocation": True},
        "RemoveBytesScannedCutoffPerQuery": True})
    wg = athena.get_work_group(WorkGroup=name)["WorkGroup"]
    assert wg["State"] == "ENABLED"
    assert "ResultConfiguration" not in wg["Configuration"]
    assert "BytesScannedCutoffPerQuery" not in wg["Configuration"]
    assert wg["Description"] == "now disabled"  # untouched when not given
    athena.delete_work_group(WorkGroup=name)


def test_update_rejects_bad_values_and_changes_nothing(athena, workgroup):
    before = athena.get_work_group(WorkGroup=workgroup)["WorkGroup"]
    with athena_error("InvalidRequestException"):
        athena.update_work_group(WorkGroup=workgroup, Description="changed", ConfigurationUpdates={
            "ResultConfigurationUpdates": {"OutputLocation": "ftp://nowhere/"}})
    assert athena.get_work_group(WorkGroup=workgroup)["WorkGroup"] == before


def test_primary_can_be_updated(athena):
    athena.update_work_group(WorkGroup="primary", ConfigurationUpdates={
        "ResultConfigurationUpdates": {"OutputLocation": "s3://lake/primary-results/"}})
    try:
        config = athena.get_work_group(WorkGroup="primary")["WorkGroup"]["Configuration"]
        assert config["ResultConfiguration"]["OutputLocation"] == "s3://lake/primary-results/"
    finally:
        athena.update_work_group(WorkGroup="primary", ConfigurationUpdates={
            "ResultConfigurationUpdates": {"RemoveOutputLocation": True}})


def test_delete_with_named_queries_needs_recursive_option(athena, workgroup):
    query_id = athena.create_named_query(Name="q", Database="db", QueryString="SELECT 1",
                                         WorkGroup=workgroup)["NamedQueryId"]
    with athena_error("InvalidRequestException") as info:
        athena.delete_work_group(WorkGroup=workgroup)
    assert "RecursiveDeleteOption" in error_message(info)
    assert athena.get_named_query(NamedQueryId=query_id)["NamedQuery"]["WorkGroup"] == workgroup
    athena.delete_work_group(WorkGroup=workgroup, RecursiveDeleteOption=True)
    with athena_error("InvalidRequestException"):
        athena.get_work_group(WorkGroup=workgroup)
    with athena_error("InvalidRequestException"):
        athena.get_named_query(NamedQueryId=query_id)


def test_workgroups_survive_a_restart(tmp_path):
    data = tmp_path / "data"
    first = SluiceServer(data, tmp_path / "first.log").start()
    try:
        client = athena_client(first.url)
        client.create_work_group(Name="kept", Description="survives",
                                 Configuration={"ResultConfiguration": {"OutputLocation": "s3://b/r/"}})
        primary_created = client.get_work_group(WorkGroup="primary")["WorkGroup"]["CreationTime"]
    finally:
        first.stop(signal.SIGTERM)
    second = SluiceServer(data, tmp_path / "second.log").start()
    try:
        client = athena_client(second.url)
        wg = client.get_work_group(WorkGroup="kept")["WorkGroup"]
        assert wg["Description"] == "survives"
        assert wg["Configuration"]["ResultConfiguration"]["OutputLocation"] == "s3://b/r/"
        assert client.get_work_group(WorkGroup="primary")["WorkGroup"]["CreationTime"] == \
            primary_created
    finally:
        second.stop(signal.SIGTERM)
