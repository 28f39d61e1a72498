"""The code's shape: modules that fit in a head (none over 250 lines in the kit, the services or the gateway), functions
too (none over 50 lines), and a README whose picture of the kit's layers lists exactly the modules each layer folder
holds."""

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 250
FUNCTION_LIMIT = 50
LAYERS = ("lib", "infra", "platform", "runtime")

# Over the limit only while other branches edit them: split each once merged (issue 23 split the last ones).
SPLIT_PENDING: set[str] = set()
# Functions allowed over FUNCTION_LIMIT ("path:Class.function"), each with the reason it reads best in one piece.
LONG_FUNCTIONS: dict[str, str] = {}


def line_counts() -> dict[str, int]:
    files = [p for top in ("tianping", "services", "gateway") for p in (ROOT / top).rglob("*.py")]
    return {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in files}


def test_no_module_is_over_250_lines():
    too_long = {name: n for name, n in line_counts().items() if n > LIMIT and name not in SPLIT_PENDING}
    assert not too_long, f"split these modules (over {LIMIT} lines): {too_long}"


def test_the_split_pending_list_names_only_modules_still_too_long():
    counts = line_counts()
    done = sorted(name for name in SPLIT_PENDING if counts.get(name, 0) <= LIMIT)
    assert not done, f"no longer over {LIMIT} lines (or gone): take them off SPLIT_PENDING: {done}"


def function_lengths() -> dict[str, int]:
    """Every function and method (nested ones too, inside their parent's count as well), by path:qualified name."""
    lengths = {}
    for top in ("tianping", "services", "gateway"):
        for path in (ROOT / top).rglob("*.py"):
            name = str(path.relative_to(ROOT))
            for qualname, node in _functions(ast.parse(path.read_text()), ""):
                lengths[f"{name}:{qualname}"] = node.end_lineno - node.lineno + 1
    return lengths


def _functions(node, prefix: str):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            qualname = f"{prefix}{child.name}"
            if not isinstance(child, ast.ClassDef):
                yield qualname, child
            yield from _functions(child, qualname + ".")
        else:
            yield from _functions(child, prefix)


def test_no_function_is_over_50_lines():
    too_long = {name: n for name, n in function_lengths().items()
                if n > FUNCTION_LIMIT and name not in LONG_FUNCTIONS}
    assert not too_long, f"split these functions where they do more than one thing (over {FUNCTION_LIMIT} lines), " \
                         f"or name them in LONG_FUNCTIONS with the reason: {too_long}"


def test_the_long_functions_list_names_only_functions_still_too_long():
    lengths = function_lengths()
    done = sorted(name for name in LONG_FUNCTIONS if lengths.get(name, 0) <= FUNCTION_LIMIT)
    assert not done, f"no longer over {FUNCTION_LIMIT} lines (or gone): take them off LONG_FUNCTIONS: {done}"


def layer_modules(layer: str) -> set[str]:
    folder = ROOT / "tianping" / layer
    modules = {p.stem for p in folder.glob("*.py") if p.name != "__init__.py"}
    return modules | {p.name for p in folder.iterdir() if (p / "__init__.py").exists()}


def readme_modules(layer: str) -> set[str]:
    """The modules the README's list names for `layer`: the backticked names in its bullet."""
    text = (ROOT / "README.md").read_text()
    bullet = re.search(rf"^- `tianping/{layer}/`:(.*?)(?=^- |^\s*$)", text, re.M | re.S)
    assert bullet, f"the README's kit list has no bullet for tianping/{layer}/"
    return set(re.findall(r"`([a-z_]+)`", bullet.group(1)))


def test_the_readme_lists_each_layers_modules_as_the_folders_hold_them():
    for layer in LAYERS:
        assert readme_modules(layer) == layer_modules(layer), f"README's list for tianping/{layer}/"


def test_the_kit_has_no_module_outside_its_layers():
    loose = sorted(p.name for p in (ROOT / "tianping").glob("*.py") if p.name != "__init__.py")
    assert not loose, f"put these in a layer folder ({', '.join(LAYERS)}): {loose}"


def test_imports_keep_the_layers_and_the_services_independent():
    """The import-linter contracts of pyproject.toml (also `make lint`): imports only downward, no service reaching
    into another but through its contracts.py."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
