#!/usr/bin/env bash
# The benchmark drives both servers with Debian's wrk; install it when it is missing (needs root).
set -euo pipefail
if command -v wrk >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq wrk >/dev/null
else
  echo "Missing wrk: install it (Debian: apt-get install wrk)" >&2
  exit 1
fi
