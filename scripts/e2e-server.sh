#!/usr/bin/env bash
# Serves the built web app on a fresh, empty SQLite database for the browser tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
export ENVIRONMENT=test
export SECRET_KEY="e2e-only-secret-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DATABASE_URL="sqlite+aiosqlite:///$workdir/e2e.db"
# Mail goes to a folder the specs read (frontend/e2e/support.ts `mailedLink`), one per port.
export OUTBOX_DIR="$root/frontend/.e2e-outbox/${E2E_PORT:-8765}"
rm -rf "$OUTBOX_DIR"
# localhost, not 127.0.0.1: WebAuthn refuses IP-address origins.
export PUBLIC_URL="http://localhost:${E2E_PORT:-8765}"
export COOKIE_SECURE=false
# The webhook specs post to a receiver the spec itself runs on 127.0.0.1.
export WEBHOOKS_ALLOW_LOCALHOST=true
# Every browser in the specs signs up from 127.0.0.1; the per-address limit is tested in
# tests/test_accounts.py.
export SIGNUPS_PER_ADDRESS=10000
# The lowest argon2 cost the app accepts, so sign-ups in the specs stay quick.
export ARGON2_MEMORY_KIB=19456 ARGON2_TIME_COST=2 ARGON2_PARALLELISM=1
# The built app is served from a copy, one per port, so a spec can deploy a new version under
# the running server without touching frontend/dist.
export FRONTEND_DIST="$root/frontend/.e2e-dist/${E2E_PORT:-8765}"
rm -rf "$FRONTEND_DIST"
mkdir -p "$(dirname "$FRONTEND_DIST")"
cp -R "$root/frontend/dist" "$FRONTEND_DIST"
cd "$root"
.venv/bin/shopfloor migrate >/dev/null
exec .venv/bin/shopfloor serve --port "${E2E_PORT:-8765}"
