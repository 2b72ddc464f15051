"""Buckets configured to live on an external S3-compatible endpoint (--external-bucket,
--storage-config): the server starts with them, says where they live, and its own S3 API refuses
them with S3's PermanentRedirect naming the endpoint instead of shadowing them with a local bucket.
Bad configuration stops the server at start with a message that names what to fix."""

from __future__ import annotations

import json
import signal
import subprocess

import pytest
from botocore.exceptions import ClientError

from s3_harness import SluiceServer, bucket_name, s3_client, sluice_bin

FLAG_ENDPOINT = "http://127.0.0.1:9"      # nothing is contacted at start or by the S3 API
FILE_ENDPOINT = "https://s3.eu-west-1.example.com"


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    root = tmp_path_factory.mktemp("sluice-external")
    config = root / "storage.json"
    config.write_text(json.dumps({"external_buckets": [
        {"bucket": "file-lake", "endpoint": FILE_ENDPOINT, "region": "eu-west-1",
         "access_key_id": "AK", "secret_access_key": "SK"}]}))
    srv = SluiceServer(root / "data", root / "server.log",
                       ["--external-bucket", f"flag-lake={FLAG_ENDPOINT}",
                        "--storage-config", str(config)]).start()
    yield srv
    srv.stop(signal.SIGTERM)


def redirect_of(call) -> ClientError:
    with pytest.raises(ClientError) as info:
        call()
    return info.value


@pytest.mark.parametrize("bucket,endpoint", [("flag-lake", FLAG_ENDPOINT),
                                             ("file-lake", FILE_ENDPOINT)])
def test_object_requests_get_permanent_redirect_naming_the_endpoint(configured, bucket, endpoint):
    s3 = s3_client(configured.url)
    for call in (lambda: s3.put_object(Bucket=bucket, Key="raw/a.json", Body=b"{}"),
                 lambda: s3.get_object(Bucket=bucket, Key="raw/a.json"),
                 lambda: s3.list_objects_v2(Bucket=bucket),
                 lambda: s3.create_bucket(Bucket=bucket),
                 lambda: s3.delete_object(Bucket=bucket, Key="raw/a.json")):
        err = redirect_of(call)
        assert err.response["Error"]["Code"] == "PermanentRedirect"
        assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 301
        assert err.response["Error"]["Endpoint"] == endpoint  # the AWS CLI prints it
        assert err.response["Error"]["Bucket"] == bucket
    err = redirect_of(lambda: s3.head_bucket(Bucket=bucket))
    assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 301


def test_large_upload_to_external_bucket_is_refused_not_stored(configured):
    s3 = s3_client(configured.url)
    err = redirect_of(lambda: s3.put_object(Bucket="flag-lake", Key="big.bin",
                                            Body=b"x" * (12 << 20)))
    assert err.response["Error"]["Code"] == "PermanentRedirect"
    assert "flag-lake" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_builtin_buckets_still_work_next_to_external_ones(configured):
    s3 = s3_client(configured.url)
    name = bucket_name("local")
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="k", Body=b"v")
    assert s3.get_object(Bucket=name, Key="k")["Body"].read() == b"v"
    log = configured.log_path.read_text()
    assert f"s3://flag-lake lives on {FLAG_ENDPOINT}" in log
    assert f"s3://file-lake lives on {FILE_ENDPOINT}" in log


@pytest.mark.parametrize("args,expected", [
    (["--external-bucket", "no-endpoint"], "expected BUCKET=ENDPOINT"),
    (["--external-bucket", "lake=localhost:9000"], "must start with http:// or https://"),
    (["--external-bucket", "Bad_Name=http://x"], "--external-bucket Bad_Name=http://x"),
    (["--external-bucket", "lake=http://a", "--external-bucket", "lake=http://b"],
     "configured as external twice"),
    (["--storage-config", "/nonexistent/storage.json"], "cannot read --storage-config"),
])
def test_bad_configuration_stops_the_server_with_a_clear_message(tmp_path, args, expected):
    proc = subprocess.run([str(sluice_bin()), "serve", "--data-dir", str(tmp_path / "d"),
                           "--port", "0", *args],
                          capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0
    assert expected in proc.stderr, proc.stderr


def test_bad_config_file_names_the_field(tmp_path):
    config = tmp_path / "storage.json"
    config.write_text(json.dumps({"external_buckets": [{"bucket": "lake", "endpoit": "http://x"}]}))
    proc = subprocess.run([str(sluice_bin()), "serve", "--data-dir", str(tmp_path / "d"),
                           "--port", "0", "--storage-config", str(config)],
                          capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0
    assert 'external_buckets[0]: unknown field "endpoit"' in proc.stderr, proc.stderr
