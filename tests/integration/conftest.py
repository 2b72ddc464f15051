"""Fixtures: a `sluice serve` per test module on a fresh data dir, and a factory for restarts.

The binary comes from $SLUICE_BIN, default <repo>/build/sluice. Each module gets its own server
(so one crashing server fails one module), and every test names its databases uniquely.
"""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path

import pytest

from sluice_harness import SluiceServer, unique


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running server on a fresh data dir, shared by the tests of one module."""
    root = tmp_path_factory.mktemp("sluice")
    srv = SluiceServer(root / "data", root / "server.log").start()
    yield srv
    srv.stop(signal.SIGTERM)
    if srv.killed:
        pytest.fail(f"sluice did not exit within 10s of SIGTERM; stderr tail:\n{srv.log_tail()}",
                    pytrace=False)


@pytest.fixture(scope="module")
def glue(server):
    """A boto3 Glue client for the module's server (dummy credentials, no retries)."""
    return server.client()


class ServerFactory:
    """Starts servers on given data dirs (e.g. the same one twice, for restart tests)."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.started: list[SluiceServer] = []

    def start(self, data_dir: Path) -> SluiceServer:
        log = self.tmp_path / f"server{len(self.started)}.log"
        srv = SluiceServer(data_dir, log)
        self.started.append(srv)
        return srv.start()

    def stop_all(self) -> None:
        for srv in self.started:
            srv.stop(signal.SIGTERM)


@pytest.fixture
def sluice_factory(tmp_path):
    factory = ServerFactory(tmp_path)
    yield factory
    factory.stop_all()


@pytest.fixture
def database(glue):
    """A fresh, uniquely named database; dropped (with its tables) after the test."""
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name, "Description": "integration test"})
    yield name
    with contextlib.suppress(Exception):
        glue.delete_database(Name=name)


@pytest.fixture
def check_alive(server):
    """Fails the test if the module's server died during it."""
    yield
    assert server.alive(), f"sluice died during the test; stderr tail:\n{server.log_tail()}"
