"""Table versions: VersionId, archiving by UpdateTable, SkipArchive, optimistic concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from sluice_harness import collect_pages, glue_error, table_input, unique


def versions(glue, db: str, table: str) -> dict[str, str]:
    """VersionId -> Description for every version GetTableVersions lists (all pages)."""
    items, _ = collect_pages(glue.get_table_versions, "TableVersions", DatabaseName=db,
                             TableName=table)
    out = {}
    for v in items:
        assert v["VersionId"] not in out, f"version {v['VersionId']} listed twice"
        assert v["Table"]["Name"] == table
        out[v["VersionId"]] = v["Table"].get("Description")
    return out


def current_version(glue, db: str, table: str) -> str:
    return glue.get_table(DatabaseName=db, Name=table)["Table"]["VersionId"]


def make_versions(glue, db: str, table: str, n: int) -> None:
    """Creates `table` and updates it so it has versions described v1..vn."""
    glue.create_table(DatabaseName=db, TableInput=table_input(table, Description="v1"))
    for i in range(2, n + 1):
        glue.update_table(DatabaseName=db, TableInput=table_input(table, Description=f"v{i}"))


def test_new_table_is_version_1(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("t", Description="v1"))
    assert current_version(glue, database, "t") == "1"
    assert versions(glue, database, "t") == {"1": "v1"}


def test_update_archives_previous_version(glue, database):
    make_versions(glue, database, "t", 3)
    assert current_version(glue, database, "t") == "3"
    assert versions(glue, database, "t") == {"1": "v1", "2": "v2", "3": "v3"}
    for vid, desc in (("1", "v1"), ("2", "v2"), ("3", "v3")):
        tv = glue.get_table_version(DatabaseName=database, TableName="t", VersionId=vid)
        assert tv["TableVersion"]["VersionId"] == vid
        assert tv["TableVersion"]["Table"]["Description"] == desc
        assert tv["TableVersion"]["Table"]["Name"] == "t"


def test_get_table_version_by_mixed_case_names(glue, database):
    make_versions(glue, database, "t", 2)
    tv = glue.get_table_version(DatabaseName=database.upper(), TableName="T", VersionId="1")
    assert tv["TableVersion"]["Table"]["Description"] == "v1"


def test_skip_archive_does_not_keep_previous_version(glue, database):
    make_versions(glue, database, "t", 2)
    glue.update_table(DatabaseName=database, TableInput=table_input("t", Description="v3"),
                      SkipArchive=True)
    listed = versions(glue, database, "t")
    assert sorted(listed.values()) == ["v1", "v3"], listed
    assert glue.get_table(DatabaseName=database, Name="t")["Table"]["Description"] == "v3"


def test_update_with_current_version_id_succeeds(glue, database):
    make_versions(glue, database, "t", 2)
    glue.update_table(DatabaseName=database, TableInput=table_input("t", Description="v3"),
                      VersionId="2")
    assert current_version(glue, database, "t") == "3"


def test_update_with_stale_version_id_is_concurrent_modification(glue, database):
    make_versions(glue, database, "t", 3)
    with glue_error("ConcurrentModificationException"):
        glue.update_table(DatabaseName=database, TableInput=table_input("t", Description="lost"),
                          VersionId="2")
    table = glue.get_table(DatabaseName=database, Name="t")["Table"]
    assert table["Description"] == "v3"
    assert table["VersionId"] == "3"
    assert "lost" not in versions(glue, database, "t").values()


def test_version_ids_increase_and_are_never_reused(glue, database):
    make_versions(glue, database, "t", 4)
    glue.delete_table_version(DatabaseName=database, TableName="t", VersionId="3")
    glue.update_table(DatabaseName=database, TableInput=table_input("t", Description="v5"))
    listed = versions(glue, database, "t")
    assert listed == {"1": "v1", "2": "v2", "4": "v4", "5": "v5"}
    assert current_version(glue, database, "t") == "5"


def test_get_missing_version_is_entity_not_found(glue, database):
    make_versions(glue, database, "t", 2)
    with glue_error("EntityNotFoundException"):
        glue.get_table_version(DatabaseName=database, TableName="t", VersionId="99")
    with glue_error("EntityNotFoundException"):
        glue.get_table_version(DatabaseName=database, TableName="nope", VersionId="1")
    with glue_error("EntityNotFoundException"):
        glue.get_table_versions(DatabaseName=database, TableName="nope")
    with glue_error("EntityNotFoundException"):
        glue.get_table_versions(DatabaseName=unique("missing"), TableName="t")


def test_delete_table_version(glue, database):
    make_versions(glue, database, "t", 3)
    glue.delete_table_version(DatabaseName=database, TableName="t", VersionId="1")
    with glue_error("EntityNotFoundException"):
        glue.get_table_version(DatabaseName=database, TableName="t", VersionId="1")
    assert versions(glue, database, "t") == {"2": "v2", "3": "v3"}
    with glue_error("EntityNotFoundException"):
        glue.delete_table_version(DatabaseName=database, TableName="t", VersionId="1")
    with glue_error("EntityNotFoundException"):
        glue.delete_table_version(DatabaseName=database, TableName="nope", VersionId="1")


def test_batch_delete_table_version_reports_missing_versions(glue, database):
    make_versions(glue, database, "t", 4)
    resp = glue.batch_delete_table_version(DatabaseName=database, TableName="t",
                                           VersionIds=["1", "2", "77"])
    errors = resp.get("Errors", [])
    assert [e["VersionId"] for e in errors] == ["77"]
    assert errors[0]["ErrorDetail"]["ErrorCode"] == "EntityNotFoundException"
    assert versions(glue, database, "t") == {"3": "v3", "4": "v4"}


def test_batch_delete_table_version_of_missing_table_is_entity_not_found(glue, database):
    with glue_error("EntityNotFoundException"):
        glue.batch_delete_table_version(DatabaseName=database, TableName="nope", VersionIds=["1"])


def test_batch_delete_table_version_over_100_ids_is_invalid_input(glue, database):
    make_versions(glue, database, "t", 2)
    with glue_error("InvalidInputException"):
        glue.batch_delete_table_version(DatabaseName=database, TableName="t",
                                        VersionIds=["1"] + [str(i) for i in range(100, 200)])
    assert versions(glue, database, "t") == {"1": "v1", "2": "v2"}


def test_versions_belong_to_their_table(glue, database):
    make_versions(glue, database, "a", 3)
    make_versions(glue, database, "b", 2)
    assert versions(glue, database, "a") == {"1": "v1", "2": "v2", "3": "v3"}
    assert versions(glue, database, "b") == {"1": "v1", "2": "v2"}


def test_concurrent_updates_with_the_same_version_id_let_exactly_one_win(glue, database):
    glue.create_table(DatabaseName=database, TableInput=table_input("t", Description="v1"))

    def update(i: int) -> str:
        try:
            glue.update_table(DatabaseName=database, VersionId="1",
                              TableInput=table_input("t", Description=f"writer{i}"))
            return "ok"
        except ClientError as e:
            return e.response["Error"]["Code"]

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(update, range(8)))
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "ConcurrentModificationException"}, outcomes
    listed = versions(glue, database, "t")
    assert len(listed) == 2 and listed["1"] == "v1", listed
    assert current_version(glue, database, "t") != "1"


def test_versions_of_a_deleted_table_are_gone(glue, database):
    make_versions(glue, database, "t", 3)
    glue.delete_table(DatabaseName=database, Name="t")
    with glue_error("EntityNotFoundException"):
        glue.get_table_versions(DatabaseName=database, TableName="t")
    with glue_error("EntityNotFoundException"):
        glue.get_table_version(DatabaseName=database, TableName="t", VersionId="2")
