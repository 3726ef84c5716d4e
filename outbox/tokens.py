"""Tokens of personal links: unguessable, derived from a nonce under SECRET_KEY, stored hashed."""

import base64
import hashlib
import re
import secrets

from django.utils.crypto import salted_hmac

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_nonce() -> str:
    return secrets.token_hex(16)


def token(purpose: str, nonce: str) -> str:
    mac = salted_hmac(f"mile.{purpose}", nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def digest(token: str) -> str:
    """What the database keeps of a token: enough to find it, never enough to use it."""
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_a_token(value: str) -> bool:
    return bool(_TOKEN.fullmatch(value or ""))


def issue_fields(purpose: str) -> dict[str, str]:
    """The nonce and token hash of a new link."""
    nonce = new_nonce()
    return {"nonce": nonce, "token_hash": digest(token(purpose, nonce))}
