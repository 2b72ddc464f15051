"""Fixtures for the Athena API tests: a `sluice serve` per test module, boto3 Athena, Glue and S3
clients for it, fresh workgroups and databases that are deleted afterwards.

The server process and the helpers come from tests/integration/sluice_harness.py and
tests/s3/s3_harness.py through athena_harness.py (imported, not copied).
Every test also checks that the server is still alive afterwards.
"""

from __future__ import annotations

import contextlib
import signal

import pytest

from athena_harness import SluiceServer, athena_client, s3_client, unique


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running server on a fresh data dir, shared by the tests of one module."""
    root = tmp_path_factory.mktemp("sluice-athena")
    srv = SluiceServer(root / "data", root / "server.log").start()
    yield srv
    srv.stop(signal.SIGTERM)
    if srv.killed:
        pytest.fail(f"sluice did not exit within 10s of SIGTERM; stderr tail:\n{srv.log_tail()}",
                    pytrace=False)


@pytest.fixture(scope="module")
def athena(server):
    return athena_client(server.url)


@pytest.fixture(scope="module")
def glue(server):
    """A boto3 Glue client for the module's server (dummy credentials, no retries)."""
    return server.client()


@pytest.fixture(scope="module")
def s3(server):
    """A boto3 S3 client for the same server (path-style, dummy credentials, no retries)."""
    return s3_client(server.url)


@pytest.fixture(autouse=True)
def _server_alive(server):
    yield
    assert server.alive(), f"sluice died during the test; stderr tail:\n{server.log_tail()}"


@pytest.fixture
def workgroup(athena):
    """A fresh, uniquely named workgroup (no configuration); deleted with its contents after."""
    name = unique("wg")
    athena.create_work_group(Name=name)
    yield name
    with contextlib.suppress(Exception):
        athena.delete_work_group(WorkGroup=name, RecursiveDeleteOption=True)


@pytest.fixture
def database(glue):
    """A fresh, uniquely named Glue database; dropped (with its tables) after the test."""
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name, "Description": "athena test"})
    yield name
    with contextlib.suppress(Exception):
        glue.delete_database(Name=name)
