"""The classifier API: CreateClassifier, GetClassifier, GetClassifiers, UpdateClassifier,
DeleteClassifier for the four kinds (CsvClassifier, GrokClassifier, JsonClassifier,
XMLClassifier), their errors, and how crawlers refer to classifiers.
"""

from __future__ import annotations

import datetime

import pytest

from crawler_harness import ROLE, error_message, glue_error, unique

KINDS = ["CsvClassifier", "GrokClassifier", "JsonClassifier", "XMLClassifier"]


def spec(kind: str, name: str) -> dict:
    """A full, valid definition of each kind."""
    return {
        "CsvClassifier": {"Name": name, "Delimiter": ";", "QuoteSymbol": "'",
                          "ContainsHeader": "PRESENT", "Header": ["id", "name", "amount"],
                          "DisableValueTrimming": False, "AllowSingleColumn": True},
        "GrokClassifier": {"Name": name, "Classification": "applog",
                           "GrokPattern": "%{TIMESTAMP_ISO8601:ts} %{LOGLEVEL:level} %{MYWORD:msg}",
                           "CustomPatterns": "MYWORD [a-z]+"},
        "JsonClassifier": {"Name": name, "JsonPath": "$.records[*]"},
        "XMLClassifier": {"Name": name, "Classification": "xml", "RowTag": "row"},
    }[kind]


@pytest.fixture
def classifiers(glue):
    """Names created through it are deleted after the test."""
    made: list[str] = []

    def create(kind: str, **fields) -> str:
        body = {**spec(kind, unique("cls")), **fields}
        glue.create_classifier(**{kind: body})
        made.append(body["Name"])
        return body["Name"]

    yield create
    for name in made:
        try:
            glue.delete_classifier(Name=name)
        except Exception:  # noqa: BLE001  (already deleted by the test)
            pass


@pytest.mark.parametrize("kind", KINDS)
def test_create_get_round_trip(glue, classifiers, kind):
    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
    name = classifiers(kind)
    got = glue.get_classifier(Name=name)["Classifier"]
    assert list(got) == [kind], "exactly one kind member"
    c = got[kind]
    for key, value in spec(kind, name).items():
        assert c[key] == value, key
    assert c["Version"] == 1
    assert c["CreationTime"] >= before
    assert c["LastUpdated"] >= c["CreationTime"]


@pytest.mark.parametrize("kind", KINDS)
def test_create_twice_is_already_exists(glue, classifiers, kind):
    name = classifiers(kind)
    with glue_error("AlreadyExistsException") as info:
        glue.create_classifier(**{kind: spec(kind, name)})
    assert name in error_message(info)
    assert glue.get_classifier(Name=name)["Classifier"][kind]["Version"] == 1


def test_same_name_cannot_be_two_kinds(glue, classifiers):
    name = classifiers("CsvClassifier")
    with glue_error("AlreadyExistsException"):
        glue.create_classifier(JsonClassifier=spec("JsonClassifier", name))
    assert list(glue.get_classifier(Name=name)["Classifier"]) == ["CsvClassifier"]


def test_update_merges_fields_and_bumps_version(glue, classifiers):
    name = classifiers("CsvClassifier")
    created = glue.get_classifier(Name=name)["Classifier"]["CsvClassifier"]
    glue.update_classifier(CsvClassifier={"Name": name, "Delimiter": "|"})
    c = glue.get_classifier(Name=name)["Classifier"]["CsvClassifier"]
    assert c["Delimiter"] == "|"
    assert c["QuoteSymbol"] == "'" and c["Header"] == ["id", "name", "amount"]
    assert c["Version"] == 2
    assert c["CreationTime"] == created["CreationTime"]
    assert c["LastUpdated"] >= created["LastUpdated"]

    glue.update_classifier(CsvClassifier={"Name": name, "ContainsHeader": "UNKNOWN",
                                          "Header": []})
    c = glue.get_classifier(Name=name)["Classifier"]["CsvClassifier"]
    assert (c["ContainsHeader"], c["Header"], c["Version"]) == ("UNKNOWN", [], 3)


@pytest.mark.parametrize("kind,changes", [
    ("JsonClassifier", {"JsonPath": "$[*]"}),
    ("XMLClassifier", {"RowTag": "item", "Classification": "feed"}),
    ("GrokClassifier", {"GrokPattern": "%{WORD:w}"}),
])
def test_update_each_kind(glue, classifiers, kind, changes):
    name = classifiers(kind)
    glue.update_classifier(**{kind: {"Name": name, **changes}})
    c = glue.get_classifier(Name=name)["Classifier"][kind]
    for key, value in changes.items():
        assert c[key] == value
    assert c["Version"] == 2


def test_update_cannot_change_the_kind(glue, classifiers):
    name = classifiers("CsvClassifier")
    with glue_error("InvalidInputException") as info:
        glue.update_classifier(JsonClassifier={"Name": name, "JsonPath": "$[*]"})
    msg = error_message(info)
    assert "CsvClassifier" in msg and "JsonClassifier" in msg and "recreate" in msg
    c = glue.get_classifier(Name=name)["Classifier"]
    assert list(c) == ["CsvClassifier"] and c["CsvClassifier"]["Version"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_missing_classifier_is_entity_not_found(glue, kind):
    name = unique("nosuch")
    for call in (lambda: glue.get_classifier(Name=name),
                 lambda: glue.delete_classifier(Name=name),
                 lambda: glue.update_classifier(**{kind: spec(kind, name)})):
        with glue_error("EntityNotFoundException") as info:
            call()
        assert name in error_message(info)


BAD_CLASSIFIERS = [
    # (CreateClassifier arguments, words the message must contain)
    ({"CsvClassifier": {"Name": "NAME", "Delimiter": ",", "QuoteSymbol": ","}},
     ["Delimiter", "QuoteSymbol", "differ"]),
    ({"JsonClassifier": {"Name": "NAME", "JsonPath": "records[*]"}}, ["JsonPath", "$"]),
    ({"CsvClassifier": {"Name": "NAME"}, "JsonClassifier": {"Name": "NAME", "JsonPath": "$"}},
     ["exactly one"]),
    ({}, ["CsvClassifier", "GrokClassifier", "JsonClassifier", "XMLClassifier"]),
]


@pytest.mark.parametrize("args,words", BAD_CLASSIFIERS,
                         ids=[f"bad{i}" for i in range(len(BAD_CLASSIFIERS))])
def test_bad_classifier_is_invalid_input(glue, args, words):
    name = unique("bad")
    args = {k: {**v, "Name": name} for k, v in args.items()}
    with glue_error("InvalidInputException") as info:
        glue.create_classifier(**args)
    for w in words:
        assert w in error_message(info), f"{w!r} not in {error_message(info)!r}"
    with glue_error("EntityNotFoundException"):
        glue.get_classifier(Name=name)


def test_update_to_an_invalid_definition_is_refused(glue, classifiers):
    name = classifiers("CsvClassifier")  # Delimiter ';', QuoteSymbol "'"
    with glue_error("InvalidInputException"):
        glue.update_classifier(CsvClassifier={"Name": name, "QuoteSymbol": ";"})
    json_name = classifiers("JsonClassifier")
    with glue_error("InvalidInputException"):
        glue.update_classifier(JsonClassifier={"Name": json_name, "JsonPath": "records"})
    c = glue.get_classifier(Name=name)["Classifier"]["CsvClassifier"]
    assert (c["Delimiter"], c["QuoteSymbol"], c["Version"]) == (";", "'", 1)
    j = glue.get_classifier(Name=json_name)["Classifier"]["JsonClassifier"]
    assert (j["JsonPath"], j["Version"]) == ("$.records[*]", 1)


def test_get_classifiers_lists_all_kinds_with_pages(glue, classifiers):
    names = {kind: classifiers(kind) for kind in KINDS}
    seen: dict[str, list[str]] = {}
    token, pages = None, 0
    while True:
        page = glue.get_classifiers(MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["Classifiers"]) <= 2
        for c in page["Classifiers"]:
            (kind, body), = c.items()
            seen.setdefault(body["Name"], []).append(kind)
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
        assert pages < 200
    for kind, name in names.items():
        assert seen.get(name) == [kind], f"{name} listed as {seen.get(name)}"
    assert all(len(kinds) == 1 for kinds in seen.values()), "a classifier was listed twice"


def test_delete_then_gone(glue, classifiers):
    name = classifiers("XMLClassifier")
    glue.delete_classifier(Name=name)
    with glue_error("EntityNotFoundException"):
        glue.get_classifier(Name=name)
    with glue_error("EntityNotFoundException"):
        glue.delete_classifier(Name=name)
    listed = [next(iter(c.values()))["Name"]
              for c in glue.get_classifiers(MaxResults=1000)["Classifiers"]]
    assert name not in listed


def test_crawler_refers_to_classifiers(glue, classifiers, crawler, database):
    csv_name = classifiers("CsvClassifier")
    json_name = classifiers("JsonClassifier")
    name = crawler.create(DatabaseName=database,
                          Targets={"S3Targets": [{"Path": "s3://somebucket/a/"}]},
                          Classifiers=[csv_name, json_name])
    assert glue.get_crawler(Name=name)["Crawler"]["Classifiers"] == [csv_name, json_name]

    # a classifier in use cannot be deleted; the message names the crawler
    with glue_error("InvalidInputException") as info:
        glue.delete_classifier(Name=json_name)
    assert name in error_message(info) and json_name in error_message(info)
    assert glue.get_classifier(Name=json_name)["Classifier"]["JsonClassifier"]["Name"] == \
        json_name

    # once the crawler no longer lists it, it can be deleted
    glue.update_crawler(Name=name, Classifiers=[csv_name])
    glue.delete_classifier(Name=json_name)
    with glue_error("EntityNotFoundException"):
        glue.get_classifier(Name=json_name)
    # deleting the crawler frees the other one
    glue.delete_crawler(Name=name)
    glue.delete_classifier(Name=csv_name)


def test_crawler_with_a_deleted_classifier_name_is_refused(glue, classifiers, database):
    name = classifiers("GrokClassifier")
    glue.delete_classifier(Name=name)
    crawler_name = unique("crawler")
    with glue_error("EntityNotFoundException") as info:
        glue.create_crawler(Name=crawler_name, Role=ROLE, DatabaseName=database,
                            Targets={"S3Targets": [{"Path": "s3://somebucket/a/"}]},
                            Classifiers=[name])
    assert name in error_message(info)
    with glue_error("EntityNotFoundException"):
        glue.get_crawler(Name=crawler_name)
