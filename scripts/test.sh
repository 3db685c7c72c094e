#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run every test.
# Usage: bash scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(chromium fonts-thai-tlwg poppler-utils libreoffice-writer-nogui libreoffice-impress-nogui fontconfig)
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

python -m ruff check .
python -m pytest -q -p no:cacheprovider "$@"
