#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when it is missing (needs root).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium not found at $chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
