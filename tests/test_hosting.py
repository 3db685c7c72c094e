"""A home of its own: the Docker image, compose.yaml and the one Debian install script.

No Docker daemon in CI: these read the files. The install script itself runs in CI
(scripts/test.sh calls it), so the package list the image installs is the one tested.
"""
from __future__ import annotations

import re
import shlex
import subprocess

import pytest
import yaml

from tests.conftest import ROOT

SNAPSHOT_DIR = "/var/lib/ita-tracker/snapshots"


def dockerfile_instructions() -> list[tuple[str, str]]:
    """Return the Dockerfile's (INSTRUCTION, arguments), continuation lines joined, comments left out."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def instruction_index(instructions, name: str, contains: str = "") -> int:
    return next(i for i, (kind, args) in enumerate(instructions) if kind == name and contains in args)


@pytest.fixture(scope="module")
def compose_service() -> dict:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    (service,) = compose["services"].values()
    return service


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "scripts/install-system.sh", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_image_is_debian_slim_python_311():
    kind, base = dockerfile_instructions()[0]
    assert kind == "FROM" and re.fullmatch(r"python:3\.11(\.\d+)?-slim-bookworm", base), base


def test_image_installs_debian_packages_with_the_ci_script():
    instructions = dockerfile_instructions()
    install = instruction_index(instructions, "RUN", "scripts/install-system.sh")
    assert "--runtime" in instructions[install][1]
    copied = instruction_index(instructions, "COPY", "scripts/install-system.sh")
    assert instruction_index(instructions, "COPY", "packages.txt") < install and copied < install
    assert "bash scripts/install-system.sh" in (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "apt-get install" not in " ".join(args for _, args in instructions)  # one way in


def test_image_runs_as_a_non_root_user():
    instructions = dockerfile_instructions()
    users = [i for i, (kind, _) in enumerate(instructions) if kind == "USER"]
    assert users, "no USER instruction"
    user = instructions[users[-1]][1].split(":")[0]
    assert user not in ("root", "0")
    assert users[-1] < instruction_index(instructions, "CMD")
    creates = instructions[instruction_index(instructions, "RUN", "useradd")][1]
    assert re.search(rf"\b{re.escape(user)}\b", creates)


def test_image_has_a_healthcheck_on_streamlit_health():
    instructions = dockerfile_instructions()
    health = instructions[instruction_index(instructions, "HEALTHCHECK")][1]
    assert "/_stcore/health" in health and "CMD" in health


def test_image_runs_streamlit_on_all_interfaces():
    instructions = dockerfile_instructions()
    command = yaml.safe_load(instructions[instruction_index(instructions, "CMD")][1])  # exec form: a JSON list
    assert command[:3] == ["streamlit", "run", "app.py"]
    assert command[command.index("--server.address") + 1] == "0.0.0.0"


def test_secrets_never_go_into_the_image():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored


def test_compose_mounts_secrets_read_only(compose_service):
    mounts = [volume for volume in compose_service["volumes"] if isinstance(volume, dict)]
    short = [volume for volume in compose_service["volumes"] if isinstance(volume, str)]
    secrets = [m for m in mounts if m["target"].endswith("/.streamlit/secrets.toml")]
    secrets += [dict(zip(("source", "target", "mode"), v.split(":"), strict=False)) for v in short
                if ".streamlit/secrets.toml" in v]
    assert len(secrets) == 1, compose_service["volumes"]
    assert secrets[0].get("read_only") is True or secrets[0].get("mode") == "ro"
    assert secrets[0]["target"] == "/app/.streamlit/secrets.toml"  # WORKDIR /app: where streamlit looks


def test_compose_keeps_snapshots_in_a_volume(compose_service):
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    volumes = [m for m in compose_service["volumes"] if isinstance(m, dict) and m["type"] == "volume"]
    assert [m["target"] for m in volumes] == [SNAPSHOT_DIR] and volumes[0]["source"] in compose["volumes"]
    assert compose_service["environment"]["ITA_SNAPSHOT_DIR"] == SNAPSHOT_DIR
    assert f"ITA_SNAPSHOT_DIR={SNAPSHOT_DIR}" in " ".join(shlex.split(
        dockerfile_instructions()[instruction_index(dockerfile_instructions(), "ENV")][1]))


def test_install_script_lists_packages_txt_and_the_test_tools():
    listed = run_script("--list").stdout.split()
    runtime = (ROOT / "packages.txt").read_text(encoding="utf-8").split()
    assert listed[:len(runtime)] == runtime
    assert {"poppler-utils"} <= set(listed[len(runtime):])
    assert {"libreoffice-writer-nogui", "python3-uno", "chromium", "fonts-thai-tlwg"} <= set(runtime)


def test_every_listed_package_is_installed_here():
    result = run_script("--check")
    assert result.returncode == 0, result.stderr


def test_install_script_refuses_an_unknown_option():
    result = run_script("--everything")
    assert result.returncode == 2 and "usage" in result.stderr
