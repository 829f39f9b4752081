"""What an API token looks like, with no database: making one, reading its prefix back, and its stored hash.

A token is ``wsoa_<prefix>_<secret>``: the prefix (not secret) finds the one row to check, the secret is 256
random bits. Only a SHA-256 of the whole token is stored: with that much randomness a slow password hash adds
nothing, and the check stays one indexed lookup and one constant-time comparison per request.
"""
import hashlib
import hmac
import re
import secrets
from typing import NamedTuple

SCHEME = "wsoa"
PREFIX_LENGTH = 8
_PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_TOKEN = re.compile(rf"{SCHEME}_([a-z0-9]{{{PREFIX_LENGTH}}})_([A-Za-z0-9_-]{{43}})")


class NewToken(NamedTuple):
    prefix: str
    text: str  # shown to its owner once, never stored
    hashed: str


def token_new() -> NewToken:
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    text = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(prefix, text, token_hash(text))


def token_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def prefix_of(text: str) -> str | None:
    """The prefix of something shaped like one of our tokens, or None (then nothing is looked up)."""
    match = _TOKEN.fullmatch(text.strip())
    return match.group(1) if match else None


def token_matches(text: str, hashed: str) -> bool:
    return hmac.compare_digest(token_hash(text.strip()), hashed)
