#!/usr/bin/env bash
# Checks the locked Python and JavaScript dependencies against the public advisory databases
# (OSV for Python, the npm registry's for the web app). A finding fails the run unless its id
# is explained in audit-exceptions.txt. Where a database cannot be reached (a build machine
# without internet), the check is skipped with a warning: it cannot be proven either way.
set -uo pipefail
cd "$(dirname "$0")/.."

accepted=$(grep -Ev '^\s*(#|$)' audit-exceptions.txt | awk '{print $1}')
status=0

python_ignores=()
for id in $accepted; do python_ignores+=(--ignore-vuln "$id"); done
python_out=$(timeout 180 .venv/bin/pip-audit -r requirements.lock --require-hashes --disable-pip \
  --vulnerability-service osv --progress-spinner off "${python_ignores[@]}" 2>&1)
python_rc=$?
if [ $python_rc -eq 0 ]; then
  echo "python dependencies: no known vulnerabilities"
elif [ $python_rc -eq 124 ] || grep -qE 'ConnectionError|NameResolutionError|Failed to resolve|Max retries exceeded' <<<"$python_out"; then
  echo "WARNING: the Python advisory database (OSV) is unreachable; Python dependencies not audited" >&2
else
  echo "$python_out" >&2
  echo "python dependencies: vulnerabilities found (explain accepted ones in audit-exceptions.txt)" >&2
  status=1
fi

npm_out=$(cd frontend && timeout 180 npm audit --json 2>/dev/null)
if grep -q '"vulnerabilities"' <<<"$npm_out"; then
  if ACCEPTED="$accepted" node -e '
    const report = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const accepted = new Set((process.env.ACCEPTED || "").split(/\s+/).filter(Boolean));
    const open = [];
    for (const [name, entry] of Object.entries(report.vulnerabilities || {})) {
      for (const via of entry.via) {
        if (typeof via === "object" && !accepted.has(via.url.split("/").pop())) {
          open.push(`${name}: ${via.title} (${via.url})`);
        }
      }
    }
    if (open.length) { console.error(open.join("\n")); process.exit(1); }
  ' <<<"$npm_out"; then
    echo "javascript dependencies: no known vulnerabilities"
  else
    echo "javascript dependencies: vulnerabilities found (explain accepted ones in audit-exceptions.txt)" >&2
    status=1
  fi
else
  echo "WARNING: the npm advisory database is unreachable; JavaScript dependencies not audited" >&2
fi
exit $status
