// The article reader: the source page's fields, a font-size control, entities and places highlighted.

import { getArticle } from "./api.js";
import { h } from "./dom.js";
import { dataNode, dateNode, numNode } from "./format.js";
import { highlightedText } from "./highlight.js";
import { governorateLabel, language, subTypeLabel, t, typeLabel } from "./i18n.js";

const SIZE_KEY = "marsad.fontSize";
const SIZES = [0.9, 1, 1.1, 1.25, 1.4, 1.6, 1.8];

function savedSize() {
  const value = Number(localStorage.getItem(SIZE_KEY));
  return SIZES.includes(value) ? value : 1.1;
}

const ENTITY_CLASSES = { PER: ["hl-person", "hl_person"], ORG: ["hl-org", "hl_org"] };

/** The spans to highlight: places (with their gazetteer names), other entities, events' evidence. */
export function articleSpans(article) {
  const spans = [];
  for (const place of article.places ?? []) {
    const name = (language() === "ar" ? place.name_ar : null) ?? place.name ?? place.text;
    const where = [place.admin2, place.admin1 ? governorateLabel(place.admin1) : null].filter(Boolean).join(t("list_sep"));
    spans.push({ start: place.start, end: place.end, className: "hl-place",
      title: `${t("hl_place")}: ${name}${where ? ` (${where})` : ""}`, data: { kind: "place" } });
  }
  const placed = new Set(spans.map((span) => `${span.start}:${span.end}`));
  for (const entity of article.entities ?? []) {
    if (placed.has(`${entity.start}:${entity.end}`)) continue; // a resolved place says more
    const [className, label] = ENTITY_CLASSES[entity.label] ?? (entity.label === "LOC" || entity.label === "GPE"
      ? ["hl-place", "hl_place"] : ["hl-entity", "hl_entity"]);
    spans.push({ start: entity.start, end: entity.end, className, title: `${t(label)}: ${entity.text}`,
      data: { kind: "entity" } });
  }
  for (const event of article.events ?? []) {
    if (!Number.isInteger(event.evidence_start)) continue;
    spans.push({ start: event.evidence_start, end: event.evidence_end, className: "hl-evidence",
      title: `${t("hl_evidence")}: ${typeLabel(event.event_type)}` });
  }
  return spans;
}

export async function renderArticle(main, id) {
  main.replaceChildren(h("p", { class: "loading", text: t("loading") }));
  const article = await getArticle(id);
  let size = savedSize();
  const text = h("div", { class: "reader-text data", id: "article-body", lang: article.language || "ar",
    dir: (article.language || "ar") === "ar" ? "rtl" : "auto" }, highlightedText(article.body, articleSpans(article)));
  const reader = h("article", { class: "reader", id: "reader", lang: article.language || "ar" });
  const setSize = (next) => {
    size = next;
    reader.style.setProperty("--reader-scale", String(size));
    try {
      localStorage.setItem(SIZE_KEY, String(size));
    } catch {
      // the size then lasts for this page only
    }
  };
  const step = (direction) => {
    const index = SIZES.indexOf(size) + direction;
    if (index >= 0 && index < SIZES.length) setSize(SIZES[index]);
  };
  setSize(size);
  const fontControl = h("div", { class: "font-control", role: "group", "aria-label": t("font_size") },
    h("button", { type: "button", class: "button small", id: "font-bigger", "aria-label": t("font_bigger"),
      title: t("font_bigger"), text: "+", onclick: () => step(1) }),
    h("span", { text: t("font_size") }),
    h("button", { type: "button", class: "button small", id: "font-smaller", "aria-label": t("font_smaller"),
      title: t("font_smaller"), text: "-", onclick: () => step(-1) }));
  const legend = h("ul", { class: "hl-legend", "aria-label": t("highlight_key") },
    [["hl-place", "hl_place"], ["hl-person", "hl_person"], ["hl-org", "hl_org"], ["hl-entity", "hl_entity"],
      ["hl-evidence", "hl_evidence"]].map(([className, label]) => h("li", {},
      h("span", { class: className, text: t(label) }))));
  const meta = [
    article.author ? [t("author"), dataNode(article.author)] : null,
    [t("published"), dateNode(article.published)],
    article.outlet ? [t("outlet"), dataNode(article.outlet)] : null,
  ].filter(Boolean);

  reader.append(...[
    h("header", { class: "reader-head" },
      h("h1", { id: "article-title", class: "data", dir: "auto", text: article.title || article.id }),
      h("p", { class: "meta", id: "article-meta" }, meta.map(([label, value], index) => [index ? " · " : "",
        h("span", { class: "meta-label", text: `${label}: ` }), value])),
      article.caption ? h("figure", { class: "caption" }, h("figcaption", { id: "article-caption", class: "data",
        dir: "auto", text: article.caption })) : null),
    h("div", { class: "reader-tools" }, fontControl, legend),
    text,
    article.tags?.length ? h("section", { class: "tags", "aria-label": t("tags") }, h("h2", { text: t("tags") }),
      h("ul", { id: "article-tags", class: "data" },
        article.tags.map((tag) => h("li", { dir: "auto", text: tag })))) : null,
    article.url ? h("p", {}, h("a", { href: article.url, rel: "noopener noreferrer external", target: "_blank",
      class: "external", text: t("original_link") })) : null,
  ].filter(Boolean));
  main.replaceChildren(
    h("nav", { class: "crumbs" }, h("a", { href: "#/", text: `${t("back_arrow")} ${t("nav_overview")}` })),
    h("div", { class: "article-layout" }, reader,
      h("aside", { class: "article-side" }, eventsPanel(article), relatedPanel(article))),
  );
}

function eventsPanel(article) {
  const events = article.events ?? [];
  return h("section", { class: "panel", "aria-labelledby": "article-events-title" },
    h("h2", { id: "article-events-title" }, `${t("article_events")} (`, numNode(events.length), ")"),
    events.length ? h("ul", { class: "article-events" }, events.map((event) => h("li", { dataset: { id: event.id } },
      h("a", { href: `#/event/${event.id}` }, h("span", { class: "swatch", dataset: { type: event.event_type } }),
        `${typeLabel(event.event_type)} — ${subTypeLabel(event.sub_event_type)}`),
      h("span", { class: "meta" }, " · ", dateNode(event.event_date), " · ",
        dataNode((language() === "ar" ? event.location_ar : null) ?? event.location)))))
      : h("p", { class: "hint", text: t("no_events") }));
}

function relatedPanel(article) {
  const related = article.related ?? [];
  if (!related.length) return null;
  return h("section", { class: "panel", "aria-labelledby": "related-title" },
    h("h2", { id: "related-title", text: t("related") }),
    h("ul", { class: "related data", id: "article-related", dir: "auto" }, related.map((item) => {
      const label = item.title || item.caption || item.summary || item.url || "";
      return h("li", {},
        item.section ? h("span", { class: "section", text: item.section }) : null,
        item.url ? h("a", { href: item.url, rel: "noopener noreferrer external", target: "_blank", text: label })
          : h("span", { text: label }),
        item.summary && item.summary !== label ? h("p", { class: "hint", text: item.summary }) : null);
    })));
}
