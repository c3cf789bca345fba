"""A file handed to the browser as a download: one place for its headers.

The pages (bilag, the presentation's Word document) and the JSON API send files the same way:
``Content-Disposition: attachment`` with the name in RFC 5987 form (Danish letters survive),
``nosniff`` so a browser never runs what it was given as data, and no shared cache for what
only signed-in people may read.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response


def attachment(content: bytes, media_type: str, filename: str, *, private: bool = True) -> Response:
    """``content`` as a download named ``filename``; ``private=False`` for what anyone may read
    (a public bilag), which caches may keep but must revalidate."""
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "private, no-store" if private else "no-cache",
            "X-Content-Type-Options": "nosniff",
        },
    )


__all__ = ["attachment"]
