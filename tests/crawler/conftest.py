"""Fixtures for the crawler tests: a `sluice serve` per test module, Glue and S3 clients for it,
fresh databases and buckets, and a `crawler` factory that deletes what it made.

Like tests/s3/conftest.py, this reuses tests/integration/sluice_harness.py's SluiceServer (through
crawler_harness.py, which puts tests/integration and tests/s3 on sys.path). Every test also checks
that the server is still alive afterwards.
"""

from __future__ import annotations

import contextlib
import signal
import time

import pytest

from crawler_harness import (ROLE, SluiceServer, bucket_name, empty_bucket, s3_client, unique)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running server on a fresh data dir, shared by the tests of one module."""
    root = tmp_path_factory.mktemp("sluice-crawler")
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


@pytest.fixture(scope="module")
def s3(server):
    """A boto3 S3 client for the same server (path-style, dummy credentials, no retries)."""
    return s3_client(server.url)


@pytest.fixture(autouse=True)
def _server_alive(server):
    yield
    assert server.alive(), f"sluice died during the test; stderr tail:\n{server.log_tail()}"


@pytest.fixture
def database(glue):
    """A fresh, uniquely named database; dropped (with its tables) after the test."""
    name = unique("db")
    glue.create_database(DatabaseInput={"Name": name, "Description": "crawler test"})
    yield name
    with contextlib.suppress(Exception):
        glue.delete_database(Name=name)


@pytest.fixture
def bucket(s3):
    """A fresh, empty bucket; emptied and deleted after the test."""
    name = bucket_name("crawl")
    s3.create_bucket(Bucket=name)
    yield name
    empty_bucket(s3, name)
    with contextlib.suppress(Exception):
        s3.delete_bucket(Bucket=name)


class CrawlerFactory:
    """create(**CreateCrawler args) with defaults for Name and Role; deletes them afterwards."""

    def __init__(self, glue):
        self.glue = glue
        self.names: list[str] = []

    def create(self, **kwargs) -> str:
        kwargs.setdefault("Name", unique("crawler"))
        kwargs.setdefault("Role", ROLE)
        self.glue.create_crawler(**kwargs)
        self.names.append(kwargs["Name"])
        return kwargs["Name"]

    def s3(self, database: str, path: str, **kwargs) -> str:
        """A crawler of one S3Target `path` (extra S3Target fields in `target`)."""
        target = {"Path": path, **kwargs.pop("target", {})}
        return self.create(DatabaseName=database, Targets={"S3Targets": [target]}, **kwargs)

    def cleanup(self) -> None:
        for name in self.names:
            deadline = time.monotonic() + 15  # a crawl still running cannot be deleted
            with contextlib.suppress(Exception):
                while (self.glue.get_crawler(Name=name)["Crawler"]["State"] != "READY"
                       and time.monotonic() < deadline):
                    time.sleep(0.05)
                self.glue.delete_crawler(Name=name)


@pytest.fixture
def crawler(glue):
    factory = CrawlerFactory(glue)
    yield factory
    factory.cleanup()
