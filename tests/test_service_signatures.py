"""Every public service function (a module-level function of an app's services.py or services/ package whose name
does not start with ``_``) takes keyword arguments only, with every parameter and the return typed: a caller
names what it passes, and mypy (make lint) checks the types."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_APPS = {"tests", "bench"}


def service_modules() -> list[Path]:
    found = []
    for app in sorted(ROOT.iterdir()):
        if app.name in NOT_APPS or not (app / "__init__.py").exists():
            continue
        found += [app / "services.py"] if (app / "services.py").exists() else []
        found += sorted((app / "services").glob("*.py")) if (app / "services").is_dir() else []
    return found


def faults(path: Path, source: str | None = None) -> list[str]:
    """What is wrong with each public service function of the module: positional parameters, untyped ones."""
    tree = ast.parse(path.read_text() if source is None else source, str(path))
    where = path.relative_to(ROOT) if path.is_absolute() else path
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        if positional or args.vararg:
            found.append(f"{where}:{node.lineno} {node.name}: positional {positional or '*' + args.vararg.arg}")
        untyped = [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs] if a.annotation is None]
        untyped += [f"**{args.kwarg.arg}"] if args.kwarg and args.kwarg.annotation is None else []
        if untyped:
            found.append(f"{where}:{node.lineno} {node.name}: untyped {untyped}")
        if node.returns is None:
            found.append(f"{where}:{node.lineno} {node.name}: no return type")
    return found


def test_public_services_are_keyword_only_and_typed():
    modules = service_modules()
    assert len(modules) > 10
    assert [fault for path in modules for fault in faults(path)] == []


def test_the_check_finds_a_positional_or_untyped_service():
    """The check itself can fail."""
    path = ROOT / "people" / "services.py"
    source = (
        "def person_poke(person: int, *, why: str) -> None: ...\n"
        "def person_prod(*, person) -> None: ...\n"
        "def person_nudge(*, person: int): ...\n"
        "def _helper(person): ...\n"
    )
    assert faults(path, source) == [
        "people/services.py:1 person_poke: positional ['person']",
        "people/services.py:2 person_prod: untyped ['person']",
        "people/services.py:3 person_nudge: no return type",
    ]
