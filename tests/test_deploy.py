"""Deploying to scrapyd: the egg scrapyd-deploy builds holds the code, its data files and the settings entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from tests.conftest import REPO


def test_the_scrapyd_egg_is_complete_and_runs_from_the_zip(tmp_path):
    build = [
        sys.executable, "setup.py", "-q",
        "egg_info", "--egg-base", str(tmp_path),
        "build", "--build-base", str(tmp_path / "build"),
        "bdist_egg", "--dist-dir", str(tmp_path / "dist"), "--bdist-dir", str(tmp_path / "bdist"),
    ]
    result = subprocess.run(build, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    (egg,) = (tmp_path / "dist").glob("*.egg")
    names = zipfile.ZipFile(egg).namelist()
    for needed in ("newsbot/core/schema/article.schema.json", "newsbot/core/noise_rules.toml", "spiders/youm7.py", "pipelines/jsonl.py"):
        assert needed in names, needed
    # development tools stay in the checkout
    assert not [n for n in names if n.startswith(("newsbot/dev/", "newsbot/bench/"))]
    assert "settings = newsbot.settings" in zipfile.ZipFile(egg).read("EGG-INFO/entry_points.txt").decode()
    # As scrapyd runs it: the egg on the path, the settings module from the entry point, no scrapy.cfg.
    probe = (
        "import newsbot, sys; assert newsbot.__file__.startswith(sys.argv[1]), newsbot.__file__\n"
        "from newsbot.core.item import article_schema; from newsbot.core.noise import load_catalogue\n"
        "assert article_schema()['title'] and load_catalogue(())\n"
        "from scrapy.utils.project import get_project_settings; from scrapy.spiderloader import SpiderLoader\n"
        "print(' '.join(SpiderLoader.from_settings(get_project_settings()).list()))"
    )
    env = {**os.environ, "PYTHONPATH": str(egg), "SCRAPY_SETTINGS_MODULE": "newsbot.settings"}
    ran = subprocess.run([sys.executable, "-c", probe, str(egg)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert "youm7" in ran.stdout.split() and "generic" in ran.stdout.split()
