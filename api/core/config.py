"""Settings, read from the environment (and a `.env` file) once per process."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"  # noqa: S105
MIN_SECRET_LENGTH = 32
# OWASP's minimum argon2id parameters; anything weaker is refused at start-up.
OWASP_ARGON2_MEMORY_KIB = 19_456
OWASP_ARGON2_TIME_COST = 2


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Environment = Environment.development
    database_url: str = "sqlite+aiosqlite:///./data/shopfloor.db"
    secret_key: str = DEVELOPMENT_SECRET
    public_url: str = "http://127.0.0.1:8000"

    access_token_minutes: int = Field(default=15, ge=1, le=60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)
    invite_days: int = Field(default=7, ge=1, le=60)
    password_reset_minutes: int = Field(default=60, ge=5, le=24 * 60)
    # Reset mails one account is sent per hour, and reset requests one address may make per
    # hour: a reset form is not a way to flood someone's inbox.
    password_resets_per_account: int = Field(default=3, ge=1)
    password_resets_per_address: int = Field(default=10, ge=1)
    # Sign-up after the first account goes through a link mailed to the address, valid this
    # long; the same limits per address and per email keep the form from flooding inboxes.
    signup_link_hours: int = Field(default=24, ge=1, le=7 * 24)
    signup_mails_per_email: int = Field(default=3, ge=1)
    signups_per_address: int = Field(default=10, ge=1)
    # A change of login address waits for a link mailed to the new address, valid this long;
    # one account may ask for a few changes an hour (wrong passwords count too).
    email_change_link_hours: int = Field(default=24, ge=1, le=7 * 24)
    email_changes_per_account: int = Field(default=3, ge=1)
    cookie_secure: bool | None = None

    argon2_memory_kib: int = 65_536
    argon2_time_cost: int = 3
    argon2_parallelism: int = 4

    login_failures_per_account: int = Field(default=5, ge=1)
    login_failures_per_address: int = Field(default=30, ge=1)
    login_lockout_base_seconds: int = Field(default=30, ge=1)
    login_lockout_max_seconds: int = Field(default=3600, ge=1)

    # Two-factor login. A login's second step (and a passkey ceremony) must finish within
    # this many minutes, and a second step is refused after this many wrong codes.
    two_factor_challenge_minutes: int = Field(default=5, ge=1, le=30)
    two_factor_attempts_per_challenge: int = Field(default=5, ge=1, le=20)
    # Passkeys are bound to a site: by default the host of PUBLIC_URL (RP ID) and PUBLIC_URL's
    # origin. Set these only when the app is reached under another name than PUBLIC_URL.
    webauthn_rp_id: str | None = None
    webauthn_origin: str | None = None

    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # CSV imports are uploaded whole; only the import upload route accepts bodies this large.
    max_import_bytes: int = Field(default=50 * 1_048_576, ge=1024)
    # Rows one import may hold: the work an import does (and the memory it takes) is bounded
    # by this, not by what a file happens to contain.
    max_import_rows: int = Field(default=200_000, ge=1)
    # An import's stored files (the report after a run, the upload of one never run) hold
    # personal data: they are deleted this many days later.
    import_file_retention_days: int = Field(default=7, ge=1, le=365)
    # The read audit (who read whose records) is kept this long, then purged by the worker.
    read_audit_retention_days: int = Field(default=365, ge=1, le=3650)
    # Rows an observer may list (contacts, conversations, change-feed pages) in an hour.
    observer_bulk_reads_per_hour: int = Field(default=1000, ge=1)
    # Per group, counted in the database (every app worker agrees): uploads an hour, previews
    # a minute (each plans every row) and runs an hour; a group runs one import at a time.
    import_uploads_per_hour: int = Field(default=20, ge=1)
    import_previews_per_minute: int = Field(default=30, ge=1)
    import_runs_per_hour: int = Field(default=10, ge=1)
    db_retry_after_seconds: int = Field(default=5, ge=1)
    # A statement (or a stalled connection) taking longer is cancelled and answered with 503.
    db_statement_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_ssl: bool = False
    smtp_timeout_seconds: float = 15.0
    mail_from: str = "Shopfloor <shopfloor@localhost>"
    outbox_dir: Path = Path("./data/outbox")

    frontend_dist: Path = Path(__file__).resolve().parents[2] / "frontend" / "dist"
    trusted_proxies: list[str] = Field(default_factory=list)
    turnout_threshold_ends_on: date | None = None  # ballots opening from then: no 50% test

    # Integrations: the change feed and webhooks (docs/integrations.md).
    # Changes older than this are compacted; a feed cursor older than that gets 410.
    change_retention_days: int = Field(default=90, ge=1, le=3650)
    # Development only: also allow http:// and loopback (localhost, 127.0.0.1, ::1) targets.
    webhooks_allow_localhost: bool = False
    # The ports webhook addresses may use (the usual HTTPS ports): an internal service on an
    # odd port of a public host is not reachable by naming it.
    webhook_ports: list[int] = Field(default=[443, 8443], min_length=1)
    # Run the delivery worker (and the daily change compaction) inside the app process.
    # Turn off where `shopfloor webhook-worker` runs as its own process instead.
    webhook_worker_enabled: bool = True
    webhook_poll_seconds: float = Field(default=2.0, gt=0, le=300)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # An endpoint is disabled after this many deliveries in a row failed every retry.
    webhook_disable_after_failures: int = Field(default=3, ge=1, le=1000)
    # Finished deliveries are kept this long in each endpoint's delivery log.
    webhook_log_retention_days: int = Field(default=30, ge=1, le=3650)

    @property
    def is_development(self) -> bool:
        return self.environment is Environment.development

    @property
    def passkey_rp_id(self) -> str:
        return self.webauthn_rp_id or (urlsplit(self.public_url).hostname or "localhost")

    @property
    def passkey_origin(self) -> str:
        if self.webauthn_origin:
            return self.webauthn_origin.rstrip("/")
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.environment is Environment.production

    @model_validator(mode="after")
    def refuse_insecure_production(self) -> Settings:
        weak_secret = (
            self.secret_key == DEVELOPMENT_SECRET or len(self.secret_key) < MIN_SECRET_LENGTH
        )
        if self.environment is not Environment.development and weak_secret:
            raise ValueError(
                f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_LENGTH} "
                "characters outside development (try: python -c "
                "'import secrets; print(secrets.token_urlsafe(48))')"
            )
        if (
            self.argon2_memory_kib < OWASP_ARGON2_MEMORY_KIB
            or self.argon2_time_cost < OWASP_ARGON2_TIME_COST
            or self.argon2_parallelism < 1
        ):
            raise ValueError(
                "argon2 parameters are below the OWASP minimum "
                f"(memory {OWASP_ARGON2_MEMORY_KIB} KiB, time cost {OWASP_ARGON2_TIME_COST})"
            )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
