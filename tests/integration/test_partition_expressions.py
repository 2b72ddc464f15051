"""GetPartitions Expression: every operator, typed comparisons, precedence, and bad expressions.

Each case states the expression and a Python predicate over the partition's values; the expected
set is computed by applying the predicate to every partition the module created.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from sluice_harness import (batch_create_partitions, glue_error, partition_values, table_input,
                            unique)

YEARS = ["2020", "2021", "2022", "2023"]
MONTHS = [f"{m:02d}" for m in range(1, 13)]
DAYS = ["01", "15", "28"]

NAMES = ["it's", "o'brien", "plain", "100%", "a_b", "axb", "ABC", "abc", "with space", "9", "10",
         "2020", "caf\u00e9", "\u00e9t\u00e9", "a.b", "x+y", "(p)", "[b]", "b", "a\\b"]

# Single-key tables, one per declared type: (table, key, type, values, python converter).
TYPED = {
    "ints": ("year", "int", ["-5", "0", "1", "2", "8", "9", "10", "11", "25", "100", "2020"], int),
    "bigints": ("id", "bigint", ["-9223372036854775808", "-1", "0", "5", "10", "2147483647",
                                 "2147483648", "3000000000", "9223372036854775807"], int),
    "smallints": ("s", "smallint", ["-32768", "-7", "0", "7", "70", "700", "32767"], int),
    "tinyints": ("t", "tinyint", ["-128", "-3", "0", "3", "30", "127"], int),
    "dates": ("d", "date", ["2022-12-31", "2023-01-05", "2023-01-10", "2023-02-01", "2023-10-01",
                            "2024-02-29"], dt.date.fromisoformat),
    "timestamps": ("ts", "timestamp", ["2023-01-01 00:00:00", "2023-01-01 09:30:00",
                                       "2023-01-01 12:30:00", "2023-06-15 08:00:00",
                                       "2024-01-01 00:00:00"], dt.datetime.fromisoformat),
    "decimals": ("amount", "decimal(10,2)", ["-1.5", "0", "2.75", "9.5", "10.25", "100", "100.5"],
                 Decimal),
}

MIXED_KEYS = [("year", "int"), ("region", "string"), ("day", "date")]
MIXED = [[y, r, d] for y in ("9", "10", "2023") for r in ("eu", "us")
         for d in ("2023-01-05", "2023-01-10")]


@pytest.fixture(scope="module")
def catalog(glue):
    """One database with every table the cases use, loaded once per module."""
    db = unique("expr")
    glue.create_database(DatabaseInput={"Name": db})
    glue.create_table(DatabaseName=db, TableInput=table_input(
        "ymd", [("year", "string"), ("month", "string"), ("day", "string")]))
    batch_create_partitions(glue, db, "ymd", [[y, m, d] for y in YEARS for m in MONTHS
                                              for d in DAYS])
    glue.create_table(DatabaseName=db, TableInput=table_input("names", [("name", "string")]))
    batch_create_partitions(glue, db, "names", [[n] for n in NAMES])
    for table, (key, type_, values, _) in TYPED.items():
        glue.create_table(DatabaseName=db, TableInput=table_input(table, [(key, type_)]))
        batch_create_partitions(glue, db, table, [[v] for v in values])
    glue.create_table(DatabaseName=db, TableInput=table_input("mixed", MIXED_KEYS))
    batch_create_partitions(glue, db, "mixed", MIXED)
    yield db
    glue.delete_database(Name=db)


def like(value: str, pattern: str) -> bool:
    """SQL LIKE: % is any run, _ is one character, everything else literal, whole value."""
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL) is not None


def check(glue, db: str, table: str, expression: str, predicate, all_values) -> None:
    expected = sorted(tuple(v) for v in all_values if predicate(*v))
    got = partition_values(glue, db, table, Expression=expression)
    assert len(got) == len(set(got)), f"{expression!r} returned a partition twice"
    assert sorted(got) == expected, (
        f"{expression!r} on {table}: missing {sorted(set(expected) - set(got))[:10]}, "
        f"unexpected {sorted(set(got) - set(expected))[:10]}")


YMD_CASES = [
    ("", lambda y, m, d: True),
    ("year = '2021'", lambda y, m, d: y == "2021"),
    ("year <> '2021'", lambda y, m, d: y != "2021"),
    ("year != '2021'", lambda y, m, d: y != "2021"),
    ("year > '2021'", lambda y, m, d: y > "2021"),
    ("year >= '2021'", lambda y, m, d: y >= "2021"),
    ("year < '2021'", lambda y, m, d: y < "2021"),
    ("year <= '2021'", lambda y, m, d: y <= "2021"),
    ("month > '9'", lambda y, m, d: m > "9"),
    ("month < '1'", lambda y, m, d: m < "1"),
    ("year = '2021' AND month = '03'", lambda y, m, d: y == "2021" and m == "03"),
    ("year = '2020' OR month = '12'", lambda y, m, d: y == "2020" or m == "12"),
    ("year = '2020' OR year = '2021' AND month = '01'",
     lambda y, m, d: y == "2020" or (y == "2021" and m == "01")),
    ("(year = '2020' OR year = '2021') AND month = '01'",
     lambda y, m, d: y in ("2020", "2021") and m == "01"),
    ("year = '2021' AND (month = '01' OR (month = '02' AND day = '15'))",
     lambda y, m, d: y == "2021" and (m == "01" or (m == "02" and d == "15"))),
    ("((year = '2022'))", lambda y, m, d: y == "2022"),
    ("NOT year = '2020'", lambda y, m, d: y != "2020"),
    ("NOT (year = '2020' OR month <> '01')", lambda y, m, d: not (y == "2020" or m != "01")),
    ("NOT year = '2020' AND month = '06'", lambda y, m, d: y != "2020" and m == "06"),
    ("year IN ('2020', '2022')", lambda y, m, d: y in ("2020", "2022")),
    ("year IN ('2021')", lambda y, m, d: y == "2021"),
    ("year NOT IN ('2020', '2022')", lambda y, m, d: y not in ("2020", "2022")),
    ("NOT (year IN ('2020', '2022'))", lambda y, m, d: y not in ("2020", "2022")),
    ("month BETWEEN '03' AND '05'", lambda y, m, d: "03" <= m <= "05"),
    ("month NOT BETWEEN '03' AND '10'", lambda y, m, d: not "03" <= m <= "10"),
    ("year BETWEEN '2021' AND '2022' AND month BETWEEN '11' AND '12'",
     lambda y, m, d: "2021" <= y <= "2022" and "11" <= m <= "12"),
    ("day LIKE '1%'", lambda y, m, d: like(d, "1%")),
    ("day LIKE '_8'", lambda y, m, d: like(d, "_8")),
    ("month LIKE '%1%'", lambda y, m, d: like(m, "%1%")),
    ("month NOT LIKE '0%'", lambda y, m, d: not like(m, "0%")),
    ("year IS NULL", lambda y, m, d: False),
    ("year IS NOT NULL", lambda y, m, d: True),
    ("year IS NOT NULL AND month = '07'", lambda y, m, d: m == "07"),
    ("year = '1999'", lambda y, m, d: False),
    ("year = '2021' and month in ('01', '02') or day = '28'",
     lambda y, m, d: (y == "2021" and m in ("01", "02")) or d == "28"),
    ("  year   =   '2023'  ", lambda y, m, d: y == "2023"),
    ("year = '2023'\nAND month = '02'\tAND day = '01'",
     lambda y, m, d: y == "2023" and m == "02" and d == "01"),
    ("year='2023' AND month>='11'", lambda y, m, d: y == "2023" and m >= "11"),
]


@pytest.mark.parametrize("expression,predicate", YMD_CASES, ids=[c[0] or "<empty>" for c in
                                                                  YMD_CASES])
def test_string_keys(glue, catalog, expression, predicate):
    every = [[y, m, d] for y in YEARS for m in MONTHS for d in DAYS]
    check(glue, catalog, "ymd", expression, predicate, every)


NAME_CASES = [
    ("name = 'it''s'", lambda n: n == "it's"),
    ("name = 'o''brien' OR name = 'plain'", lambda n: n in ("o'brien", "plain")),
    ("name LIKE '%''%'", lambda n: "'" in n),
    ("name LIKE 'a_b'", lambda n: like(n, "a_b")),
    ("name LIKE '100%'", lambda n: n.startswith("100")),
    ("name LIKE '%space'", lambda n: n.endswith("space")),
    ("name = 'ABC'", lambda n: n == "ABC"),
    ("name = 'with space'", lambda n: n == "with space"),
    ("name > '9'", lambda n: n > "9"),
    ("name < '2'", lambda n: n < "2"),
    ("name IN ('plain', 'it''s', 'nope')", lambda n: n in ("plain", "it's")),
    ("name BETWEEN 'a' AND 'b'", lambda n: "a" <= n <= "b"),
    ("name <> 'plain' AND name <> 'abc'", lambda n: n not in ("plain", "abc")),
    # LIKE works on characters, not bytes, and nothing but % and _ is special.
    ("name LIKE 'caf_'", lambda n: n == "caf\u00e9"),
    ("name LIKE '_t_'", lambda n: n == "\u00e9t\u00e9"),
    ("name = 'caf\u00e9'", lambda n: n == "caf\u00e9"),
    ("name > 'caf'", lambda n: n > "caf"),
    ("name LIKE 'a.b'", lambda n: n == "a.b"),
    ("name LIKE 'x+y'", lambda n: n == "x+y"),
    ("name LIKE '(%'", lambda n: n == "(p)"),
    ("name LIKE '[b]'", lambda n: n == "[b]"),
    ("name LIKE '%b'", lambda n: n.endswith("b")),
]


@pytest.mark.parametrize("expression,predicate", NAME_CASES, ids=[c[0] for c in NAME_CASES])
def test_string_literals_and_like(glue, catalog, expression, predicate):
    check(glue, catalog, "names", expression, predicate, [[n] for n in NAMES])


TYPED_CASES = [
    # int: numeric, not string-wise ('9' > '10' as strings).
    ("ints", "year > 9", lambda v: v > 9),
    ("ints", "year < 10", lambda v: v < 10),
    ("ints", "year = 10", lambda v: v == 10),
    ("ints", "year <> 10", lambda v: v != 10),
    ("ints", "year >= 25", lambda v: v >= 25),
    ("ints", "year <= 0", lambda v: v <= 0),
    ("ints", "year > -1", lambda v: v > -1),
    ("ints", "year BETWEEN 2 AND 11", lambda v: 2 <= v <= 11),
    ("ints", "year IN (1, 100, 7)", lambda v: v in (1, 100, 7)),
    ("ints", "year NOT IN (0, 1)", lambda v: v not in (0, 1)),
    ("ints", "NOT year > 9", lambda v: not v > 9),
    ("ints", "year > 9 AND year < 100", lambda v: 9 < v < 100),
    ("bigints", "id > 2147483647", lambda v: v > 2147483647),
    ("bigints", "id < 0", lambda v: v < 0),
    ("bigints", "id = 9223372036854775807", lambda v: v == 9223372036854775807),
    ("bigints", "id BETWEEN -1 AND 3000000000", lambda v: -1 <= v <= 3000000000),
    ("bigints", "id >= -9223372036854775808", lambda v: True),
    ("bigints", "id > 9", lambda v: v > 9),
    ("smallints", "s > 69", lambda v: v > 69),
    ("smallints", "s BETWEEN -7 AND 7", lambda v: -7 <= v <= 7),
    ("tinyints", "t > 29", lambda v: v > 29),
    ("tinyints", "t < 0", lambda v: v < 0),
    ("dates", "d > '2023-01-09'", lambda v: v > dt.date(2023, 1, 9)),
    ("dates", "d BETWEEN '2023-01-01' AND '2023-12-31'", lambda v: v.year == 2023),
    ("dates", "d = '2024-02-29'", lambda v: v == dt.date(2024, 2, 29)),
    ("dates", "d < '2023-01-05'", lambda v: v < dt.date(2023, 1, 5)),
    ("dates", "d <= '2023-01-05'", lambda v: v <= dt.date(2023, 1, 5)),
    ("dates", "d IN ('2023-01-05', '2023-10-01')",
     lambda v: v in (dt.date(2023, 1, 5), dt.date(2023, 10, 1))),
    ("timestamps", "ts > '2023-01-01 12:00:00'", lambda v: v > dt.datetime(2023, 1, 1, 12)),
    ("timestamps", "ts = '2023-06-15 08:00:00'", lambda v: v == dt.datetime(2023, 6, 15, 8)),
    ("timestamps", "ts BETWEEN '2023-01-01 00:00:00' AND '2023-01-01 23:59:59'",
     lambda v: v.date() == dt.date(2023, 1, 1)),
    ("timestamps", "ts < '2023-01-01 12:30:00'", lambda v: v < dt.datetime(2023, 1, 1, 12, 30)),
    ("timestamps", "ts >= '2023-01-01 12:30:00'", lambda v: v >= dt.datetime(2023, 1, 1, 12, 30)),
    # decimal: numeric, so 9.5 < 10.25 < 100 (string-wise '9.5' would be the largest).
    ("decimals", "amount > 9.9", lambda v: v > Decimal("9.9")),
    ("decimals", "amount < 2.75", lambda v: v < Decimal("2.75")),
    ("decimals", "amount = 100", lambda v: v == 100),
    ("decimals", "amount = 100.0", lambda v: v == 100),
    ("decimals", "amount BETWEEN 2.75 AND 10.25", lambda v: Decimal("2.75") <= v <= Decimal("10.25")),
    ("decimals", "amount <= -1.5", lambda v: v <= Decimal("-1.5")),
    ("decimals", "amount >= 10", lambda v: v >= 10),
]


@pytest.mark.parametrize("table,expression,predicate", TYPED_CASES,
                         ids=[f"{c[0]}: {c[1]}" for c in TYPED_CASES])
def test_typed_keys_compare_by_declared_type(glue, catalog, table, expression, predicate):
    _, _, values, convert = TYPED[table]
    check(glue, catalog, table, expression, lambda v: predicate(convert(v)), [[v] for v in values])


MIXED_CASES = [
    ("year > 9 AND region = 'eu'", lambda y, r, d: y > 9 and r == "eu"),
    ("year < 10 OR day > '2023-01-06'", lambda y, r, d: y < 10 or d > dt.date(2023, 1, 6)),
    ("NOT (region = 'us') AND year IN (9, 2023)", lambda y, r, d: r != "us" and y in (9, 2023)),
    ("region LIKE 'e%' AND day BETWEEN '2023-01-01' AND '2023-01-07' AND year >= 10",
     lambda y, r, d: r.startswith("e") and d <= dt.date(2023, 1, 7) and y >= 10),
]


@pytest.mark.parametrize("expression,predicate", MIXED_CASES, ids=[c[0] for c in MIXED_CASES])
def test_mixed_key_types(glue, catalog, expression, predicate):
    def typed(y, r, d):
        return predicate(int(y), r, dt.date.fromisoformat(d))
    check(glue, catalog, "mixed", expression, typed, MIXED)


# Syntax errors: the message must give the position (0- or 1-based offset or column) of the fault.
BAD_SYNTAX = [
    ("year = '2021' AND AND month = '01'", [18]),
    ("year =", [6]),
    ("(year = '2021'", [14]),
    ("year = '2021' OR", [16]),
    ("year == '2021'", [6]),
    ("year = 'unterminated", [7, 20]),
    ("year IN ('2020',", [16]),
    ("year BETWEEN '2020'", [19]),
    ("year LIKE", [9]),
    ("year = '2021' month = '01'", [14]),
    ("year @ '2021'", [5]),
    ("year = '2021')", [13]),
]


@pytest.mark.parametrize("expression,positions", BAD_SYNTAX, ids=[c[0] for c in BAD_SYNTAX])
def test_bad_expression_is_invalid_input_with_position(glue, catalog, expression, positions):
    with glue_error("InvalidInputException") as info:
        glue.get_partitions(DatabaseName=catalog, TableName="ymd", Expression=expression)
    message = info.value.response["Error"]["Message"]
    numbers = {int(n) for n in re.findall(r"\d+", message.replace(expression, ""))}
    acceptable = {p + delta for p in positions for delta in (-1, 0, 1)}
    assert numbers & acceptable, (
        f"message for {expression!r} gives no position near {positions}: {message!r}")


def test_deeply_parenthesised_expression_is_answered_or_rejected(server, glue, catalog):
    depth = 1000
    expression = "(" * depth + "year = '2021'" + ")" * depth
    try:
        got = partition_values(glue, catalog, "ymd", Expression=expression)
    except glue.exceptions.InvalidInputException:
        pass
    else:
        assert len(got) == 12 * 3 and {v[0] for v in got} == {"2021"}
    assert server.alive(), server.log_tail()


def test_long_or_chain(glue, catalog):
    expression = " OR ".join([f"month = '{m}'" for m in MONTHS[:6]] + ["day = '28'"] * 130)
    assert 1500 < len(expression) < 2048
    expected = sorted((y, m, d) for y in YEARS for m in MONTHS for d in DAYS
                      if m in MONTHS[:6] or d == "28")
    assert sorted(partition_values(glue, catalog, "ymd", Expression=expression)) == expected


@pytest.mark.parametrize("expression", [
    "nosuchkey = '1'",
    "year = '2021' AND nosuchkey = '1'",
])
def test_unknown_key_is_invalid_input(glue, catalog, expression):
    with glue_error("InvalidInputException"):
        glue.get_partitions(DatabaseName=catalog, TableName="ymd", Expression=expression)


def test_expression_with_pagination_and_segments(glue, catalog):
    expression = "month IN ('01', '06', '12') AND day <> '15'"
    expected = sorted((y, m, d) for y in YEARS for m in MONTHS for d in DAYS
                      if m in ("01", "06", "12") and d != "15")
    assert sorted(partition_values(glue, catalog, "ymd", Expression=expression,
                                   MaxResults=5)) == expected
    seen = []
    for segment in range(3):
        seen += partition_values(glue, catalog, "ymd", Expression=expression, MaxResults=4,
                                 Segment={"SegmentNumber": segment, "TotalSegments": 3})
    assert sorted(seen) == expected
