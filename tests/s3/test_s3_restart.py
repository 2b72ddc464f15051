"""A clean restart (SIGTERM, then serve the same data dir) keeps buckets, objects, their headers
and metadata, multipart objects, and multipart uploads still in progress."""

from __future__ import annotations

import signal

import pytest

from s3_harness import (MIB, SluiceServer, etag_of, external_endpoint, multipart_etag, payload,
                        s3_client)

pytestmark = pytest.mark.skipif(bool(external_endpoint()), reason="restarts a local server")

SMALL = payload(70_001, seed=21)
PART1 = payload(5 * MIB, seed=22)
PART2 = payload(4321, seed=23)
TAIL = payload(999, seed=24)


def test_everything_survives_a_restart(tmp_path):
    data = tmp_path / "data"
    first = SluiceServer(data, tmp_path / "server0.log").start()
    try:
        s3 = s3_client(first.url)
        s3.create_bucket(Bucket="kept")
        s3.put_object(Bucket="kept", Key="dir with space/é.csv", Body=SMALL,
                      ContentType="text/csv", ContentEncoding="identity",
                      Metadata={"origin": "before-restart"})
        s3.put_object(Bucket="kept", Key="marker/", Body=b"")
        up = s3.create_multipart_upload(Bucket="kept", Key="done.bin")["UploadId"]
        done = [{"PartNumber": n, "ETag": s3.upload_part(Bucket="kept", Key="done.bin",
                                                         UploadId=up, PartNumber=n,
                                                         Body=body)["ETag"]}
                for n, body in ((1, PART1), (2, PART2))]
        s3.complete_multipart_upload(Bucket="kept", Key="done.bin", UploadId=up,
                                     MultipartUpload={"Parts": done})
        pending = s3.create_multipart_upload(Bucket="kept", Key="pending.bin")["UploadId"]
        p1 = s3.upload_part(Bucket="kept", Key="pending.bin", UploadId=pending, PartNumber=1,
                            Body=PART1)["ETag"]
        s3.put_object(Bucket="kept", Key="deleted", Body=b"x")
        s3.delete_object(Bucket="kept", Key="deleted")
    finally:
        code = first.stop(signal.SIGTERM)
    assert code == 0, f"sluice exited {code} on SIGTERM; stderr:\n{first.log_tail()}"

    second = SluiceServer(data, tmp_path / "server1.log").start()
    try:
        s3 = s3_client(second.url)
        assert "kept" in [b["Name"] for b in s3.list_buckets()["Buckets"]]
        listed = {o["Key"]: (o["Size"], o["ETag"])
                  for o in s3.list_objects_v2(Bucket="kept")["Contents"]}
        assert listed == {
            "dir with space/é.csv": (len(SMALL), etag_of(SMALL)),
            "done.bin": (len(PART1) + len(PART2), multipart_etag([PART1, PART2])),
            "marker/": (0, etag_of(b"")),
        }
        got = s3.get_object(Bucket="kept", Key="dir with space/é.csv")
        assert got["Body"].read() == SMALL
        assert got["ContentType"] == "text/csv"
        assert got["ContentEncoding"] == "identity"
        assert got["Metadata"] == {"origin": "before-restart"}
        assert s3.get_object(Bucket="kept", Key="done.bin")["Body"].read() == PART1 + PART2

        uploads = s3.list_multipart_uploads(Bucket="kept").get("Uploads", [])
        assert [(u["Key"], u["UploadId"]) for u in uploads] == [("pending.bin", pending)]
        parts = s3.list_parts(Bucket="kept", Key="pending.bin", UploadId=pending)["Parts"]
        assert [(p["PartNumber"], p["ETag"]) for p in parts] == [(1, p1)]
        p2 = s3.upload_part(Bucket="kept", Key="pending.bin", UploadId=pending, PartNumber=2,
                            Body=TAIL)["ETag"]
        s3.complete_multipart_upload(Bucket="kept", Key="pending.bin", UploadId=pending,
                                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": p1},
                                                                {"PartNumber": 2, "ETag": p2}]})
        assert s3.get_object(Bucket="kept", Key="pending.bin")["Body"].read() == PART1 + TAIL
    finally:
        code = second.stop(signal.SIGTERM)
    assert code == 0, f"sluice exited {code} on SIGTERM; stderr:\n{second.log_tail()}"
