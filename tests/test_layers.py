"""The layer rules of ARCHITECTURE.md, checked on the source."""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "djrh_desktop"
BELOW_UI = ("domain", "store", "services", "reports", "exchange")
# demo/ is a writer of its own beside the services: it may use them (setup, sessions), they not it.
ORDER = {"domain": 0, "store": 1, "reports": 1, "exchange": 1, "services": 2, "demo": 2.5, "ui": 3}


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                parts = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                found.append(".".join(parts + ((node.module,) if node.module else ())))
            else:
                found.append(node.module or "")
    return found


def files(layer):
    return sorted((PACKAGE / layer).rglob("*.py"))


def test_no_qt_below_ui():
    for layer in BELOW_UI:
        for f in files(layer):
            assert not [m for m in imports(f) if m.startswith("PySide6")], f"{f} imports PySide6"


def test_domain_has_no_sql_and_no_upper_layers():
    for f in files("domain"):
        for m in imports(f):
            assert not m.startswith(("sqlite3", "sqlite_utils", "PySide6")), f"{f} imports {m}"
            assert not m.startswith("djrh_desktop.") or m.startswith("djrh_desktop.domain"), (
                f"{f} imports {m}"
            )


def test_imports_flow_downwards():
    for layer, rank in ORDER.items():
        for f in files(layer):
            for m in imports(f):
                if m.startswith("djrh_desktop."):
                    other = m.split(".")[1]
                    if other in ORDER:
                        assert ORDER[other] <= rank and (other == layer or ORDER[other] < rank), (
                            f"{f} imports {m}"
                        )


def test_tables_written_only_in_store_and_services():
    # SQL write statements, and sqlite-utils table writes such as db["members"].insert(...)
    writes = re.compile(
        r"INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|\]\s*\.\s*(insert|insert_all|update|upsert|delete)\(",
        re.I,
    )
    for f in PACKAGE.rglob("*.py"):
        layer = f.relative_to(PACKAGE).parts[0]
        if layer in ("store", "services", "demo"):
            continue
        found = writes.search(f.read_text("utf-8"))
        assert not found, f"{f} writes tables: {found.group(0)}"


def test_no_sql_and_no_store_reads_under_ui():
    """Screens read through the services with the signed-in session (issue 13): no .execute/.query,
    and of the store only opening the file (connection, location)."""
    for f in files("ui"):
        text = f.read_text("utf-8")
        assert not re.search(r"\.(execute|query|executemany)\(", text), f"{f} runs SQL"
        for m in imports(f):
            if m.startswith("djrh_desktop.store"):
                assert m in ("djrh_desktop.store", "djrh_desktop.store.connection", "djrh_desktop.store.location"), (
                    f"{f} imports {m}"
                )
        assert not re.search(r"ctx\.db\b", text), f"{f} uses a bare connection"


# Reads before anyone is signed in (opening, sign-in, setup) and the program acting on its own.
BARE_DATABASE_ALLOWED = {
    "users.has_users", "users.sign_in", "users.login_banner", "setup.initialise", "session.system_session",
}  # fmt: skip


def test_public_services_take_the_session_not_a_bare_database():
    found = []
    for f in files("services"):
        tree = ast.parse(f.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.args.args:
                first = node.args.args[0]
                if isinstance(first.annotation, ast.Name) and first.annotation.id == "Database":
                    name = f"{f.stem}.{node.name}"
                    if name not in BARE_DATABASE_ALLOWED:
                        found.append(name)
    assert not found, f"public services taking a bare Database: {found}"


def test_sql_lives_in_the_store():
    """The services decide who may do what and call the store, where every SQL statement lives by topic."""
    sql = re.compile(r"\.(execute|executemany|query)\(|\bdb\[\"|\.db\[\"")
    for f in files("services"):
        found = sql.search(f.read_text("utf-8"))
        assert not found, f"{f} runs SQL itself: {found.group(0)}"
