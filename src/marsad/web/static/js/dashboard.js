// The overview: filters, the map and the timeline first, the events table below; evidence one click away.

import { exportUrl, getActors, getAllEvents, getStats, searchArticles } from "./api.js";
import { h, markedText } from "./dom.js";
import {
  EVENT_TYPES, formatNumber, governorateLabel, language, statusLabel, subTypeLabel, t, typeLabel,
} from "./i18n.js";
import { createMap, loadBoundaries } from "./map.js";
import { autoUnit, createTimeline } from "./timeline.js";

const FILTER_NAMES = ["date_from", "date_to", "event_type", "actor", "admin1", "q", "unit"];
const TABLE_ROWS = 300;
const GOVERNORATES = ["Aleppo", "Al-Hasakeh", "Ar-Raqqa", "As-Sweida", "Damascus", "Dar'a", "Deir-ez-Zor", "Hama",
  "Homs", "Idleb", "Lattakia", "Quneitra", "Rural Damascus", "Tartous"];

// The brushed range lives here (not in the hash): it narrows the map and the table, not the timeline.
let brush = null;
let brushKey = "";

export function parseState(hash) {
  const params = new URLSearchParams(hash.split("?")[1] ?? "");
  return Object.fromEntries(FILTER_NAMES.map((name) => [name, params.get(name) ?? ""]));
}

function stateHash(state) {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (state[name]) params.set(name, state[name]);
  const text = params.toString();
  return text ? `#/?${text}` : "#/";
}

function apiFilters(state) {
  const { date_from, date_to, event_type, actor, admin1 } = state;
  return { date_from, date_to, event_type, actor, admin1 };
}

function inBrush(event) {
  if (!brush) return true;
  return Boolean(event.event_date) && event.event_date >= brush.from && event.event_date <= brush.to;
}

function field(labelKey, control) {
  return h("label", { class: "field" }, h("span", { text: t(labelKey) }), control);
}

function select(name, value, options) {
  return h("select", { name, id: `filter-${name}` },
    h("option", { value: "", text: t("any") }),
    options.map(([key, label]) => h("option", { value: key, selected: key === value, text: label })));
}

function filterForm(state, { actors, admin1s }) {
  const form = h("form", { class: "filters", id: "filters", role: "search" },
    field("date_from", h("input", { type: "date", name: "date_from", id: "filter-date_from", value: state.date_from })),
    field("date_to", h("input", { type: "date", name: "date_to", id: "filter-date_to", value: state.date_to })),
    field("event_type", select("event_type", state.event_type,
      EVENT_TYPES.map((type) => [type.key, typeLabel(type.key)]))),
    field("actor", h("input", { name: "actor", id: "filter-actor", list: "actor-list", value: state.actor,
      autocomplete: "off", maxlength: 200 })),
    h("datalist", { id: "actor-list" }, actors.map((actor) => h("option", { value: actor.name }))),
    field("admin1", select("admin1", state.admin1, admin1s.map((name) => [name, governorateLabel(name)]))),
    field("search", h("input", { type: "search", name: "q", id: "filter-q", value: state.q, maxlength: 200,
      placeholder: t("search_placeholder") })),
    h("div", { class: "filter-buttons" },
      h("button", { type: "submit", class: "button primary", text: t("apply") }),
      h("button", { type: "button", class: "button", id: "filters-reset", text: t("reset"),
        onclick: () => { location.hash = "#/"; } })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = { ...state };
    for (const name of FILTER_NAMES) if (data.has(name)) next[name] = String(data.get(name)).trim();
    location.hash = stateHash(next);
  });
  // a select applies at once; text inputs apply on Enter or the button
  for (const control of form.querySelectorAll("select")) {
    control.addEventListener("change", () => form.requestSubmit());
  }
  return form;
}

function exportLinks(state) {
  const filters = apiFilters(state);
  if (brush) {
    filters.date_from = filters.date_from && filters.date_from > brush.from ? filters.date_from : brush.from;
    filters.date_to = filters.date_to && filters.date_to < brush.to ? filters.date_to : brush.to;
  }
  return [
    h("a", { class: "button", id: "export-csv", href: exportUrl("acled-csv", filters), download: "marsad-events.csv",
      text: t("export_csv") }),
    h("a", { class: "button", id: "export-geojson", href: exportUrl("geojson", filters),
      download: "marsad-events.geojson", text: t("export_geojson") }),
  ];
}

function place(event) {
  const name = (language() === "ar" ? event.location_ar : null) ?? event.location;
  const admin = event.admin1 ? governorateLabel(event.admin1) : "";
  return [name, admin && admin !== name ? admin : ""].filter(Boolean).join(t("list_sep"));
}

function actors(event) {
  const names = [event.actor1, event.actor2].filter(Boolean);
  if (!names.length) return t("unknown");
  return names.flatMap((name, index) => [index ? " ⟷ " : "", h("bdi", { dir: "ltr", text: name })]);
}

function countBy(events, key) {
  const counts = new Map();
  for (const event of events) {
    const value = event[key];
    if (!value) continue;
    const entry = counts.get(value) ?? { count: 0, fatalities: 0 };
    entry.count += 1;
    entry.fatalities += event.fatalities ?? 0;
    counts.set(value, entry);
  }
  return [...counts.entries()].sort((a, b) => b[1].count - a[1].count);
}

function summaryList(rows, label, max) {
  const top = rows.length ? rows[0][1].count : 1;
  return h("table", { class: "summary-table" },
    h("tbody", {}, rows.slice(0, max).map(([name, entry]) => h("tr", {},
      h("th", { scope: "row" }, label(name)),
      h("td", { class: "summary-bar-cell" }, h("meter", { min: 0, max: top, value: entry.count,
        "aria-hidden": "true" })),
      h("td", { class: "num", text: formatNumber(entry.count) }),
      h("td", { class: "num muted", title: t("fatalities"), text: `✝ ${formatNumber(entry.fatalities)}` })))));
}

function summary(events) {
  const fatalities = events.reduce((sum, event) => sum + (event.fatalities ?? 0), 0);
  return [
    h("p", { class: "summary-totals" }, t("events_count", { n: formatNumber(events.length) }), " · ",
      `${t("total_fatalities")}: ${formatNumber(fatalities)}`),
    h("h3", { text: t("by_type") }),
    summaryList(countBy(events, "event_type"), (type) => [h("span", { class: "swatch", dataset: { type } }),
      typeLabel(type)], 6),
    h("h3", { text: t("by_governorate") }),
    summaryList(countBy(events, "admin1"), governorateLabel, 8),
  ];
}

function eventsTable(events) {
  if (!events.length) return h("p", { class: "hint", id: "no-events", text: t("no_events") });
  const header = ["event_date", "event_type", "sub_event_type", "actor", "location", "fatalities", "status"];
  return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("events") },
    h("table", { class: "events-table", id: "events-table" },
      h("thead", {}, h("tr", {}, header.map((key) => h("th", { scope: "col", text: t(key) })))),
      h("tbody", {}, events.slice(0, TABLE_ROWS).map((event) => h("tr", { dataset: { id: event.id,
        type: event.event_type } },
      h("td", { class: "nowrap cell-date" }, h("a", { href: `#/event/${event.id}`, class: "event-link",
        text: event.event_date ?? t("unknown") })),
      h("td", { class: "cell-type" }, h("span", { class: "swatch", dataset: { type: event.event_type } }),
        typeLabel(event.event_type)),
      h("td", { class: "cell-sub", text: subTypeLabel(event.sub_event_type) }),
      h("td", { class: "cell-actor", dataset: { label: t("actor") } }, actors(event)),
      h("td", { class: "cell-place", dataset: { label: t("location") }, text: place(event) || t("unknown") }),
      h("td", { class: "num cell-fatalities", dataset: { label: t("fatalities") },
        text: formatNumber(event.fatalities ?? 0) }),
      h("td", { class: "cell-status" }, h("span", { class: `badge status-${event.status}`,
        text: statusLabel(event.status) })))))));
}

function searchHits(hits) {
  if (!hits) return null;
  return h("section", { class: "hits", "aria-label": t("search") },
    h("h3", { text: t("search_hits", { n: formatNumber(hits.length) }) }),
    h("ol", {}, hits.slice(0, 8).map((hit) => h("li", {},
      h("a", { href: `#/article/${hit.article_id}` }, markedText(hit.title_html || hit.title || hit.article_id)),
      h("p", { class: "snippet" }, markedText(hit.snippet_html))))));
}

export async function renderDashboard(main, hash) {
  const state = parseState(hash);
  const key = JSON.stringify(apiFilters(state)) + state.q;
  if (key !== brushKey) {
    brush = null;
    brushKey = key;
  }
  main.replaceChildren(h("p", { class: "loading", text: t("loading") }));
  const filters = apiFilters(state);
  const [boundaries, listing, actors, stats, found] = await Promise.all([
    loadBoundaries(), getAllEvents(filters), getActors(), getStats({}),
    state.q ? searchArticles(state.q, filters) : Promise.resolve(null),
  ]);
  let events = listing.items;
  if (found) {
    const ids = new Set(found.hits.map((hit) => hit.article_id));
    events = events.filter((event) => ids.has(event.article_id));
  }
  const admin1s = [...new Set([...GOVERNORATES, ...Object.keys(stats.by_admin1 ?? {})])]
    .sort((a, b) => governorateLabel(a).localeCompare(governorateLabel(b), language()));
  const types = [...new Set(events.map((event) => event.event_type))];
  const unit = state.unit === "day" || state.unit === "week" ? state.unit : autoUnit(events);

  const mapBox = h("div", { class: "map", id: "map" });
  const timelineBox = h("div", { class: "timeline", id: "timeline" });
  const tableBox = h("div", { id: "table-box" });
  const count = h("p", { class: "count", id: "event-count", "aria-live": "polite" });
  const summaryBox = h("div", { class: "summary", id: "summary" });
  const brushStatus = h("p", { class: "brush-status", id: "brush-status", "aria-live": "polite" });
  const exports = h("div", { class: "exports" });
  const unitButtons = h("div", { class: "segmented", role: "group", "aria-label": t("timeline") },
    ["day", "week"].map((name) => h("button", { type: "button", class: "button small", "aria-pressed": String(unit === name),
      dataset: { unit: name }, text: t(name === "day" ? "per_day" : "per_week"),
      onclick: () => { location.hash = stateHash({ ...state, unit: name }); } })));

  main.replaceChildren(
    h("section", { class: "panel filters-panel", "aria-labelledby": "filters-title" },
      h("h2", { id: "filters-title", class: "visually-hidden", text: t("filters") }),
      filterForm(state, { actors: actors.items.filter((actor) => actor.events > 0), admin1s })),
    h("div", { class: "overview" },
      h("section", { class: "panel map-panel", "aria-labelledby": "map-title" },
        h("h2", { id: "map-title", text: t("map") }), mapBox),
      h("section", { class: "panel timeline-panel", "aria-labelledby": "timeline-title" },
        h("div", { class: "panel-head" }, h("h2", { id: "timeline-title", text: t("timeline") }), unitButtons),
        timelineBox, brushStatus,
        h("h2", { class: "summary-title", text: t("summary") }), summaryBox, searchHits(found?.hits))),
    h("section", { class: "panel table-panel", "aria-labelledby": "table-title" },
      h("div", { class: "panel-head" }, h("h2", { id: "table-title", text: t("events") }), count, exports),
      tableBox),
  );

  const map = createMap(mapBox, boundaries, { onOpen: (event) => { location.hash = `#/event/${event.id}`; } });

  function refresh() {
    const shown = events.filter(inBrush);
    map.update(shown, types);
    tableBox.replaceChildren(eventsTable(shown));
    summaryBox.replaceChildren(...summary(shown));
    count.textContent = shown.length === events.length
      ? t("events_count", { n: formatNumber(events.length) })
      : t("events_shown", { shown: formatNumber(shown.length), total: formatNumber(events.length) });
    exports.replaceChildren(...exportLinks(state));
    brushStatus.replaceChildren(brush
      ? h("span", {}, `${t("brush_range")}: `, h("bdi", { dir: "ltr", text: `${brush.from} → ${brush.to}` }), " ",
        h("button", { type: "button", class: "button small", id: "brush-clear", text: t("brush_clear"),
          onclick: () => { brush = null; timeline.show(null); refresh(); } }))
      : h("span", { class: "hint", text: t("brush_hint") }));
  }

  const timeline = createTimeline(timelineBox, events, { unit, brush, onBrush: (range) => {
    brush = range;
    refresh();
  } });
  refresh();
}
