#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run every test.
# Usage: bash scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system.sh

python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

python -m ruff check .
python -m pytest -q -p no:cacheprovider "$@"
