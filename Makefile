# The README's two commands are `make run` and `make test`; everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/shopfloor_test
HOST ?= 127.0.0.1
PORT ?= 8000

# Python dependencies are locked with pip-tools rather than uv. The locks are ordinary pip
# requirement files with hashes, so `make install`, CI and the Docker image install them with
# pip alone (`--require-hashes`), with no second installer to bootstrap or ship. We build and
# test on one platform, Linux with Python 3.11, so a lock resolved there is all we need; uv's
# cross-platform lock would buy little. requirements-dev.lock (the app plus the `dev` extra) is
# resolved first and requirements.lock (the app alone, used by the Dockerfile) is constrained
# to it, so the image runs exactly the versions the tests ran against.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: run test install build serve demo lint audit typecheck test-backend test-sqlite test-postgres \
	test-frontend test-e2e check-size i18n-extract api-client check-api-client lock clean bench-import-memory \
	bench bench-profile bench-campaigns

## run: install everything, build the web app, migrate, load demo data and serve on :8000
run: install build
	$(BIN)/shopfloor migrate
	$(BIN)/shopfloor seed-demo
	$(BIN)/shopfloor serve --host $(HOST) --port $(PORT)

## test: every check: lint, types, backend on SQLite and Postgres, frontend, browser tests.
## Two jobs at a time, the longest first: one test process keeps a core busy only part of the
## time (it waits on the database or the browser). Each job's output is printed whole when it
## ends.
test: install
	$(MAKE) --no-print-directory -j2 --output-sync=target test-postgres test-sqlite test-e2e \
		lint audit typecheck check-api-client test-frontend check-size

install: $(VENV)/.installed frontend/node_modules/.installed

# The lock is installed with plain pip (hash-checked), which also brings in pip-tools at its
# locked version; pip-sync then removes anything the lock no longer lists, and the project
# itself goes in last, editable and without dependencies of its own.
$(VENV)/.installed: pyproject.toml $(LOCK) $(DEV_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip-sync --quiet $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

## lock: re-resolve both Python locks from pyproject.toml (`make lock LOCK_ARGS=--upgrade`
## moves every pin to its newest release; `LOCK_ARGS='-P NAME'` moves just one)
lock: $(VENV)/.installed
	$(PIP_COMPILE) $(LOCK_ARGS) --extra dev -o $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) $(LOCK_ARGS) -c $(DEV_LOCK) -o $(LOCK) pyproject.toml

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

build: frontend/node_modules/.installed
	cd frontend && npm run build

lint: $(VENV)/.installed
	$(BIN)/ruff check api tests migrations
	$(BIN)/ruff format --check api tests migrations
	$(BIN)/lint-imports

## audit: locked dependencies against the advisory databases (skipped with a warning offline)
audit: install
	scripts/audit-dependencies.sh

typecheck: $(VENV)/.installed
	$(BIN)/mypy

test-backend: test-sqlite test-postgres

test-sqlite: $(VENV)/.installed
	$(BIN)/pytest

test-postgres: $(VENV)/.installed
	scripts/ensure-postgres.sh
	TEST_DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest

## i18n-extract: copy new and changed messages from the code into every catalogue (the web
## app's and the server's)
i18n-extract: frontend/node_modules/.installed $(VENV)/.installed
	cd frontend && npm run i18n:extract
	$(BIN)/pybabel extract --no-location --sort-output --project=Shopfloor \
		--msgid-bugs-address= -o api/locales/messages.pot api
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete \
		-i api/locales/messages.pot -d api/locales -D messages

test-frontend: frontend/node_modules/.installed
	cd frontend && npm run typecheck && npm run lint && npm run i18n:check && npm test

## check-size: the first page's JavaScript must stay under 300 KB gzipped
check-size: build
	cd frontend && npm run size

test-e2e: build
	scripts/ensure-chromium.sh
	cd frontend && npm run e2e

## api-client: regenerate the web app's typed client from the API's OpenAPI document
api-client: $(VENV)/.installed frontend/node_modules/.installed
	$(BIN)/shopfloor openapi > frontend/openapi.json
	cd frontend && npm run gen:api

## check-api-client: fail when the committed client no longer matches the API
check-api-client: $(VENV)/.installed frontend/node_modules/.installed
	@$(BIN)/shopfloor openapi > .openapi-current.json
	@if ! cmp -s .openapi-current.json frontend/openapi.json; then \
		rm -f .openapi-current.json; \
		echo "frontend/openapi.json is out of date with the API: run 'make api-client'" >&2; \
		exit 1; \
	fi
	@rm -f .openapi-current.json
	cd frontend && npm run check:api

serve: $(VENV)/.installed
	$(BIN)/shopfloor serve --host $(HOST) --port $(PORT)

## bench: the app against a bare asyncpg server running its own SQL, on 100,000 contacts in
## PostgreSQL (its own database, shopfloor_bench), driven by wrk; writes docs/benchmarks.md.
## Not part of `make test` (about half an hour; its smoke run is). BENCH_ARGS='--quick' for a
## short run, '--only a,b,g --rounds 3 --seconds 10' for some scenarios; see `python -m bench -h`.
bench: $(VENV)/.installed
	scripts/ensure-postgres.sh
	$(BIN)/python -m bench $(BENCH_ARGS)

## bench-campaigns: the group dashboard and a structure test's results for a workplace of
## 5,000 workers on PostgreSQL, one request at a time (median, p95, p99; fails over 100 ms p99)
bench-campaigns: $(VENV)/.installed
	scripts/ensure-postgres.sh
	$(BIN)/python -m bench.campaigns $(BENCH_ARGS)

## bench-profile: the same run, with a py-spy profile of the app in each scenario's last round
bench-profile: $(VENV)/.installed
	scripts/ensure-postgres.sh
	$(BIN)/python -m bench --profile $(BENCH_ARGS)

## bench-import-memory: the server's peak memory through hostile and large imports (the
## reported 26-million-row file among them), asserted under 300 MB; not part of `make test`
## (minutes). BENCH_ARGS='--database-url postgresql+asyncpg://…' measures on Postgres.
bench-import-memory: $(VENV)/.installed
	$(BIN)/python scripts/bench-import-memory.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
