"""Runs the declarative SQL cases of cases/*.test (format: README.md) against one server loaded
with the fixture tables of setup.sql (conftest.py). Each case is its own test, id `file::name`;
the cases of known_gaps.test are where Sluice still answers differently from Athena and are
expected to fail (xfail, strict: one that starts passing must move to its proper file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from query_harness import fetch, start, wait

CASES_DIR = Path(__file__).resolve().parent / "cases"
KNOWN_GAPS = "known_gaps.test"
OPTIONS = {"rowsort", "fields"}
# Statements whose result starts with a header row (Athena's SELECT results); DDL results have none.
HEADER_RE = re.compile(r"^\s*\(*\s*(SELECT|WITH|VALUES|TABLE)\b", re.IGNORECASE)
QUERY_TIMEOUT_S = 30.0


@dataclass
class Case:
    file: str
    line: int
    kind: str                      # "query" or "error"
    name: str
    sql: str
    expected: list[str]            # rows ("a|b|NULL") or, for an error, one substring
    options: set[str] = field(default_factory=set)
    comment: str = ""

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


class CaseFileError(Exception):
    pass


def parse_cases(path: Path) -> list[Case]:
    """Blocks separated by blank lines; `#` lines before a block's first line are its comment."""
    cases: list[Case] = []
    names: set[str] = set()
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start_line = 0
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.strip() == "":
            if current:
                blocks.append((start_line, current))
            current = []
            continue
        if not current:
            start_line = number
        current.append(line.rstrip("\n"))
    if current:
        blocks.append((start_line, current))

    for first, lines in blocks:
        comment_lines = []
        while lines and lines[0].startswith("#"):
            comment_lines.append(lines.pop(0).lstrip("#").strip())
            first += 1
        if not lines:
            continue  # a block of comments only
        where = f"{path.name}:{first}"
        head = lines[0].split()
        if head[0] not in ("query", "error") or len(head) < 2:
            raise CaseFileError(f"{where}: a block starts with 'query <name>' or 'error <name>', "
                                f"not {lines[0]!r}")
        kind, name, options = head[0], head[1], set(head[2:])
        if kind == "error" and options or not options <= OPTIONS:
            raise CaseFileError(f"{where}: unknown options {sorted(options)} for {kind}")
        if name in names:
            raise CaseFileError(f"{where}: case name {name!r} used twice in {path.name}")
        names.add(name)
        if "----" not in lines:
            raise CaseFileError(f"{where}: case {name!r} has no '----' line")
        split = lines.index("----")
        sql = "\n".join(lines[1:split]).strip()
        expected = lines[split + 1:]
        if not sql:
            raise CaseFileError(f"{where}: case {name!r} has no SQL")
        if kind == "error" and len(expected) != 1:
            raise CaseFileError(f"{where}: error case {name!r} needs one line of expected text")
        cases.append(Case(path.name, first, kind, name, sql, expected, options,
                          " ".join(comment_lines)))
    return cases


def all_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.test")):
        for case in parse_cases(path):
            marks = []
            if path.name == KNOWN_GAPS:
                marks.append(pytest.mark.xfail(strict=True,
                                               reason=case.comment or "Sluice differs from Athena"))
            params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def render(row: list[str | None]) -> str:
    return "|".join("NULL" if value is None else value for value in row)


def render_fields(row: list[str | None]) -> str:
    """Hive's DDL text compared field by field: every cell split at tabs, each field trimmed,
    trailing empty fields dropped, so a padded one-column row and separate cells read the same."""
    fields: list[str] = []
    for value in row:
        fields.extend(("NULL" if value is None else value).split("\t"))
    fields = [f.strip() for f in fields]
    while fields and fields[-1] == "":
        fields.pop()
    return "|".join(fields)


def describe(case: Case) -> str:
    return f"{case.file}:{case.line} {case.kind} {case.name}\n{case.sql}"


@pytest.mark.parametrize("case", all_cases())
def test_sql_case(sql_athena, sql_database, case: Case):
    qid = start(sql_athena, case.sql, database=sql_database)
    execution = wait(sql_athena, qid, QUERY_TIMEOUT_S)
    status = execution["Status"]
    state, reason = status["State"], status.get("StateChangeReason", "")

    if case.kind == "error":
        if state == "SUCCEEDED":
            header = bool(HEADER_RE.match(case.sql))
            rows = fetch(sql_athena, qid, header=header)[1]
            pytest.fail(f"{describe(case)}\nsucceeded, expected an error containing "
                        f"{case.expected[0]!r}; rows: {[render(r) for r in rows][:20]}")
        assert state == "FAILED", f"{describe(case)}\nended {state}: {reason}"
        assert case.expected[0] in reason, (f"{describe(case)}\nfailed with {reason!r}, which "
                                            f"does not contain {case.expected[0]!r}")
        return

    assert state == "SUCCEEDED", f"{describe(case)}\nended {state}: {reason}"
    header = bool(HEADER_RE.match(case.sql))
    rows = fetch(sql_athena, qid, header=header)[1]
    got = [(render_fields if "fields" in case.options else render)(row) for row in rows]
    expected = list(case.expected)
    if "rowsort" in case.options:
        got, expected = sorted(got), sorted(expected)
    assert got == expected, (f"{describe(case)}\nexpected:\n" + "\n".join(expected) +
                             "\ngot:\n" + "\n".join(got))
