"""No first-party module imports itself back, directly or round a loop (an import inside a function counts too:
it only hides the loop until the function runs)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_APPS = {"tests", "bench"}


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every first-party module (migrations aside): dotted name -> (file, is a package)."""
    found = {}
    for package in ROOT.iterdir():
        if package.name in NOT_APPS or not (package / "__init__.py").exists():
            continue
        for path in package.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _owner(name: str, modules) -> str | None:
    """The module an imported name lives in (``a.b.c`` may be the function c of module a.b)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, *([node.module] if node.module else [])])
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            for target in targets:
                owner = _owner(target, modules)
                if owner is not None and owner != name:
                    graph[name].add(owner)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_first_party_module_imports_itself_back():
    assert cycles(import_graph()) == []


def test_the_check_finds_a_loop():
    """The check itself can fail: two modules that import each other are one loop."""
    graph = import_graph()
    graph["people.services"].add("people.selectors")
    graph["people.selectors"].add("people.services")
    assert ["people.selectors", "people.services"] in cycles(graph)


def test_core_imports_no_feature_app():
    """core is imported by every feature; composing the features (demo data, what follows migrate) is dacase's."""
    foundation = {"core", "accounts", "audit"}
    features = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()} - foundation
    assert {"people", "risk", "dacase"} <= features
    graph = import_graph()
    reached = {
        target.split(".")[0] for name, targets in graph.items() if name.split(".")[0] == "core" for target in targets
    }
    assert reached & features == set()
