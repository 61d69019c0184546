"""Two-column PDF pages: find the gutter in pypdf's layout-mode text and read column by column."""

from __future__ import annotations

import re

_MIN_GUTTER = 3  # spaces between columns in layout text
_MIN_COLUMN_ROWS = 3  # rows with text on both sides of the gutter before a page counts as two-column


def split_columns(layout: str) -> str | None:
    """Reorder pypdf layout-mode text of a two-column page column by column, or None if not two-column.

    Layout mode places text on a character grid, so a gutter is a band of
    columns that is blank in every row that has text on both sides of it.
    Rows that cross the gutter (a full-width header), and rows above the first
    row with text on both sides (a centred name), keep their place; the rows
    between are read left column first. Label/value rows ("Nama    : Dewi") and
    rows with their dates set apart ("Reporter     2015-2024") are not columns.
    """
    lines = [line.rstrip() for line in layout.splitlines()]
    width = max((len(line) for line in lines), default=0)
    if width < 40:
        return None
    both = [0] * width
    cross = [0] * width
    for line in lines:
        for gap in re.finditer(rf" {{{_MIN_GUTTER},}}", line):
            start, end = gap.span()
            if start == 0 or end == len(line):
                continue
            for column in range(start + 1, end - 1):
                both[column] += 1
        for column, char in enumerate(line):
            if char != " ":
                cross[column] += 1
    lo, hi = width // 5, width * 4 // 5
    scores = {c: both[c] - 2 * cross[c] for c in range(lo, hi) if both[c] >= _MIN_COLUMN_ROWS}
    if not scores:
        return None
    best = max(scores.values())
    plateau = [c for c, s in scores.items() if s == best]
    gutter = plateau[len(plateau) // 2]

    pairs = [(line[:gutter].strip(), line[gutter:].strip()) for line in lines if not _crosses(line, gutter)]
    two_sided = [(left, right) for left, right in pairs if left and right]
    if len(two_sided) < _MIN_COLUMN_ROWS:
        return None
    if sum(_row_like(left, right) for left, right in two_sided) * 2 >= len(two_sided):
        return None

    out: list[str] = []
    block: list[tuple[str, str, str]] = []  # (row, left part, right part) of one two-column run

    def flush() -> None:
        if sum(1 for _, left, right in block if left and right) >= 2:
            out.extend([*(left for _, left, _ in block), "", *(right for _, _, right in block)])
        else:  # a lone two-sided row ("Reporter ...   2015-2024") is a row, not columns
            out.extend(row for row, _, _ in block)
        block.clear()

    for line in lines:
        left, right = line[:gutter].strip(), line[gutter:].strip()
        # Rows above the first two-sided row (a centred name) keep their place.
        if _crosses(line, gutter) or not (block or (left and right)):
            flush()
            out.append(line.strip())
        else:
            block.append((line.strip(), left, right))
    flush()
    return "\n".join(out)


_DATE_LIKE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:present|now|current|sekarang)\b", re.I)


def _row_like(left: str, right: str) -> bool:
    """Whether a two-sided row reads across: a label and its value, or a line and its dates."""
    if left.endswith(":") or right.startswith(":"):
        return True
    return any(len(part.split()) <= 4 and _DATE_LIKE.search(part) for part in (left, right))


def _crosses(line: str, column: int) -> bool:
    """Whether text runs through `column` (a character there, or a single space between two words)."""
    if column >= len(line):
        return False
    if line[column] != " ":
        return True
    after = column + 1 < len(line) and line[column + 1] != " "
    return line[column - 1] != " " and after


# --- DOCX -----------------------------------------------------------------------------------------
