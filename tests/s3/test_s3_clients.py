"""What other S3 clients send, beyond botocore 1.29 over http: presigned URLs, the `x-id` query
parameter of newer SDKs, response-header overrides, and aws-chunked bodies (newer botocore over
https, the Java SDK's signed streaming uploads that Hadoop s3a uses)."""

from __future__ import annotations

import base64
import urllib.request
import zlib

import boto3
import pytest
from botocore.config import Config

from s3_harness import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, REGION, etag_of, payload

DATA = payload(50_000, seed=31)


def crc32_b64(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


@pytest.mark.parametrize("signature_version", ["s3", "s3v4"])
def test_presigned_get_and_put(server, s3, bucket, signature_version):
    """Presigned URLs carry their credentials in the query: botocore 1.29's default for S3 is the
    SigV2 form (AWSAccessKeyId, Signature, Expires); `aws s3 presign` and s3v4 use X-Amz-*."""
    signer = boto3.client(
        "s3", endpoint_url=server.url, region_name=REGION, aws_access_key_id=DUMMY_ACCESS_KEY,
        aws_secret_access_key=DUMMY_SECRET_KEY,
        config=Config(signature_version=signature_version, s3={"addressing_style": "path"}))
    s3.put_object(Bucket=bucket, Key="shared file.bin", Body=DATA)
    url = signer.generate_presigned_url("get_object", ExpiresIn=300, Params={
        "Bucket": bucket, "Key": "shared file.bin"})
    with urllib.request.urlopen(url, timeout=30) as resp:
        assert resp.status == 200
        assert resp.read() == DATA
    url = signer.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "up.bin"},
                                        ExpiresIn=300)
    req = urllib.request.Request(url, data=DATA[:1000], method="PUT")
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
        assert resp.headers.get("ETag") == etag_of(DATA[:1000])
    assert s3.get_object(Bucket=bucket, Key="up.bin")["Body"].read() == DATA[:1000]


def test_x_id_query_parameter_is_ignored(raw, bucket):
    # The AWS SDKs for Java v2, JavaScript v3, Go v2 and newer botocore add ?x-id=<Operation>.
    resp = raw("PUT", f"/{bucket}/xid", "x-id=PutObject", body=b"x-id body")
    assert resp.status == 200, resp
    resp = raw("GET", f"/{bucket}/xid", "x-id=GetObject")
    assert (resp.status, resp.body) == (200, b"x-id body"), resp
    resp = raw("GET", f"/{bucket}", "list-type=2&x-id=ListObjectsV2")
    assert resp.status == 200 and b"<Key>xid</Key>" in resp.body, resp


def test_response_header_overrides(s3, bucket):
    s3.put_object(Bucket=bucket, Key="report", Body=b"a,b\n", ContentType="text/csv")
    got = s3.get_object(Bucket=bucket, Key="report", ResponseContentType="text/plain",
                        ResponseContentDisposition='attachment; filename="r.txt"',
                        ResponseCacheControl="no-cache")
    assert got["Body"].read() == b"a,b\n"
    assert got["ContentType"] == "text/plain"
    assert got["ContentDisposition"] == 'attachment; filename="r.txt"'
    assert got["CacheControl"] == "no-cache"
    # The override is for that response only.
    assert s3.head_object(Bucket=bucket, Key="report")["ContentType"] == "text/csv"


def test_aws_chunked_unsigned_payload_with_trailer(s3, raw, bucket):
    """What botocore >= 1.36 sends for PutObject over https (e.g. through a TLS proxy)."""
    chunks = [DATA[:30_000], DATA[30_000:]]
    body = b"".join(f"{len(c):x}\r\n".encode() + c + b"\r\n" for c in chunks)
    body += b"0\r\n" + f"x-amz-checksum-crc32:{crc32_b64(DATA)}\r\n\r\n".encode()
    resp = raw("PUT", f"/{bucket}/chunked", body=body, headers={
        "Content-Encoding": "aws-chunked",
        "X-Amz-Content-SHA256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "X-Amz-Decoded-Content-Length": str(len(DATA)),
        "X-Amz-Trailer": "x-amz-checksum-crc32",
        "X-Amz-Sdk-Checksum-Algorithm": "CRC32",
    })
    assert resp.status == 200, resp
    assert resp.headers.get("etag") == etag_of(DATA)
    got = s3.get_object(Bucket=bucket, Key="chunked")
    assert got["Body"].read() == DATA
    assert "aws-chunked" not in (got.get("ContentEncoding") or ""), \
        "aws-chunked is a transfer detail, not the object's Content-Encoding"


def test_aws_chunked_signed_streaming_payload(s3, raw, bucket):
    """What the AWS SDK for Java v1 (and so Hadoop s3a) sends for PutObject over http."""
    fake_signature = "0" * 64  # Sluice does not verify signatures
    chunks = [DATA[:8192], DATA[8192:40_000], DATA[40_000:], b""]
    body = b"".join(f"{len(c):x};chunk-signature={fake_signature}\r\n".encode() + c + b"\r\n"
                    for c in chunks)
    resp = raw("PUT", f"/{bucket}/signed-chunks", body=body, headers={
        "Content-Encoding": "aws-chunked",
        "X-Amz-Content-SHA256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "X-Amz-Decoded-Content-Length": str(len(DATA)),
        "Content-Type": "application/octet-stream",
    })
    assert resp.status == 200, resp
    assert resp.headers.get("etag") == etag_of(DATA)
    assert s3.get_object(Bucket=bucket, Key="signed-chunks")["Body"].read() == DATA
