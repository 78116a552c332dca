"""Keeps ballot requests out of the access log: a line with the sender's address and the
moment a ballot arrived is what would tie it to a voter on the roll."""

from __future__ import annotations

import logging

from api.democracy.router import BALLOT_PATH_PREFIX

ACCESS_LOGGERS = ("uvicorn.access", "gunicorn.access")
# The SQLite driver's debug lines carry every statement's parameters (a ballot's token hash
# among them); they stay off even when the rest of the app logs at debug level.
PARAMETER_LOGGERS = ("aiosqlite",)


class BallotRequestsUnlogged(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(isinstance(arg, str) and arg.startswith(BALLOT_PATH_PREFIX) for arg in args)


def keep_ballots_out_of_access_logs() -> None:
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, BallotRequestsUnlogged) for f in logger.filters):
            logger.addFilter(BallotRequestsUnlogged())
    for name in PARAMETER_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger(name).level))
