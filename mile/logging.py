"""Personal links must never reach a log: their tokens are replaced before any handler writes."""

import logging
import re

# /workshops/invitation/<token>/ and /accounts/invitation/<token>/
_TOKEN_IN_PATH = re.compile(r"(/invitation/)[^/\s?\"']+")


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\1[token]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if "/invitation/" in record.getMessage():
            record.msg = redact(record.getMessage())
            record.args = ()
        return True
