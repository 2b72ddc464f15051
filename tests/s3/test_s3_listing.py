"""ListObjectsV2 and ListObjects (v1): prefix, delimiter, max-keys, continuation tokens,
start-after, marker, fetch-owner and encoding-type=url. Python computes each expected listing."""

from __future__ import annotations

import contextlib
import urllib.parse

import pytest

from s3_harness import (bucket_name, empty_bucket, etag_of, find_all, find_text, put_keys,
                        s3_error)

KEYS = [
    "a.txt", "b/1.txt", "b/2.txt", "b/c/3.txt", "b/c/4.txt", "d/", "d/5.txt", "e/f/g/6.txt",
    "h.txt", "photos/2024/feb.jpg", "photos/2024/jan.jpg", "photos/2025/mar.jpg",
    "photos/index.html", "z",
]


def expected_listing(keys, prefix="", delimiter=None, start_after=""):
    """(contents, common prefixes) as S3 lists them: byte order, prefixes rolled up once."""
    contents: list[str] = []
    prefixes: list[str] = []
    for key in sorted(keys, key=lambda k: k.encode()):
        if not key.startswith(prefix) or key.encode() <= start_after.encode():
            continue
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                common = key[:cut + len(delimiter)]
                if common not in prefixes:
                    prefixes.append(common)
                continue
        contents.append(key)
    return contents, prefixes


@pytest.fixture(scope="module")
def listed(s3):
    """A bucket holding KEYS (each object's body is its key)."""
    name = bucket_name("list")
    s3.create_bucket(Bucket=name)
    put_keys(s3, name, KEYS)
    yield name
    empty_bucket(s3, name)
    with contextlib.suppress(Exception):
        s3.delete_bucket(Bucket=name)


def page_of(resp):
    return ([o["Key"] for o in resp.get("Contents", [])],
            [p["Prefix"] for p in resp.get("CommonPrefixes", [])])


def test_list_all(s3, listed):
    resp = s3.list_objects_v2(Bucket=listed)
    assert page_of(resp) == (KEYS, [])
    assert resp["Name"] == listed
    assert resp["KeyCount"] == len(KEYS)
    assert resp["IsTruncated"] is False
    assert resp["MaxKeys"] == 1000
    assert "NextContinuationToken" not in resp
    for obj in resp["Contents"]:
        assert obj["Size"] == len(obj["Key"].encode())
        assert obj["ETag"] == etag_of(obj["Key"].encode())
        assert obj["StorageClass"] == "STANDARD"
        assert "Owner" not in obj, "ListObjectsV2 leaves Owner out unless fetch-owner=true"
        assert obj["LastModified"].tzinfo is not None


LISTINGS = [
    ("", None), ("b/", None), ("photos/2024/", None), ("b", None), ("nomatch", None),
    ("", "/"), ("b/", "/"), ("d/", "/"), ("photos/", "/"), ("photos/20", "/"), ("e/", "/"),
    ("", "."), ("photos/", "2"), ("b/c/", "/"), ("b/c/3.txt", "/"),
]


@pytest.mark.parametrize("prefix,delimiter", LISTINGS, ids=[f"{p!r}-{d!r}" for p, d in LISTINGS])
def test_prefix_and_delimiter(s3, listed, prefix, delimiter):
    args = {"Prefix": prefix}
    if delimiter:
        args["Delimiter"] = delimiter
    resp = s3.list_objects_v2(Bucket=listed, **args)
    contents, prefixes = expected_listing(KEYS, prefix, delimiter)
    assert page_of(resp) == (contents, prefixes)
    assert resp["KeyCount"] == len(contents) + len(prefixes)
    assert resp.get("Prefix", "") == prefix
    if delimiter:
        assert resp["Delimiter"] == delimiter


def collect_v2(s3, bucket, **kwargs):
    """Follows continuation tokens by hand, checking each page.

    Returns (contents, prefixes, number of pages)."""
    contents, prefixes, pages, token = [], [], 0, None
    seen = set()
    while True:
        args = dict(kwargs)
        if token:
            args["ContinuationToken"] = token
        resp = s3.list_objects_v2(Bucket=bucket, **args)
        pages += 1
        keys, common = page_of(resp)
        assert resp["KeyCount"] == len(keys) + len(common)
        assert resp["KeyCount"] <= kwargs.get("MaxKeys", 1000)
        if token:
            assert resp.get("ContinuationToken") == token, "the request's token is echoed"
        contents += keys
        prefixes += common
        if not resp["IsTruncated"]:
            assert "NextContinuationToken" not in resp
            return contents, prefixes, pages
        token = resp["NextContinuationToken"]
        assert token and token not in seen, f"bad or repeated NextContinuationToken {token!r}"
        seen.add(token)
        assert pages < 100


@pytest.mark.parametrize("max_keys,prefix,delimiter", [
    (1, "", None), (3, "", None), (2, "b/", None), (2, "", "/"), (1, "photos/", "/"),
    (4, "", "/"), (13, "", None), (14, "", None),
])
def test_max_keys_and_continuation(s3, listed, max_keys, prefix, delimiter):
    args = {"MaxKeys": max_keys, "Prefix": prefix}
    if delimiter:
        args["Delimiter"] = delimiter
    contents, prefixes, pages = collect_v2(s3, listed, **args)
    want_contents, want_prefixes = expected_listing(KEYS, prefix, delimiter)
    assert (contents, prefixes) == (want_contents, want_prefixes)
    total = len(want_contents) + len(want_prefixes)
    assert pages == max(1, -(-total // max_keys)), "every page but the last is full"


@pytest.mark.parametrize("start_after,prefix,delimiter", [
    ("b/c/3.txt", "", None), ("a", "", None), ("zz", "", None), ("", "", None),
    ("h.txt", "", "/"), ("photos/2024/feb.jpg", "photos/", None),
])
def test_start_after(s3, listed, start_after, prefix, delimiter):
    args = {"StartAfter": start_after, "Prefix": prefix}
    if delimiter:
        args["Delimiter"] = delimiter
    resp = s3.list_objects_v2(Bucket=listed, **args)
    assert page_of(resp) == expected_listing(KEYS, prefix, delimiter, start_after)
    if start_after:
        assert resp.get("StartAfter") == start_after


def test_start_after_with_pages(s3, listed):
    contents, _, _ = collect_v2(s3, listed, StartAfter="b/2.txt", MaxKeys=2)
    assert contents == expected_listing(KEYS, start_after="b/2.txt")[0]


def test_fetch_owner(s3, listed):
    resp = s3.list_objects_v2(Bucket=listed, FetchOwner=True, Prefix="b/")
    assert resp["Contents"]
    for obj in resp["Contents"]:
        assert obj.get("Owner", {}).get("ID"), obj


def test_list_missing_bucket(s3):
    with s3_error("NoSuchBucket", 404):
        s3.list_objects_v2(Bucket=bucket_name("missing"))
    with s3_error("NoSuchBucket", 404):
        s3.list_objects(Bucket=bucket_name("missing"))


def test_empty_bucket_listing(s3, bucket):
    resp = s3.list_objects_v2(Bucket=bucket)
    assert resp["KeyCount"] == 0
    assert "Contents" not in resp
    assert resp["IsTruncated"] is False


# -- ListObjects v1 --------------------------------------------------------------------------------
def collect_v1(s3, bucket, **kwargs):
    """Follows Marker by hand: NextMarker if given, else the last key (as clients do)."""
    contents, prefixes, marker = [], [], None
    for _ in range(100):
        args = dict(kwargs)
        if marker is not None:
            args["Marker"] = marker
        resp = s3.list_objects(Bucket=bucket, **args)
        keys, common = page_of(resp)
        assert len(keys) + len(common) <= kwargs.get("MaxKeys", 1000)
        if marker is not None:
            assert resp.get("Marker") == marker
        contents += keys
        prefixes += common
        if not resp["IsTruncated"]:
            return contents, prefixes
        if kwargs.get("Delimiter"):
            assert resp.get("NextMarker"), "a truncated v1 listing with a delimiter has NextMarker"
        marker = resp.get("NextMarker") or keys[-1]
    raise AssertionError("v1 listing did not end")


@pytest.mark.parametrize("max_keys,prefix,delimiter", [
    (1000, "", None), (3, "", None), (2, "photos/", None), (2, "", "/"), (1, "b/", "/"),
])
def test_list_objects_v1_marker(s3, listed, max_keys, prefix, delimiter):
    args = {"MaxKeys": max_keys, "Prefix": prefix}
    if delimiter:
        args["Delimiter"] = delimiter
    assert collect_v1(s3, listed, **args) == expected_listing(KEYS, prefix, delimiter)


def test_list_objects_v1_marker_skips(s3, listed):
    resp = s3.list_objects(Bucket=listed, Marker="e/f/g/6.txt")
    assert page_of(resp)[0] == expected_listing(KEYS, start_after="e/f/g/6.txt")[0]
    assert resp["Marker"] == "e/f/g/6.txt"


def test_list_objects_v1_paginator(s3, listed):
    keys = []
    for page in s3.get_paginator("list_objects").paginate(Bucket=listed,
                                                         PaginationConfig={"PageSize": 4}):
        keys += [o["Key"] for o in page.get("Contents", [])]
    assert keys == KEYS


# -- more than one default page --------------------------------------------------------------------
def test_default_page_is_1000_keys(s3, bucket):
    keys = [f"many/{i:05d}" for i in range(1050)]
    put_keys(s3, bucket, keys, body=b"")
    first = s3.list_objects_v2(Bucket=bucket, Prefix="many/", MaxKeys=5000)
    assert first["KeyCount"] == 1000 and first["IsTruncated"] is True
    second = s3.list_objects_v2(Bucket=bucket, Prefix="many/",
                                ContinuationToken=first["NextContinuationToken"])
    assert second["IsTruncated"] is False
    assert page_of(first)[0] + page_of(second)[0] == keys
    paged = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        paged += [o["Key"] for o in page.get("Contents", [])]
    assert paged == keys


# -- encoding-type=url -----------------------------------------------------------------------------
ODD_KEYS = ["plain", "sp ace/k ey.txt", "ünï/cødé ✓.csv", "plus+sign", "pct%20lit", "amp&lt;<>",
            "eq=1/v=2", "tab\there", "q?mark#hash", "tilde~star*"]


@pytest.fixture
def odd_bucket(s3, bucket):
    put_keys(s3, bucket, ODD_KEYS)
    return bucket


def test_boto3_lists_odd_keys_intact(s3, odd_bucket):
    # botocore asks for encoding-type=url itself and decodes only if the server echoes it.
    resp = s3.list_objects_v2(Bucket=odd_bucket)
    assert page_of(resp)[0] == sorted(ODD_KEYS, key=lambda k: k.encode())
    resp = s3.list_objects(Bucket=odd_bucket)
    assert page_of(resp)[0] == sorted(ODD_KEYS, key=lambda k: k.encode())


def test_encoding_type_url_on_the_wire(raw, odd_bucket):
    resp = raw("GET", f"/{odd_bucket}", "list-type=2&encoding-type=url")
    assert resp.status == 200, resp
    doc = resp.xml()
    assert find_text(doc, "EncodingType") == "url"
    encoded = [find_text(c, "Key") for c in find_all(doc, "Contents")]
    assert [urllib.parse.unquote_plus(k) for k in encoded] == \
        sorted(ODD_KEYS, key=lambda k: k.encode())
    for key in encoded:
        assert key.isascii() and " " not in key and "&" not in key and "\t" not in key, key


def test_encoding_type_url_prefix_and_common_prefixes(raw, odd_bucket):
    query = "list-type=2&encoding-type=url&delimiter=%2F&prefix=" + urllib.parse.quote("ünï/", "")
    resp = raw("GET", f"/{odd_bucket}", query)
    assert resp.status == 200, resp
    doc = resp.xml()
    assert urllib.parse.unquote_plus(find_text(doc, "Prefix")) == "ünï/"
    keys = [urllib.parse.unquote_plus(find_text(c, "Key")) for c in find_all(doc, "Contents")]
    assert keys == ["ünï/cødé ✓.csv"]
    resp = raw("GET", f"/{odd_bucket}", "list-type=2&encoding-type=url&delimiter=%2F")
    doc = resp.xml()
    common = [urllib.parse.unquote_plus(find_text(p, "Prefix"))
              for p in find_all(doc, "CommonPrefixes")]
    assert common == ["eq=1/", "sp ace/", "ünï/"]


def test_without_encoding_type_keys_are_plain_xml(raw, odd_bucket):
    resp = raw("GET", f"/{odd_bucket}", "list-type=2")
    assert resp.status == 200, resp
    doc = resp.xml()
    assert find_text(doc, "EncodingType") is None
    keys = [find_text(c, "Key") for c in find_all(doc, "Contents")]
    assert keys == sorted(ODD_KEYS, key=lambda k: k.encode())


# -- continuation while the bucket changes ---------------------------------------------------------
def test_continuation_survives_deletes_and_inserts(s3, bucket):
    """Tokens point at a place in key order, not at an offset: keys deleted or added before the
    place between two pages neither skip nor repeat the keys after it."""
    keys = [f"k{i:02d}" for i in range(20)]
    put_keys(s3, bucket, keys)
    first = s3.list_objects_v2(Bucket=bucket, MaxKeys=8)
    got = page_of(first)[0]
    assert got == keys[:8]
    for key in ("k03", "k07", "k08"):  # two already returned, one the next page would start with
        s3.delete_object(Bucket=bucket, Key=key)
    put_keys(s3, bucket, ["k00a", "k05a"])  # both sort before the place the token points at
    token = first["NextContinuationToken"]
    after = []
    while token:
        page = s3.list_objects_v2(Bucket=bucket, MaxKeys=8, ContinuationToken=token)
        after += page_of(page)[0]
        token = page.get("NextContinuationToken")
    assert after == keys[9:], "the keys after the first page, each once"
    fresh, _, _ = collect_v2(s3, bucket, MaxKeys=8)
    assert fresh == sorted(set(keys) - {"k03", "k07", "k08"} | {"k00a", "k05a"})


def test_continuation_token_wins_over_start_after(s3, bucket):
    put_keys(s3, bucket, [f"k{i}" for i in range(6)])
    first = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, StartAfter="k0")
    assert page_of(first)[0] == ["k1", "k2"]
    second = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, StartAfter="k0",
                                ContinuationToken=first["NextContinuationToken"])
    assert page_of(second)[0] == ["k3", "k4"]
