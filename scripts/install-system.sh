#!/usr/bin/env bash
# Install the Debian packages ITA Tracker needs: the one list for CI (scripts/test.sh), the Docker
# image (Dockerfile) and a hand-built server. The app's packages are packages.txt (Streamlit
# Community Cloud installs that same file); the tests add TEST_PACKAGES.
#
# Usage: bash scripts/install-system.sh [--runtime | --check | --list]
#   (none)     the app's packages and the test tools (what scripts/test.sh needs)
#   --runtime  the app's packages only (the Docker image)
#   --check    install nothing; exit 1 naming any package of the full list that is missing
#   --list     print the full list, one package a line
set -euo pipefail
cd "$(dirname "$0")/.."

# packages.txt: chromium + fonts-thai-tlwg + fontconfig (chart images), libreoffice-writer-nogui (the
# annex PDF) and python3-uno (LibreOffice's Python bindings, which the warm office, unoserver, needs).
mapfile -t RUNTIME_PACKAGES < <(awk 'NF && $1 !~ /^#/ {print $1}' packages.txt)
# Tests: pdftotext/pdffonts read the PDFs back; Impress converts a deck when a test looks at it.
TEST_PACKAGES=(poppler-utils libreoffice-impress-nogui)

mode="${1:-}"
case "$mode" in
  --runtime) packages=("${RUNTIME_PACKAGES[@]}") ;;
  ""|--check|--list) packages=("${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *) echo "usage: bash scripts/install-system.sh [--runtime | --check | --list]" >&2; exit 2 ;;
esac
if [ "$mode" = "--list" ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$mode" = "--check" ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
