#!/usr/bin/env python3
"""Verify a contest exported by `judging export`: python3 verify_export.py FILE [POSITION:HASH]

Standard library only; the format is in docs/verification.md. Exits 0 and prints OK,
or exits 1 naming the first position that does not verify.
"""

import hashlib
import json
import sys

# The hashed keys of an event line (all but prev_hash and hash).
HASHED = ["position", "stream_id", "stream_version", "event_id", "type"]
HASHED += ["data", "metadata", "recorded_at"]


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def verify(lines, head=None):
    last, version = None, 0  # the previous line (position, hash, is an event); stream version
    for line in filter(str.strip, lines):
        e = json.loads(line)
        at = e["position"]
        if last and at != last[0] + 1:
            return f"position {min(at, last[0] + 1)}: missing or out of order (line at {at})"
        if last and e["prev_hash"] != last[1]:
            return f"position {at}: prev_hash is not the hash of position {last[0]}"
        if "type" in e:  # an event of the contest; other lines link the chain across others'
            version += 1
            if e["stream_version"] != version:
                return f"position {at}: stream version {e['stream_version']}, expected {version}"
            body = canonical({key: e[key] for key in HASHED})
            if hashlib.sha256(bytes.fromhex(e["prev_hash"]) + body).hexdigest() != e["hash"]:
                return f"position {at}: content does not match its hash"
        if head and at == head[0] and e["hash"] != head[1]:
            return f"position {at}: hash is not the published head {head[1]}"
        last = (at, e["hash"], "type" in e)
    if last is None or not last[2]:
        return "end: the export does not end with an event of the contest"
    if head and last[0] < head[0]:
        return f"position {head[0]}: missing (the published head is not in the export)"
    return None


if __name__ == "__main__":
    head = sys.argv[2].split(":") if len(sys.argv) > 2 else None
    with open(sys.argv[1], encoding="utf-8") as lines:
        error = verify(lines, (int(head[0]), head[1]) if head else None)
    print(f"BROKEN at {error}" if error else "OK")
    sys.exit(1 if error else 0)
