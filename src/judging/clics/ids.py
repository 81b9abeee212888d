"""Mapping CLICS ids onto the domain's slugs, deterministically.

A CLICS ID (`[a-zA-Z0-9_.-]`, at most 36 characters, not starting with `-` or `.`)
is usually a valid slug already (`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`) and is kept
as it is. Anything else (a leading `_`, spaces, slashes, non-ASCII, too long...)
becomes its allowed characters with every other run replaced by `-`, cut to 55
characters, plus `-` and the first 8 hex digits of the SHA-256 of the original id,
so two different ids never map to the same slug by accident and a re-import gives
the same slugs. Example: `"team 7/β"` -> `"team-7-…-<hash8>"`.
"""

from __future__ import annotations

import hashlib
import re
import uuid

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9._-]+")

# Namespace of the store event ids of imported events (uuid5 of "<contest>/<key>").
EVENT_NAMESPACE = uuid.UUID("0c7f3b52-6a0e-5d1f-9a43-3c1d2b8e4f60")


def slug(raw: str) -> str:
    """The slug of a CLICS id: itself when valid, else a cleaned, hashed form."""
    if _SLUG.match(raw):
        return raw
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
    base = _NOT_ALLOWED.sub("-", raw).lstrip("._-")[:55].rstrip("-")
    return f"{base}-{digest}" if base else f"x-{digest}"


def event_id(contest_id: str, key: str) -> uuid.UUID:
    """The store event id of an imported event: stable across re-imports of a feed."""
    return uuid.uuid5(EVENT_NAMESPACE, f"{contest_id}/{key}")
