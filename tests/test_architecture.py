"""The package's shape: layers import downwards only, pure layers never import Scrapy or Twisted,
development tools stay out of the runtime, and every NEWSBOT_* default has one home."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsbot import defaults
from tests.conftest import REPO

# Layer -> the newsbot layers it may import (besides itself and newsbot.defaults).
LAYERS = {
    "core": set(),
    "outlets": {"core"},
    "extraction": {"core", "outlets"},
    "discovery": {"core", "outlets", "stores"},  # admission asks the seen store (its protocol)
    "stores": {"core"},
    "ops": {"core", "outlets"},  # run history, drift, metrics, the dashboard, the dataset export: files in, files out
    "crawl": {"core", "outlets", "extraction", "discovery", "stores", "ops"},
    "commands": {"core", "outlets", "extraction", "discovery", "stores", "crawl", "ops"},
}
PURE = ("core", "outlets", "extraction", "discovery", "stores", "ops")
FORBIDDEN_IN_PURE = ("scrapy", "twisted")
DEV = ("newsbot.dev", "newsbot.bench")


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the file (functions included)."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(package: str) -> list[Path]:
    return sorted((REPO / package.replace(".", "/")).rglob("*.py"))


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "newsbot" and parts[1] in LAYERS else None


@pytest.mark.parametrize("layer", list(LAYERS))
def test_layers_import_downwards_only(layer):
    wrong = []
    for path in modules(f"newsbot.{layer}"):
        for name in imports_of(path):
            target = layer_of(name)
            if target and target != layer and target not in LAYERS[layer]:
                wrong.append(f"{path.relative_to(REPO)} imports {name}")
    assert wrong == []


@pytest.mark.parametrize("layer", PURE)
def test_pure_layers_never_import_scrapy_or_twisted(layer):
    wrong = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in modules(f"newsbot.{layer}")
        for name in imports_of(path)
        if name.split(".")[0] in FORBIDDEN_IN_PURE
    ]
    assert wrong == []


def test_pure_layers_load_without_scrapy_or_twisted():
    """Not only their own lines: nothing they pull in brings the engine along."""
    pure = [
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for layer in PURE for p in modules(f"newsbot.{layer}")
    ] + ["newsbot.defaults"]
    probe = "import sys\n" + "".join(f"import {m}\n" for m in pure) + "print(sorted({m.split('.')[0] for m in sys.modules} & {'scrapy', 'twisted'}))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_crawl_process_never_loads_the_export_and_dashboard_libraries():
    """Scrapy imports every command module to start any command: pyarrow and matplotlib (70 MiB of a
    crawl's memory) belong to `scrapy export` and `scrapy report` alone."""
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules} & {'pyarrow', 'matplotlib', 'pandas', 'duckdb'})))\n"
        "from scrapy.cmdline import execute\n"
        "sys.argv = ['scrapy', 'list']\n"
        "execute()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "youm7" in result.stdout.split() and result.stdout.split("\n")[-2] == "[]", result.stdout[-500:]


def test_no_import_cycles_between_top_level_packages():
    """newsbot is imported by spiders and pipelines, never the other way; pipelines never import spiders."""
    wrong = []
    for package, never in (("newsbot", ("spiders", "pipelines")), ("pipelines", ("spiders",)), ("spiders", ("pipelines",))):
        for path in modules(package):
            wrong += [f"{path.relative_to(REPO)} imports {n}" for n in imports_of(path) if n.split(".")[0] in never]
    assert wrong == []


def test_runtime_code_never_imports_the_development_tools():
    wrong = []
    for package in ("newsbot", "spiders", "pipelines"):
        for path in modules(package):
            module = ".".join(path.relative_to(REPO).with_suffix("").parts)
            if module.startswith(DEV):
                continue
            for name in imports_of(path):
                if name.startswith(DEV) and module != "newsbot.commands.demo":  # demo runs from a checkout only
                    wrong.append(f"{module} imports {name}")
    assert wrong == []


# ---- one home for every default ----

NEWSBOT_NAME = re.compile(r"\bNEWSBOT_[A-Z][A-Z_]*\b")
ENVIRONMENT_ONLY = {"NEWSBOT_CAPTURES", "NEWSBOT_SEED", "NEWSBOT_USER_AGENT", "NEWSBOT_CRASH_SEED", "NEWSBOT_CRASH_KILLS", "NEWSBOT_PG_BIN"}


def _runtime_sources() -> list[Path]:
    return [p for pkg in ("newsbot", "spiders", "pipelines") for p in modules(pkg) if p.name != "defaults.py"]


def test_every_newsbot_setting_the_code_names_is_declared():
    used = {name for path in _runtime_sources() for name in NEWSBOT_NAME.findall(path.read_text("utf-8"))}
    assert used - set(defaults.BY_NAME) - ENVIRONMENT_ONLY == set()


def test_no_component_repeats_a_default():
    """settings.getint("NEWSBOT_X", 30) is a second home for a default: read them through defaults.setting."""
    repeated = re.compile(r"""settings\.get(?:int|float|bool|list|dict)?\(\s*["']NEWSBOT_[A-Z_]+["']\s*,""")
    wrong = [f"{p.relative_to(REPO)}: {m.group()}" for p in _runtime_sources() for m in repeated.finditer(p.read_text("utf-8"))]
    assert wrong == []


def test_a_crawler_without_the_project_settings_reads_the_same_defaults():
    from scrapy.settings import Settings
    from scrapy.utils.project import get_project_settings

    bare, project = Settings(), get_project_settings()
    for declared in defaults.SETTINGS:
        assert defaults.setting(bare, declared.name) == defaults.setting(project, declared.name), declared.name
    assert defaults.setting(bare, "NEWSBOT_MIN_WORDS") == 30


def test_the_readme_settings_table_is_generated_from_the_defaults():
    readme = (REPO / "README.md").read_text("utf-8")
    assert defaults.markdown() in readme, "regenerate it: python -m newsbot.defaults"


def test_no_private_scrapy_attributes():
    private = re.compile(r"\bcrawler\._[a-z]|\.(?:_extensions|_spiders|_engine)\b")
    wrong = [f"{p.relative_to(REPO)}: {m.group()}" for p in _runtime_sources() for m in private.finditer(p.read_text("utf-8"))]
    assert wrong == []


def test_one_rule_tells_xpath_from_css():
    """Outlet selectors, drop boxes and listing links all go through newsbot.core.select."""
    from parsel import Selector

    from newsbot.core.select import is_xpath, select

    assert [is_xpath(q) for q in ("//h1", "(//p)[2]", "./p", "div.body", "h1::text")] == [True, True, True, False, False]
    sel = Selector(text="<div><p>أ</p><p>ب</p></div>")
    assert select(sel, "(//p)[2]/text()").get() == "ب" and select(sel, "p::text").getall() == ["أ", "ب"]
    copies = [p for p in _runtime_sources() if '("/", "(", "./")' in p.read_text("utf-8")]
    assert [p.name for p in copies] == ["select.py"]
