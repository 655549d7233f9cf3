"""The shape of lab/ that the architecture promises: no import cycle, no module over 400 lines,
shared widgets shared by two tabs or more, tabs that never search for each other."""

import ast
from pathlib import Path

LAB = Path(__file__).resolve().parent.parent / "lab"
MAX_LINES = 400


def _modules():
    """{dotted name: path} of every module in lab/ (a package by its __init__)."""
    modules = {}
    for path in LAB.rglob("*.py"):
        parts = path.relative_to(LAB.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _imports(path, modules):
    """The lab modules ``path`` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found |= {name for name in names if name in modules}
    return found


def test_no_import_cycle():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    done, cycles = set(), []

    def visit(name, stack):
        for target in sorted(graph[name]):
            if target in stack:
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in done:
                visit(target, stack + [target])
        done.add(name)

    for name in sorted(graph):
        if name not in done:
            visit(name, [name])
    # a package's __init__ re-exporting its own modules is not a cycle between modules
    cycles = [c for c in cycles if not all(m.startswith(c[0] + ".") or m == c[0] for m in c)]
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_no_module_over_400_lines():
    long = {str(path.relative_to(LAB.parent)): n for path in LAB.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_shared_widgets_are_used_by_two_tabs_or_more():
    modules = _modules()
    tabs = {path.name for path in (LAB / "gui" / "tabs").iterdir() if path.is_dir()
            and not path.name.startswith("_")}
    for widget in (LAB / "gui" / "widgets").glob("*.py"):
        if widget.name == "__init__.py":
            continue
        name = f"lab.gui.widgets.{widget.stem}"
        users = {tab for tab in tabs for path in (LAB / "gui" / "tabs" / tab).rglob("*.py")
                 if name in _imports(path, modules)}
        if name in _imports(LAB / "gui" / "tabs" / "base.py", modules):
            users |= tabs  # the base class of every tab uses it
        assert len(users) >= 2, \
            f"{name} is used by {sorted(users) or 'no tab'}: it belongs in that tab's folder"


def test_tabs_never_search_the_widget_tree_for_each_other():
    for path in (LAB / "gui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "findChildren(" not in text, path
        assert "hasattr(" not in text, path
