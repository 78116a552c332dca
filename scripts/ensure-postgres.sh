#!/usr/bin/env bash
# Starts the local PostgreSQL cluster if it is installed but not answering.
set -euo pipefail
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then exit 0; fi
  sleep 1
done
echo "PostgreSQL is not reachable on $host:$port; set TEST_POSTGRES_URL to a server you can use" >&2
exit 1
