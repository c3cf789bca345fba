"""Small real files of every kind a bilag may be, made in memory (shared by the bilag tests)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def pdf(text: str = "Lokalplan 212") -> bytes:
    """A one-page PDF whose content stream holds ``text``."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    out.write(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return out.getvalue()


def png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """The start of a JPEG (the sniffing reads the signature only)."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def office(part: str, text: str = "Notat") -> bytes:
    """A DOCX (``part`` "word/document.xml") or XLSX ("xl/workbook.xml") archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # A fixed date: the same text gives the same bytes, whenever it is made.
        for name, body in (("[Content_Types].xml", "<Types/>"), (part, f"<x>{text}</x>")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 2, 9, 0, 0)), body)
    return out.getvalue()


def docx(text: str = "Notat") -> bytes:
    """A minimal DOCX."""
    return office("word/document.xml", text)


def xlsx() -> bytes:
    """A minimal XLSX."""
    return office("xl/workbook.xml")


def plain_zip() -> bytes:
    """A zip that is no Office document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("readme.txt", date_time=(2026, 3, 2, 9, 0, 0)), "hej")
    return out.getvalue()
