"""Archived copies of cited pages: the closest copy to the article's date, asked of a Wayback
Machine availability API (`?url=<url>&timestamp=<YYYYMMDD>`, the answer's
`archived_snapshots.closest`). The API is a host like any other: read politely and safely."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlencode

if TYPE_CHECKING:  # (the command line names the default endpoint without loading an HTTP client)
    from generator.sources.fetch import Reader

ENDPOINT = "https://archive.org/wayback/available"


class Archived(NamedTuple):
    url: str  # of the copy
    timestamp: str  # when it was made, as the archive writes it (YYYYMMDDhhmmss)


def closest_copy(reader: Reader, url: str, near: dt.date, endpoint: str = ENDPOINT) -> Archived | None:
    """The archived copy of `url` closest to `near`, or None (none, or the API did not answer
    with one: an archive that cannot be asked is the same as no copy, this run)."""
    query = urlencode({"url": url, "timestamp": near.strftime("%Y%m%d")})
    response = reader.read(f"{endpoint}?{query}")
    if response.outcome != "ok":
        return None
    try:
        closest = json.loads(response.body)["archived_snapshots"]["closest"]
        if closest.get("available") is False or not str(closest["url"]).startswith(("http://", "https://")):
            return None
        return Archived(str(closest["url"]), str(closest.get("timestamp", "")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
