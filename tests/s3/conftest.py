"""Fixtures for the S3 tests: a `sluice serve` per test module, boto3 S3 clients, fresh buckets.

Like tests/integration/conftest.py (and using its SluiceServer), but for the S3 REST API that the
same port serves. Every test also checks, through a botocore hook, that each response it got
carried an x-amz-request-id header, and that the server is still alive afterwards.
"""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from s3_harness import (ExternalEndpoint, RawS3Response, SluiceServer, bucket_name, empty_bucket,
                        external_endpoint, raw_s3, s3_client)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running server on a fresh data dir, shared by the tests of one module."""
    url = external_endpoint()
    if url:
        yield ExternalEndpoint(url)
        return
    root = tmp_path_factory.mktemp("sluice-s3")
    srv = SluiceServer(root / "data", root / "server.log").start()
    yield srv
    srv.stop(signal.SIGTERM)
    if srv.killed:
        pytest.fail(f"sluice did not exit within 10s of SIGTERM; stderr tail:\n{srv.log_tail()}",
                    pytrace=False)


class RequestIdRecorder:
    """Collects the operations whose HTTP response had no x-amz-request-id header."""

    def __init__(self):
        self.missing: list[str] = []

    def __call__(self, http_response=None, model=None, **_kwargs):
        if http_response is None:
            return
        if not http_response.headers.get("x-amz-request-id"):
            self.missing.append(f"{model.name if model else '?'} -> HTTP "
                                f"{http_response.status_code}")


@pytest.fixture(scope="module")
def request_ids():
    return RequestIdRecorder()


@pytest.fixture(scope="module")
def make_s3(server, request_ids):
    """Builds more S3 clients for the module's server (e.g. for another region)."""

    def make(region: str = "us-east-1"):
        if server.url is None:
            raise AssertionError(f"sluice exited before listening; stderr:\n{server.log_tail()}")
        client = s3_client(server.url, region)
        client.meta.events.register("after-call.s3", request_ids)
        return client

    return make


@pytest.fixture(scope="module")
def s3(make_s3):
    """A boto3 S3 client for the module's server (path-style, dummy credentials, no retries)."""
    return make_s3()


@pytest.fixture(autouse=True)
def _server_healthy(request, server, request_ids):
    """After each test: the server is alive and every response had x-amz-request-id."""
    request_ids.missing.clear()
    yield
    assert server.alive(), f"sluice died during the test; stderr tail:\n{server.log_tail()}"
    if os.environ.get("SLUICE_S3_NO_REQUEST_ID_CHECK"):  # for trying the tests on other servers
        return
    assert not request_ids.missing, (
        f"responses without an x-amz-request-id header: {request_ids.missing}")


@pytest.fixture
def raw(server):
    """raw(method, path, query="", body=b"", headers=None) -> RawS3Response, SigV4-signed."""

    def send(method: str, path: str, query: str = "", body: bytes = b"",
             headers: dict[str, str] | None = None) -> RawS3Response:
        return raw_s3(server.host, server.port, method, path, query, body, headers)

    return send


@pytest.fixture
def bucket(s3):
    """A fresh, empty bucket; emptied and deleted after the test."""
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    yield name
    empty_bucket(s3, name)
    with contextlib.suppress(Exception):
        s3.delete_bucket(Bucket=name)
