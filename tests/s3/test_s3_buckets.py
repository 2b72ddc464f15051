"""Bucket operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation and
bucket names."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.exceptions import ClientError

from s3_harness import bucket_name, error_code, http_status, s3_error


def test_list_buckets_shows_created_buckets_sorted(s3):
    names = [bucket_name("lb") for _ in range(3)]
    for name in names:
        s3.create_bucket(Bucket=name)
    resp = s3.list_buckets()
    listed = [b["Name"] for b in resp["Buckets"]]
    assert set(names) <= set(listed)
    assert listed == sorted(listed), "ListBuckets must be in name order"
    now = dt.datetime.now(dt.timezone.utc)
    for b in resp["Buckets"]:
        if b["Name"] in names:
            assert abs((now - b["CreationDate"]).total_seconds()) < 300, b
    assert resp["Owner"].get("ID"), "ListBuckets must name the owner"
    for name in names:
        s3.delete_bucket(Bucket=name)
    listed = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert not set(names) & set(listed)


def test_create_bucket_without_location_constraint_is_us_east_1(s3):
    name = bucket_name()
    resp = s3.create_bucket(Bucket=name)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp.get("Location") == f"/{name}"
    # us-east-1 is reported as a null LocationConstraint.
    assert s3.get_bucket_location(Bucket=name).get("LocationConstraint") in (None, "")
    s3.delete_bucket(Bucket=name)


def test_create_bucket_with_location_constraint(s3, make_s3):
    eu = make_s3("eu-west-1")
    name = bucket_name()
    eu.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
    eu.head_bucket(Bucket=name)
    eu.put_object(Bucket=name, Key="k", Body=b"eu")
    assert s3.get_object(Bucket=name, Key="k")["Body"].read() == b"eu"
    s3.delete_object(Bucket=name, Key="k")
    s3.delete_bucket(Bucket=name)


def test_create_existing_bucket_is_idempotent_or_already_owned(s3, bucket):
    # us-east-1 answers 200 to re-creating your own bucket; other regions say
    # BucketAlreadyOwnedByYou (409). Either way the bucket and its objects stay.
    s3.put_object(Bucket=bucket, Key="keep", Body=b"x")
    try:
        s3.create_bucket(Bucket=bucket)
    except ClientError as err:
        assert err.response["Error"]["Code"] == "BucketAlreadyOwnedByYou", err.response
        assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert s3.get_object(Bucket=bucket, Key="keep")["Body"].read() == b"x"


def test_head_bucket(s3, bucket):
    assert s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200
    with s3_error("404", 404):
        s3.head_bucket(Bucket=bucket_name("missing"))


def test_delete_bucket_not_empty_then_empty(s3):
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="dir/obj", Body=b"1")
    with s3_error("BucketNotEmpty", 409):
        s3.delete_bucket(Bucket=name)
    assert s3.get_object(Bucket=name, Key="dir/obj")["Body"].read() == b"1"
    s3.delete_object(Bucket=name, Key="dir/obj")
    resp = s3.delete_bucket(Bucket=name)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    with s3_error("404", 404):
        s3.head_bucket(Bucket=name)
    with s3_error("NoSuchBucket", 404):
        s3.list_objects_v2(Bucket=name)
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_delete_missing_bucket(s3):
    with s3_error("NoSuchBucket", 404):
        s3.delete_bucket(Bucket=bucket_name("missing"))


def test_bucket_can_be_recreated_after_delete(s3):
    name = bucket_name()
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="old", Body=b"old")
    s3.delete_object(Bucket=name, Key="old")
    s3.delete_bucket(Bucket=name)
    s3.create_bucket(Bucket=name)
    assert s3.list_objects_v2(Bucket=name)["KeyCount"] == 0
    s3.delete_bucket(Bucket=name)


def test_get_bucket_location_of_missing_bucket(s3):
    with s3_error("NoSuchBucket", 404):
        s3.get_bucket_location(Bucket=bucket_name("missing"))


@pytest.mark.parametrize("name", ["abc", "a" * 63, "my.dotted.bucket-1", "0start-with-digit"])
def test_valid_edge_bucket_names(s3, name):
    s3.create_bucket(Bucket=name)
    s3.head_bucket(Bucket=name)
    s3.delete_bucket(Bucket=name)


BAD_BUCKET_NAMES = [
    ("uppercase", "MyBucket-abc"),
    ("underscore", "my_bucket"),
    ("too short", "ab"),
    ("too long", "a" * 64),
    ("IP address", "192.168.5.4"),
    ("leading hyphen", "-bucket"),
    ("trailing hyphen", "bucket-"),
    ("two dots", "my..bucket"),
]


@pytest.mark.parametrize("why,name", BAD_BUCKET_NAMES, ids=[w for w, _ in BAD_BUCKET_NAMES])
def test_invalid_bucket_names_are_rejected(s3, why, name):
    with pytest.raises(ClientError) as info:
        s3.create_bucket(Bucket=name)
    assert error_code(info) == "InvalidBucketName", (why, info.value.response["Error"])
    assert http_status(info) == 400
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
