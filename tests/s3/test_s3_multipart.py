"""Multipart uploads: Create, UploadPart, UploadPartCopy, Complete (with the "-N" ETag), Abort,
ListParts and ListMultipartUploads, and the errors S3 gives for bad completions."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from s3_harness import (MIB, content_md5, error_code, etag_of, http_status, multipart_etag,
                        payload, s3_error)

PART1 = payload(5 * MIB, seed=1)  # S3's minimum size for every part but the last
PART2 = payload(5 * MIB, seed=2)
PART3 = payload(123_457, seed=3)


def upload_parts(s3, bucket, key, upload_id, parts):
    """Uploads parts 1..N; returns the CompleteMultipartUpload part list."""
    done = []
    for number, data in enumerate(parts, start=1):
        resp = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number,
                              Body=data)
        assert resp["ETag"] == etag_of(data), f"part {number}: ETag is the part's quoted MD5"
        done.append({"PartNumber": number, "ETag": resp["ETag"]})
    return done


def test_multipart_round_trip(s3, bucket):
    key = "big/object.bin"
    create = s3.create_multipart_upload(Bucket=bucket, Key=key, ContentType="application/x-test",
                                        Metadata={"origin": "multipart"})
    assert create["Bucket"] == bucket and create["Key"] == key
    upload_id = create["UploadId"]
    assert upload_id
    parts = upload_parts(s3, bucket, key, upload_id, [PART1, PART2, PART3])
    done = s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id,
                                        MultipartUpload={"Parts": parts})
    want_etag = multipart_etag([PART1, PART2, PART3])
    assert done["ETag"] == want_etag
    assert done["Bucket"] == bucket and done["Key"] == key
    assert done.get("Location")
    whole = PART1 + PART2 + PART3
    got = s3.get_object(Bucket=bucket, Key=key)
    assert got["Body"].read() == whole
    assert got["ETag"] == want_etag
    assert got["ContentType"] == "application/x-test"
    assert got["Metadata"] == {"origin": "multipart"}
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ContentLength"] == len(whole)
    assert head["ETag"] == want_etag
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"]
    assert [(o["Key"], o["Size"], o["ETag"]) for o in listed] == [(key, len(whole), want_etag)]
    # A ranged read across the part boundary.
    span = s3.get_object(Bucket=bucket, Key=key, Range=f"bytes={5 * MIB - 10}-{5 * MIB + 9}")
    assert span["Body"].read() == whole[5 * MIB - 10:5 * MIB + 10]
    # The upload is finished: it is no longer listed and cannot be used.
    assert not s3.list_multipart_uploads(Bucket=bucket).get("Uploads")
    with s3_error("NoSuchUpload", 404):
        s3.list_parts(Bucket=bucket, Key=key, UploadId=upload_id)


def test_single_part_upload_and_part_overwrite(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="one")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="one", UploadId=upload_id, PartNumber=1, Body=b"first try")
    second = s3.upload_part(Bucket=bucket, Key="one", UploadId=upload_id, PartNumber=1,
                            Body=b"second try")
    parts = s3.list_parts(Bucket=bucket, Key="one", UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["Size"], p["ETag"]) for p in parts] == [
        (1, len(b"second try"), etag_of(b"second try"))]
    s3.complete_multipart_upload(Bucket=bucket, Key="one", UploadId=upload_id, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": second["ETag"]}]})
    got = s3.get_object(Bucket=bucket, Key="one")
    assert got["Body"].read() == b"second try"
    assert got["ETag"] == multipart_etag([b"second try"])


def test_parts_may_skip_numbers(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="gaps")["UploadId"]
    p2 = s3.upload_part(Bucket=bucket, Key="gaps", UploadId=upload_id, PartNumber=2, Body=PART1)
    p7 = s3.upload_part(Bucket=bucket, Key="gaps", UploadId=upload_id, PartNumber=7, Body=b"end")
    s3.complete_multipart_upload(Bucket=bucket, Key="gaps", UploadId=upload_id, MultipartUpload={
        "Parts": [{"PartNumber": 2, "ETag": p2["ETag"]}, {"PartNumber": 7, "ETag": p7["ETag"]}]})
    assert s3.get_object(Bucket=bucket, Key="gaps")["Body"].read() == PART1 + b"end"


def test_upload_part_copy(s3, bucket):
    source = PART1 + PART2
    s3.put_object(Bucket=bucket, Key="source", Body=source)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="assembled")["UploadId"]
    first = s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=upload_id, PartNumber=1,
                                CopySource={"Bucket": bucket, "Key": "source"},
                                CopySourceRange=f"bytes={MIB}-{6 * MIB - 1}")
    assert first["CopyPartResult"]["ETag"] == etag_of(source[MIB:6 * MIB])
    second = s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=upload_id, PartNumber=2,
                                 CopySource={"Bucket": bucket, "Key": "source"},
                                 CopySourceIfMatch=etag_of(source))
    assert second["CopyPartResult"]["ETag"] == etag_of(source)
    third = s3.upload_part(Bucket=bucket, Key="assembled", UploadId=upload_id, PartNumber=3,
                           Body=PART3)
    done = s3.complete_multipart_upload(
        Bucket=bucket, Key="assembled", UploadId=upload_id, MultipartUpload={"Parts": [
            {"PartNumber": 1, "ETag": first["CopyPartResult"]["ETag"]},
            {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]},
            {"PartNumber": 3, "ETag": third["ETag"]}]})
    want = source[MIB:6 * MIB] + source + PART3
    assert done["ETag"] == multipart_etag([source[MIB:6 * MIB], source, PART3])
    assert s3.get_object(Bucket=bucket, Key="assembled")["Body"].read() == want


def test_upload_part_copy_errors(s3, bucket):
    s3.put_object(Bucket=bucket, Key="small", Body=b"0123456789")
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    with s3_error("NoSuchKey", 404):
        s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "missing"})
    # A copy range past the end of the source is refused, never cut short. AWS answers
    # InvalidArgument ("Range specified is not valid for source object of size: 10"); other
    # S3 servers answer InvalidRange.
    with pytest.raises(ClientError) as info:
        s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "small"},
                            CopySourceRange="bytes=5-100")
    assert (error_code(info), http_status(info)) in (
        ("InvalidArgument", 400), ("InvalidRange", 416), ("InvalidRange", 400))
    s3.abort_multipart_upload(Bucket=bucket, Key="dst", UploadId=upload_id)


def test_abort(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="aborted")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="aborted", UploadId=upload_id, PartNumber=1, Body=b"x")
    resp = s3.abort_multipart_upload(Bucket=bucket, Key="aborted", UploadId=upload_id)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert not s3.list_multipart_uploads(Bucket=bucket).get("Uploads")
    with s3_error("NoSuchUpload", 404):
        s3.list_parts(Bucket=bucket, Key="aborted", UploadId=upload_id)
    with s3_error("NoSuchUpload", 404):
        s3.upload_part(Bucket=bucket, Key="aborted", UploadId=upload_id, PartNumber=2, Body=b"y")
    with s3_error("NoSuchUpload", 404):
        s3.complete_multipart_upload(Bucket=bucket, Key="aborted", UploadId=upload_id,
                                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": "x"}]})
    with s3_error("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="aborted")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_in_progress_upload_is_invisible_and_keeps_old_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"old")
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"new")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"old"
    s3.create_multipart_upload(Bucket=bucket, Key="never-completed")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["k"]


def test_list_parts_pages(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="lp")["UploadId"]
    bodies = {n: f"part {n}".encode() * n for n in range(1, 8)}
    for n, body in bodies.items():
        s3.upload_part(Bucket=bucket, Key="lp", UploadId=upload_id, PartNumber=n, Body=body)
    resp = s3.list_parts(Bucket=bucket, Key="lp", UploadId=upload_id)
    assert resp["UploadId"] == upload_id and resp["Key"] == "lp"
    assert resp["IsTruncated"] is False
    assert [(p["PartNumber"], p["Size"], p["ETag"]) for p in resp["Parts"]] == [
        (n, len(b), etag_of(b)) for n, b in bodies.items()]
    for part in resp["Parts"]:
        assert part["LastModified"].tzinfo is not None
    seen, marker = [], None
    for _ in range(10):
        args = {"MaxParts": 3}
        if marker is not None:
            args["PartNumberMarker"] = marker
        page = s3.list_parts(Bucket=bucket, Key="lp", UploadId=upload_id, **args)
        numbers = [p["PartNumber"] for p in page.get("Parts", [])]
        assert len(numbers) <= 3
        seen += numbers
        if not page["IsTruncated"]:
            break
        marker = page["NextPartNumberMarker"]
        assert marker == numbers[-1]
    assert seen == list(bodies)
    s3.abort_multipart_upload(Bucket=bucket, Key="lp", UploadId=upload_id)


def test_list_multipart_uploads(s3, bucket):
    ids = {}
    for key in ["logs/b", "logs/a", "data/x", "top"]:
        ids[key] = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    second_a = s3.create_multipart_upload(Bucket=bucket, Key="logs/a")["UploadId"]
    assert second_a != ids["logs/a"], "each CreateMultipartUpload is a new upload"
    resp = s3.list_multipart_uploads(Bucket=bucket)
    assert resp["Bucket"] == bucket
    listed = [(u["Key"], u["UploadId"]) for u in resp["Uploads"]]
    assert sorted(listed) == sorted(list(ids.items()) + [("logs/a", second_a)])
    assert [k for k, _ in listed] == sorted(k for k, _ in listed), "uploads are in key order"
    for upload in resp["Uploads"]:
        assert upload["Initiated"].tzinfo is not None
    resp = s3.list_multipart_uploads(Bucket=bucket, Prefix="logs/")
    assert sorted(u["Key"] for u in resp["Uploads"]) == ["logs/a", "logs/a", "logs/b"]
    resp = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert [u["Key"] for u in resp.get("Uploads", [])] == ["top"]
    assert [p["Prefix"] for p in resp.get("CommonPrefixes", [])] == ["data/", "logs/"]
    s3.abort_multipart_upload(Bucket=bucket, Key="logs/a", UploadId=second_a)
    resp = s3.list_multipart_uploads(Bucket=bucket, Prefix="logs/a")
    assert [(u["Key"], u["UploadId"]) for u in resp["Uploads"]] == [("logs/a", ids["logs/a"])]


# -- bad completions -------------------------------------------------------------------------------
@pytest.fixture
def two_parts(s3, bucket):
    """An upload with parts 1 (5 MiB) and 2 (small) uploaded; yields (upload_id, part list)."""
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="bad")["UploadId"]
    parts = upload_parts(s3, bucket, "bad", upload_id, [PART1, PART3])
    yield upload_id, parts
    try:
        s3.abort_multipart_upload(Bucket=bucket, Key="bad", UploadId=upload_id)
    except ClientError:
        pass


def complete_error(s3, bucket, upload_id, parts):
    with pytest.raises(ClientError) as info:
        s3.complete_multipart_upload(Bucket=bucket, Key="bad", UploadId=upload_id,
                                     MultipartUpload={"Parts": parts})
    return error_code(info), http_status(info)


def test_complete_with_wrong_etag_is_invalid_part(s3, bucket, two_parts):
    upload_id, parts = two_parts
    bad = [parts[0], {"PartNumber": 2, "ETag": etag_of(b"something else")}]
    assert complete_error(s3, bucket, upload_id, bad) == ("InvalidPart", 400)
    missing = parts + [{"PartNumber": 3, "ETag": etag_of(b"never uploaded")}]
    assert complete_error(s3, bucket, upload_id, missing) == ("InvalidPart", 400)
    with s3_error("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="bad")


def test_complete_out_of_order_is_invalid_part_order(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="bad")["UploadId"]
    parts = upload_parts(s3, bucket, "bad", upload_id, [PART1, PART2])  # any order is big enough
    assert complete_error(s3, bucket, upload_id, parts[::-1]) == ("InvalidPartOrder", 400)
    s3.abort_multipart_upload(Bucket=bucket, Key="bad", UploadId=upload_id)


def test_complete_with_small_inner_part_is_entity_too_small(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="bad")["UploadId"]
    parts = upload_parts(s3, bucket, "bad", upload_id, [b"tiny", PART3])
    assert complete_error(s3, bucket, upload_id, parts) == ("EntityTooSmall", 400)
    # The upload survives a refused completion.
    assert len(s3.list_parts(Bucket=bucket, Key="bad", UploadId=upload_id)["Parts"]) == 2
    s3.abort_multipart_upload(Bucket=bucket, Key="bad", UploadId=upload_id)


def test_complete_with_no_parts_is_malformed(s3, bucket, two_parts):
    upload_id, _ = two_parts
    code, status = complete_error(s3, bucket, upload_id, [])
    assert status == 400 and code in ("MalformedXML", "InvalidRequest"), code


def test_bad_upload_ids_and_part_numbers(s3, bucket):
    with s3_error("NoSuchUpload", 404):
        s3.upload_part(Bucket=bucket, Key="k", UploadId="no-such-upload", PartNumber=1, Body=b"x")
    with s3_error("NoSuchUpload", 404):
        s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId="no-such-upload")
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    with s3_error("NoSuchUpload", 404):  # an upload belongs to its key
        s3.upload_part(Bucket=bucket, Key="other", UploadId=upload_id, PartNumber=1, Body=b"x")
    for number in (0, 10001):
        with s3_error("InvalidArgument", 400):
            s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=number,
                           Body=b"x")
    s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id)


def test_upload_part_content_md5_verified(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    with s3_error("BadDigest", 400):
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"data",
                       ContentMD5=content_md5(b"other"))
    assert not s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id).get("Parts")
    s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id)
