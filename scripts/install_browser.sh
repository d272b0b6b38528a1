#!/usr/bin/env bash
# Install Debian's Chromium for the web explorer's browser tests (tests/serve/test_browser.py).
# Idempotent: does nothing when /usr/bin/chromium is already there. Needs root (CI runs as root).
# Playwright drives this system browser; `playwright install` is never used (it downloads its own build).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi

if [ "$(id -u)" != "0" ]; then
    echo "install_browser.sh: /usr/bin/chromium is missing and this is not root; browser tests will be skipped" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version || true
