"""HTML pages through trafilatura, mapped into the same Article as page text."""

from __future__ import annotations

import re
from datetime import date

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from ..errors import InputError
from ..model import Article, Meta, Span
from ..text.calendar import safe_date

_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date", "publish-date",
)
_URL_DATE_PATTERNS = (
    re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[^\d])"),
    re.compile(r"/((?:19|20)\d\d)/[a-z_\-]+/(\d{1,2})/(\d{1,2})(?:/|$)", re.IGNORECASE),
    re.compile(r"[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)"),
)
_ISO_PREFIX = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
#: Trailing comment-policy and copyright boilerplate that extraction sometimes keeps.
_BOILERPLATE_RE = re.compile(
    r"بالنقاش|الآراء الواردة|سياسة الخصوصية|شروط استخدام|شروط الاستخدام|إرشادات الاستخدام|جميع الحقوق محفوظة|"
    r"التعليقات المنشورة|لا تعبر عن رأي|©|copyright",
    re.IGNORECASE,
)


def date_from_url(url: str | None) -> date | None:
    """Return a publication date written in a URL path (``/2013/middle_east/8/3/``)."""
    if not url:
        return None
    for pattern in _URL_DATE_PATTERNS:
        match = pattern.search(url)
        if match:
            value = safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if value:
                return value
    return None


def _date_from_meta(tree: lxml.html.HtmlElement) -> date | None:
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS:
            match = _ISO_PREFIX.search(element.get("content") or "")
            if match:
                value = safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                if value:
                    return value
    for element in tree.iter("time"):
        match = _ISO_PREFIX.search(element.get("datetime") or "")
        if match and element.get("pubdate") is not None:
            return safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        match = re.search(r'"datePublished"\s*:\s*"((?:19|20)\d\d)-(\d\d)-(\d\d)', script.text)
        if match:
            return safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None


def _canonical_url(tree: lxml.html.HtmlElement) -> str | None:
    for element in tree.iter("link"):
        if (element.get("rel") or "").lower() == "canonical" and element.get("href"):
            return str(element.get("href"))
    for element in tree.iter("meta"):
        if (element.get("property") or "").lower() == "og:url" and element.get("content"):
            return str(element.get("content"))
    return None


#: Tags beyond which a page is extracted without the second-opinion extractors (their comparison of
#: neighbouring blocks grows with the square of the number of blocks: 50,000 table rows took minutes).
FAST_EXTRACTION_TAGS = 20_000
#: Characters of attributes one tag may have (a long ``content`` fits; an inline data image loses its ``src``).
MAX_ATTRIBUTE_CHARS = 8_192
_LONG_TAG_RE = re.compile(rf"<([A-Za-z][\w:-]{{0,40}})\s[^<>]{{{MAX_ATTRIBUTE_CHARS},}}>")


def _is_copyright_year(found: str, html: str) -> bool:
    """True when trafilatura's date is only the year of a copyright line (YYYY-01-01)."""
    if not found.endswith("-01-01"):
        return False
    year = found[:4]
    return bool(re.search(rf"(?:©|&copy;|copyright|حقوق)[^<]{{0,40}}{year}", html, re.IGNORECASE))


def tame_tags(html: str) -> str:
    """The page with the attributes of every tag whose attributes run past ``MAX_ATTRIBUTE_CHARS`` dropped:
    no article needs them, and HTML parsers check each attribute against the others (200,000 attributes
    on one tag kept the parser busy for minutes)."""
    return _LONG_TAG_RE.sub(r"<\1>", html)


def build_html_article(html: str, *, url: str | None = None, published: str | None = None) -> Article:
    """Extract an Article from an HTML page."""
    html = tame_tags(html)
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise InputError(f"unreadable HTML: {error}") from error
    url = url or _canonical_url(tree)
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        fast=html.count("<") > FAST_EXTRACTION_TAGS,
    )
    if not isinstance(document, Document) or not (document.text or "").strip():  # (a dict only with as_dict)
        raise InputError("no article text found in the HTML page (not a news article?)")
    paragraphs = [line.strip() for line in (document.text or "").split("\n") if line.strip()]
    while paragraphs and _BOILERPLATE_RE.search(paragraphs[-1]):
        paragraphs.pop()
    if not paragraphs:
        raise InputError("the HTML page holds only boilerplate, no article text")

    found_date = _date_from_meta(tree) or date_from_url(url or document.url)
    page_date = found_date.isoformat() if found_date else None
    if page_date is None and document.date and not _is_copyright_year(document.date, html):
        page_date = document.date
    text = "\n\n".join(paragraphs)
    spans: list[Span] = []
    offset = 0
    for paragraph in paragraphs:
        spans.append(Span(offset, offset + len(paragraph), "paragraph"))
        offset += len(paragraph) + 2
    meta = Meta(
        title=document.title or None,
        author=document.author or None,
        published=page_date or published,
        outlet=document.sitename or document.hostname or None,
        url=url or document.url,
        caption=None,
        tags=[tag for tag in (document.tags or []) if tag],
        input_format="html",
    )
    article = Article(text=text, meta=meta)
    article.set_layer("paragraphs", spans)
    return article


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML document rather than page text."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:20000].lower():
        return True
    return len(re.findall(r"</?(?:div|p|span|a|body|head|meta|script|article)\b", text[:20000], re.IGNORECASE)) >= 5

