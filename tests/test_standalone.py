"""The repository stands alone: a clone in an empty folder collects every test, nothing reaches outside."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Written in parts so that this file does not name those paths itself.
OUTSIDE = re.compile("|".join(re.escape(part) for part in ("../" + "shared", "/" + "work/", "/" + "root/",
                                                            "/" + "home/")))


def tracked_files() -> list[str]:
    return subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()


@pytest.fixture(scope="module")
def lone_clone(tmp_path_factory):
    """A clone of this checkout (with uncommitted edits) in an empty folder, nothing beside it."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    folder = tmp_path_factory.mktemp("lone") / "ita"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(folder)], check=True)
    subprocess.run(["git", "-C", str(ROOT), "diff", "--binary", "HEAD", "--output", str(folder / ".patch")],
                   check=True)
    if (folder / ".patch").stat().st_size:
        subprocess.run(["git", "apply", ".patch"], cwd=folder, check=True)
    for name in subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.split():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    return folder


def test_a_lone_clone_collects_every_test(lone_clone):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                         cwd=lone_clone, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "error" not in run.stdout.lower().splitlines()[-1]
    collected = int(re.search(r"(\d+) tests? collected", run.stdout).group(1))
    assert collected > 500


def test_no_tracked_file_names_a_path_outside_the_repository():
    offenders = []
    for name in tracked_files():
        path = ROOT / name
        if path.suffix in {".ttf", ".png", ".xlsx", ".docx", ".pdf"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{name}: {match.group(0)}" for match in OUTSIDE.finditer(text)]
    assert not offenders


def test_scripts_never_import_tests():
    offenders = [name for name in tracked_files() if name.startswith("scripts/") and name.endswith(".py")
                 and re.search(r"^\s*(from|import)\s+tests\b", (ROOT / name).read_text(encoding="utf-8"), re.M)]
    assert not offenders
