"""Every error message careerpivot sends, in Indonesian beside the English the code raises.

Errors are raised in English all over the engine and the API (the English is
what logs, tests and the CLI show). When a response is written in Indonesian,
the message is matched against these English templates and the Indonesian one
is filled in with the same values. A message no template matches (a new
error somebody forgot to add here) still leaves in Indonesian: a general
sentence for its code, with the English kept apart in `message_en`.
`tests/test_i18n.py` raises every error users can meet and checks it is here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from recommender.i18n.language import Language

_WHAT_TO_DO = "Upload a PDF, DOCX, TXT or Markdown file, or paste the text instead."
_WHAT_TO_DO_ID = "Unggah berkas PDF, DOCX, TXT atau Markdown, atau tempel teksnya saja."


@dataclass(frozen=True)
class ErrorText:
    """One error message: the English as raised (with `{fields}`) and the Indonesian."""

    code: str
    en: str
    id: str

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.en)


@cache
def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


# Words inside messages that come from a list of English descriptions (what a file really is).
FRAGMENTS_ID: dict[str, str] = {
    "a PDF": "PDF",
    "a Word document (.docx)": "dokumen Word (.docx)",
    "text": "teks",
    "a HEIC photo": "foto HEIC",
    "a WebP image": "gambar WebP",
    "binary data, not text": "data biner, bukan teks",
    "a damaged ZIP archive": "arsip ZIP yang rusak",
    "an OpenDocument file (.odt)": "berkas OpenDocument (.odt)",
    "an Excel workbook": "buku kerja Excel",
    "a PowerPoint presentation": "presentasi PowerPoint",
    "a ZIP archive": "arsip ZIP",
    "a PNG image": "gambar PNG",
    "a JPEG image": "gambar JPEG",
    "a GIF image": "gambar GIF",
    "a TIFF image": "gambar TIFF",
    "a Word 97-2003 (.doc) or other legacy Office file": "berkas Word 97-2003 (.doc) atau berkas Office lama lainnya",
    "an RTF document": "dokumen RTF",
    "a RAR archive": "arsip RAR",
    "a 7-Zip archive": "arsip 7-Zip",
    "a gzip archive": "arsip gzip",
    "PDF": "PDF",
    "DOCX": "DOCX",
    "TXT": "TXT",
    "MD": "Markdown",
}

ERRORS: tuple[ErrorText, ...] = (
    # --- the profile ---------------------------------------------------------------------------
    ErrorText(
        "invalid_profile",
        "the profile has no skills or text with words in it: send 'text' (a résumé or a "
        "few sentences about your work) or 'skills' (a list such as ['copywriting', 'SEO']).",
        "Profil ini belum berisi keterampilan atau teks: kirim 'text' (résumé atau beberapa kalimat "
        "tentang pekerjaan Anda) atau 'skills' (daftar seperti ['copywriting', 'SEO']).",
    ),
    ErrorText(
        "invalid_profile",
        "text is {chars} characters; the limit is {limit}. Send the experience and skills sections only.",
        "Teks berisi {chars} karakter, padahal batasnya {limit}. Kirim bagian pengalaman dan "
        "keterampilan saja.",
    ),
    ErrorText(
        "invalid_profile",
        "{count} skills given; the limit is {limit}.",
        "Anda mengirim {count} keterampilan, padahal batasnya {limit}.",
    ),
    ErrorText(
        "invalid_profile",
        "top_k is {top_k}; it must be between 1 and {limit}",
        "top_k bernilai {top_k}; nilainya harus antara 1 dan {limit}",
    ),
    # --- the output language -------------------------------------------------------------------
    ErrorText(
        "unsupported_language",
        "language {value} is not supported; use one of: {supported} (en: English, id: Bahasa Indonesia)",
        "Bahasa {value} tidak tersedia; gunakan salah satu dari: {supported} (en: bahasa Inggris, "
        "id: Bahasa Indonesia)",
    ),
    ErrorText(
        "unsupported_region",
        "region {value} is not supported; use one of: {supported} (ID: Indonesia), or leave it out",
        "Wilayah {value} tidak tersedia; gunakan salah satu dari: {supported} (ID: Indonesia), atau "
        "kosongkan saja",
    ),
    # --- résumé files --------------------------------------------------------------------------
    ErrorText(
        "file_too_large",
        "The file is {size} MB; the limit is {limit} MB. "
        "Upload a smaller file (a résumé is usually well under 1 MB) or paste the text.",
        "Ukuran berkas {size} MB, padahal batasnya {limit} MB. Unggah berkas yang lebih kecil "
        "(résumé biasanya jauh di bawah 1 MB) atau tempel teksnya.",
    ),
    ErrorText(
        "file_too_large",
        "the file is larger than {limit} bytes; upload a smaller file",
        "Berkas lebih besar dari {limit} byte; unggah berkas yang lebih kecil.",
    ),
    ErrorText("empty_file", f"The file is empty. {_WHAT_TO_DO}", f"Berkasnya kosong. {_WHAT_TO_DO_ID}"),
    ErrorText(
        "empty_file",
        f"The {{format}} file contains no text. {_WHAT_TO_DO}",
        f"Berkas {{format}} ini tidak berisi teks. {_WHAT_TO_DO_ID}",
    ),
    ErrorText(
        "empty_file", f"The PDF has no pages. {_WHAT_TO_DO}", f"PDF ini tidak punya halaman. {_WHAT_TO_DO_ID}"
    ),
    ErrorText(
        "unsupported_file",
        "Word 97-2003 (.doc) files are not supported: save the file as .docx or PDF in Word, "
        "or paste the text.",
        "Berkas Word 97-2003 (.doc) tidak didukung: simpan ulang sebagai .docx atau PDF di Word, "
        "atau tempel teksnya.",
    ),
    ErrorText(
        "unsupported_file",
        "OpenDocument (.odt) files are not supported: save the file as .docx or PDF, or paste the text.",
        "Berkas OpenDocument (.odt) tidak didukung: simpan ulang sebagai .docx atau PDF, atau tempel "
        "teksnya.",
    ),
    ErrorText(
        "unsupported_file",
        "RTF files are not supported: save the file as .docx or PDF, or paste the text.",
        "Berkas RTF tidak didukung: simpan ulang sebagai .docx atau PDF, atau tempel teksnya.",
    ),
    ErrorText(
        "unsupported_file",
        "Apple Pages files are not supported: export the file as PDF or .docx, or paste the text.",
        "Berkas Apple Pages tidak didukung: ekspor sebagai PDF atau .docx, atau tempel teksnya.",
    ),
    ErrorText(
        "unsupported_file",
        "Images ({suffix}) cannot be read: upload the résumé as a text PDF, DOCX or TXT, or paste the text.",
        "Gambar ({suffix}) tidak bisa dibaca: unggah résumé sebagai PDF berteks, DOCX atau TXT, atau "
        "tempel teksnya.",
    ),
    ErrorText(
        "unsupported_file",
        f"Files of type '{{suffix}}' are not supported. {_WHAT_TO_DO}",
        f"Berkas berjenis '{{suffix}}' tidak didukung. {_WHAT_TO_DO_ID}",
    ),
    ErrorText(
        "unsupported_file",
        f"The file is {{actual}}, which cannot be read. {_WHAT_TO_DO}",
        f"Berkas ini berupa {{actual}} dan tidak bisa dibaca. {_WHAT_TO_DO_ID}",
    ),
    ErrorText(
        "corrupt_file",
        f"The DOCX file is damaged and cannot be opened. {_WHAT_TO_DO}",
        f"Berkas DOCX ini rusak dan tidak bisa dibuka. {_WHAT_TO_DO_ID}",
    ),
    ErrorText(
        "corrupt_file",
        f"The file is a damaged ZIP archive and cannot be opened. {_WHAT_TO_DO}",
        f"Berkas ini arsip ZIP yang rusak dan tidak bisa dibuka. {_WHAT_TO_DO_ID}",
    ),
    ErrorText(
        "corrupt_file",
        f"The PDF is damaged and its text cannot be read. {_WHAT_TO_DO}",
        f"PDF ini rusak sehingga teksnya tidak bisa dibaca. {_WHAT_TO_DO_ID}",
    ),
    ErrorText(
        "file_mismatch",
        "The file is declared as {claim} but its contents are {actual}. Photos and scans cannot be "
        "read: upload a PDF with selectable text or a DOCX, or paste the text.",
        "Berkas ini disebut {claim}, tetapi isinya {actual}. Foto dan hasil pindaian tidak bisa dibaca: "
        "unggah PDF yang teksnya bisa dipilih atau DOCX, atau tempel teksnya.",
    ),
    ErrorText(
        "file_mismatch",
        f"The file is declared as {{claim}} but its contents are {{actual}}. {_WHAT_TO_DO}",
        f"Berkas ini disebut {{claim}}, tetapi isinya {{actual}}. {_WHAT_TO_DO_ID}",
    ),
    ErrorText(
        "encrypted_file",
        "The PDF is password- or copy-protected. Save or print it as a new PDF without protection, "
        "upload a DOCX, or paste the text.",
        "PDF ini dilindungi kata sandi atau dikunci dari penyalinan. Simpan atau cetak ulang sebagai "
        "PDF baru tanpa perlindungan, unggah DOCX, atau tempel teksnya.",
    ),
    ErrorText(
        "file_too_large",
        "The PDF has {pages} pages; the limit is {limit}. Upload the résumé on its own, or paste the text.",
        "PDF ini berisi {pages} halaman, padahal batasnya {limit}. Unggah résumé saja, atau tempel teksnya.",
    ),
    ErrorText(
        "scanned_pdf",
        "The PDF has no text layer: it looks like a scan or a photo of a résumé. Upload a PDF "
        "exported from a word processor (with selectable text) or a DOCX, or paste the text.",
        "PDF ini tidak punya lapisan teks: tampaknya hasil pindaian atau foto résumé. Unggah PDF yang "
        "diekspor dari pengolah kata (teksnya bisa dipilih) atau DOCX, atau tempel teksnya.",
    ),
    ErrorText(
        "file_too_large",
        f"The DOCX file holds {{parts}} parts, far more than a document has. {_WHAT_TO_DO}",
        f"Berkas DOCX ini berisi {{parts}} bagian, jauh lebih banyak dari dokumen biasa. {_WHAT_TO_DO_ID}",
    ),
    ErrorText(
        "file_too_large",
        "The DOCX file unpacks to {size} MB; the limit is {limit} MB. "
        "Remove large images from the document, or paste the text.",
        "Berkas DOCX ini mengembang menjadi {size} MB saat dibuka, padahal batasnya {limit} MB. Hapus "
        "gambar berukuran besar dari dokumen, atau tempel teksnya.",
    ),
    ErrorText(
        "file_too_large",
        "The DOCX file unpacks to {ratio} times its size, which documents never do. "
        "Save it again from your word processor, or paste the text.",
        "Berkas DOCX ini mengembang {ratio} kali lipat saat dibuka, hal yang tidak pernah terjadi pada "
        "dokumen biasa. Simpan ulang dari pengolah kata Anda, atau tempel teksnya.",
    ),
    # --- the API -------------------------------------------------------------------------------
    ErrorText(
        "role_not_found",
        "no role with id {role_id}; GET /v1/roles lists the ids",
        "Tidak ada peran dengan id {role_id}; daftar id ada di GET /v1/roles.",
    ),
    ErrorText(
        "batch_not_found",
        "no batch with id {batch_id} (it may have been deleted or expired)",
        "Tidak ada batch dengan id {batch_id} (mungkin sudah dihapus atau kedaluwarsa).",
    ),
    ErrorText(
        "payload_too_large",
        "the body is {size} bytes; the limit here is {limit} bytes",
        "Isi permintaan berukuran {size} byte, padahal batas di sini {limit} byte.",
    ),
    ErrorText(
        "payload_too_large",
        "the body is larger than {limit} bytes, the limit here; send a smaller body or file",
        "Isi permintaan lebih besar dari {limit} byte, batas di sini; kirim isi atau berkas yang lebih kecil.",
    ),
    ErrorText(
        "payload_too_large",
        "the file is {size} bytes; the limit is {limit} bytes",
        "Berkas berukuran {size} byte, padahal batasnya {limit} byte.",
    ),
    ErrorText(
        "starting",
        "the service is still loading the model and catalog; retry in a few seconds",
        "Layanan masih memuat model dan katalog; coba lagi beberapa detik lagi.",
    ),
    ErrorText(
        "missing_api_key",
        "this service needs an API key: send it in the X-API-Key header",
        "Layanan ini memerlukan kunci API: kirim lewat header X-API-Key.",
    ),
    ErrorText(
        "invalid_api_key",
        "the X-API-Key is unknown or revoked; ask the operator for a valid key",
        "X-API-Key tidak dikenal atau sudah dicabut; mintalah kunci yang berlaku kepada pengelola layanan.",
    ),
    ErrorText(
        "rate_limited",
        "too many requests: the limit is {limit} per minute; retry after {seconds} s",
        "Terlalu banyak permintaan: batasnya {limit} per menit; coba lagi setelah {seconds} detik.",
    ),
    ErrorText(
        "not_found",
        "no such endpoint; see /docs for the API",
        "Alamat ini tidak ada; lihat /docs untuk daftar API.",
    ),
    ErrorText(
        "method_not_allowed", "Method Not Allowed", "Metode HTTP ini tidak diizinkan untuk alamat ini."
    ),
    ErrorText(
        "internal_error",
        "something went wrong on our side; try again, and report the request id if it persists",
        "Terjadi kesalahan di sisi kami; coba lagi, dan laporkan id permintaan jika masalahnya berlanjut.",
    ),
    ErrorText(
        "validation_error",
        "the request is invalid: {details}",
        "Permintaan tidak valid: {details}",
    ),
    ErrorText(
        "validation_error",
        "unknown field; allowed fields are text, skills, top_k and lang",
        "kolom tidak dikenal; kolom yang boleh dipakai: 'text', 'skills', 'top_k' dan 'lang'",
    ),
    ErrorText(
        "validation_error",
        "each skill must be at most 300 characters; put longer text in 'text'",
        "setiap keterampilan paling banyak 300 karakter; taruh teks yang lebih panjang di 'text'",
    ),
    # --- batch files ---------------------------------------------------------------------------
    ErrorText(
        "invalid_batch",
        "the file is not UTF-8 text (byte {byte} is invalid); save it as UTF-8",
        "Berkas ini bukan teks UTF-8 (byte {byte} tidak valid); simpan ulang sebagai UTF-8.",
    ),
    ErrorText(
        "invalid_batch",
        "unsupported Content-Type {content_type}: send text/csv, application/x-ndjson (JSON Lines) "
        "or application/zip (résumé files)",
        "Content-Type {content_type} tidak didukung: kirim text/csv, application/x-ndjson (JSON Lines) "
        "atau application/zip (berkas CV).",
    ),
    ErrorText(
        "invalid_batch",
        "the file has no rows: add one profile per line (CSV with a header, or JSON Lines)",
        "Berkas ini tidak berisi baris: tulis satu profil per baris (CSV dengan baris judul, atau JSON Lines).",
    ),
    ErrorText(
        "invalid_batch",
        "the file has {rows} rows; the limit is {limit}. Split it into batches.",
        "Berkas ini berisi {rows} baris, padahal batasnya {limit}. Bagi menjadi beberapa batch.",
    ),
    ErrorText(
        "invalid_batch",
        "row id {row_id} appears twice; ids must be unique within a batch",
        "Id baris {row_id} muncul dua kali; setiap id dalam satu batch harus berbeda.",
    ),
    ErrorText(
        "invalid_batch",
        "the upload is not a valid ZIP file; zip the résumé files again",
        "Unggahan ini bukan berkas ZIP yang valid; buat ulang ZIP berisi berkas résumé.",
    ),
    ErrorText(
        "invalid_batch",
        "the ZIP holds {files} files; the limit is {limit}. Split it into batches.",
        "ZIP ini berisi {files} berkas, padahal batasnya {limit}. Bagi menjadi beberapa batch.",
    ),
    ErrorText(
        "invalid_batch",
        "the ZIP unpacks to more than {size} MB; send fewer files per batch",
        "ZIP ini mengembang lebih dari {size} MB saat dibuka; kirim lebih sedikit berkas per batch.",
    ),
    ErrorText(
        "invalid_batch",
        "the CSV header is {header}; it needs an 'id' column and 'text' and/or 'skills'",
        "Baris judul CSV berisi {header}; diperlukan kolom 'id' serta 'text' dan/atau 'skills'.",
    ),
    # --- one row of a batch ({where} is "row 3", "line 3" or "file 3", translated as a value) ---
    ErrorText(
        "invalid_row",
        "{where} has neither text nor skills",
        "{where} tidak berisi 'text' maupun 'skills'.",
    ),
    ErrorText(
        "invalid_row",
        "{where} has {cells} cells but the header has {columns} columns; quote cells that contain commas",
        "{where} berisi {cells} sel, padahal baris judulnya punya {columns} kolom; beri tanda kutip pada "
        "sel yang berisi koma.",
    ),
    ErrorText(
        "invalid_row",
        "{where}: top_k: must be a whole number, not {value}",
        "{where}: top_k harus bilangan bulat, bukan {value}.",
    ),
    ErrorText(
        "invalid_row",
        "{where} is not valid JSON ({detail})",
        "{where} bukan JSON yang valid ({detail}).",
    ),
    ErrorText(
        "invalid_row",
        "{where} is nested too deeply to be a profile",
        "{where} bersarang terlalu dalam untuk sebuah profil.",
    ),
    ErrorText("invalid_row", "{where} is not a JSON object", "{where} bukan objek JSON."),
    ErrorText(
        "invalid_row",
        "{where}: 'id' must be a string or a whole number",
        "{where}: 'id' harus berupa teks atau bilangan bulat.",
    ),
    ErrorText(
        "invalid_row",
        "{where}: 'id' is {length} characters; the limit is {limit}",
        "{where}: 'id' sepanjang {length} karakter, padahal batasnya {limit}.",
    ),
    ErrorText(
        "invalid_row",
        "{name} could not be read from the ZIP ({kind})",
        "{name} tidak bisa dibaca dari ZIP ({kind}).",
    ),
)

# "row 3" -> "baris 3": where a batch row error happened.
_WHERE = re.compile(r"^(row|line|file) (\d+)$")
_WHERE_ID = {"row": "Baris", "line": "Baris", "file": "Berkas"}

# When no template matches: a general sentence per code, so nothing English reaches the reader.
GENERIC_ID: dict[str, str] = {
    "invalid_profile": "Profil ini tidak bisa dicocokkan.",
    "validation_error": "Permintaan tidak valid.",
    "unsupported_language": "Bahasa yang diminta tidak tersedia; gunakan en atau id.",
    "unsupported_region": "Wilayah yang diminta tidak tersedia; gunakan ID atau kosongkan.",
    "invalid_batch": "Berkas batch ini tidak bisa dibaca.",
    "invalid_row": "Baris ini tidak bisa dibaca sebagai profil.",
}
GENERIC_FALLBACK_ID = "Permintaan tidak bisa diproses."


def find_template(message: str) -> tuple[ErrorText, dict[str, str]] | None:
    """The template an English message was made from, and the values filled into it."""
    for text in ERRORS:
        match = text.pattern.match(message)
        if match:
            return text, match.groupdict()
    return None


def localize_error(code: str, message: str, language: Language) -> tuple[str, bool]:
    """`message` in `language`, and whether a template was found for it.

    Values taken from the English (a number, a file type) are kept, except the
    few that are English descriptions themselves, which are translated too.
    """
    if language == "en":
        return message, True
    found = find_template(message)
    if found is None:
        return GENERIC_ID.get(code, GENERIC_FALLBACK_ID), False
    text, values = found
    return text.id.format(**{k: _value_id(v) for k, v in values.items()}), True


def _value_id(value: str) -> str:
    """A value from an English message as Indonesian writes it: file kinds and row places translated."""
    where = _WHERE.match(value)
    if where:
        return f"{_WHERE_ID[where.group(1)]} {where.group(2)}"
    return FRAGMENTS_ID.get(value, value)
