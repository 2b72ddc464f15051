"""Start and stop `sluice serve` processes and talk to them with boto3 or raw HTTP.

Used by conftest.py (fixtures) and by the test modules (helpers). Only ever signals the process
it started, by its own Popen handle.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import select
import signal
import socket
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Any, Callable, Iterable

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 10.0
LISTENING_RE = re.compile(r"listening on (http://([0-9A-Za-z.\-\[\]:]+?):(\d+))\b")

DUMMY_ACCESS_KEY = "AKIDTEST"
DUMMY_SECRET_KEY = "test-secret-key"
REGION = "us-east-1"
JSON_CONTENT_TYPE = "application/x-amz-json-1.1"


def sluice_bin() -> Path:
    """The server binary: $SLUICE_BIN, else <repo>/build/sluice."""
    return Path(os.environ.get("SLUICE_BIN", REPO_ROOT / "build" / "sluice"))


def unique(prefix: str = "t") -> str:
    """A lowercase name no other test uses (Glue folds names to lowercase)."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


class SluiceServer:
    """One `sluice serve` child process on a data dir, bound to 127.0.0.1 on a free port."""

    def __init__(self, data_dir: Path, log_path: Path, extra_args: Iterable[str] = ()):
        self.data_dir = Path(data_dir)
        self.log_path = Path(log_path)
        self.extra_args = list(extra_args)
        self.proc: subprocess.Popen | None = None
        self.url: str | None = None
        self.host: str | None = None
        self.port: int | None = None
        self.stdout_lines: list[str] = []
        self.killed = False
        self._ready = threading.Event()
        self._reader: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> "SluiceServer":
        binary = sluice_bin()
        if not binary.is_file() or not os.access(binary, os.X_OK):
            pytest.fail(f"sluice binary not found or not executable at {binary}: build it first "
                        f"or set SLUICE_BIN", pytrace=False)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(
                [str(binary), "serve", "--data-dir", str(self.data_dir), "--port", "0",
                 "--host", "127.0.0.1", *self.extra_args],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                cwd=str(self.log_path.parent))
        finally:
            log.close()
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        if not self._ready.wait(START_TIMEOUT_S):
            code = self.proc.poll()
            self.stop()
            pytest.fail(f"sluice did not print 'listening on http://HOST:PORT' within "
                        f"{START_TIMEOUT_S:.0f}s (exit code {code}); stdout={self.stdout_lines!r}; "
                        f"stderr tail:\n{self.log_tail()}", pytrace=False)
        return self

    def _read_stdout(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in self.proc.stdout:  # drains until EOF so the child never blocks on a full pipe
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.stdout_lines.append(line)
            match = LISTENING_RE.search(line)
            if match and not self._ready.is_set():
                self.url, self.host, self.port = match.group(1), match.group(2), int(match.group(3))
                self._ready.set()
        self._ready.set()  # EOF: wake the waiter, which then sees url is None

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        """Signals the child, waits STOP_TIMEOUT_S, kills it if still alive; returns its exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.killed = True
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT_S)
        if self._reader is not None:
            self._reader.join(2)
        return self.proc.returncode

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no stderr log)"

    # -- clients -----------------------------------------------------------------------------
    def client(self):
        if self.url is None:
            raise AssertionError(f"sluice exited before listening; stderr:\n{self.log_tail()}")
        return glue_client(self.url)

    def raw(self, target: str | None, body: bytes | str | dict | list | None,
            headers: dict[str, str] | None = None, method: str = "POST") -> "RawResponse":
        return raw_request(self.host, self.port, target, body, headers, method)


def glue_client(url: str):
    return boto3.client(
        "glue", endpoint_url=url, region_name=REGION, aws_access_key_id=DUMMY_ACCESS_KEY,
        aws_secret_access_key=DUMMY_SECRET_KEY,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5,
                      read_timeout=60))


# -- raw HTTP ----------------------------------------------------------------------------------
class RawResponse:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status = status
        self.headers = headers  # lowercased names
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def error_type(self) -> str | None:
        try:
            doc = self.json()
        except ValueError:
            return None
        kind = doc.get("__type") if isinstance(doc, dict) else None
        if isinstance(kind, str):  # clients strip a namespace prefix and a ':' suffix
            kind = kind.split("#")[-1].split(":")[0]
        return kind

    @property
    def message(self) -> str:
        try:
            doc = self.json()
        except ValueError:
            return ""
        if not isinstance(doc, dict):
            return ""
        return str(doc.get("Message", doc.get("message", "")))

    def __repr__(self) -> str:
        return f"RawResponse({self.status}, {self.body[:300]!r})"


def _encode_body(body: bytes | str | dict | list | None) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body).encode("utf-8")


def raw_request(host: str, port: int, target: str | None, body, headers=None,
                method: str = "POST") -> RawResponse:
    """One unsigned request; `target` is the operation ("GetDatabase") or a full header value."""
    data = _encode_body(body)
    hdrs = {"Content-Type": JSON_CONTENT_TYPE}
    if target is not None:
        hdrs["X-Amz-Target"] = target if "." in target else f"AWSGlue.{target}"
    hdrs.update(headers or {})
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, "/", body=data, headers=hdrs)
        resp = conn.getresponse()
        return RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def send_oversized(host: str, port: int, target: str, size: int) -> RawResponse:
    """POSTs a `size`-byte body, stopping early if the server answers before reading it all."""
    head = (f"POST / HTTP/1.1\r\nHost: {host}:{port}\r\nX-Amz-Target: AWSGlue.{target}\r\n"
            f"Content-Type: {JSON_CONTENT_TYPE}\r\nContent-Length: {size}\r\n"
            f"Connection: close\r\n\r\n").encode()
    prefix = b'{"DatabaseInput":{"Name":"big","Description":"'
    chunk = b"x" * 65536
    sock = socket.create_connection((host, port), timeout=60)
    try:
        sent = 0
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head + prefix)
            sent = len(prefix)
            while sent < size:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:  # the server has answered already
                    break
                piece = chunk[: min(len(chunk), size - sent)]
                sock.sendall(piece)
                sent += len(piece)
        resp = http.client.HTTPResponse(sock)
        resp.begin()
        return RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        sock.close()


# -- assertions and small helpers ---------------------------------------------------------------
@contextlib.contextmanager
def glue_error(code: str, status: int | None = 400):
    """Asserts the block raises a ClientError with this Glue error code (and HTTP status)."""
    with pytest.raises(ClientError) as info:
        yield info
    got = info.value.response["Error"]["Code"]
    assert got == code, f"expected {code}, got {got}: {info.value.response['Error'].get('Message')}"
    if status is not None:
        got_status = info.value.response["ResponseMetadata"]["HTTPStatusCode"]
        assert got_status == status, f"{code} came with HTTP {got_status}, expected {status}"


def error_message(info) -> str:
    return info.value.response["Error"].get("Message", "")


def collect_pages(call: Callable[..., dict], result_key: str, max_pages: int = 5000,
                  **kwargs) -> tuple[list, list[list]]:
    """Follows NextToken to the end; asserts no token repeats. Returns (items, pages)."""
    seen_tokens: set[str] = set()
    items: list = []
    pages: list[list] = []
    token = None
    for _ in range(max_pages):
        args = dict(kwargs)
        if token:
            args["NextToken"] = token
        resp = call(**args)
        page = resp.get(result_key, [])
        pages.append(page)
        items.extend(page)
        token = resp.get("NextToken")
        if not token:
            return items, pages
        assert token not in seen_tokens, f"server repeated NextToken {token!r}"
        seen_tokens.add(token)
    raise AssertionError(f"listing did not end after {max_pages} pages")


def column(name: str, type_: str = "string", comment: str | None = None) -> dict:
    col = {"Name": name, "Type": type_}
    if comment is not None:
        col["Comment"] = comment
    return col


def storage_descriptor(location: str, columns: Iterable[dict] | None = None) -> dict:
    return {
        "Columns": list(columns if columns is not None else
                        [column("id", "bigint"), column("name", "string")]),
        "Location": location,
        "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "SerdeInfo": {
            "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            "Parameters": {"field.delim": ","},
        },
        "Compressed": False,
        "NumberOfBuckets": -1,
        "Parameters": {"classification": "csv"},
    }


def table_input(name: str, partition_keys: Iterable[tuple[str, str]] = (), **extra) -> dict:
    ti = {
        "Name": name,
        "StorageDescriptor": storage_descriptor(f"s3://bucket/{name}/"),
        "PartitionKeys": [column(k, t) for k, t in partition_keys],
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "csv"},
    }
    ti.update(extra)
    return ti


def partition_input(values: list[str], location: str | None = None) -> dict:
    loc = location or "s3://bucket/p/" + "/".join(values) + "/"
    return {"Values": list(values), "StorageDescriptor": storage_descriptor(loc),
            "Parameters": {"n": "/".join(values)}}


def batch_create_partitions(glue, db: str, table: str, values_list: list[list[str]]) -> None:
    """Creates partitions 100 at a time; asserts every one was created."""
    for i in range(0, len(values_list), 100):
        resp = glue.batch_create_partition(
            DatabaseName=db, TableName=table,
            PartitionInputList=[partition_input(v) for v in values_list[i:i + 100]])
        assert not resp.get("Errors"), resp.get("Errors")


def partition_values(glue, db: str, table: str, **kwargs) -> list[tuple[str, ...]]:
    """Every partition's Values (as tuples) for GetPartitions with these arguments, all pages."""
    items, _ = collect_pages(glue.get_partitions, "Partitions", DatabaseName=db, TableName=table,
                             **kwargs)
    return [tuple(p["Values"]) for p in items]
