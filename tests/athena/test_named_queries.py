"""Athena named queries through boto3: CreateNamedQuery (ClientRequestToken idempotency),
GetNamedQuery, ListNamedQueries (per workgroup, paged), BatchGetNamedQuery, DeleteNamedQuery.
"""

from __future__ import annotations

import uuid

from athena_harness import athena_error, collect_pages, error_message, unique


def create(athena, name="q", **kwargs):
    kwargs.setdefault("Database", "sales")
    kwargs.setdefault("QueryString", "SELECT * FROM orders")
    return athena.create_named_query(Name=name, **kwargs)["NamedQueryId"]


def test_create_get_round_trip(athena):
    query_id = create(athena, "daily sales", Description="Daily sales by category",
                      QueryString="SELECT category, sum(amount) FROM events GROUP BY 1")
    uuid.UUID(query_id)
    assert athena.get_named_query(NamedQueryId=query_id)["NamedQuery"] == {
        "Name": "daily sales", "Description": "Daily sales by category", "Database": "sales",
        "QueryString": "SELECT category, sum(amount) FROM events GROUP BY 1",
        "NamedQueryId": query_id, "WorkGroup": "primary"}
    athena.delete_named_query(NamedQueryId=query_id)


def test_create_in_a_workgroup(athena, workgroup):
    query_id = create(athena, WorkGroup=workgroup)
    assert athena.get_named_query(NamedQueryId=query_id)["NamedQuery"]["WorkGroup"] == workgroup
    assert athena.list_named_queries(WorkGroup=workgroup)["NamedQueryIds"] == [query_id]
    assert query_id not in athena.list_named_queries()["NamedQueryIds"]


def test_create_in_a_missing_workgroup_is_rejected(athena):
    name = unique("missing")
    with athena_error("InvalidRequestException") as info:
        create(athena, WorkGroup=name)
    assert error_message(info) == f"WorkGroup {name} is not found"
    with athena_error("InvalidRequestException"):
        athena.list_named_queries(WorkGroup=name)


def test_client_request_token_makes_create_idempotent(athena, workgroup):
    token = uuid.uuid4().hex + "-idem"
    first = create(athena, WorkGroup=workgroup, ClientRequestToken=token)
    again = create(athena, WorkGroup=workgroup, ClientRequestToken=token)
    assert again == first
    assert athena.list_named_queries(WorkGroup=workgroup)["NamedQueryIds"] == [first]
    with athena_error("InvalidRequestException") as info:
        create(athena, WorkGroup=workgroup, ClientRequestToken=token, QueryString="SELECT 2")
    assert "ClientRequestToken" in error_message(info)
    # boto3 fills in a fresh token per call when none is given: two calls, two queries.
    a, b = create(athena, WorkGroup=workgroup), create(athena, WorkGroup=workgroup)
    assert len({first, a, b}) == 3


def test_short_client_request_token_is_rejected_by_the_server(server):
    resp = server.raw("AmazonAthena.CreateNamedQuery", {
        "Name": "q", "Database": "d", "QueryString": "SELECT 1", "ClientRequestToken": "short"})
    assert resp.error_type == "InvalidRequestException", resp
    assert "ClientRequestToken" in resp.message


def test_missing_required_members_are_rejected_by_the_server(server):
    resp = server.raw("AmazonAthena.CreateNamedQuery", {"Name": "q", "Database": "d"})
    assert resp.status == 400 and resp.error_type == "InvalidRequestException", resp
    assert "QueryString" in resp.message


def test_list_pages_in_creation_order(athena, workgroup):
    ids = [create(athena, f"q{i}", WorkGroup=workgroup) for i in range(7)]
    items, pages = collect_pages(athena.list_named_queries, "NamedQueryIds", MaxResults=2,
                                 WorkGroup=workgroup)
    assert items == ids
    assert [len(p) for p in pages] == [2, 2, 2, 1]
    paginated = athena.get_paginator("list_named_queries").paginate(
        WorkGroup=workgroup, PaginationConfig={"PageSize": 3})
    assert [i for page in paginated for i in page["NamedQueryIds"]] == ids


def test_bad_next_token_is_invalid_request(athena):
    with athena_error("InvalidRequestException") as info:
        athena.list_named_queries(NextToken="bm9wZQ")
    assert "NextToken" in error_message(info)


def test_batch_get_reports_unprocessed_ids(athena, workgroup):
    a = create(athena, "a", WorkGroup=workgroup)
    b = create(athena, "b", WorkGroup=workgroup)
    missing = str(uuid.uuid4())
    resp = athena.batch_get_named_query(NamedQueryIds=[b, missing, a])
    assert [q["Name"] for q in resp["NamedQueries"]] == ["b", "a"]
    assert [q["NamedQueryId"] for q in resp["NamedQueries"]] == [b, a]
    unprocessed = resp["UnprocessedNamedQueryIds"]
    assert len(unprocessed) == 1
    assert unprocessed[0]["NamedQueryId"] == missing
    assert unprocessed[0]["ErrorCode"] == "INVALID_INPUT"
    assert missing in unprocessed[0]["ErrorMessage"]


def test_batch_get_of_more_than_50_ids_is_rejected(server):
    resp = server.raw("AmazonAthena.BatchGetNamedQuery",
                      {"NamedQueryIds": [str(uuid.uuid4()) for _ in range(51)]})
    assert resp.error_type == "InvalidRequestException", resp


def test_delete_and_missing_named_queries(athena):
    query_id = create(athena)
    athena.delete_named_query(NamedQueryId=query_id)
    with athena_error("InvalidRequestException") as info:
        athena.get_named_query(NamedQueryId=query_id)
    assert query_id in error_message(info)
    with athena_error("InvalidRequestException"):
        athena.delete_named_query(NamedQueryId=query_id)
    assert query_id not in athena.list_named_queries()["NamedQueryIds"]
