"""Hostile files and bodies, built the way an attacker would, for the tests and `make load`'s fault runs.

Each builder makes a small file (a few MB at most) that unpacks, parses or
nests far beyond what a résumé ever does.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

MIB = 1 << 20
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _small_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Data analyst: SQL, Excel and Tableau dashboards for the finance team")
    document.save(buffer)
    return buffer.getvalue()


def _lie_about(data: bytes, member: str, claimed: bytes) -> bytes:
    """Patch the central directory: `member` claims to be `claimed` (its size and CRC), whatever it holds."""
    patched = bytearray(data)
    position = patched.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", patched, position + 28)[0]
        if bytes(patched[position + 46 : position + 46 + name_length]) == member.encode():
            struct.pack_into("<I", patched, position + 16, zlib.crc32(claimed))
            struct.pack_into("<I", patched, position + 24, len(claimed))
        position = patched.find(b"PK\x01\x02", position + 4)
    return bytes(patched)


def lying_docx(real_bytes: int = 512 * MIB, claimed_bytes: int = 4000) -> bytes:
    """A DOCX of ~1 MB per 400 MB whose `word/document.xml` really unpacks to `real_bytes`
    while the central directory claims `claimed_bytes` (with a CRC that matches that many)."""
    head = f'<?xml version="1.0"?><w:document xmlns:w="{_W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    source = zipfile.ZipFile(io.BytesIO(_small_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, source.read(info))
                continue
            with archive.open("word/document.xml", "w") as stream:
                stream.write(head)
                block = b"A" * MIB
                for _ in range(real_bytes // MIB):
                    stream.write(block)
    claimed = (head + b"A" * claimed_bytes)[:claimed_bytes]
    return _lie_about(out.getvalue(), "word/document.xml", claimed)


def lying_zip_batch(real_bytes: int = 512 * MIB, claimed_bytes: int = 4000) -> bytes:
    """A batch ZIP of two résumés, one of which claims `claimed_bytes` but unpacks to `real_bytes`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("honest.txt", "Nurse for 8 years: triage, patient education, Epic charting, audits")
        with archive.open("liar.txt", "w") as stream:
            block = b"a" * MIB
            for _ in range(real_bytes // MIB):
                stream.write(block)
    return _lie_about(out.getvalue(), "liar.txt", b"a" * claimed_bytes)


def flate_bomb_pdf(real_bytes: int = 256 * MIB) -> bytes:
    """A one-page PDF whose content stream inflates to `real_bytes` of spaces (~1000:1)."""
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(b"BT (Data analyst SQL Excel) Tj ET\n")]
    block = b" " * MIB
    chunks += [compressor.compress(block) for _ in range(real_bytes // MIB)]
    chunks.append(compressor.flush())
    stream = b"".join(chunks)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _pdf(objects)


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def deep_jsonl_line(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"\n"


def huge_csv_cell(chars: int = 200_000) -> bytes:
    return b'id,text\nbig,"' + b"x" * chars + b'"\nsmall,Nurse: triage and patient education\n'


def chunks(total: int, size: int = 64 * 1024, fill: bytes = b" ") -> Iterator[bytes]:
    """A body of `total` bytes sent in pieces without Content-Length (HTTP chunked)."""
    block = fill * size
    sent = 0
    while sent < total:
        piece = block[: min(size, total - sent)]
        sent += len(piece)
        yield piece
