"""Measuring the engine: `careerpivot eval`.

`metrics` holds nDCG, hit rate and the simple baselines (TF-IDF, BM25, whole-text
cosine); `audit` checks that identity never moves the advice and that personal
data is found; `resumes` renders the labelled résumés into real files (TXT,
Markdown, PDF, DOCX) to measure reading them; `report` prints every set side by side.
"""
