"""Streamlit Community Cloud: the app starts with only requirements.txt and packages.txt.

A fresh virtual environment gets `pip install -r requirements.txt` and nothing else; the
app is then started with `streamlit run` from it and every page is run by AppTest inside
it. packages.txt must name Debian packages that are installed here (the Thai fonts and
the chromium that kaleido uses).
"""
import os
import subprocess
import sys
import textwrap
import time
import urllib.request
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGES = ["pages/overview.py", "pages/measures.py", "pages/oit.py", "pages/quality.py", "pages/annex.py"]


@pytest.fixture(scope="module")
def cloud_python(tmp_path_factory) -> Path:
    """A virtual environment holding only requirements.txt (no dev tools, no system site)."""
    home = tmp_path_factory.mktemp("cloud-venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(home)
    python = home / "bin" / "python"
    result = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                             "-r", str(ROOT / "requirements.txt")], capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stderr[-2000:]
    return python


def test_packages_txt_names_installed_debian_packages():
    names = [line.strip() for line in (ROOT / "packages.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert "fonts-thai-tlwg" in names and "chromium" in names
    for name in names:
        assert subprocess.run(["dpkg", "-s", name], capture_output=True).returncode == 0, name


def test_every_page_runs_with_only_requirements_installed(cloud_python):
    script = textwrap.dedent(f"""
        import sys
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file("app.py", default_timeout=120)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.metric, "the overview shows its tiles"
        for page in {PAGES!r}:
            at.switch_page(page).run()
            assert not at.exception, (page, [e.value for e in at.exception])
        print("pages ok")
    """)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    result = subprocess.run([str(cloud_python), "-c", script], cwd=ROOT, capture_output=True, text=True,
                            timeout=600, env=env)
    assert result.returncode == 0, (result.stdout[-1500:], result.stderr[-3000:])
    assert "pages ok" in result.stdout


def test_streamlit_run_serves_the_app_from_that_environment(cloud_python):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([str(cloud_python), "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                                "--server.port", str(port), "--server.address", "127.0.0.1"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, healthy = time.monotonic() + 90, False
        while time.monotonic() < deadline and not healthy:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                    healthy = reply.status == 200
            except OSError:
                time.sleep(0.3)
        assert healthy, "streamlit run answered its health check"
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert sys.executable != str(cloud_python)
