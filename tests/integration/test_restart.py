"""Persistence and process lifecycle: a restart on the same data dir keeps everything."""

from __future__ import annotations

import signal

from sluice_harness import (LISTENING_RE, batch_create_partitions, collect_pages, glue_error,
                            partition_input, table_input)


def strip_metadata(resp: dict) -> dict:
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def catalog_state(glue, db: str, table: str) -> dict:
    """Everything the API can tell about one database and one of its tables."""
    parts, _ = collect_pages(glue.get_partitions, "Partitions", DatabaseName=db, TableName=table)
    versions, _ = collect_pages(glue.get_table_versions, "TableVersions", DatabaseName=db,
                                TableName=table)
    tables, _ = collect_pages(glue.get_tables, "TableList", DatabaseName=db)
    indexes = glue.get_partition_indexes(DatabaseName=db, TableName=table)
    return {
        "database": strip_metadata(glue.get_database(Name=db)),
        "table": strip_metadata(glue.get_table(DatabaseName=db, Name=table)),
        "tables": sorted(tables, key=lambda t: t["Name"]),
        "versions": sorted(versions, key=lambda v: int(v["VersionId"])),
        "partitions": sorted(parts, key=lambda p: p["Values"]),
        "indexes": sorted(indexes.get("PartitionIndexDescriptorList", []),
                          key=lambda i: i["IndexName"]),
    }


def stop_cleanly(srv, sig=signal.SIGTERM) -> None:
    code = srv.stop(sig)
    assert not srv.killed, f"sluice ignored {sig.name} for 10s; stderr:\n{srv.log_tail()}"
    assert code == 0, f"sluice exited with {code} after {sig.name}; stderr:\n{srv.log_tail()}"


def test_listening_line_and_data_dir(sluice_factory, tmp_path):
    data = tmp_path / "fresh-data"
    assert not data.exists()
    srv = sluice_factory.start(data)
    lines = [line for line in srv.stdout_lines if "listening on" in line]
    assert len(lines) == 1, srv.stdout_lines
    match = LISTENING_RE.search(lines[0])
    assert match and match.group(2) == "127.0.0.1" and 0 < int(match.group(3)) < 65536, lines
    assert data.is_dir(), "serve must create --data-dir"
    srv.client().create_database(DatabaseInput={"Name": "touch"})
    stop_cleanly(srv)
    assert (data / "metastore.db").is_file(), sorted(p.name for p in data.iterdir())


def test_everything_survives_a_restart(sluice_factory, tmp_path):
    data = tmp_path / "data"
    first = sluice_factory.start(data)
    glue = first.client()
    keys = [("year", "string"), ("month", "string"), ("day", "string")]
    glue.create_database(DatabaseInput={"Name": "Raw", "Description": "landing",
                                        "LocationUri": "s3://bucket/raw/",
                                        "Parameters": {"owner": "data-eng"}})
    glue.create_database(DatabaseInput={"Name": "scratch"})
    glue.create_table(DatabaseName="raw", TableInput=table_input("Events", keys, Description="v1"))
    glue.update_table(DatabaseName="raw", TableInput=table_input("events", keys, Description="v2"))
    glue.update_table(DatabaseName="raw", TableInput=table_input("events", keys, Description="v3"))
    glue.create_table(DatabaseName="raw", TableInput=table_input("gone"))
    glue.create_table(DatabaseName="raw", TableInput=table_input("other", Description="keep"))
    glue.delete_table(DatabaseName="raw", Name="gone")
    glue.delete_database(Name="scratch")
    glue.create_partition_index(DatabaseName="raw", TableName="events",
                                PartitionIndex={"IndexName": "by_year", "Keys": ["year"]})
    values = [["2024", f"{m:02d}", f"{d:02d}"] for m in range(1, 6) for d in range(1, 31)]
    batch_create_partitions(glue, "raw", "events", values)
    glue.update_partition(DatabaseName="raw", TableName="events",
                          PartitionValueList=["2024", "01", "01"],
                          PartitionInput=partition_input(["2024", "01", "01"], "s3://moved/"))
    glue.delete_partition(DatabaseName="raw", TableName="events",
                          PartitionValues=["2024", "01", "02"])
    before = catalog_state(glue, "raw", "events")
    assert len(before["partitions"]) == 149
    assert before["table"]["Table"]["VersionId"] == "3"
    stop_cleanly(first)

    second = sluice_factory.start(data)
    glue = second.client()
    after = catalog_state(glue, "raw", "events")
    for key in before:
        assert after[key] == before[key], f"{key} changed across the restart"
    with glue_error("EntityNotFoundException"):
        glue.get_database(Name="scratch")
    with glue_error("EntityNotFoundException"):
        glue.get_table(DatabaseName="raw", Name="gone")
    got = glue.get_partitions(DatabaseName="raw", TableName="events",
                              Expression="month = '01' AND day <= '03'")["Partitions"]
    assert sorted(p["Values"][2] for p in got) == ["01", "03"]

    # The restarted server carries on where the first stopped.
    glue.update_table(DatabaseName="raw", TableInput=table_input("events", keys, Description="v4"))
    assert glue.get_table(DatabaseName="raw", Name="events")["Table"]["VersionId"] == "4"
    with glue_error("AlreadyExistsException"):
        glue.create_partition(DatabaseName="raw", TableName="events",
                              PartitionInput=partition_input(["2024", "05", "30"]))
    with glue_error("AlreadyExistsException"):
        glue.create_database(DatabaseInput={"Name": "RAW"})
    stop_cleanly(second)


def test_sigint_stops_cleanly_and_keeps_data(sluice_factory, tmp_path):
    data = tmp_path / "data"
    first = sluice_factory.start(data)
    first.client().create_database(DatabaseInput={"Name": "kept"})
    stop_cleanly(first, signal.SIGINT)
    second = sluice_factory.start(data)
    assert second.client().get_database(Name="kept")["Database"]["Name"] == "kept"


def test_repeated_restarts_accumulate(sluice_factory, tmp_path):
    data = tmp_path / "data"
    for round_ in range(3):
        srv = sluice_factory.start(data)
        glue = srv.client()
        glue.create_database(DatabaseInput={"Name": f"round{round_}"})
        names = {d["Name"] for d in glue.get_databases()["DatabaseList"]}
        assert {f"round{i}" for i in range(round_ + 1)} <= names
        stop_cleanly(srv)


def test_servers_on_different_data_dirs_are_independent(sluice_factory, tmp_path):
    a = sluice_factory.start(tmp_path / "a")
    b = sluice_factory.start(tmp_path / "b")
    assert a.port != b.port
    a.client().create_database(DatabaseInput={"Name": "only_in_a"})
    with glue_error("EntityNotFoundException"):
        b.client().get_database(Name="only_in_a")


def test_acknowledged_writes_survive_sigkill(sluice_factory, tmp_path):
    data = tmp_path / "data"
    first = sluice_factory.start(data)
    glue = first.client()
    glue.create_database(DatabaseInput={"Name": "durable"})
    glue.create_table(DatabaseName="durable", TableInput=table_input("t", [("k", "string")]))
    batch_create_partitions(glue, "durable", "t", [[str(i)] for i in range(50)])
    first.stop(signal.SIGKILL)  # no chance to flush anything at shutdown
    second = sluice_factory.start(data)
    glue = second.client()
    assert glue.get_table(DatabaseName="durable", Name="t")["Table"]["Name"] == "t"
    parts, _ = collect_pages(glue.get_partitions, "Partitions", DatabaseName="durable",
                             TableName="t")
    assert len(parts) == 50
