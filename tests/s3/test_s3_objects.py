"""Object operations: PutObject, GetObject (ranges, conditions), HeadObject, DeleteObject(s),
CopyObject, checksums and the headers and metadata an object keeps."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import zlib

import pytest
from botocore.exceptions import ClientError

from s3_harness import (EMPTY_MD5, bucket_name, content_md5, error_code, etag_of, http_status,
                        payload, s3_error)

DATA = payload(100_003, seed=7)  # odd size so ranges meet an uneven tail


def crc32_b64(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def near_now(when: dt.datetime, slack_s: float = 300) -> bool:
    return abs((dt.datetime.now(dt.timezone.utc) - when).total_seconds()) < slack_s


# -- PutObject / GetObject / HeadObject ------------------------------------------------------------
def test_put_get_head_round_trip(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="obj.bin", Body=DATA)
    assert put["ETag"] == etag_of(DATA)
    got = s3.get_object(Bucket=bucket, Key="obj.bin")
    assert got["Body"].read() == DATA
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert got["ContentLength"] == len(DATA)
    assert got["ETag"] == etag_of(DATA)
    assert near_now(got["LastModified"])
    head = s3.head_object(Bucket=bucket, Key="obj.bin")
    assert head["ContentLength"] == len(DATA)
    assert head["ETag"] == etag_of(DATA)
    assert head["LastModified"] == got["LastModified"]
    assert head.get("AcceptRanges") == "bytes"


def test_put_from_file_object_uses_expect_100_continue(s3, bucket):
    # botocore adds "Expect: 100-continue" when the body is file-like.
    s3.put_object(Bucket=bucket, Key="streamed", Body=io.BytesIO(DATA))
    assert s3.get_object(Bucket=bucket, Key="streamed")["Body"].read() == DATA


def test_empty_object(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    assert put["ETag"] == f'"{EMPTY_MD5}"'
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["Body"].read() == b""
    assert got["ContentLength"] == 0
    assert s3.head_object(Bucket=bucket, Key="empty")["ContentLength"] == 0


def test_overwrite_replaces_content_and_metadata(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"first version", Metadata={"v": "1"},
                  ContentType="text/plain")
    s3.put_object(Bucket=bucket, Key="k", Body=b"2nd", Metadata={"w": "2"})
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["Body"].read() == b"2nd"
    assert got["Metadata"] == {"w": "2"}
    assert got["ContentType"] != "text/plain"
    assert got["ETag"] == etag_of(b"2nd")


def test_default_content_type(s3, bucket):
    s3.put_object(Bucket=bucket, Key="untyped", Body=b"x")
    assert s3.head_object(Bucket=bucket, Key="untyped")["ContentType"] == "binary/octet-stream"


def test_content_type_encoding_and_user_metadata_persist(s3, bucket):
    body = gzip.compress(b"id,name\n1,a\n" * 100)
    s3.put_object(Bucket=bucket, Key="data.csv.gz", Body=body,
                  ContentType="text/csv; charset=utf-8", ContentEncoding="gzip",
                  Metadata={"Owner": "Data-Eng", "source-system": "crm v2"})
    for resp in (s3.head_object(Bucket=bucket, Key="data.csv.gz"),
                 s3.get_object(Bucket=bucket, Key="data.csv.gz")):
        assert resp["ContentType"] == "text/csv; charset=utf-8"
        assert resp["ContentEncoding"] == "gzip"
        # S3 lower-cases user metadata names; values are kept as sent.
        assert resp["Metadata"] == {"owner": "Data-Eng", "source-system": "crm v2"}
    # The stored bytes are the gzip bytes: the server must not decode them.
    assert s3.get_object(Bucket=bucket, Key="data.csv.gz")["Body"].read() == body


def test_other_standard_headers_persist(s3, bucket):
    s3.put_object(Bucket=bucket, Key="doc", Body=b"x",
                  ContentDisposition='attachment; filename="data.csv"', ContentLanguage="en",
                  CacheControl="max-age=60")
    for resp in (s3.head_object(Bucket=bucket, Key="doc"), s3.get_object(Bucket=bucket, Key="doc")):
        got = {k: resp.get(k) for k in ("ContentDisposition", "ContentLanguage", "CacheControl")}
        assert got == {"ContentDisposition": 'attachment; filename="data.csv"',
                       "ContentLanguage": "en", "CacheControl": "max-age=60"}


def test_missing_key_and_bucket(s3, bucket):
    with s3_error("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="nope")
    with s3_error("404", 404):
        s3.head_object(Bucket=bucket, Key="nope")
    missing = bucket_name("missing")
    with s3_error("NoSuchBucket", 404):
        s3.get_object(Bucket=missing, Key="k")
    with s3_error("NoSuchBucket", 404):
        s3.put_object(Bucket=missing, Key="k", Body=b"x")
    with s3_error("404", 404):
        s3.head_object(Bucket=missing, Key="k")


# -- checksums -------------------------------------------------------------------------------------
def test_content_md5_is_verified(s3, bucket):
    s3.put_object(Bucket=bucket, Key="md5", Body=b"good", ContentMD5=content_md5(b"good"))
    assert s3.get_object(Bucket=bucket, Key="md5")["Body"].read() == b"good"

    with s3_error("BadDigest", 400):
        s3.put_object(Bucket=bucket, Key="md5", Body=b"tampered", ContentMD5=content_md5(b"good"))
    assert s3.get_object(Bucket=bucket, Key="md5")["Body"].read() == b"good", \
        "a rejected PUT must not replace the object"

    with s3_error("BadDigest", 400):
        s3.put_object(Bucket=bucket, Key="md5-new", Body=b"x", ContentMD5=content_md5(b"y"))
    with s3_error("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="md5-new")


def test_content_md5_that_is_not_an_md5_is_invalid_digest(s3, bucket):
    with s3_error("InvalidDigest", 400):
        s3.put_object(Bucket=bucket, Key="bad-md5", Body=b"x", ContentMD5="bm90LWFuLW1kNQ==")
    with s3_error("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="bad-md5")


def test_checksum_crc32_accepted_and_verified(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="crc", Body=DATA, ChecksumAlgorithm="CRC32")
    if "ChecksumCRC32" in put:
        assert put["ChecksumCRC32"] == crc32_b64(DATA)
    got = s3.get_object(Bucket=bucket, Key="crc", ChecksumMode="ENABLED")
    assert got["Body"].read() == DATA  # botocore checks x-amz-checksum-crc32 if it is sent back
    if "ChecksumCRC32" in got:
        assert got["ChecksumCRC32"] == crc32_b64(DATA)

    with s3_error("BadDigest", 400):
        s3.put_object(Bucket=bucket, Key="crc-bad", Body=DATA, ChecksumCRC32=crc32_b64(b"other"))
    with s3_error("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="crc-bad")


# -- ranges ----------------------------------------------------------------------------------------
N = len(DATA)
RANGES = [
    ("bytes=0-9", 0, 9),
    ("bytes=100-100", 100, 100),
    (f"bytes={N - 10}-", N - 10, N - 1),
    ("bytes=-7", N - 7, N - 1),
    (f"bytes=5-{N + 1000}", 5, N - 1),  # an end past the object is cut to the object
    (f"bytes=0-{N - 1}", 0, N - 1),
]


@pytest.mark.parametrize("header,first,last", RANGES, ids=[r[0] for r in RANGES])
def test_range_get(s3, bucket, header, first, last):
    s3.put_object(Bucket=bucket, Key="r", Body=DATA)
    got = s3.get_object(Bucket=bucket, Key="r", Range=header)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == f"bytes {first}-{last}/{N}"
    assert got["ContentLength"] == last - first + 1
    assert got["Body"].read() == DATA[first:last + 1]


@pytest.mark.parametrize("header", [f"bytes={N}-{N + 10}", f"bytes={N + 5}-"])
def test_range_beyond_object_is_invalid_range(s3, bucket, header):
    s3.put_object(Bucket=bucket, Key="r", Body=DATA)
    with s3_error("InvalidRange", 416):
        s3.get_object(Bucket=bucket, Key="r", Range=header)


def test_ranged_get_with_if_match_as_s3transfer_does(s3, bucket):
    s3.put_object(Bucket=bucket, Key="r", Body=DATA)
    etag = s3.head_object(Bucket=bucket, Key="r")["ETag"]
    got = s3.get_object(Bucket=bucket, Key="r", Range="bytes=1000-1999", IfMatch=etag)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["Body"].read() == DATA[1000:2000]


# -- conditional requests --------------------------------------------------------------------------
def test_if_match_and_if_none_match(s3, bucket):
    s3.put_object(Bucket=bucket, Key="c", Body=b"conditional")
    etag = etag_of(b"conditional")
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag)["Body"].read() == b"conditional"
    with s3_error("PreconditionFailed", 412):
        s3.get_object(Bucket=bucket, Key="c", IfMatch='"0123456789abcdef0123456789abcdef"')
    with s3_error("304", 304):
        s3.get_object(Bucket=bucket, Key="c", IfNoneMatch=etag)
    got = s3.get_object(Bucket=bucket, Key="c", IfNoneMatch='"0123456789abcdef0123456789abcdef"')
    assert got["Body"].read() == b"conditional"
    with s3_error("412", 412):
        s3.head_object(Bucket=bucket, Key="c", IfMatch='"0123456789abcdef0123456789abcdef"')
    with s3_error("304", 304):
        s3.head_object(Bucket=bucket, Key="c", IfNoneMatch=etag)


def test_if_modified_since_and_if_unmodified_since(s3, bucket):
    s3.put_object(Bucket=bucket, Key="c", Body=b"dated")
    modified = s3.head_object(Bucket=bucket, Key="c")["LastModified"]
    past = modified - dt.timedelta(days=1)
    future = modified + dt.timedelta(days=1)
    assert s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=past)["Body"].read() == b"dated"
    with s3_error("304", 304):
        s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=future)
    with s3_error("304", 304):
        s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=modified)
    got = s3.get_object(Bucket=bucket, Key="c", IfUnmodifiedSince=future)
    assert got["Body"].read() == b"dated"
    with s3_error("PreconditionFailed", 412):
        s3.get_object(Bucket=bucket, Key="c", IfUnmodifiedSince=past)


# -- DeleteObject / DeleteObjects ------------------------------------------------------------------
def test_delete_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="d", Body=b"x")
    resp = s3.delete_object(Bucket=bucket, Key="d")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    with s3_error("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="d")
    # Deleting what is not there is not an error in S3.
    resp = s3.delete_object(Bucket=bucket, Key="d")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    with s3_error("NoSuchBucket", 404):
        s3.delete_object(Bucket=bucket_name("missing"), Key="d")


DELETE_KEYS = ["k1", "dir/k2", "dir/sub/k3", "a&b <c> 'd' \"e\".txt", "été/ü ß.csv", "k6"]


def test_delete_objects_verbose(s3, bucket):
    for key in DELETE_KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    doomed = DELETE_KEYS[:5] + ["never-existed"]
    resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in doomed]})
    assert sorted(d["Key"] for d in resp.get("Deleted", [])) == sorted(doomed)
    assert not resp.get("Errors")
    left = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert left == ["k6"]


def test_delete_objects_quiet(s3, bucket):
    for key in DELETE_KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    resp = s3.delete_objects(Bucket=bucket, Delete={
        "Objects": [{"Key": k} for k in DELETE_KEYS], "Quiet": True})
    assert not resp.get("Deleted"), "Quiet mode reports only errors"
    assert not resp.get("Errors")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_delete_objects_in_missing_bucket(s3):
    with s3_error("NoSuchBucket", 404):
        s3.delete_objects(Bucket=bucket_name("missing"), Delete={"Objects": [{"Key": "a"}]})


# -- CopyObject ------------------------------------------------------------------------------------
def test_copy_object_copies_metadata_by_default(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=DATA, ContentType="text/plain",
                  Metadata={"origin": "src"})
    resp = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                          MetadataDirective="COPY")
    assert resp["CopyObjectResult"]["ETag"] == etag_of(DATA)
    assert near_now(resp["CopyObjectResult"]["LastModified"])
    got = s3.get_object(Bucket=bucket, Key="dst")
    assert got["Body"].read() == DATA
    assert got["ContentType"] == "text/plain"
    assert got["Metadata"] == {"origin": "src"}
    # Without a directive COPY is the default.
    s3.copy_object(Bucket=bucket, Key="dst2", CopySource=f"{bucket}/src")
    assert s3.head_object(Bucket=bucket, Key="dst2")["Metadata"] == {"origin": "src"}
    # The source is untouched.
    assert s3.get_object(Bucket=bucket, Key="src")["Body"].read() == DATA


def test_copy_object_replace_metadata(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"payload", ContentType="text/plain",
                  Metadata={"origin": "src", "keep": "no"})
    s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                   MetadataDirective="REPLACE", ContentType="application/json",
                   Metadata={"fresh": "yes"})
    head = s3.head_object(Bucket=bucket, Key="dst")
    assert head["ContentType"] == "application/json"
    assert head["Metadata"] == {"fresh": "yes"}
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"payload"
    assert s3.head_object(Bucket=bucket, Key="src")["Metadata"] == {"origin": "src", "keep": "no"}


def test_copy_object_onto_itself(s3, bucket):
    s3.put_object(Bucket=bucket, Key="self", Body=b"same", Metadata={"v": "1"})
    # Replacing the metadata in place is the S3 way to edit it ...
    s3.copy_object(Bucket=bucket, Key="self", CopySource={"Bucket": bucket, "Key": "self"},
                   MetadataDirective="REPLACE", Metadata={"v": "2"})
    got = s3.get_object(Bucket=bucket, Key="self")
    assert got["Body"].read() == b"same"
    assert got["Metadata"] == {"v": "2"}
    # ... but a copy onto itself that changes nothing is refused.
    with s3_error("InvalidRequest", 400):
        s3.copy_object(Bucket=bucket, Key="self", CopySource={"Bucket": bucket, "Key": "self"})
    assert s3.get_object(Bucket=bucket, Key="self")["Body"].read() == b"same"


def test_copy_object_across_buckets_and_special_keys(s3, bucket):
    other = bucket_name("other")
    s3.create_bucket(Bucket=other)
    try:
        src_key = "dir with space/été+plus=eq%pct.txt"
        s3.put_object(Bucket=bucket, Key=src_key, Body=DATA)
        s3.copy_object(Bucket=other, Key="copied/" + src_key,
                       CopySource={"Bucket": bucket, "Key": src_key})
        assert s3.get_object(Bucket=other, Key="copied/" + src_key)["Body"].read() == DATA
    finally:
        s3.delete_object(Bucket=other, Key="copied/dir with space/été+plus=eq%pct.txt")
        s3.delete_bucket(Bucket=other)


def test_copy_object_errors(s3, bucket):
    with s3_error("NoSuchKey", 404):
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "missing"})
    with s3_error("NoSuchBucket", 404):
        s3.copy_object(Bucket=bucket, Key="dst",
                       CopySource={"Bucket": bucket_name("missing"), "Key": "k"})
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    with s3_error("PreconditionFailed", 412):
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                       CopySourceIfMatch='"0123456789abcdef0123456789abcdef"')
    resp = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                          CopySourceIfMatch=etag_of(b"x"))
    assert resp["CopyObjectResult"]["ETag"] == etag_of(b"x")
    with pytest.raises(ClientError) as info:
        s3.copy_object(Bucket=bucket_name("missing"), Key="dst",
                       CopySource={"Bucket": bucket, "Key": "src"})
    assert (error_code(info), http_status(info)) == ("NoSuchBucket", 404)


# -- object sizes around storage boundaries -----------------------------------------------------
# Small objects may be stored differently from large ones (Sluice keeps objects up to 64 KiB in
# their metastore row): every path must behave the same.
SIZES = [1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 1024 * 1024 + 3]


@pytest.mark.parametrize("size", SIZES)
def test_sizes_round_trip_range_and_copy(s3, bucket, size):
    data = payload(size, seed=size)
    assert s3.put_object(Bucket=bucket, Key="s", Body=data)["ETag"] == etag_of(data)
    assert s3.get_object(Bucket=bucket, Key="s")["Body"].read() == data
    assert s3.head_object(Bucket=bucket, Key="s")["ContentLength"] == size
    last = s3.get_object(Bucket=bucket, Key="s", Range="bytes=-1")
    assert last["ContentRange"] == f"bytes {size - 1}-{size - 1}/{size}"
    assert last["Body"].read() == data[-1:]
    mid = s3.get_object(Bucket=bucket, Key="s", Range=f"bytes={size // 2}-{size // 2 + 99}")
    assert mid["Body"].read() == data[size // 2:size // 2 + 100]
    s3.copy_object(Bucket=bucket, Key="s-copy", CopySource={"Bucket": bucket, "Key": "s"})
    assert s3.get_object(Bucket=bucket, Key="s-copy")["Body"].read() == data
    listed = {o["Key"]: o["Size"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert listed == {"s": size, "s-copy": size}


def test_overwrite_across_size_boundaries(s3, bucket):
    for size in [10, 200_000, 5, 64 * 1024, 64 * 1024 + 1, 0, 70_000]:
        data = payload(size, seed=size + 1)
        s3.put_object(Bucket=bucket, Key="shape-shifter", Body=data, Metadata={"n": str(size)})
        got = s3.get_object(Bucket=bucket, Key="shape-shifter")
        assert got["Body"].read() == data, f"after overwriting with {size} bytes"
        assert got["Metadata"] == {"n": str(size)}
        assert got["ETag"] == etag_of(data)


def test_multipart_of_small_parts_then_copy_part_from_small_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="tiny", Body=b"0123456789")
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="joined")["UploadId"]
    p1 = s3.upload_part_copy(Bucket=bucket, Key="joined", UploadId=upload_id, PartNumber=1,
                             CopySource={"Bucket": bucket, "Key": "tiny"},
                             CopySourceRange="bytes=2-5")["CopyPartResult"]["ETag"]
    s3.abort_multipart_upload(Bucket=bucket, Key="joined", UploadId=upload_id)
    assert p1 == etag_of(b"2345")
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="joined")["UploadId"]
    p1 = s3.upload_part(Bucket=bucket, Key="joined", UploadId=upload_id, PartNumber=1,
                        Body=b"only part")["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="joined", UploadId=upload_id,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": p1}]})
    assert s3.get_object(Bucket=bucket, Key="joined")["Body"].read() == b"only part"
