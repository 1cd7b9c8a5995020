"""Hypothesis strategies for the LRN helper: continuous series of LRNs, laid out as text.

A series is drawn as a format (letters prefix, optional year before or after
the counter, separators, zero padding, letters suffix) and a run of
consecutive numbers. The formats are those the helper can read without
ambiguity: counters stay below 1900 (never mistaken for a year), a year glued
to its counter is followed by at least three digits, and every LRN has at most
22 characters. The separators are not letters or digits: they give the
character advice (warnings of nature « conseil »), never an error, so a
continuous series drawn here has no error and no series finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SEPARATORS = ["-", "/", "_", "."]


@dataclass(frozen=True)
class SeriesFormat:
    """How the numbers of one series are written."""

    prefix: str
    year: int | None
    year_after: bool
    separator: str
    width: int | None
    suffix: str

    def lrn(self, number: int) -> str:
        counter = str(number).zfill(self.width or 0)
        if self.year is None:
            return f"{self.prefix}{self.separator}{counter}{self.suffix}"
        if self.year_after:
            return f"{self.prefix}{counter}{self.separator}{self.year}{self.suffix}"
        return f"{self.prefix}{self.year}{self.separator}{counter}{self.suffix}"


@st.composite
def series_formats(draw: st.DrawFn) -> SeriesFormat:
    prefix = draw(st.text(alphabet=LETTERS, max_size=4))
    year = draw(st.none() | st.integers(1990, 2099))
    year_after = year is not None and draw(st.booleans())
    width = draw(st.none() | st.integers(2, 6))
    if year is not None and year_after:
        separator = draw(st.sampled_from(SEPARATORS))  # digits of counter and year never touch
    elif year is not None and width is not None and width >= 3:
        separator = draw(st.sampled_from(["", *SEPARATORS]))
    elif year is not None:
        separator = draw(st.sampled_from(SEPARATORS))
    else:
        separator = draw(st.sampled_from(["", *SEPARATORS]))
    suffix = draw(st.just("") | st.text(alphabet=LETTERS, min_size=1, max_size=2).map(lambda s: "-" + s))
    return SeriesFormat(prefix, year, year_after, separator, width, suffix)


@st.composite
def continuous_series(draw: st.DrawFn, min_size: int = 3, max_size: int = 30) -> tuple[SeriesFormat, list[str]]:
    """A format and the LRNs of consecutive numbers in it."""
    form = draw(series_formats())
    start = draw(st.integers(0, 1000) | st.sampled_from([1, 8, 98, 998]))
    size = draw(st.integers(min_size, max_size))
    return form, [form.lrn(number) for number in range(start, start + size)]


@st.composite
def layouts(draw: st.DrawFn, count: int) -> tuple[list[int], str]:
    """Blank lines to put before each of ``count`` entries, and the line break."""
    blanks = draw(st.lists(st.sampled_from([0, 0, 0, 1, 2]), min_size=count, max_size=count))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return blanks, newline


def lay_out(entries: list[str], blanks: list[int], newline: str) -> tuple[str, list[int]]:
    """The text of a series with blank lines (empty or spaces), and each entry's line number."""
    lines: list[str] = []
    numbers = []
    for index, entry in enumerate(entries):
        for blank in range(blanks[index]):
            lines.append("  " if blank % 2 else "")
        lines.append(entry)
        numbers.append(len(lines))
    return newline.join(lines) + newline, numbers
