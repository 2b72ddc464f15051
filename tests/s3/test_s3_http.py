"""HTTP details clients rely on: header formats, keep-alive connections that outlive error
responses (also when the server refuses a body it did not read), and Expect: 100-continue."""

from __future__ import annotations

import email.utils
import http.client
import io
import re

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from s3_harness import (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, REGION, bucket_name, content_md5,
                        etag_of, payload, s3_error)

BIG = payload(2 * 1024 * 1024 + 5, seed=41)


def signed_headers(server, method: str, path: str, body: bytes, headers=None) -> dict:
    req = AWSRequest(method=method, url=f"http://{server.host}:{server.port}{path}", data=body,
                     headers=dict(headers or {}))
    S3SigV4Auth(Credentials(DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), "s3", REGION).add_auth(req)
    return dict(req.headers.items())


def send(conn, server, method: str, path: str, body: bytes = b"", headers=None):
    conn.request(method, path, body=body, headers=signed_headers(server, method, path, body,
                                                                 headers))
    resp = conn.getresponse()
    return resp, resp.read()


def test_object_response_headers(server, s3, bucket):
    data = payload(12_345, seed=42)
    s3.put_object(Bucket=bucket, Key="h", Body=data, ContentType="text/plain")
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        resp, body = send(conn, server, "GET", f"/{bucket}/h")
        assert resp.status == 200 and body == data
        assert resp.getheader("Content-Length") == str(len(data))
        assert resp.getheader("ETag") == etag_of(data)
        assert resp.getheader("Content-Type") == "text/plain"
        assert resp.getheader("Accept-Ranges") == "bytes"
        last_modified = resp.getheader("Last-Modified")
        assert re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT",
                            last_modified), f"Last-Modified is not an HTTP date: {last_modified!r}"
        assert email.utils.parsedate_to_datetime(last_modified).tzinfo is not None
        assert resp.getheader("x-amz-request-id")
        resp, body = send(conn, server, "HEAD", f"/{bucket}/h")
        assert resp.status == 200 and body == b""
        assert resp.getheader("Content-Length") == str(len(data))
        assert resp.getheader("Last-Modified") == last_modified
        resp, body = send(conn, server, "GET", f"/{bucket}/h", headers={"Range": "bytes=0-0"})
        assert resp.status == 206 and body == data[:1]
        assert resp.getheader("Content-Length") == "1"
    finally:
        conn.close()


def test_keep_alive_survives_error_responses(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"still served")
    missing = bucket_name("missing")
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        attempts = [
            ("PUT", f"/{missing}/k", BIG, {}),                                   # NoSuchBucket
            ("PUT", f"/{bucket}/bad-md5", BIG, {"Content-MD5": content_md5(b"x")}),  # BadDigest
            ("PUT", f"/{bucket}/" + "k" * 2000, BIG, {}),                        # KeyTooLong
            ("GET", f"/{bucket}/missing", b"", {}),                              # NoSuchKey
            ("POST", f"/{bucket}", b"<not xml", {"Content-MD5": content_md5(b"<not xml")}),
        ]
        for method, path, body, headers in attempts:
            resp, _ = send(conn, server, method, path, body, headers)
            assert 400 <= resp.status < 500, (method, path[:60], resp.status)
            if resp.getheader("Connection", "").lower() == "close" or resp.will_close:
                conn.close()  # the server said so: a new connection is the client's move
                conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
            # The next request on this connection must be understood.
            resp, body = send(conn, server, "GET", f"/{bucket}/k")
            assert (resp.status, body) == (200, b"still served"), \
                f"after {method} {path[:60]}: {resp.status} {body[:200]!r}"
    finally:
        conn.close()
    assert "bad-md5" not in [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]


def test_expect_100_continue_refused_up_front(s3, bucket):
    # A file-like body makes botocore send "Expect: 100-continue"; an error answer must reach it
    # as an S3 error (not a broken connection), and the client must keep working.
    with s3_error("NoSuchBucket", 404):
        s3.put_object(Bucket=bucket_name("missing"), Key="k", Body=io.BytesIO(BIG))
    with s3_error("BadDigest", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=io.BytesIO(BIG), ContentMD5=content_md5(b"x"))
    s3.put_object(Bucket=bucket, Key="k", Body=io.BytesIO(BIG))
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == BIG
