"""Object keys: odd characters, keys that look like paths, files and "folders" of the same name,
long keys, and path traversal attempts (which must fail with an S3 error and write nothing)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from s3_harness import bucket_name, error_code, files_under, http_status, payload

ODD_KEYS = [
    "with space.txt", "dir with space/file name.csv", " leading space", "trailing space ",
    "ünïcødé/ファイル.txt", "emoji 🎉.bin", "year=2025/month=08/day=15/part-0000.parquet",
    "a+b=c", "100%", "%2F%20literal-percent-escapes", "percent%zz", "semi;colon,comma",
    "quote'and\"dq", "amp&lt;gt>", "tilde~star*", "paren(1)[2]{3}", "hash#frag",
    "question?q=1&r=2", "colon:at@dollar$", "back\\slash", "dots.in..name...", "a//double//slash",
    "-dash", "x" * 200 + "/" + "y" * 200,
]


@pytest.mark.parametrize("key", ODD_KEYS)
def test_odd_key_round_trip(s3, bucket, key):
    body = payload(1000, seed=len(key)) + key.encode()
    s3.put_object(Bucket=bucket, Key=key, Body=body, Metadata={"k": "v"})
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body
    assert s3.head_object(Bucket=bucket, Key=key)["ContentLength"] == len(body)
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert listed == [key]
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=key).get("Contents", [])]
    assert listed == [key]
    s3.copy_object(Bucket=bucket, Key=key + ".copy", CopySource={"Bucket": bucket, "Key": key})
    assert s3.get_object(Bucket=bucket, Key=key + ".copy")["Body"].read() == body
    s3.delete_object(Bucket=bucket, Key=key)
    s3.delete_object(Bucket=bucket, Key=key + ".copy")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_odd_keys_together_sorted(s3, bucket):
    for key in ODD_KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert listed == sorted(ODD_KEYS, key=lambda k: k.encode()), "UTF-8 byte order"
    for key in ODD_KEYS:
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()


def test_longest_key_without_slashes(s3, bucket):
    key = "k" * 1024  # S3's limit is 1024 bytes of UTF-8, with no limit per '/' segment
    s3.put_object(Bucket=bucket, Key=key, Body=b"long")
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"long"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == [key]


def test_key_too_long(s3, bucket):
    with pytest.raises(ClientError) as info:
        s3.put_object(Bucket=bucket, Key="k" * 1025, Body=b"x")
    assert (error_code(info), http_status(info)) == ("KeyTooLongError", 400)
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


# -- files and "folders" of the same name ---------------------------------------------------------
def listing(s3, bucket, prefix="", delimiter="/"):
    resp = s3.list_objects_v2(Bucket=bucket, Prefix=prefix, Delimiter=delimiter)
    return ([o["Key"] for o in resp.get("Contents", [])],
            [p["Prefix"] for p in resp.get("CommonPrefixes", [])])


@pytest.mark.parametrize("first,second", [("a", "a/b"), ("a/b", "a")])
def test_key_and_folder_of_same_name(s3, bucket, first, second):
    s3.put_object(Bucket=bucket, Key=first, Body=first.encode())
    s3.put_object(Bucket=bucket, Key=second, Body=second.encode())
    assert s3.get_object(Bucket=bucket, Key="a")["Body"].read() == b"a"
    assert s3.get_object(Bucket=bucket, Key="a/b")["Body"].read() == b"a/b"
    assert listing(s3, bucket) == (["a"], ["a/"])
    assert listing(s3, bucket, delimiter="") == (["a", "a/b"], [])
    s3.delete_object(Bucket=bucket, Key="a")
    assert s3.get_object(Bucket=bucket, Key="a/b")["Body"].read() == b"a/b"
    assert listing(s3, bucket) == ([], ["a/"])
    s3.put_object(Bucket=bucket, Key="a", Body=b"again")
    s3.delete_object(Bucket=bucket, Key="a/b")
    assert s3.get_object(Bucket=bucket, Key="a")["Body"].read() == b"again"
    assert listing(s3, bucket) == (["a"], []), "no empty 'folder' may be left behind"


def test_folder_marker_objects(s3, bucket):
    # What the console and seed 000 do: a zero-byte "dir/" object, then files under it.
    s3.put_object(Bucket=bucket, Key="raw-data/", Body=b"")
    s3.put_object(Bucket=bucket, Key="raw-data/events/e.json", Body=b"{}")
    s3.put_object(Bucket=bucket, Key="raw-data/events/", Body=b"")
    assert s3.get_object(Bucket=bucket, Key="raw-data/")["Body"].read() == b""
    assert s3.head_object(Bucket=bucket, Key="raw-data/events/")["ContentLength"] == 0
    assert listing(s3, bucket) == ([], ["raw-data/"])
    assert listing(s3, bucket, "raw-data/") == (["raw-data/"], ["raw-data/events/"])
    assert listing(s3, bucket, "raw-data/events/") == (
        ["raw-data/events/", "raw-data/events/e.json"], [])
    s3.delete_object(Bucket=bucket, Key="raw-data/events/e.json")
    assert listing(s3, bucket, "raw-data/", delimiter="") == (
        ["raw-data/", "raw-data/events/"], [])
    s3.delete_object(Bucket=bucket, Key="raw-data/events/")
    s3.delete_object(Bucket=bucket, Key="raw-data/")
    assert listing(s3, bucket) == ([], [])


def test_key_and_key_with_trailing_slash(s3, bucket):
    s3.put_object(Bucket=bucket, Key="x", Body=b"file")
    s3.put_object(Bucket=bucket, Key="x/", Body=b"marker")
    assert s3.get_object(Bucket=bucket, Key="x")["Body"].read() == b"file"
    assert s3.get_object(Bucket=bucket, Key="x/")["Body"].read() == b"marker"
    assert listing(s3, bucket, delimiter="") == (["x", "x/"], [])


def test_deleting_deep_key_leaves_no_phantom_prefixes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="p/q/r/s/t/u", Body=b"deep")
    s3.put_object(Bucket=bucket, Key="p/other", Body=b"o")
    s3.delete_object(Bucket=bucket, Key="p/q/r/s/t/u")
    assert listing(s3, bucket, "p/") == (["p/other"], [])
    assert listing(s3, bucket, delimiter="") == (["p/other"], [])


def test_double_slash_is_not_collapsed(s3, bucket):
    s3.put_object(Bucket=bucket, Key="m//n", Body=b"double")
    s3.put_object(Bucket=bucket, Key="m/n", Body=b"single")
    assert s3.get_object(Bucket=bucket, Key="m//n")["Body"].read() == b"double"
    assert s3.get_object(Bucket=bucket, Key="m/n")["Body"].read() == b"single"
    assert listing(s3, bucket, delimiter="") == (["m//n", "m/n"], [])
    assert listing(s3, bucket, "m/") == (["m/n"], ["m//"])


# -- path traversal --------------------------------------------------------------------------------
TRAVERSAL_KEYS = ["../x", "a/../../b", "..", "a/..", "../../../../../../tmp/sluice-escape",
                  "ok/../../../escape", "../{other}/planted"]


def assert_s3_client_error(info) -> None:
    status = http_status(info)
    assert 400 <= status < 500, f"expected a 4xx S3 error, got HTTP {status}: {info.value}"
    code = error_code(info)
    assert code and not code.isdigit(), f"expected an S3 error code in an XML body, got {code!r}"


@pytest.mark.parametrize("key", TRAVERSAL_KEYS)
def test_path_traversal_put_is_rejected(s3, server, bucket, key):
    other = bucket_name("victim")
    s3.create_bucket(Bucket=other)
    key = key.format(other=other)
    root = server.data_dir.parent if server.data_dir is not None else None
    before = files_under(root)
    try:
        with pytest.raises(ClientError) as info:
            s3.put_object(Bucket=bucket, Key=key, Body=b"planted")
        assert_s3_client_error(info)
        with pytest.raises(ClientError) as info:
            s3.copy_object(Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": key})
        assert 400 <= http_status(info) < 500
        with pytest.raises(ClientError) as info:
            s3.create_multipart_upload(Bucket=bucket, Key=key)
        assert_s3_client_error(info)
        assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
        assert s3.list_objects_v2(Bucket=other)["KeyCount"] == 0
        after = files_under(root)
        new = {p for p in after - before if not p.endswith(("-wal", "-shm", "-journal", ".log"))}
        assert not new, f"a rejected PUT of {key!r} left files behind: {sorted(new)}"
    finally:
        s3.delete_bucket(Bucket=other)


def test_path_traversal_reads_do_not_escape(s3, server, raw, bucket):
    secret = b"top secret, outside the data dir"
    root = server.data_dir.parent if server.data_dir is not None else None
    if root is not None:
        (root / "secret.txt").write_bytes(secret)
        server.data_dir.mkdir(parents=True, exist_ok=True)
        (server.data_dir / "secret.txt").write_bytes(secret)
    for depth in range(1, 7):
        key = "../" * depth + "secret.txt"
        with pytest.raises(ClientError) as info:
            s3.get_object(Bucket=bucket, Key=key)
        assert 400 <= http_status(info) < 500, (key, info.value)
        try:  # a DELETE may be refused, or answered 204 as for any missing key
            s3.delete_object(Bucket=bucket, Key=key)
        except ClientError as err:
            assert 400 <= err.response["ResponseMetadata"]["HTTPStatusCode"] < 500, (key, err)
        for path in (f"/{bucket}/" + "../" * depth + "secret.txt",
                     f"/{bucket}/" + "%2e%2e/" * depth + "secret.txt",
                     f"/{bucket}/" + "..%2f" * depth + "secret.txt"):
            resp = raw("GET", path)
            assert secret not in resp.body, f"GET {path} read a file outside the bucket"
            assert resp.status < 500, (path, resp)
    if root is not None:
        assert (root / "secret.txt").read_bytes() == secret, "a DELETE removed a file outside"
        assert (server.data_dir / "secret.txt").read_bytes() == secret


# -- distinct keys never alias ---------------------------------------------------------------------
ALIAS_PAIRS = [
    ("a/./b", "a/b"), ("./c", "c"), ("d/.", "d/"), ("e/./", "e/"), ("g/", "g"), ("h//", "h/"),
    ("Case", "case"), ("caf\u00e9", "cafe\u0301"),  # NFC and NFD spellings are different keys
    ("sp", "sp "), ("dot.", "dot"), ("x/y", "x\\y"),
]


@pytest.mark.parametrize("size", [100, 100_000])
@pytest.mark.parametrize("first,second", ALIAS_PAIRS, ids=[repr(p) for p in ALIAS_PAIRS])
def test_distinct_keys_never_alias(s3, bucket, first, second, size):
    """S3 keys are byte strings: two keys that a file system might fold together stay apart.
    Sluice may refuse a key it cannot store (a 4xx), but must never mix two keys up."""
    stored = {}
    for key, seed in ((first, 1), (second, 2)):
        body = payload(size, seed=seed)
        try:
            s3.put_object(Bucket=bucket, Key=key, Body=body)
            stored[key] = body
        except ClientError as err:
            assert 400 <= err.response["ResponseMetadata"]["HTTPStatusCode"] < 500, err.response
    for key, body in stored.items():
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body, key
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert sorted(listed) == sorted(stored), listed
    for key in stored:
        s3.delete_object(Bucket=bucket, Key=key)
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


CONTROL_KEYS = ["new\nline", "carriage\rreturn", "ctrl\x01char", "del\x7fchar"]


@pytest.mark.parametrize("key", CONTROL_KEYS, ids=[repr(k) for k in CONTROL_KEYS])
def test_keys_with_control_characters(s3, bucket, key):
    # Such keys are legal in S3; listings carry them thanks to encoding-type=url (which botocore
    # always asks for). Refusing them with a 4xx is acceptable; a 5xx or a broken listing is not.
    try:
        s3.put_object(Bucket=bucket, Key=key, Body=b"ctl")
    except ClientError as err:
        assert 400 <= err.response["ResponseMetadata"]["HTTPStatusCode"] < 500, err.response
        assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
        return
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"ctl"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == [key]
    assert [o["Key"] for o in s3.list_objects(Bucket=bucket)["Contents"]] == [key]
