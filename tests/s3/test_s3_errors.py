"""Errors and hostile input: the S3 error document, request ids, MalformedXML, NotImplemented
for subresources Sluice does not serve, and a list of odd requests that must never get a 5xx."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from s3_harness import bucket_name, content_md5, error_code, find_text, http_status
from sluice_harness import glue_client


# -- the error document and request ids ------------------------------------------------------------
def test_error_document_shape(raw, bucket):
    resp = raw("GET", f"/{bucket}/no-such-key")
    assert resp.status == 404
    assert "xml" in resp.headers.get("content-type", ""), resp.headers
    doc = resp.xml()
    assert doc.tag == "Error", doc.tag
    assert find_text(doc, "Code") == "NoSuchKey"
    assert find_text(doc, "Message")
    request_id = resp.headers.get("x-amz-request-id")
    assert request_id and find_text(doc, "RequestId") == request_id


def test_head_error_has_no_body_but_a_request_id(raw, bucket):
    resp = raw("HEAD", f"/{bucket}/no-such-key")
    assert resp.status == 404
    assert resp.body == b""
    assert resp.headers.get("x-amz-request-id")


def test_every_response_has_a_distinct_request_id(raw, bucket):
    raw("PUT", f"/{bucket}/k", body=b"v")
    requests = [("GET", f"/{bucket}/k"), ("HEAD", f"/{bucket}/k"), ("GET", f"/{bucket}"),
                ("GET", "/"), ("GET", f"/{bucket}/missing"), ("HEAD", f"/{bucket}/missing"),
                ("GET", f"/{bucket_name('missing')}"), ("DELETE", f"/{bucket}/k"),
                ("PUT", "/Invalid_Bucket")]
    ids = []
    for method, path in requests:
        resp = raw(method, path)
        assert resp.status < 500, (method, path, resp)
        ids.append(resp.headers.get("x-amz-request-id"))
        assert ids[-1], f"{method} {path} -> {resp.status} has no x-amz-request-id"
    assert len(set(ids)) == len(ids), f"request ids repeat: {ids}"


def test_boto3_sees_request_id(s3, bucket):
    resp = s3.list_objects_v2(Bucket=bucket)
    assert resp["ResponseMetadata"]["RequestId"]
    with pytest.raises(ClientError) as info:
        s3.get_object(Bucket=bucket, Key="missing")
    assert info.value.response["ResponseMetadata"]["RequestId"]


# -- MalformedXML ----------------------------------------------------------------------------------
BAD_XML = [
    b"",
    b"not xml at all",
    b"<Delete><Object><Key>a</Key></Object>",  # truncated
    b"<Delete><Object><Key>a</Key></Object></Delete><extra/>",
    b"<?xml version='1.0'?><Wrong><Object><Key>a</Key></Object></Wrong>",
    b"<Delete><Object></Object></Delete>",  # no Key
    b"<Delete><Quiet>maybe</Quiet><Object><Key>a</Key></Object></Delete>",
]


@pytest.mark.parametrize("body", BAD_XML, ids=range(len(BAD_XML)))
def test_delete_objects_malformed_xml(s3, raw, bucket, body):
    s3.put_object(Bucket=bucket, Key="a", Body=b"still here")
    resp = raw("POST", f"/{bucket}", "delete", body=body,
               headers={"Content-MD5": content_md5(body), "Content-Type": "application/xml"})
    assert (resp.status, resp.error_code) == (400, "MalformedXML"), resp
    assert s3.get_object(Bucket=bucket, Key="a")["Body"].read() == b"still here"


def test_delete_objects_over_1000_keys_is_malformed(s3, raw, bucket):
    body = ("<Delete>" + "".join(f"<Object><Key>k{i}</Key></Object>" for i in range(1001))
            + "</Delete>").encode()
    resp = raw("POST", f"/{bucket}", "delete", body=body,
               headers={"Content-MD5": content_md5(body)})
    assert (resp.status, resp.error_code) == (400, "MalformedXML"), resp


COMPLETE_BAD_XML = [
    b"garbage",
    b"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>",
    b"<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>x</ETag></Part>"
    b"</CompleteMultipartUpload>",
]


@pytest.mark.parametrize("body", COMPLETE_BAD_XML, ids=range(len(COMPLETE_BAD_XML)))
def test_complete_multipart_malformed_xml(s3, raw, bucket, body):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload_id, PartNumber=1, Body=b"part")
    resp = raw("POST", f"/{bucket}/mp", f"uploadId={upload_id}", body=body)
    assert (resp.status, resp.error_code) == (400, "MalformedXML"), resp
    # The upload is still there and can be completed.
    assert len(s3.list_parts(Bucket=bucket, Key="mp", UploadId=upload_id)["Parts"]) == 1
    s3.abort_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload_id)


def test_create_bucket_malformed_configuration(s3, raw):
    name = bucket_name()
    resp = raw("PUT", f"/{name}", body=b"<CreateBucketConfiguration><LocationConstraint>")
    assert (resp.status, resp.error_code) == (400, "MalformedXML"), resp
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


# -- subresources Sluice does not serve ------------------------------------------------------------
POLICY = '{"Version":"2012-10-17","Statement":[]}'
LIFECYCLE = {"Rules": [{"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": "tmp/"},
                        "Expiration": {"Days": 1}}]}
UNSUPPORTED = [
    ("PutBucketAcl", lambda s3, b: s3.put_bucket_acl(Bucket=b, ACL="public-read")),
    ("PutObjectAcl", lambda s3, b: s3.put_object_acl(Bucket=b, Key="obj", ACL="public-read")),
    ("GetBucketPolicy", lambda s3, b: s3.get_bucket_policy(Bucket=b)),
    ("PutBucketPolicy", lambda s3, b: s3.put_bucket_policy(Bucket=b, Policy=POLICY)),
    ("DeleteBucketPolicy", lambda s3, b: s3.delete_bucket_policy(Bucket=b)),
    ("GetBucketLifecycleConfiguration",
     lambda s3, b: s3.get_bucket_lifecycle_configuration(Bucket=b)),
    ("PutBucketLifecycleConfiguration",
     lambda s3, b: s3.put_bucket_lifecycle_configuration(Bucket=b,
                                                         LifecycleConfiguration=LIFECYCLE)),
]


@pytest.mark.parametrize("op,call", UNSUPPORTED, ids=[op for op, _ in UNSUPPORTED])
def test_unsupported_subresources_are_not_implemented(s3, bucket, op, call):
    s3.put_object(Bucket=bucket, Key="obj", Body=b"unchanged")
    with pytest.raises(ClientError) as info:
        call(s3, bucket)
    assert (error_code(info), http_status(info)) == ("NotImplemented", 501), \
        info.value.response["Error"]
    # Nothing about the bucket or object changed.
    assert s3.get_object(Bucket=bucket, Key="obj")["Body"].read() == b"unchanged"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["obj"]


@pytest.mark.parametrize("method,query", [("PUT", "acl"), ("GET", "policy"), ("PUT", "policy"),
                                          ("GET", "lifecycle"), ("PUT", "lifecycle")])
def test_unsupported_subresources_raw(raw, bucket, method, query):
    resp = raw(method, f"/{bucket}", query, body=b"<x/>" if method == "PUT" else b"")
    assert (resp.status, resp.error_code) == (501, "NotImplemented"), resp
    assert resp.headers.get("x-amz-request-id")


# -- odd requests never get a 5xx ------------------------------------------------------------------
def odd_requests(bucket: str) -> list[tuple[str, str, str, dict[str, str], bytes]]:
    """(method, path, query, headers, body); none may get a 5xx (except 501 NotImplemented)."""
    return [
        ("GET", f"/{bucket}", "list-type=2&max-keys=abc", {}, b""),
        ("GET", f"/{bucket}", "list-type=2&max-keys=-1", {}, b""),
        ("GET", f"/{bucket}", "list-type=2&continuation-token=%21%21garbage%21%21", {}, b""),
        ("GET", f"/{bucket}", "list-type=2&continuation-token=", {}, b""),
        ("GET", f"/{bucket}", "list-type=3", {}, b""),
        ("GET", f"/{bucket}", "list-type=2&encoding-type=base64", {}, b""),
        ("GET", f"/{bucket}", "list-type=2&delimiter=&prefix=", {}, b""),
        ("GET", f"/{bucket}", "marker=%FF%FE", {}, b""),
        ("GET", f"/{bucket}/obj", "", {"Range": "bytes=abc"}, b""),
        ("GET", f"/{bucket}/obj", "", {"Range": "bytes=5-2"}, b""),
        ("GET", f"/{bucket}/obj", "", {"Range": "bytes=0-1,3-4"}, b""),
        ("GET", f"/{bucket}/obj", "", {"Range": "lines=1-2"}, b""),
        ("GET", f"/{bucket}/obj", "", {"If-Modified-Since": "not a date"}, b""),
        ("GET", f"/{bucket}/obj", "", {"If-Match": ""}, b""),
        ("GET", f"/{bucket}/obj", "versionId=nope", {}, b""),
        ("GET", f"/{bucket}/obj", "partNumber=7", {}, b""),
        ("GET", f"/{bucket}/obj", "uploadId=nope", {}, b""),
        ("PUT", f"/{bucket}/obj", "partNumber=abc&uploadId=nope", {}, b"x"),
        ("PUT", f"/{bucket}/obj", "partNumber=1", {}, b"x"),
        ("PUT", f"/{bucket}/obj", "", {"Content-MD5": "not base64!"}, b"x"),
        ("PUT", f"/{bucket}/obj", "", {"x-amz-copy-source": ""}, b""),
        ("PUT", f"/{bucket}/obj", "", {"x-amz-copy-source": "no-slash"}, b""),
        ("PUT", f"/{bucket}/obj", "", {"x-amz-copy-source": f"/{bucket}/obj",
                                       "x-amz-metadata-directive": "SIDEWAYS"}, b""),
        ("PUT", f"/{bucket}/obj", "", {"x-amz-copy-source": f"/{bucket}/obj",
                                       "x-amz-copy-source-range": "bytes=0-1"}, b""),
        ("PUT", f"/{bucket}/obj", "", {"x-amz-checksum-crc32": "!!!"}, b"x"),
        ("PUT", f"/{bucket}/obj", "", {"x-amz-sdk-checksum-algorithm": "NOPE"}, b"x"),
        ("POST", f"/{bucket}/obj", "uploadId=nope",
         {}, b"<CompleteMultipartUpload></CompleteMultipartUpload>"),
        ("POST", f"/{bucket}/obj", "", {}, b""),
        ("POST", f"/{bucket}", "delete", {}, b"<Delete><Object><Key>a</Key></Object></Delete>"),
        ("DELETE", f"/{bucket}/obj", "uploadId=", {}, b""),
        ("PATCH", f"/{bucket}/obj", "", {}, b"x"),
        ("OPTIONS", f"/{bucket}/obj", "", {}, b""),
        ("GET", "/%ZZ", "", {}, b""),
        ("GET", f"/{bucket}/%FF%FE", "", {}, b""),
        ("GET", f"/{bucket}/" + "k" * 5000, "", {}, b""),
        ("PUT", f"/{bucket}/" + "k" * 5000, "", {}, b"x"),
        ("GET", "/", "list-type=2", {}, b""),
        ("DELETE", "/", "", {}, b""),
        ("PUT", "/", "", {}, b""),
        ("GET", f"/{bucket_name('missing')}/k", "uploads", {}, b""),
        ("GET", f"/{bucket}", "uploads&max-uploads=abc", {}, b""),
        ("GET", f"/{bucket}/obj", "uploadId=nope&max-parts=-5", {}, b""),
    ]


def test_odd_requests_never_get_a_5xx(s3, raw, bucket):
    s3.put_object(Bucket=bucket, Key="obj", Body=b"0123456789")
    problems = []
    for method, path, query, headers, body in odd_requests(bucket):
        resp = raw(method, path, query, body=body, headers=headers)
        what = f"{method} {path[:60]}?{query} {headers}"
        if resp.status >= 500 and not (resp.status == 501 and resp.error_code == "NotImplemented"):
            problems.append(f"{what} -> {resp.status} {resp.body[:200]!r}")
        elif not resp.headers.get("x-amz-request-id"):
            problems.append(f"{what} -> {resp.status} without x-amz-request-id")
        elif resp.status >= 400 and method != "HEAD" and not resp.error_code:
            problems.append(f"{what} -> {resp.status} without a parseable S3 error document: "
                            f"{resp.body[:200]!r}")
    assert not problems, "\n".join(problems)
    assert s3.get_object(Bucket=bucket, Key="obj")["Body"].read() in (b"0123456789", b"x", b"")


def test_glue_is_still_served_on_the_same_port(server):
    glue = glue_client(server.url)
    name = "s3_port_check"
    glue.create_database(DatabaseInput={"Name": name})
    assert glue.get_database(Name=name)["Database"]["Name"] == name
    glue.delete_database(Name=name)


# -- every S3 subresource: an answer, never a fall-through to the plain operation ------------------
SUBRESOURCES = [
    "accelerate", "acl", "analytics", "cors", "encryption", "intelligent-tiering", "inventory",
    "lifecycle", "location", "logging", "metrics", "notification", "object-lock",
    "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "replication",
    "requestPayment", "tagging", "versioning", "versions", "website", "legal-hold", "retention",
    "torrent", "restore", "select&select-type=2", "attributes", "renameObject", "uploads",
    "delete", "partNumber=1&uploadId=no-such-upload",
]


def test_subresources_never_fall_through(s3, raw, bucket):
    """DELETE /bucket?website must not delete the bucket, PUT /bucket/key?acl must not overwrite
    the object with the ACL document, DELETE /bucket/key?uploads must not delete the object, and
    so on: a subresource S3 knows is never mistaken for the plain operation on the same path.
    Whatever the answer (the operation, an S3 error, 501 NotImplemented), it is not another 5xx."""
    s3.put_object(Bucket=bucket, Key="obj", Body=b"original")
    problems = []
    for sub in SUBRESOURCES:
        for method in ("GET", "PUT", "POST", "DELETE", "HEAD"):
            for path in (f"/{bucket}", f"/{bucket}/obj"):
                body = b"<Tagging><TagSet/></Tagging>" if method in ("PUT", "POST") else b""
                headers = {"Content-MD5": content_md5(body)} if body else {}
                resp = raw(method, path, sub, body=body, headers=headers)
                if resp.status >= 500 and not (resp.status == 501 and
                                               (method == "HEAD" or
                                                resp.error_code == "NotImplemented")):
                    problems.append(f"{method} {path}?{sub} -> {resp.status} {resp.body[:150]!r}")
                if not resp.headers.get("x-amz-request-id"):
                    problems.append(f"{method} {path}?{sub} -> no x-amz-request-id")
                try:
                    got = s3.get_object(Bucket=bucket, Key="obj")["Body"].read()
                except ClientError as err:
                    got = err.response["Error"]["Code"]
                if got != b"original":
                    problems.append(f"{method} {path}?{sub} changed the object: now {got!r}")
                    if got == "NoSuchBucket":
                        s3.create_bucket(Bucket=bucket)
                    s3.put_object(Bucket=bucket, Key="obj", Body=b"original")
    assert not problems, "\n".join(problems)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["obj"]


def test_subresources_never_delete_an_empty_bucket(s3, raw):
    """An empty bucket is where DELETE /bucket?<sub> falling through to DeleteBucket shows."""
    name = bucket_name("empty")
    s3.create_bucket(Bucket=name)
    problems = []
    for sub in SUBRESOURCES:
        resp = raw("DELETE", f"/{name}", sub)
        if resp.status >= 500 and not (resp.status == 501 and resp.error_code == "NotImplemented"):
            problems.append(f"DELETE /{name}?{sub} -> {resp.status} {resp.body[:150]!r}")
        try:
            s3.head_bucket(Bucket=name)
        except ClientError:
            problems.append(f"DELETE /{name}?{sub} -> {resp.status} deleted the bucket")
            s3.create_bucket(Bucket=name)
    s3.delete_bucket(Bucket=name)
    assert not problems, "\n".join(problems)


def test_delete_bucket_tagging_keeps_the_bucket(s3):
    """`aws s3api delete-bucket-tagging` (DELETE /bucket?tagging) removes tags, not the bucket."""
    name = bucket_name("tags")
    s3.create_bucket(Bucket=name)
    try:
        s3.delete_bucket_tagging(Bucket=name)
    except ClientError as err:
        assert (err.response["Error"]["Code"],
                err.response["ResponseMetadata"]["HTTPStatusCode"]) == ("NotImplemented", 501)
    s3.head_bucket(Bucket=name)  # raises ClientError 404 if the bucket went away
    s3.delete_bucket(Bucket=name)


def test_delete_of_a_missing_version_keeps_the_object(s3, raw, bucket):
    """DELETE /bucket/key?versionId=<not a version of it> must not delete the current object
    (S3 answers 400 InvalidArgument or 404 NoSuchVersion; 501 NotImplemented is fine here)."""
    s3.put_object(Bucket=bucket, Key="obj", Body=b"current")
    resp = raw("DELETE", f"/{bucket}/obj", "versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")
    assert resp.status < 500 or (resp.status, resp.error_code) == (501, "NotImplemented"), resp
    left = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert left == ["obj"], f"DELETE ?versionId=... answered {resp.status} and deleted the object"
    assert s3.get_object(Bucket=bucket, Key="obj")["Body"].read() == b"current"
