"""What the source tests check, as plain functions (tests/test_sources.py runs them).

- :func:`mirror_hits`: addresses on a host from ``data.mirror_sites()``.
- :func:`quotes_in`: the quotations in a notebook's prose (text in double quotes, long enough
  to be someone's words rather than a term).
- :func:`quote_is_in_tables`: whether a quotation appears in a data table's text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from facenumbers import data

ROOT = Path(__file__).resolve().parents[1]

#: Files a learner (or an instructor) reads, whose sources must not be mirror sites.
LEARNER_FACING = (
    sorted((ROOT / "lessons").glob("*.ipynb"))
    + sorted((ROOT / "solutions").glob("*.ipynb"))
    + sorted((ROOT / "exercises").glob("*.ipynb"))
    + [ROOT / "README.md", ROOT / "docs" / "data-notes.md", ROOT / "docs" / "instructor-guide.md",
       ROOT / "docs" / "further-reading.md", ROOT / "docs" / "peer-instruction.md"]
    + sorted((ROOT / "src" / "facenumbers" / "data").glob("*.csv"))
    + sorted((ROOT / "src" / "facenumbers" / "calculators").glob("*.py"))
)

#: A quotation must have at least this many words to count: shorter quoted text is a term
#: ("portrait comparison") or a phrase under discussion, not a quotation of someone's words.
MIN_QUOTE_WORDS = 6

_URL = re.compile(r"https?://([^/\s\"'<>)]+)", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“]([^\"“”\n]+(?:\n[^\"“”\n]+)*)[\"”]")


def mirror_hits(text: str) -> list[str]:
    """Addresses in ``text`` whose host is, or ends with, a listed mirror site.

    >>> mirror_hits("see https://endtime.com/x and https://qz.com/1")
    ['https://endtime.com']
    """
    sites = data.mirror_sites()
    hits = []
    for match in _URL.finditer(text):
        host = match.group(1).lower().split(":")[0]
        if any(host == site or host.endswith("." + site) for site in sites):
            hits.append(match.group(0))
    return hits


def prose(path: Path, sources: bool = True) -> str:
    """The markdown text of a notebook (code cells left out).

    With ``sources=False`` the "Sources" cells are left out too: they list titles of articles
    in quotation marks, which are names, not quotations.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    if not sources:
        cells = [text for text in cells if not text.lstrip().startswith("## Sources")]
    return "\n\n".join(cells)


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[*_`]", "", text)          # markdown emphasis
    text = re.sub(r"\s+", " ", text)
    return text.strip().lower()


def quotes_in(text: str) -> list[str]:
    """Quotations of at least :data:`MIN_QUOTE_WORDS` words in markdown ``text``.

    Code spans and fenced code blocks are left out.

    >>> quotes_in('He said "one two three four five six" and "a term".')
    ['one two three four five six']
    """
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", " ", text)
    found = []
    for match in _QUOTE.finditer(text):
        quote = re.sub(r"\s+", " ", match.group(1)).strip()
        if len(quote.split()) >= MIN_QUOTE_WORDS:
            found.append(quote)
    return found


@lru_cache(maxsize=1)
def table_text() -> str:
    """Every text cell of every data table, normalised, in one string."""
    parts = []
    for name in data.available():
        table = data.load(name)
        for column in table.columns:
            if not pd.api.types.is_numeric_dtype(table[column]):
                parts.extend(str(v) for v in table[column].dropna())
    return _normal(" \n ".join(parts))


def quote_is_in_tables(quote: str) -> bool:
    """Whether ``quote`` (or each part of it around an ellipsis) is in a data table's text.

    >>> quote_is_in_tables("safeguard the legitimate rights and interests of citizens in the cyberspace")
    True
    >>> quote_is_in_tables("a sentence nobody ever wrote in any source table")
    False
    """
    haystack = table_text()
    parts = [p.strip(" .,;:") for p in re.split(r"\.\.\.|…|\[[^\]]*\]", _normal(quote))]
    return all(part in haystack for part in parts if len(part.split()) >= 2)
