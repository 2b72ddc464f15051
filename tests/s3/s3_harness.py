"""Helpers for the S3 end-to-end tests: boto3 S3 clients, signed raw HTTP, S3 error assertions.

The server process itself is tests/integration/sluice_harness.py's SluiceServer (imported, not
copied). Set SLUICE_S3_ENDPOINT=http://host:port to run the suite against an S3 endpoint that is
already running (e.g. another S3 implementation, to check the tests themselves); then no server
is started and the checks that look into the data dir are skipped.
"""

from __future__ import annotations

import base64
import concurrent.futures
import contextlib
import hashlib
import http.client
import os
import random
import sys
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterable

import boto3
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from sluice_harness import (  # noqa: E402  (needs the sys.path entry above)
    DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, REGION, SluiceServer, sluice_bin)

S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
MIB = 1024 * 1024
EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e"
__all__ = ["SluiceServer", "REGION", "DUMMY_ACCESS_KEY", "DUMMY_SECRET_KEY"]


class ExternalEndpoint:
    """Stands in for SluiceServer when SLUICE_S3_ENDPOINT names a running endpoint."""

    def __init__(self, url: str):
        parsed = urllib.parse.urlsplit(url)
        self.url = url.rstrip("/")
        self.host = parsed.hostname
        self.port = parsed.port or 80
        self.data_dir: Path | None = None
        self.killed = False

    def alive(self) -> bool:
        return True

    def log_tail(self, n: int = 40) -> str:
        return "(external endpoint: no server log)"

    def stop(self, *_args) -> None:
        return None


def external_endpoint() -> str | None:
    return os.environ.get("SLUICE_S3_ENDPOINT") or None


def s3_client(url: str, region: str = REGION):
    """A boto3 S3 client as the AWS CLI builds one: path-style, dummy credentials, no retries."""
    return boto3.client(
        "s3", endpoint_url=url, region_name=region, aws_access_key_id=DUMMY_ACCESS_KEY,
        aws_secret_access_key=DUMMY_SECRET_KEY,
        config=Config(s3={"addressing_style": "path"},
                      retries={"total_max_attempts": 1, "mode": "standard"},
                      connect_timeout=5, read_timeout=60))


def bucket_name(prefix: str = "t") -> str:
    """A valid bucket name (lowercase, hyphens, 3-63 chars) no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def payload(size: int, seed: int = 0) -> bytes:
    """Deterministic pseudo-random bytes (every byte value occurs, so no text assumptions)."""
    return random.Random(seed).randbytes(size)


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def etag_of(data: bytes) -> str:
    """The ETag S3 gives a single PUT: the quoted hex MD5."""
    return f'"{md5_hex(data)}"'


def multipart_etag(parts: Iterable[bytes]) -> str:
    """The ETag S3 gives a completed multipart upload: "<md5 of the part md5s>-N"."""
    digests = [hashlib.md5(p).digest() for p in parts]
    return f'"{hashlib.md5(b"".join(digests)).hexdigest()}-{len(digests)}"'


def content_md5(data: bytes) -> str:
    """The Content-MD5 header value: base64 of the binary MD5."""
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def error_code(info) -> str:
    return info.value.response["Error"]["Code"]


def http_status(info) -> int:
    return info.value.response["ResponseMetadata"]["HTTPStatusCode"]


@contextlib.contextmanager
def s3_error(code: str, status: int | None):
    """Asserts the block raises a ClientError with this S3 error code and HTTP status.

    HEAD requests have no body, so botocore reports their code as the status ("404").
    """
    with pytest.raises(ClientError) as info:
        yield info
    got = error_code(info)
    msg = info.value.response["Error"].get("Message")
    assert got == code, f"expected {code}, got {got}: {msg}"
    if status is not None:
        got_status = http_status(info)
        assert got_status == status, f"{code} came with HTTP {got_status}, expected {status}"


def list_keys(s3, bucket: str, **kwargs) -> list[str]:
    """Every key of a ListObjectsV2 listing, following continuation tokens."""
    keys: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, **kwargs):
        keys.extend(o["Key"] for o in page.get("Contents", []))
    return keys


def put_keys(s3, bucket: str, keys: Iterable[str], body: bytes | None = None,
             threads: int = 8) -> None:
    """PUTs each key (body: the key itself unless given), a few at a time."""
    def put(key: str) -> None:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode() if body is None else body)

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(put, keys))  # list() re-raises the first failure


def empty_bucket(s3, bucket: str) -> None:
    """Deletes every object and aborts every multipart upload (best effort, for teardown)."""
    with contextlib.suppress(ClientError):
        for up in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
            with contextlib.suppress(ClientError):
                s3.abort_multipart_upload(Bucket=bucket, Key=up["Key"], UploadId=up["UploadId"])
    with contextlib.suppress(ClientError):
        keys = list_keys(s3, bucket)
        for i in range(0, len(keys), 1000):
            s3.delete_objects(Bucket=bucket, Delete={
                "Objects": [{"Key": k} for k in keys[i:i + 1000]], "Quiet": True})


def files_under(root: Path | None) -> set[str]:
    """Relative paths of all files under root (empty if root is None or missing)."""
    if root is None or not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


# -- raw, signed HTTP ----------------------------------------------------------------------------
class RawS3Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status = status
        self.headers = headers  # lowercased names
        self.body = body

    def xml(self) -> ET.Element:
        return ET.fromstring(self.body)

    @property
    def error_code(self) -> str | None:
        try:
            root = self.xml()
        except ET.ParseError:
            return None
        if root.tag.endswith("ErrorResponse"):
            inner = root.find("Error")
            root = root if inner is None else inner
        return root.findtext("Code")

    def __repr__(self) -> str:
        return f"RawS3Response({self.status}, {self.body[:400]!r})"


def raw_s3(host: str, port: int, method: str, path: str, query: str = "",
           body: bytes = b"", headers: dict[str, str] | None = None) -> RawS3Response:
    """One SigV4-signed request, sent exactly as given: `path` is already percent-encoded and is
    not normalised (so "/b/../x" reaches the server as is), `query` is the raw query string."""
    target = path + (f"?{query}" if query else "")
    url = f"http://{host}:{port}{target}"
    req = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
    S3SigV4Auth(Credentials(DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), "s3", REGION).add_auth(req)
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, target, body=body, headers=dict(req.headers.items()))
        resp = conn.getresponse()
        return RawS3Response(resp.status, {k.lower(): v for k, v in resp.getheaders()},
                             resp.read())
    finally:
        conn.close()


def find_all(elem: ET.Element, tag: str) -> list[ET.Element]:
    """Children named `tag`, with or without the S3 namespace."""
    return elem.findall(S3_NS + tag) + elem.findall(tag)


def find_text(elem: ET.Element, tag: str) -> str | None:
    found = elem.find(S3_NS + tag)
    if found is None:
        found = elem.find(tag)
    return None if found is None else (found.text or "")
