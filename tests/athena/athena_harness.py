"""Helpers for the Athena API tests: a boto3 Athena client, and the server and helpers of
tests/integration/sluice_harness.py and tests/s3/s3_harness.py (imported, not copied).
"""

from __future__ import annotations

import sys
from pathlib import Path

import boto3
from botocore.config import Config

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))
sys.path.insert(0, str(REPO_ROOT / "tests" / "s3"))

from sluice_harness import (  # noqa: E402  (needs the sys.path entries above)
    DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, REGION, SluiceServer, collect_pages, error_message,
    glue_error, storage_descriptor, table_input, unique)
from s3_harness import bucket_name, empty_bucket, s3_client  # noqa: E402

__all__ = ["SluiceServer", "athena_client", "athena_error", "bucket_name", "collect_pages",
           "empty_bucket", "error_message", "s3_client", "storage_descriptor", "table_input",
           "unique"]

ATHENA_ENGINE = {"SelectedEngineVersion": "AUTO", "EffectiveEngineVersion": "Athena engine version 3"}


def athena_client(url: str):
    """A boto3 Athena client for a server at `url` (dummy credentials, no retries)."""
    return boto3.client(
        "athena", endpoint_url=url, region_name=REGION, aws_access_key_id=DUMMY_ACCESS_KEY,
        aws_secret_access_key=DUMMY_SECRET_KEY,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5,
                      read_timeout=60))


# Asserts the block raises a ClientError with this error code and HTTP status (400 by default):
# InvalidRequestException, MetadataException, ...
athena_error = glue_error
