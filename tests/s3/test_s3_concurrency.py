"""Concurrent requests: readers never see a torn object while writers replace it, racing writers
and deleters leave a consistent state, and no race gets a 5xx."""

from __future__ import annotations

import concurrent.futures
import hashlib
import threading

from botocore.exceptions import ClientError

from s3_harness import bucket_name, etag_of, payload


def run_all(tasks, threads: int = 8) -> list:
    """Runs the callables at once; re-raises the first exception."""
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return [f.result() for f in [pool.submit(t) for t in tasks]]


def test_readers_see_whole_objects_while_writers_replace_them(s3, bucket):
    bodies = [payload(256 * 1024 + i, seed=i) for i in range(6)]
    known = {hashlib.md5(b).hexdigest(): b for b in bodies}
    s3.put_object(Bucket=bucket, Key="hot", Body=bodies[0])
    stop = threading.Event()
    seen: list[str] = []

    def writer(i: int):
        def run():
            for n in range(8):
                s3.put_object(Bucket=bucket, Key="hot", Body=bodies[(i + n) % len(bodies)])
        return run

    def reader():
        while not stop.is_set():
            got = s3.get_object(Bucket=bucket, Key="hot")
            data = got["Body"].read()
            digest = hashlib.md5(data).hexdigest()
            assert digest in known, f"a reader saw a torn object of {len(data)} bytes"
            assert got["ETag"] == f'"{digest}"', "the ETag belongs to another version"
            assert got["ContentLength"] == len(data)
            seen.append(digest)

    with concurrent.futures.ThreadPoolExecutor(7) as pool:
        readers = [pool.submit(reader) for _ in range(3)]
        writers = [pool.submit(writer(i)) for i in range(4)]
        for f in writers:
            f.result()
        stop.set()
        for f in readers:
            f.result()
    assert seen, "the readers read nothing"
    final = s3.get_object(Bucket=bucket, Key="hot")["Body"].read()
    assert hashlib.md5(final).hexdigest() in known


def test_parallel_puts_into_new_prefixes(s3, bucket):
    keys = [f"race/d{i % 4}/sub{i % 3}/k{i:03d}" for i in range(96)]
    run_all([lambda k=k: s3.put_object(Bucket=bucket, Key=k, Body=k.encode()) for k in keys])
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="race/")["Contents"]]
    assert listed == sorted(keys)
    for key in keys[::7]:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()


def test_racing_put_and_delete_of_one_key(s3, bucket):
    body = payload(10_000, seed=9)

    def putter():
        for _ in range(15):
            s3.put_object(Bucket=bucket, Key="flip", Body=body)

    def deleter():
        for _ in range(15):
            s3.delete_object(Bucket=bucket, Key="flip")

    run_all([putter, deleter, putter, deleter])
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    try:
        got = s3.get_object(Bucket=bucket, Key="flip")
    except ClientError as err:
        assert err.response["Error"]["Code"] == "NoSuchKey"
        assert listed == [], "listed but not readable"
    else:
        assert got["Body"].read() == body and got["ETag"] == etag_of(body)
        assert listed == ["flip"], "readable but not listed"


def test_racing_create_bucket(s3):
    name = bucket_name("race")

    def create():
        try:
            s3.create_bucket(Bucket=name)
            return "created"
        except ClientError as err:
            code = err.response["Error"]["Code"]
            assert code in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists", "OperationAborted"), \
                err.response
            return code

    results = run_all([create] * 6)
    assert "created" in results
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]].count(name) == 1
    s3.delete_bucket(Bucket=name)


def test_racing_delete_bucket_and_put_object(s3):
    for round_ in range(3):
        name = bucket_name("drop")
        s3.create_bucket(Bucket=name)
        outcomes: list[str] = []

        def put(i: int):
            try:
                s3.put_object(Bucket=name, Key=f"k{i}", Body=b"x")
                outcomes.append("put")
            except ClientError as err:
                assert err.response["Error"]["Code"] == "NoSuchBucket", err.response
                outcomes.append("no bucket")

        def drop():
            try:
                s3.delete_bucket(Bucket=name)
                outcomes.append("dropped")
            except ClientError as err:
                assert err.response["Error"]["Code"] in ("BucketNotEmpty", "OperationAborted"), \
                    err.response
                outcomes.append("not dropped")

        run_all([lambda i=i: put(i) for i in range(4)] + [drop])
        buckets = [b["Name"] for b in s3.list_buckets()["Buckets"]]
        if "dropped" in outcomes:
            assert name not in buckets
            # A bucket of the same name starts empty: no object of the old one survives.
            s3.create_bucket(Bucket=name)
            assert s3.list_objects_v2(Bucket=name)["KeyCount"] == 0, f"round {round_}"
        else:
            assert name in buckets
            stored = s3.list_objects_v2(Bucket=name)["KeyCount"]
            assert stored == outcomes.count("put")
            for i in range(4):
                s3.delete_object(Bucket=name, Key=f"k{i}")
        s3.delete_bucket(Bucket=name)


def test_parallel_multipart_uploads_of_one_key(s3, bucket):
    """Two uploads of the same key finish in turn; the key holds one of them, whole."""
    parts = {tag: [payload(5 * 1024 * 1024, seed=s), tag.encode() * 100]
             for tag, s in (("first", 11), ("second", 12))}

    def upload(tag: str):
        upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]

        def send(n: int):
            resp = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload_id, PartNumber=n + 1,
                                  Body=parts[tag][n])
            return {"PartNumber": n + 1, "ETag": resp["ETag"]}

        done = run_all([lambda n=n: send(n) for n in range(2)], threads=2)
        s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload_id,
                                     MultipartUpload={"Parts": done})

    run_all([lambda: upload("first"), lambda: upload("second")], threads=2)
    data = s3.get_object(Bucket=bucket, Key="mp")["Body"].read()
    assert data in (b"".join(parts["first"]), b"".join(parts["second"]))
    assert not s3.list_multipart_uploads(Bucket=bucket).get("Uploads")
