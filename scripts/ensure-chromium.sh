#!/usr/bin/env bash
# The browser tests drive Debian's Chromium and count the pages of what it prints with
# poppler's pdfinfo; install either when it is missing (needs root).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing ${missing[*]}: install it (Debian: apt-get install ${missing[*]}) or set CHROMIUM_PATH" >&2
  exit 1
fi
