"""An alert's matches as an Atom feed (RFC 4287), newest first."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from .. import __version__

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"


def atom_feed(alert: dict[str, Any], matches: list[dict[str, Any]], *, base_url: str) -> bytes:
    """The feed document: one entry per match (an update of an event is an entry of its own)."""
    ET.register_namespace("", ATOM)
    base = base_url.rstrip("/")
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    _text(feed, "id", f"{base}/alerts/{alert['id']}")
    _text(feed, "title", f"Marsad alert: {alert['name']}")
    _text(feed, "subtitle", "Events newly coded or changed that match the alert's filters")
    _text(feed, "updated", _stamp(matches[0]["matched_at"] if matches else alert["created_at"]))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", alert.get("owner") or "Marsad")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml",
                                            "href": f"{base}/alerts/{alert['id']}/feed.atom"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": f"{base}/ui/"})
    _text(feed, "generator", "Marsad").set("version", __version__)
    for match in matches:
        feed.append(_entry(match, base))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _entry(match: dict[str, Any], base: str) -> ET.Element:
    event = match["event"]
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "id", f"{base}/alerts/match/{match['id']}")
    kind = "Update: " if match["kind"] == "update" else ""
    place = event.get("location") or event.get("admin1") or event.get("country") or "unknown place"
    _text(entry, "title", f"{kind}{event.get('sub_event_type') or event.get('event_type')} in {place}, "
                          f"{event.get('event_date') or 'undated'}")
    _text(entry, "updated", _stamp(match["matched_at"]))
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": base + event["path"]})
    ET.SubElement(entry, f"{{{ATOM}}}category", {"term": str(event.get("event_type") or "")})
    _text(entry, "summary", event.get("notes") or "")
    content = ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "xhtml"})
    div = ET.SubElement(content, f"{{{XHTML}}}div")
    rows = (("Date", event.get("event_date") or "undated"), ("Type", f"{event.get('event_type')} / "
                                                                      f"{event.get('sub_event_type')}"),
            ("Place", ", ".join(str(part) for part in (event.get("location"), event.get("admin1"),
                                                       event.get("country")) if part)),
            ("Actors", " vs ".join(str(side) for side in (event.get("actor1"), event.get("actor2")) if side)),
            ("Fatalities", str(event.get("fatalities") or 0)), ("Notes", event.get("notes") or ""))
    for label, value in rows:
        line = ET.SubElement(div, f"{{{XHTML}}}p")
        strong = ET.SubElement(line, f"{{{XHTML}}}strong")
        strong.text = f"{label}: "
        strong.tail = str(value)
    if event.get("evidence"):
        quote = ET.SubElement(div, f"{{{XHTML}}}blockquote", {"lang": "ar", "dir": "rtl"})
        quote.text = str(event["evidence"])
    return entry


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element


def _stamp(value: str) -> str:
    """An RFC 3339 date-time (the store's stamps are ISO with an offset already)."""
    return value if "T" in value else f"{value}T00:00:00Z"
