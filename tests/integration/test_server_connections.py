"""Connection model and durability of `sluice serve`, through real sockets and real signals.

- Idle keep-alive connections must not starve a new client (epoll loops, not a thread each).
- A server killed with SIGKILL in the middle of a stream of writes loses none that were answered.
- AttributesToGet projections on GetDatabases / GetTables.
"""

from __future__ import annotations

import http.client
import signal
import socket
import time

from sluice_harness import unique


def test_idle_keepalive_connections_do_not_starve_new_clients(server, glue):
    idle = []
    try:
        # Many more idle keep-alive connections than server threads, each after one request.
        for _ in range(64):
            conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
            conn.request("GET", "/_sluice/health")
            assert conn.getresponse().read() == b"ok\n"
            idle.append(conn)
        started = time.monotonic()
        glue.get_databases()
        assert time.monotonic() - started < 2.0
        # Half-open connections (no request sent at all) must not block either.
        raw = [socket.create_connection((server.host, server.port), timeout=5) for _ in range(32)]
        try:
            started = time.monotonic()
            glue.get_databases()
            assert time.monotonic() - started < 2.0
        finally:
            for s in raw:
                s.close()
    finally:
        for conn in idle:
            conn.close()


def test_sigkill_during_writes_loses_no_acknowledged_change(sluice_factory, tmp_path):
    data = tmp_path / "data"
    srv = sluice_factory.start(data)
    glue = srv.client()
    db = unique("db")
    glue.create_database(DatabaseInput={"Name": db})
    acknowledged = []
    for i in range(40):
        name = f"t{i:03d}"
        glue.create_table(DatabaseName=db, TableInput={"Name": name})
        acknowledged.append(name)
    srv.stop(signal.SIGKILL)

    again = sluice_factory.start(data)
    names = [t["Name"] for t in again.client().get_tables(DatabaseName=db)["TableList"]]
    assert names == acknowledged


def test_attributes_to_get_projects_list_items(server, glue, database):
    # Debian's botocore predates AttributesToGet, so these go as raw requests (the model is newer).
    glue.create_table(DatabaseName=database,
                      TableInput={"Name": "events", "TableType": "EXTERNAL_TABLE",
                                  "StorageDescriptor": {"Location": "s3://b/events/"}})
    tables = server.raw("GetTables", {"DatabaseName": database,
                                      "AttributesToGet": ["NAME", "TABLE_TYPE"]})
    assert tables.status == 200, tables
    assert tables.json()["TableList"] == [{"Name": "events", "TableType": "EXTERNAL_TABLE"}]
    names = server.raw("GetDatabases", {"AttributesToGet": ["NAME"]}).json()["DatabaseList"]
    assert {"Name": database} in names
    assert all(set(d) == {"Name"} for d in names)
    bad = server.raw("GetTables", {"DatabaseName": database, "AttributesToGet": ["SIZE"]})
    assert bad.status == 400 and bad.error_type == "InvalidInputException"
