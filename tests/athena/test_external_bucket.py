"""Tables in an external S3-compatible bucket (moto_server standing in for AWS S3): queries read
their objects through the storage layer into the server's bounded query cache, so a second query
downloads nothing, and a replaced object is read anew. Skipped when moto_server is not installed."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

from query_harness import clients, query, run, server_with_env

pytestmark = pytest.mark.skipif(shutil.which("moto_server") is None,
                                reason="moto_server is not installed")


@pytest.fixture(scope="module")
def moto():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        with contextlib.suppress(Exception):
            urllib.request.urlopen(url + "/", timeout=1)
            break
        time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def remote(moto):
    s3 = boto3.client("s3", endpoint_url=moto, region_name="us-east-1", aws_access_key_id="AK",
                      aws_secret_access_key="SK",
                      config=Config(s3={"addressing_style": "path"}))
    s3.create_bucket(Bucket="remote-lake")
    return s3


@pytest.fixture(scope="module")
def server(tmp_path_factory, moto, remote):
    root = tmp_path_factory.mktemp("sluice-external-query")
    env = {"AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK"}
    with server_with_env(root, env, ["--external-bucket", f"remote-lake={moto}"]) as srv:
        yield srv


def cached_files(server) -> list:
    return sorted(p for p in (server.data_dir / "query-cache").iterdir())


def test_external_table_is_read_through_the_cache(server, remote):
    athena, _, _ = clients(server.url)
    remote.put_object(Bucket="remote-lake", Key="sales/day=01/a.csv", Body=b"id,amount\n1,2.5\n2,4\n")
    remote.put_object(Bucket="remote-lake", Key="sales/day=02/a.csv", Body=b"id,amount\n3,1\n")
    run(athena, "CREATE DATABASE IF NOT EXISTS ext")
    run(athena, "CREATE EXTERNAL TABLE ext.sales (id bigint, amount double) PARTITIONED BY "
                "(day string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' "
                "LOCATION 's3://remote-lake/sales/' TBLPROPERTIES ('skip.header.line.count'='1')")
    run(athena, "MSCK REPAIR TABLE ext.sales")
    assert query(athena, "SELECT day, sum(amount) FROM ext.sales GROUP BY day ORDER BY day") == [
        ["01", "6.5"], ["02", "1.0"]]
    first = cached_files(server)
    assert len(first) == 2
    stamps = [p.stat().st_mtime_ns for p in first]
    assert query(athena, "SELECT count(*) FROM ext.sales WHERE day = '01'") == [["2"]]
    assert [p.stat().st_mtime_ns for p in cached_files(server)] == stamps  # nothing downloaded

    remote.put_object(Bucket="remote-lake", Key="sales/day=01/a.csv", Body=b"id,amount\n9,10\n")
    assert query(athena, "SELECT id, amount FROM ext.sales WHERE day = '01'") == [["9", "10.0"]]
    assert len(cached_files(server)) == 3  # the replaced object is a new entry


def test_missing_external_object_names_the_location(server, remote):
    athena, _, _ = clients(server.url)
    run(athena, "CREATE DATABASE IF NOT EXISTS ext")
    run(athena, "CREATE EXTERNAL TABLE ext.empty (id bigint) LOCATION 's3://remote-lake/none/'")
    assert query(athena, "SELECT count(*) FROM ext.empty") == [["0"]]
