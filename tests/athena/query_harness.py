"""Helpers for the Athena query tests (test_queries.py, test_partition_pruning.py,
test_ddl_and_writes.py): run a statement to a final state, read every result row through
GetQueryResults' pages, make fixture buckets and tables, start a server with extra environment.

Fixture tables are CSV/JSON text uploaded through the server's S3 API and declared with
CREATE EXTERNAL TABLE; Parquet tables are written by the server itself with CTAS (Debian's
python3 has no pyarrow).
"""

from __future__ import annotations

import contextlib
import gzip as gzip_module
import os
import signal
import time
from pathlib import Path
from typing import Iterable, Sequence

import pytest
from botocore.exceptions import ClientError

from athena_harness import SluiceServer, athena_client, bucket_name, s3_client, unique

TERMINAL = ("SUCCEEDED", "FAILED", "CANCELLED")
QUERY_TIMEOUT_S = 30.0


# -- running statements -----------------------------------------------------------------------
def start(athena, sql: str, database: str | None = None, output: str | None = None,
          workgroup: str | None = None, params: Sequence[str] | None = None,
          token: str | None = None) -> str:
    """StartQueryExecution; returns the QueryExecutionId."""
    args: dict = {"QueryString": sql}
    if database is not None:
        args["QueryExecutionContext"] = {"Database": database}
    if output is not None:
        args["ResultConfiguration"] = {"OutputLocation": output}
    if workgroup is not None:
        args["WorkGroup"] = workgroup
    if params is not None:
        args["ExecutionParameters"] = list(params)
    if token is not None:
        args["ClientRequestToken"] = token
    return athena.start_query_execution(**args)["QueryExecutionId"]


def wait(athena, qid: str, timeout: float = QUERY_TIMEOUT_S) -> dict:
    """Polls GetQueryExecution until the query is SUCCEEDED, FAILED or CANCELLED; returns it."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        execution = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]
        if execution["Status"]["State"] in TERMINAL:
            return execution
        if time.monotonic() > deadline:
            raise AssertionError(f"query {qid} still {execution['Status']['State']} after "
                                 f"{timeout:.0f}s: {execution['Query']!r}")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def run(athena, sql: str, expect: str | None = "SUCCEEDED", timeout: float = QUERY_TIMEOUT_S,
        **kwargs) -> tuple[str, dict]:
    """Starts `sql`, waits for it and asserts its final state (unless expect=None).
    Returns (QueryExecutionId, QueryExecution)."""
    qid = start(athena, sql, **kwargs)
    execution = wait(athena, qid, timeout)
    state = execution["Status"]["State"]
    if expect is not None:
        assert state == expect, (f"{sql!r} ended {state}, expected {expect}: "
                                 f"{execution['Status'].get('StateChangeReason')}")
    return qid, execution


def fail_reason(athena, sql: str, **kwargs) -> tuple[dict, str]:
    """Runs `sql`, asserts it FAILED with an AthenaError; returns (QueryExecution, message)."""
    _, execution = run(athena, sql, expect="FAILED", **kwargs)
    status = execution["Status"]
    error = status.get("AthenaError")
    assert error is not None, f"FAILED without AthenaError: {status}"
    assert error["ErrorMessage"] == status["StateChangeReason"], status
    return execution, status["StateChangeReason"]


def cell(datum: dict) -> str | None:
    """A result cell: its VarCharValue, None for SQL NULL (Athena leaves the member out)."""
    return datum.get("VarCharValue")


def result_pages(athena, qid: str, page_size: int | None = None) -> list[dict]:
    """Every GetQueryResults response for `qid`, following NextToken; asserts no token repeats."""
    pages: list[dict] = []
    token = None
    seen: set[str] = set()
    for _ in range(100_000):
        args: dict = {"QueryExecutionId": qid}
        if page_size is not None:
            args["MaxResults"] = page_size
        if token:
            args["NextToken"] = token
        resp = athena.get_query_results(**args)
        pages.append(resp)
        token = resp.get("NextToken")
        if not token:
            return pages
        assert token not in seen, f"GetQueryResults repeated NextToken {token!r}"
        seen.add(token)
    raise AssertionError("GetQueryResults did not end")


def fetch(athena, qid: str, page_size: int | None = None,
          header: bool = True) -> tuple[list[str], list[list[str | None]]]:
    """All rows of a finished query as (column names, rows of cells). With header=True (a SELECT)
    the first row of the first page must be the header row, equal to the ColumnInfo names."""
    pages = result_pages(athena, qid, page_size)
    names = [c["Name"] for c in pages[0]["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]]
    rows = [[cell(d) for d in r["Data"]] for p in pages for r in p["ResultSet"]["Rows"]]
    if header:
        assert rows and rows[0] == names, f"first row {rows[:1]} is not the header {names}"
        rows = rows[1:]
    return names, rows


def query(athena, sql: str, **kwargs) -> list[list[str | None]]:
    """Runs a SELECT to SUCCEEDED and returns its data rows (header checked and dropped)."""
    qid, _ = run(athena, sql, **kwargs)
    return fetch(athena, qid)[1]


def column_info(athena, qid: str) -> list[dict]:
    return athena.get_query_results(QueryExecutionId=qid, MaxResults=1)[
        "ResultSet"]["ResultSetMetadata"]["ColumnInfo"]


def scanned(execution: dict) -> int:
    return execution["Statistics"]["DataScannedInBytes"]


def ddl(athena, sql: str, **kwargs) -> tuple[str, dict]:
    """Runs a DDL or write statement to SUCCEEDED."""
    return run(athena, sql, **kwargs)


# -- storage ---------------------------------------------------------------------------------
def put(s3, bucket: str, key: str, body: bytes | str) -> int:
    """PutObject; returns the object's size in bytes."""
    data = body.encode() if isinstance(body, str) else body
    s3.put_object(Bucket=bucket, Key=key, Body=data)
    return len(data)


def objects(s3, bucket: str, prefix: str = "") -> dict[str, int]:
    """{key: size} of every object under `prefix` (all pages)."""
    out: dict[str, int] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            out[obj["Key"]] = obj["Size"]
    return out


def read_object(s3, bucket: str, key: str) -> bytes:
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def csv_text(rows: Iterable[Sequence], header: Sequence[str] | None = None,
             delim: str = ",") -> str:
    lines = [delim.join(header)] if header is not None else []
    lines += [delim.join("" if v is None else str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def gzip_bytes(text: str) -> bytes:
    return gzip_module.compress(text.encode(), mtime=0)


def make_bucket(s3, prefix: str = "q") -> str:
    name = bucket_name(prefix)
    s3.create_bucket(Bucket=name)
    return name


def drop_bucket(s3, bucket: str) -> None:
    with contextlib.suppress(Exception):
        for key in objects(s3, bucket):
            s3.delete_object(Bucket=bucket, Key=key)
        s3.delete_bucket(Bucket=bucket)


def csv_table_ddl(database: str, table: str, columns: str, location: str,
                  header: bool = True, partitioned_by: str | None = None) -> str:
    """CREATE EXTERNAL TABLE for comma-separated text (LazySimpleSerDe)."""
    sql = f"CREATE EXTERNAL TABLE {database}.{table} ({columns}) "
    if partitioned_by:
        sql += f"PARTITIONED BY ({partitioned_by}) "
    sql += (f"ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE "
            f"LOCATION '{location}'")
    if header:
        sql += " TBLPROPERTIES ('skip.header.line.count'='1')"
    return sql


def make_csv_table(athena, s3, database: str, bucket: str, table: str, columns: str,
                   header: Sequence[str] | None, rows: Iterable[Sequence], gzip: bool = False,
                   prefix: str | None = None) -> int:
    """Uploads one CSV file (gzip-compressed if asked) to s3://bucket/<prefix or table>/ and
    declares it as `database.table`; returns the file's size in bytes."""
    folder = f"{prefix or table}/"
    text = csv_text(rows, header)
    size = put(s3, bucket, folder + ("part-0.csv.gz" if gzip else "part-0.csv"),
               gzip_bytes(text) if gzip else text)
    ddl(athena, csv_table_ddl(database, table, columns, f"s3://{bucket}/{folder}",
                              header=header is not None))
    return size


def make_json_table(athena, s3, database: str, bucket: str, table: str, columns: str,
                    lines: Iterable[str]) -> int:
    """Uploads JSON lines to s3://bucket/<table>/ and declares them with the OpenX JsonSerDe."""
    size = put(s3, bucket, f"{table}/part-0.json", "\n".join(lines) + "\n")
    ddl(athena, f"CREATE EXTERNAL TABLE {database}.{table} ({columns}) "
                f"ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' "
                f"LOCATION 's3://{bucket}/{table}/'")
    return size


def make_parquet_table(athena, s3, database: str, bucket: str, table: str,
                       select_sql: str) -> int:
    """Writes `select_sql`'s rows as Parquet with CTAS to s3://bucket/<table>/; returns the
    total size of the files written."""
    ddl(athena, f"CREATE TABLE {database}.{table} WITH (format='PARQUET', "
                f"external_location='s3://{bucket}/{table}/') AS {select_sql}")
    files = objects(s3, bucket, f"{table}/")
    assert files and all(k.endswith(".parquet") for k in files), files
    return sum(files.values())


# -- servers with extra environment -----------------------------------------------------------
@contextlib.contextmanager
def server_with_env(root: Path, env: dict[str, str], extra_args: Iterable[str] = ()):
    """A second `sluice serve` on a fresh data dir under `root`, started with `env` added to the
    environment (SluiceServer passes the test process's environment through, so it is set around
    the start and restored). Yields the server; stops it afterwards."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        srv = SluiceServer(root / "data", root / "server.log", extra_args).start()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    try:
        yield srv
        assert srv.alive(), f"sluice died; stderr tail:\n{srv.log_tail()}"
    finally:
        srv.stop(signal.SIGTERM)


def clients(url: str):
    """(athena, s3, glue) boto3 clients for a server at `url`."""
    from sluice_harness import glue_client
    return athena_client(url), s3_client(url), glue_client(url)


@contextlib.contextmanager
def athena_raises(code: str = "InvalidRequestException", match: str | None = None):
    """Asserts the block raises this Athena error (HTTP 400) whose message contains `match`."""
    with pytest.raises(ClientError) as info:
        yield info
    err = info.value.response["Error"]
    assert err["Code"] == code, f"expected {code}, got {err}"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    if match is not None:
        assert match in err.get("Message", ""), f"{match!r} not in {err.get('Message')!r}"


__all__ = ["TERMINAL", "athena_raises", "cell", "clients", "column_info", "csv_table_ddl",
           "csv_text", "ddl", "drop_bucket", "fail_reason", "fetch", "gzip_bytes",
           "make_bucket", "make_csv_table", "make_json_table", "make_parquet_table", "objects",
           "put", "query", "read_object", "result_pages", "run", "scanned", "server_with_env",
           "start", "unique", "wait"]
