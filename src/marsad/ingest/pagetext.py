"""Page-text extraction: the text of a news page as a reader sees it, page chrome included.

The page is read as lines. Header lines (title, byline, date, photo caption, font-size
buttons, avatars) come before the body; footer blocks (tags under "دلالات", related items
under "ذات صلة") come after it. Body lines keep their original text and line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Article, Meta, RelatedItem, Span
from ..text.calendar import find_explicit_date, safe_date
from ..text.normalize import normalize_text
from ..text.sentences import is_hard_wrapped
from .chrome import (
    AGENCY_CREDIT_RE,
    BYLINE_RE,
    CHROME_LINE_RE,
    DATELINE_MAX_WORDS,
    DATELINE_RE,
    FOOTER_MARKERS,
    MASTHEAD_RE,
    RELATED_MARKERS,
    SOURCE_LINE_RE,
    TAG_MARKERS,
    is_caption_like,
)

_TAG_RE = re.compile(r"</?[a-zA-Z][^>]{0,200}>")
_DATE_PREFIX_RE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
_WORD_RE = re.compile(r"\S+")
_ARABIC_WORD_RE = re.compile(r"[\u0621-\u064A]{2,20}")
_DATE_LINE_MAX_WORDS = 12
#: Longest line read as page furniture in the header (a masthead, an agency credit); a longer line that
#: mentions one is text.
_HEADER_MAX_WORDS = 30
_CLAUSE_COMMA_RE = re.compile(r"[\u0621-\u064A]\s*،\s*[\u0621-\u064A]")
_WEEKDAYS = "سبت|أحد|احد|اثنين|إثنين|ثلاثاء|أربعاء|اربعاء|خميس|جمعة"
_DAY = rf"(?:اليوم|أمس|امس|مساء|صباح|فجر|ظهر|عصر|ليلة)\s+(?:يوم\s+)?(?:ال)?(?:{_WEEKDAYS})\S*"  # "اليوم الجمعة"
_DAY_IN_SENTENCE_RE = re.compile(rf"{_DAY}\s*،?\s*[\u0621-\u064A]")
_DAY_AT_END_RE = re.compile(rf"{_DAY}$")


@dataclass(slots=True)
class _Line:
    index: int
    start: int  # offset of the line's text in the cleaned page
    raw: str

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def words(self) -> int:
        return len(_WORD_RE.findall(self.raw))


@dataclass(slots=True)
class PageParts:
    """What the extractor found, before the Article is built."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    caption: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    tags: list[str] = field(default_factory=list)
    related: list[RelatedItem] = field(default_factory=list)
    body_lines: list[str] = field(default_factory=list)
    body_separators: list[str] = field(default_factory=list)


def _date_of_line(text: str) -> str | None:
    """Return the ISO date if the line is (mostly) a date line."""
    if len(_WORD_RE.findall(text)) > _DATE_LINE_MAX_WORDS:
        return None
    found = find_explicit_date(normalize_text(text, taa_marbuta=True))
    return found[0].isoformat() if found else None


def _is_body_like(line: _Line) -> bool:
    text = line.text
    if line.words >= 9:
        return True
    return line.words >= 5 and text.endswith((".", "!", "؟", "?"))


def extract_page_text(page: str) -> PageParts:
    """Split page text into header, body and footer parts."""
    page = _TAG_RE.sub("", page.replace("\r\n", "\n").replace("\r", "\n"))
    parts = PageParts()
    prefix = _DATE_PREFIX_RE.match(page)
    if prefix:
        year, month, day = (int(part) for part in prefix.group(1).split("-"))
        found = safe_date(year, month, day)  # "date 2020-02-31" names no day: ignore it
        parts.published = found.isoformat() if found else None
        page = page[prefix.end() :]
    lines: list[_Line] = []
    position = 0
    for index, raw in enumerate(page.split("\n")):
        lines.append(_Line(index, position, raw))
        position += len(raw) + 1
    content = [line for line in lines if line.text]
    if not content:
        return parts

    footer_at = _footer_start(content)
    main = content[:footer_at]
    _parse_footer(content[footer_at:], parts)

    wrapped = is_hard_wrapped("\n".join(line.raw for line in main))
    body_start = 0 if wrapped else _parse_header(main, parts)
    body = [
        line
        for line in main[body_start:]
        if not CHROME_LINE_RE.match(line.text) and not (line.words <= 8 and _date_of_line(line.text))
    ]
    body = _drop_teasers(body, main[:body_start])
    if not body and parts.title is not None:
        # a bare paragraph or two with nothing else: what looked like a headline is the text itself
        body = [line for line in main if line.text == parts.title or line.words >= 4]
        parts.title = None
    for previous, line in zip([None, *body], body, strict=False):
        if previous is not None:
            gap = page[previous.start + len(previous.raw) : line.start]
            parts.body_separators.append("\n\n" if gap.count("\n") >= 2 else "\n")
        parts.body_lines.append(line.raw.rstrip("\n"))
    return parts


def _footer_start(content: list[_Line]) -> int:
    for position, line in enumerate(content):
        key = line.text.rstrip(":").strip()
        if key in FOOTER_MARKERS or key in RELATED_MARKERS or key in TAG_MARKERS:
            return position
    return len(content)


def _parse_footer(footer: list[_Line], parts: PageParts) -> None:
    mode = ""
    item: RelatedItem | None = None
    fields_seen = 0
    for line in footer:
        key = line.text.rstrip(":").strip()
        if key in TAG_MARKERS:
            mode = "tags"
            continue
        if key in RELATED_MARKERS:
            mode = "related"
            continue
        if key in FOOTER_MARKERS:
            mode = "other"
            continue
        if mode == "tags":
            parts.tags.extend(tag.strip() for tag in re.split(r"[،,|#]", line.text) if tag.strip())
        elif mode == "related":
            if key == "الصورة":
                item = RelatedItem()
                parts.related.append(item)
                fields_seen = 0
                continue
            if item is None:
                item = RelatedItem()
                parts.related.append(item)
                fields_seen = 0
            fields_seen = _fill_related(item, line.text, fields_seen)


def _fill_related(item: RelatedItem, text: str, fields_seen: int) -> int:
    """Fill caption, section and summary in page order; return how many are filled."""
    if fields_seen == 0 and is_caption_like(text):
        item.caption = text
        return 1
    if fields_seen <= 1 and len(text.split()) <= 3:
        item.section = text
        return 2
    if item.summary:
        item.summary += "\n" + text
    else:
        item.summary = text
    return 3


def _parse_header(main: list[_Line], parts: PageParts) -> int:
    """Read title, byline, date and caption; return the index of the first body line."""
    seen: dict[str, int] = {}
    for line in main:
        seen[line.text] = seen.get(line.text, 0) + 1
    position = 0
    title_decided = False
    while position < len(main):
        line = main[position]
        text = line.text
        date = _date_of_line(text)
        source = SOURCE_LINE_RE.match(text)
        byline = BYLINE_RE.match(text)
        if date:
            parts.published = parts.published or date
        elif line.words <= _HEADER_MAX_WORDS and (
                CHROME_LINE_RE.match(text) or MASTHEAD_RE.search(text) or AGENCY_CREDIT_RE.search(text)):
            if AGENCY_CREDIT_RE.search(text):
                parts.dateline = parts.dateline or text  # "إسطنبول - متابعات": filed from Istanbul
            if MASTHEAD_RE.search(text) and position + 1 < len(main) and main[position + 1].words <= 4:
                position += 1  # the masthead's name line
        elif line.words <= DATELINE_MAX_WORDS and DATELINE_RE.match(text):
            if parts.dateline is None or len(parts.dateline.split()) == 1:
                parts.dateline = text  # neither the title nor an author (no headline is built so); over a lone word
        elif source:
            parts.outlet = parts.outlet or source.group(1).strip()
        elif byline:
            parts.author = parts.author or byline.group(1).strip()
        elif not title_decided:
            if line.words > 30 or _reads_as_lead(text, line.words) or _wrapped_lead(main, position):
                break
            if line.words >= 4 and not is_caption_like(text):
                parts.title = text
                title_decided = True
            elif is_caption_like(text):
                parts.caption = parts.caption or text
        elif _starts_body(line, parts, seen) or _wrapped_lead(main, position):
            break
        elif line.words == 1 and parts.dateline is None and _ARABIC_WORD_RE.fullmatch(text):
            parts.dateline = text  # a word alone under the headline: a city the story was filed from, or a section
        elif text in (parts.title, parts.author) or _is_teaser(text):
            pass
        elif line.words <= 4 and seen[text] >= 2 and parts.author is None:
            parts.author = text
        elif is_caption_like(text) or seen[text] >= 2:
            parts.caption = parts.caption or text
        elif line.words <= 4 and parts.author is None and _looks_like_name(text):
            parts.author = text
        position += 1
    return position


def _reads_as_lead(text: str, words: int) -> bool:
    """The first line is the lead sentence, not a headline: headlines carry no Arabic comma between words,
    no closing full stop after a dozen words and no "اليوم الثلاثاء" / "مساء أمس" day in mid-sentence (each
    in under 1 % of the 10,900 headlines of the two news corpora; in 35 % to 96 % of their leads)."""
    return (words >= 12 and text.endswith(".")) or bool(_CLAUSE_COMMA_RE.search(text)) \
        or bool(_DAY_IN_SENTENCE_RE.search(text))


def _wrapped_lead(main: list[_Line], position: int) -> bool:
    """The lead sentence wrapped in mid-sentence: the line ends on its day ("… اليوم الجمعة") and the next
    line of the same paragraph goes on with an Arabic word. 56 of the ANT corpus's 9,965 headlines end on a
    day (weather forecasts mostly); 35 % of its leads name one in their first line."""
    line = main[position]
    following = main[position + 1] if position + 1 < len(main) else None
    return (following is not None and following.index == line.index + 1 and bool(_DAY_AT_END_RE.search(line.text))
            and bool(re.match(r"[\u0621-\u064A]", following.text)))


def _starts_body(line: _Line, parts: PageParts, seen: dict[str, int]) -> bool:
    text = line.text
    return (
        _is_body_like(line)
        and not _is_teaser(text)
        and text != parts.title
        and seen[text] == 1
        and not is_caption_like(text)
    )


def _is_teaser(text: str) -> bool:
    return text.endswith(("[…]", "[...]"))


def _looks_like_name(text: str) -> bool:
    return bool(re.fullmatch(r"[\u0621-\u064A\u0671-\u06D3\s.]{3,40}", text)) and 2 <= len(text.split()) <= 4


def _drop_teasers(body: list[_Line], header: list[_Line]) -> list[_Line]:
    """Drop teaser lines ("… […]") that repeat the start of a later body line."""
    kept: list[_Line] = []
    for position, line in enumerate(body):
        text = line.text
        if _is_teaser(text) or text.endswith(("…", "...")):
            stem = text.rstrip("[]….").strip()
            if len(stem) > 20 and any(other.text.startswith(stem) for other in body[position + 1 :]):
                continue
        kept.append(line)
    del header
    return kept


def build_page_text_article(page: str, *, published: str | None = None) -> Article:
    """Extract an Article from page text."""
    parts = extract_page_text(page)
    text_parts: list[str] = []
    paragraphs: list[Span] = []
    offset = 0
    for position, line in enumerate(parts.body_lines):
        if position:
            separator = parts.body_separators[position - 1]
            text_parts.append(separator)
            offset += len(separator)
        leading = len(line) - len(line.lstrip())
        stripped_end = len(line.rstrip())
        paragraphs.append(Span(offset + leading, offset + stripped_end, "paragraph"))
        text_parts.append(line)
        offset += len(line)
    meta = Meta(
        title=parts.title,
        author=parts.author,
        published=parts.published or published,
        outlet=parts.outlet,
        caption=parts.caption,
        dateline=parts.dateline,
        tags=parts.tags,
        related=parts.related,
        input_format="page-text",
    )
    article = Article(text="".join(text_parts), meta=meta)
    article.set_layer("paragraphs", [span for span in paragraphs if span.end > span.start])
    return article
