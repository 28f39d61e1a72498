"""Move the flat kit (`tianping/<module>.py`) into its layer folders and rewrite every reference to the old paths.

    python tools/relayer.py            # move what is still flat (git mv), then rewrite imports and dotted names
    python tools/relayer.py --check    # exit 1 and list the files that still use an old path (nothing is changed)

Deterministic and idempotent: run it again after merging a branch written against the flat kit and it rewrites that
branch's `from tianping import schemas`, `from tianping.schemas import X`, `import tianping.blacklist`,
`"tianping.clock.now"` (monkeypatch targets), `python -m tianping.launcher`, `tianping/audit.py` (paths in docs) and,
inside the kit, relative imports (`from . import db`, `from .errors import X`), to the layered paths. The kit itself
imports absolutely (`from tianping.lib import clock`), so a relative import left in the kit is always pre-move code.
"""

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "tianping"

LAYERS = {
    "lib": ("config", "errors", "schemas", "clock", "periods", "paging", "trail", "envelope", "logs", "fields",
            "quantities"),
    "infra": ("db", "store", "amqp", "rpc", "bulk", "groupcommit", "roundtrips", "metrics", "broker", "deadletters",
              "probes", "jwt_secret"),
    "platform": ("blacklist", "subjects", "audit", "deadlines", "lifecycle", "claims", "signals", "retention",
                 "outbox", "commands", "contracts", "usecase", "health", "deadline_schemas", "testclock",
                 "blacklist_restore", "sanctions", "sanction_views"),
    "runtime": ("launcher", "entrypoint", "observe", "backup"),
}
LAYER_OF = {module: layer for layer, modules in LAYERS.items() for module in modules}
DATA_FILES = {"rule_catalogue.json": "lib"}  # read beside the module that uses it (schemas)

# Text that names an old location in a way no pattern below can see.
LITERALS = {'"tianping" / "rule_catalogue.json"': '"tianping" / "lib" / "rule_catalogue.json"',
            'ROOT.glob("tianping/*.py")': 'ROOT.glob("tianping/**/*.py")'}

_NAMES = "|".join(sorted(LAYER_OF, key=len, reverse=True))
DOTTED = re.compile(rf"(?<![\w.])tianping\.({_NAMES})\b")
PATH = re.compile(rf"(?<![\w/])tianping/({_NAMES})\.py\b")
DATA_PATH = re.compile(rf"(?<![\w/])tianping/({'|'.join(map(re.escape, DATA_FILES))})")

TEXT_SUFFIXES = {".py", ".md", ".toml", ".yaml", ".yml", ".cfg", ".ini", ".txt", ".html"}
TEXT_NAMES = {"Makefile", "Dockerfile", "run"}
SKIP = ("tools/relayer.py", "tests/test_relayer.py", "bench/results/", "constraints.txt")


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    return [ROOT / name for name in out if not name.startswith(SKIP)
            and (Path(name).suffix in TEXT_SUFFIXES or Path(name).name in TEXT_NAMES)]


# -- moves ---------------------------------------------------------------------------------------------------------
def move(dry: bool) -> list[str]:
    moved = []
    for layer in LAYERS:
        init = KIT / layer / "__init__.py"
        if not init.exists() and not dry:
            init.parent.mkdir(exist_ok=True)
            init.write_text(f'"""The kit\'s {layer} layer (see the README\'s picture of the layers)."""\n')
            subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
    wanted = {f"{m}.py": LAYER_OF[m] for m in LAYER_OF} | DATA_FILES
    for name, layer in sorted(wanted.items()):
        old, new = KIT / name, KIT / layer / name
        if old.exists() and not new.exists():
            moved.append(f"{old.relative_to(ROOT)} -> {new.relative_to(ROOT)}")
            if not dry:
                subprocess.run(["git", "mv", str(old), str(new)], cwd=ROOT, check=True)
    return moved


# -- imports -------------------------------------------------------------------------------------------------------
def _layer_dir(path: Path) -> str | None:
    """The layer a kit file lives in, or None outside the layer folders."""
    try:
        parts = path.relative_to(KIT).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in LAYERS else None


def _module_for(name: str, own_layer: str | None) -> str | None:
    """Absolute module of kit module `name` as seen from a file of `own_layer` (None: not a module)."""
    if name in LAYER_OF:
        return f"tianping.{LAYER_OF[name]}.{name}"
    if own_layer and ((KIT / own_layer / f"{name}.py").exists() or (KIT / own_layer / name).is_dir()):
        return f"tianping.{own_layer}.{name}"
    return None


def _alias(alias: ast.alias) -> str:
    return alias.name + (f" as {alias.asname}" if alias.asname else "")


def _rewrite_from(node: ast.ImportFrom, path: Path) -> list[str] | None:
    """Replacement statements for an import of the kit's root or a relative import inside the kit; None = keep."""
    in_kit = path.is_relative_to(KIT)
    own_layer = _layer_dir(path)
    if node.level == 0 and node.module != "tianping":
        return None
    if node.level and not in_kit:
        return None
    if node.level == 0 or (node.level == 1 and own_layer is None) or (node.level == 2 and own_layer):
        base = None  # the package `tianping` itself
    elif node.level == 1:
        base = own_layer
    else:
        return None
    if node.level and node.module:  # from .x import Y / from ..x import Y
        if base is None:
            target = _module_for(node.module, None) or f"tianping.{node.module}"
        else:
            target = _module_for(node.module, base) or f"tianping.{base}.{node.module}"
        return [f"from {target} import {', '.join(_alias(a) for a in node.names)}"]
    groups: dict[str, list[str]] = {}  # from . import a, b / from tianping import a, b
    for alias in node.names:
        module = _module_for(alias.name, base)
        package = module.rsplit(".", 1)[0] if module else "tianping"
        groups.setdefault(package, []).append(_alias(alias))
    return [f"from {package} import {', '.join(names)}" for package, names in groups.items()]


def rewrite_imports(path: Path, text: str) -> str:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            new = _rewrite_from(node, path)
            if new is None:
                continue
            first, last = node.lineno - 1, node.end_lineno - 1
            indent = lines[first][:node.col_offset]
            head = lines[first][:node.col_offset]
            if head.strip():  # `x; from . import y` — not written in this code base; leave it alone
                continue
            tail = lines[last][node.end_col_offset:]
            replacement = "".join(f"{indent}{stmt}\n" for stmt in new[:-1]) + f"{indent}{new[-1]}{tail}"
            if "".join(lines[first:last + 1]) != replacement:
                edits.append((first, last, replacement))
    for first, last, replacement in sorted(edits, reverse=True):
        lines[first:last + 1] = [replacement]
    return "".join(lines)


def rewrite_text(text: str) -> str:
    for old, new in LITERALS.items():
        text = text.replace(old, new)
    text = DOTTED.sub(lambda m: f"tianping.{LAYER_OF[m[1]]}.{m[1]}", text)
    text = PATH.sub(lambda m: f"tianping/{LAYER_OF[m[1]]}/{m[1]}" + ("/" if (KIT / LAYER_OF[m[1]] / m[1]).is_dir()
                                                                       else ".py"), text)
    return DATA_PATH.sub(lambda m: f"tianping/{DATA_FILES[m[1]]}/{m[1]}", text)


def rewrite(dry: bool) -> list[str]:
    changed = []
    for path in tracked_files():
        if not path.is_file():
            continue
        text = path.read_text()
        new = rewrite_text(rewrite_imports(path, text) if path.suffix == ".py" else text)
        if new != text:
            changed.append(str(path.relative_to(ROOT)))
            if not dry:
                path.write_text(new)
    return changed


def sort_imports(names: list[str]) -> None:
    """The rewritten imports in the project's isort order (ruff, as `make lint` checks it)."""
    ruff = ROOT / ".venv" / "bin" / "ruff"
    if names and ruff.exists():
        subprocess.run([str(ruff), "check", "--quiet", "--fix-only", "--select", "I", *names], cwd=ROOT, check=False)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything would change")
    args = parser.parse_args(argv)
    moved = move(args.check)
    changed = rewrite(args.check)
    if changed and not args.check:
        sort_imports([name for name in changed if name.endswith(".py")])
    for line in moved:
        print(f"{'would move' if args.check else 'moved'} {line}")
    for name in changed:
        print(f"{'would rewrite' if args.check else 'rewrote'} {name}")
    return 1 if args.check and (moved or changed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
