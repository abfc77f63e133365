"""The project's modules import each other in one direction, at the top of the file.

A cycle between two modules is hidden by importing inside a function; both tests read the source with `ast`, so
they see every module whether or not a test imports it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("accounts", "audit", "director", "learning", "ratelimit", "studio_project")


def project_modules():
    """{dotted name: path} of every project module, migrations left out."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = project_modules()


def imported(node, module):
    """The project modules an Import/ImportFrom node names (`from a import b` is a.b when a.b is a module)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:  # relative: resolve against this module's package
            package = module.split(".")
            if not MODULES[module].name == "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, base] if base else package)
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
    found = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name:
            found.add(name)
    return found


def is_function_level(node, parents):
    return any(isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) for p in parents)


def walk_imports(tree):
    """(node, inside a function?) for every import in the tree."""
    stack = [(tree, ())]
    while stack:
        node, parents = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, is_function_level(child, (*parents, node))
            stack.append((child, (*parents, node)))


def is_type_checking(node, tree):
    for block in ast.walk(tree):
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test) and node in ast.walk(block):
            return True
    return False


def module_graph():
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(), str(path))
        graph[module] = set()
        for node, local in walk_imports(tree):
            if not local and not is_type_checking(node, tree):
                graph[module] |= imported(node, module) - {module}
    return graph


def find_cycle(graph):
    """One import cycle as a list of modules (first == last), or None."""
    state = {}
    path = []

    def visit(module):
        state[module] = "open"
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


def comment_above(lines, index):
    """Whether a comment stands right above line `index`, or above the block of imports it is in."""
    index -= 1
    while index >= 0 and lines[index].strip().startswith(("from ", "import ")):
        index -= 1
    return index >= 0 and lines[index].strip().startswith("#")


def test_the_walk_sees_the_projects_modules_and_their_imports():
    graph = module_graph()
    assert {"director.transitions", "director.commands", "director.tasks", "learning.services"} <= set(graph)
    assert "director.transitions" in graph["director.commands"]
    assert "director.transitions" in graph["director.tasks"]


def test_find_cycle_reports_the_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_level_import_cycle():
    cycle = find_cycle(module_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_every_function_local_project_import_says_why():
    unexplained = []
    for module, path in MODULES.items():
        source = path.read_text()
        lines = source.splitlines()
        tree = ast.parse(source, str(path))
        for node, local in walk_imports(tree):
            if not local or not imported(node, module):
                continue
            here = lines[node.lineno - 1]
            if "#" not in here and not comment_above(lines, node.lineno - 1):
                unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}: {here.strip()}")
    assert not unexplained, "function-local imports without a comment saying why:\n" + "\n".join(unexplained)
