"""Helpers for the crawler end-to-end tests: put data into the server's S3 store (or a local
folder), create crawlers, run a crawl and wait for it, and read back what the crawl wrote.

The server process is tests/integration/sluice_harness.py's SluiceServer and the S3 client is
tests/s3/s3_harness.py's (both imported, not copied).
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path
from typing import Iterable

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))
sys.path.insert(0, str(REPO_ROOT / "tests" / "s3"))

from sluice_harness import (  # noqa: E402  (needs the sys.path entries above)
    SluiceServer, error_message, glue_error, unique)
from s3_harness import bucket_name, empty_bucket, s3_client  # noqa: E402

__all__ = ["SluiceServer", "error_message", "glue_error", "unique", "bucket_name", "empty_bucket",
           "s3_client", "gzip"]

ROLE = "arn:aws:iam::123456789012:role/GlueCrawlerTestRole"
CRAWL_TIMEOUT_S = 30.0
STATES = {"READY", "RUNNING", "STOPPING"}
# CrawlerHistory.State (ListCrawls) for each LastCrawl.Status (GetCrawler).
HISTORY_STATE = {"SUCCEEDED": "COMPLETED", "CANCELLED": "STOPPED", "FAILED": "FAILED"}

# Seed 000's sample files, byte for byte (shared/seeds/000_1ee929871a7cf08c.txt, step 2).
SEED_EVENTS = (
    '{"event_id": "evt001", "user_id": "user123", "event_type": "purchase", "product_id": "prod456", "amount": 89.99, "timestamp": "2024-01-15T10:30:00Z", "category": "electronics"}\n'  # noqa: E501
    '{"event_id": "evt002", "user_id": "user456", "event_type": "view", "product_id": "prod789", "amount": 0.0, "timestamp": "2024-01-15T10:31:00Z", "category": "books"}\n'  # noqa: E501
    '{"event_id": "evt003", "user_id": "user789", "event_type": "cart_add", "product_id": "prod123", "amount": 45.50, "timestamp": "2024-01-15T10:32:00Z", "category": "clothing"}\n'  # noqa: E501
    '{"event_id": "evt004", "user_id": "user123", "event_type": "purchase", "product_id": "prod321", "amount": 129.00, "timestamp": "2024-01-15T10:33:00Z", "category": "home"}\n'  # noqa: E501
    '{"event_id": "evt005", "user_id": "user654", "event_type": "view", "product_id": "prod555", "amount": 0.0, "timestamp": "2024-01-15T10:34:00Z", "category": "electronics"}\n'  # noqa: E501
)
SEED_CUSTOMERS = (
    "customer_id,name,email,registration_date,country,age_group\n"
    "user123,John Doe,john.doe@example.com,2023-05-15,US,25-34\n"
    "user456,Jane Smith,jane.smith@example.com,2023-06-20,CA,35-44\n"
    "user789,Bob Johnson,bob.johnson@example.com,2023-07-10,UK,45-54\n"
    "user654,Alice Brown,alice.brown@example.com,2023-08-05,US,18-24\n"
    "user321,Charlie Wilson,charlie.wilson@example.com,2023-09-12,AU,25-34\n"
)


def put_files(s3, bucket: str, files: dict[str, str | bytes], prefix: str = "") -> None:
    """PUTs each {relative key: body} under prefix."""
    for key, body in files.items():
        s3.put_object(Bucket=bucket, Key=prefix + key,
                      Body=body.encode() if isinstance(body, str) else body)


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Writes each {relative path: body} under a local folder (for file:// targets)."""
    for rel, body in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body.encode() if isinstance(body, str) else body)


def config(**parts) -> str:
    """A crawler Configuration string: {"Version": 1.0, **parts}."""
    return json.dumps({"Version": 1.0, **parts})


def last_prefix(glue, name: str) -> str | None:
    return glue.get_crawler(Name=name)["Crawler"].get("LastCrawl", {}).get("MessagePrefix")


def wait_for_crawl(glue, name: str, previous: str | None,
                   timeout: float = CRAWL_TIMEOUT_S) -> dict:
    """Polls GetCrawler until it is READY with a LastCrawl other than `previous` (the
    MessagePrefix of the crawl before this one). Checks every state seen is a Glue state."""
    deadline = time.monotonic() + timeout
    seen = []
    while True:
        crawler = glue.get_crawler(Name=name)["Crawler"]
        state = crawler["State"]
        assert state in STATES, f"GetCrawler State {state!r} is not one of {sorted(STATES)}"
        if not seen or seen[-1] != state:
            seen.append(state)
        last = crawler.get("LastCrawl")
        if state == "READY" and last and last.get("MessagePrefix") != previous:
            return crawler
        if time.monotonic() > deadline:
            raise AssertionError(f"crawler {name} did not finish within {timeout:.0f}s; states "
                                 f"seen {seen}; last answer {crawler}")
        time.sleep(0.02)


def run_crawl(glue, name: str, expect: str | None = "SUCCEEDED") -> dict:
    """StartCrawler, wait for the crawl, check LastCrawl.Status (unless expect is None) and that
    ListCrawls' newest entry is the same crawl in the matching state. Returns the Crawler."""
    previous = last_prefix(glue, name)
    glue.start_crawler(Name=name)
    crawler = wait_for_crawl(glue, name, previous)
    last = crawler["LastCrawl"]
    if expect is not None:
        assert last["Status"] == expect, f"LastCrawl {last}"
    newest = glue.list_crawls(CrawlerName=name)["Crawls"][0]
    assert newest["CrawlId"] == last["MessagePrefix"]
    assert newest["State"] == HISTORY_STATE[last["Status"]], (newest, last)
    return crawler


def newest_summary(glue, name: str) -> dict:
    """The newest crawl's Summary, parsed."""
    return json.loads(glue.list_crawls(CrawlerName=name)["Crawls"][0]["Summary"])


def counts(summary: dict) -> dict[str, int]:
    """{"TABLE ADD": n, ...} from a crawl Summary (absent entries count 0)."""
    out = {}
    for kind, ops in (("TABLE", ("ADD", "UPDATE", "DELETE")), ("PARTITION", ("ADD", "UPDATE"))):
        for op in ops:
            out[f"{kind} {op}"] = summary.get(kind, {}).get(op, {}).get("Count", 0)
    return out


def tables(glue, db: str) -> dict[str, dict]:
    """Every table of the database by name (all pages)."""
    out: dict[str, dict] = {}
    kwargs: dict = {}
    while True:
        page = glue.get_tables(DatabaseName=db, **kwargs)
        for t in page["TableList"]:
            out[t["Name"]] = t
        if not page.get("NextToken"):
            return out
        kwargs["NextToken"] = page["NextToken"]


def columns(table: dict) -> list[tuple[str, str]]:
    return [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]]


def partition_keys(table: dict) -> list[tuple[str, str]]:
    return [(c["Name"], c["Type"]) for c in table.get("PartitionKeys", [])]


def partitions(glue, db: str, table: str) -> dict[tuple[str, ...], dict]:
    """Every partition of the table by its values (all pages)."""
    out: dict[tuple[str, ...], dict] = {}
    kwargs: dict = {}
    while True:
        page = glue.get_partitions(DatabaseName=db, TableName=table, **kwargs)
        for p in page["Partitions"]:
            out[tuple(p["Values"])] = p
        if not page.get("NextToken"):
            return out
        kwargs["NextToken"] = page["NextToken"]


def json_lines(rows: Iterable[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)
