"""Fixtures for the declarative SQL tests: one `sluice serve` for the test module, the files of
fixtures/ uploaded to its built-in S3 bucket, and the tables of setup.sql registered through the
Athena API.

The server process and the query helpers are tests/athena's (athena_harness.py, query_harness.py),
imported, not copied.
"""

from __future__ import annotations

import gzip
import signal
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "athena"))

from athena_harness import SluiceServer, athena_client, s3_client  # noqa: E402
from query_harness import run  # noqa: E402

BUCKET = "sqlfix"      # setup.sql's s3:// locations name this bucket
DATABASE = "sqlt"      # every case runs with this QueryExecutionContext database
FIXTURES = HERE / "fixtures"
SETUP_SQL = HERE / "setup.sql"
SETUP_TIMEOUT_S = 60.0


def fixture_objects() -> dict[str, bytes]:
    """{S3 key: body} for every file under fixtures/. A file under a folder whose name ends in
    `_gz` is gzip-compressed and its key gets a `.gz` suffix (no binaries in git)."""
    out: dict[str, bytes] = {}
    for path in sorted(FIXTURES.rglob("*")):
        if not path.is_file():
            continue
        key = path.relative_to(FIXTURES).as_posix()
        body = path.read_bytes()
        if any(part.endswith("_gz") for part in path.relative_to(FIXTURES).parts[:-1]):
            key += ".gz"
            body = gzip.compress(body, mtime=0)
        out[key] = body
    return out


def setup_statements(text: str | None = None) -> list[str]:
    """setup.sql's statements: whole-line `--` comments dropped, split at a `;` ending a line."""
    if text is None:
        text = SETUP_SQL.read_text()
    statements: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip().startswith("--"):
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            statement = "\n".join(current).strip().rstrip(";").strip()
            if statement:
                statements.append(statement)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements


def load_lake(athena, s3) -> None:
    """Uploads the fixtures and runs setup.sql; a failing statement fails with its reason."""
    s3.create_bucket(Bucket=BUCKET)
    for key, body in fixture_objects().items():
        s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    for statement in setup_statements():
        run(athena, statement, timeout=SETUP_TIMEOUT_S)


@pytest.fixture(scope="module")
def sql_server(tmp_path_factory):
    """A server (one per test module) on a fresh data dir, with setup.sql's tables in `sqlt`."""
    root = tmp_path_factory.mktemp("sluice-sql")
    srv = SluiceServer(root / "data", root / "server.log").start()
    try:
        load_lake(athena_client(srv.url), s3_client(srv.url))
    except BaseException:
        srv.stop(signal.SIGTERM)
        raise
    yield srv
    srv.stop(signal.SIGTERM)
    if srv.killed:
        pytest.fail(f"sluice did not exit within 10s of SIGTERM; stderr tail:\n{srv.log_tail()}",
                    pytrace=False)


@pytest.fixture(scope="module")
def sql_athena(sql_server):
    return athena_client(sql_server.url)


@pytest.fixture(scope="session")
def sql_database():
    """The QueryExecutionContext database of every case: setup.sql's tables are in it."""
    return DATABASE


@pytest.fixture(autouse=True)
def _sql_server_alive(sql_server):
    yield
    assert sql_server.alive(), f"sluice died during the test; stderr tail:\n{sql_server.log_tail()}"
