"""README's Layout section matches the tree, and tests sit in tests/<app>/test_<module or feature>.py."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _layout():
    """README's Layout block as {top-level entry: [the entries listed under it]}."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    layout, top = {}, None
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        names = line.strip().split("   ")[0].split("  ")[0]
        if line.strip() and indent == 0:
            top = names
            layout[top] = []
        elif line.strip() and indent == 2:
            layout[top] += [name.strip() for name in names.split(",")]
    return layout


def test_every_entry_of_the_readme_layout_exists():
    for top, entries in _layout().items():
        assert (ROOT / top).exists(), top
        for entry in entries:
            assert (ROOT / top / entry).exists(), f"{top}{entry}"


def test_the_readme_layout_names_every_package_and_every_test_folder():
    layout = _layout()
    packages = {f"{path.parent.name}/" for path in ROOT.glob("*/__init__.py")} | {"docs/", "templates/", "static/"}
    assert packages <= set(layout), packages - set(layout)
    folders = {f"{path.name}/" for path in (ROOT / "tests").iterdir() if path.is_dir() and path.name != "__pycache__"}
    assert folders == {entry for entry in layout["tests/"] if entry.endswith("/")}


def test_tests_are_laid_out_by_app_not_by_phase():
    """tests/<app>/test_<module or feature>.py: every test file sits one folder down, in a folder the layout names."""
    test_files = list((ROOT / "tests").rglob("test_*.py"))
    assert test_files
    assert all(path.parent.parent == ROOT / "tests" for path in test_files), [
        str(path.relative_to(ROOT)) for path in test_files if path.parent.parent != ROOT / "tests"
    ]
