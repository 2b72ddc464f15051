"""kill -9 of the server in the middle of uploads: after a restart every object is either absent
or whole, and nothing half-written is left on disk (temp files, unreferenced blobs)."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest

from s3_harness import SluiceServer, external_endpoint, md5_hex, payload, s3_client

pytestmark = pytest.mark.skipif(bool(external_endpoint()), reason="kills a local server")


def start(tmp_path: Path, data: Path, n: int) -> SluiceServer:
    return SluiceServer(data, tmp_path / f"server{n}.log").start()


def partial_put(srv: SluiceServer, path: str, total: int, sent: int) -> socket.socket:
    """Starts a PUT of `total` bytes and sends only `sent` of them; returns the open socket."""
    sock = socket.create_connection((srv.host, srv.port), timeout=10)
    head = (f"PUT {path} HTTP/1.1\r\nHost: {srv.host}:{srv.port}\r\n"
            f"Content-Length: {total}\r\nContent-Type: application/octet-stream\r\n\r\n")
    sock.sendall(head.encode())
    sock.sendall(b"z" * sent)
    time.sleep(0.3)  # let the server write what it got
    return sock


def blob_files(data: Path) -> list[Path]:
    return [p for p in (data / "objects").rglob("*") if p.is_file()]


def test_kill_during_put_leaves_old_object_or_nothing(tmp_path):
    data = tmp_path / "data"
    srv = start(tmp_path, data, 0)
    s3 = s3_client(srv.url)
    s3.create_bucket(Bucket="crash")
    old = payload(1 << 20, seed=1)
    s3.put_object(Bucket="crash", Key="replaced", Body=old)
    sock_new = partial_put(srv, "/crash/fresh", 64 << 20, 8 << 20)
    sock_rep = partial_put(srv, "/crash/replaced", 64 << 20, 8 << 20)
    srv.stop(signal.SIGKILL)
    sock_new.close()
    sock_rep.close()

    again = start(tmp_path, data, 1)
    try:
        s3 = s3_client(again.url)
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="crash").get("Contents", [])]
        assert keys == ["replaced"]
        body = s3.get_object(Bucket="crash", Key="replaced")["Body"].read()
        assert md5_hex(body) == md5_hex(old)
        assert not any((data / "tmp").iterdir()), "temp files survived the restart"
        assert len(blob_files(data)) == 1, blob_files(data)
    finally:
        again.stop()


def test_kill_during_multipart_upload_leaves_nothing_visible(tmp_path):
    data = tmp_path / "data"
    srv = start(tmp_path, data, 0)
    s3 = s3_client(srv.url)
    s3.create_bucket(Bucket="crash")
    upload = s3.create_multipart_upload(Bucket="crash", Key="big")["UploadId"]
    part1 = payload(5 << 20, seed=2)
    etag1 = s3.upload_part(Bucket="crash", Key="big", UploadId=upload, PartNumber=1,
                           Body=part1)["ETag"]
    sock = partial_put(srv, f"/crash/big?partNumber=2&uploadId={upload}", 32 << 20, 4 << 20)
    srv.stop(signal.SIGKILL)
    sock.close()

    again = start(tmp_path, data, 1)
    try:
        s3 = s3_client(again.url)
        assert not s3.list_objects_v2(Bucket="crash").get("Contents")
        parts = s3.list_parts(Bucket="crash", Key="big", UploadId=upload)["Parts"]
        assert [p["PartNumber"] for p in parts] == [1], "only the committed part survives"
        part2 = payload(1 << 20, seed=3)
        etag2 = s3.upload_part(Bucket="crash", Key="big", UploadId=upload, PartNumber=2,
                               Body=part2)["ETag"]
        s3.complete_multipart_upload(
            Bucket="crash", Key="big", UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag1},
                                       {"PartNumber": 2, "ETag": etag2}]})
        body = s3.get_object(Bucket="crash", Key="big")["Body"].read()
        assert md5_hex(body) == md5_hex(part1 + part2)
        assert not any((data / "tmp").iterdir())
    finally:
        again.stop()
