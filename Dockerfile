# syntax=docker/dockerfile:1

# 1. Build the web app.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build/frontend
COPY frontend/package.json frontend/package-lock.json frontend/.npmrc ./
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# 2. The Python app, run as an unprivileged user.
FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ENVIRONMENT=production \
    FRONTEND_DIST=/app/frontend/dist \
    OUTBOX_DIR=/app/data/outbox
WORKDIR /app
RUN groupadd --system shopfloor && useradd --system --gid shopfloor --home /app shopfloor
# Exactly the locked, hash-checked runtime dependencies, then the app itself without resolving
# anything further.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md alembic.ini ./
COPY api/ api/
COPY migrations/ migrations/
RUN pip install --no-deps . && mkdir -p /app/data && chown shopfloor:shopfloor /app/data
COPY --from=frontend /build/frontend/dist /app/frontend/dist
USER shopfloor
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/v1/ready', timeout=4).status == 200 else 1)"
# Migrations run before serving; the server refuses to start on an older schema anyway.
CMD ["sh", "-c", "shopfloor migrate && exec shopfloor serve --host 0.0.0.0 --port 8000 --forwarded-allow-ips \"${FORWARDED_ALLOW_IPS:-127.0.0.1}\""]
