// The overview: filters, the map and the timeline first, the events table below; evidence one click away.

import { alertForm } from "./alert-form.js";
import { bboxText, parseBbox } from "./alert-filters.js";
import { exportUrl, getActors, getAllEvents, getStats, searchArticles } from "./api.js";
import { h, markedText } from "./dom.js";
import { changeNodes, dataNode, dateNode, latinNode, numNode, placeNodes } from "./format.js";
import {
  EVENT_TYPES, EXAMPLE_DATE, SUB_EVENT_TYPES, dateText, forceLtr, formatDate, formatNumber, governorateLabel, knownGovernorate, language,
  parseDate, statusLabel, subTypeLabel, t, typeLabel, typedText,
} from "./i18n.js";
import { createMap, loadBoundaries } from "./map.js";
import { autoUnit, createTimeline } from "./timeline.js";

const FILTER_NAMES = ["date_from", "date_to", "event_type", "sub_event_type", "actor", "admin1", "bbox", "q", "unit"];
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
  const { date_from, date_to, event_type, sub_event_type, actor, admin1, bbox } = state;
  return { date_from, date_to, event_type, sub_event_type, actor, admin1, bbox };
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
    options.map(([key, label, className]) => h("option", { value: key, selected: key === value, text: label,
      class: className })));
}

/** The sub-event types of the chosen type, or all of them by type. */
function subTypeSelect(state) {
  const option = (name) => h("option", { value: name, selected: name === state.sub_event_type,
    text: subTypeLabel(name) });
  const types = state.event_type in SUB_EVENT_TYPES ? [state.event_type] : Object.keys(SUB_EVENT_TYPES);
  return h("select", { name: "sub_event_type", id: "filter-sub_event_type" },
    h("option", { value: "", text: t("sub_type_any") }),
    types.length === 1 ? Object.keys(SUB_EVENT_TYPES[types[0]]).map(option)
      : types.map((type) => h("optgroup", { label: typeLabel(type) }, Object.keys(SUB_EVENT_TYPES[type]).map(option))));
}

/** A sub-type that is not one of the chosen type's is dropped. */
function keepSubType(next) {
  const subTypes = SUB_EVENT_TYPES[next.event_type];
  return next.event_type && subTypes && !(next.sub_event_type in subTypes) ? { ...next, sub_event_type: "" } : next;
}

/** A date filter: text in `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (either digits), shown in the language's digits
 * (not the browser's date input, whose format follows its locale). */
function dateInput(name, value) {
  return h("input", { type: "text", name, id: `filter-${name}`, class: "date-input", dir: "ltr",
    inputmode: "numeric", autocomplete: "off", spellcheck: "false", maxlength: 10, value: formatDate(value),
    placeholder: forceLtr(formatDate(EXAMPLE_DATE)), title: t("date_hint", { example: dateText(EXAMPLE_DATE) }),
    "aria-describedby": "filter-date-message" });
}

/** The ISO dates of the date filters, or the translated message of the first bad one. */
function readDates(form) {
  const dates = {};
  for (const [name, edge] of [["date_from", "start"], ["date_to", "end"]]) {
    const input = form.elements[name];
    const value = parseDate(input.value, { edge });
    input.setAttribute("aria-invalid", String(value === null));
    if (value === null) {
      input.focus();
      return { error: t("date_invalid", { value: typedText(input.value.trim()), example: dateText(EXAMPLE_DATE) }) };
    }
    dates[name] = value;
  }
  if (dates.date_from && dates.date_to && dates.date_from > dates.date_to) return { error: t("date_order") };
  return { dates };
}

function filterForm(state, { actors, admin1s }) {
  const dateMessage = h("p", { class: "message error filter-message", id: "filter-date-message", role: "alert" });
  const form = h("form", { class: "filters", id: "filters", role: "search", novalidate: true },
    field("date_from", dateInput("date_from", state.date_from)),
    field("date_to", dateInput("date_to", state.date_to)),
    field("event_type", select("event_type", state.event_type,
      EVENT_TYPES.map((type) => [type.key, typeLabel(type.key)]))),
    field("sub_event_type", subTypeSelect(state)),
    field("actor", h("input", { name: "actor", id: "filter-actor", list: "actor-list", value: state.actor,
      autocomplete: "off", maxlength: 200 })),
    h("datalist", { id: "actor-list" }, actors.map((actor) => h("option", { value: actor.name }))),
    field("admin1", select("admin1", state.admin1, admin1s.map((name) => [name, governorateLabel(name),
      knownGovernorate(name) ? null : "data"]))),
    field("search", h("input", { type: "search", name: "q", id: "filter-q", value: state.q, maxlength: 200,
      placeholder: t("search_placeholder") })),
    h("div", { class: "filter-buttons" },
      h("button", { type: "submit", class: "button primary", text: t("apply") }),
      h("button", { type: "button", class: "button", id: "filters-reset", text: t("reset"),
        onclick: () => { location.hash = "#/"; } }),
      h("button", { type: "button", class: "button", id: "save-alert", "aria-expanded": "false",
        "aria-controls": "alert-form-box", text: t("save_alert") })),
    dateMessage);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { dates, error } = readDates(form);
    dateMessage.textContent = error ?? "";
    if (error) return;
    const data = new FormData(form);
    const next = { ...state };
    for (const name of FILTER_NAMES) if (data.has(name)) next[name] = String(data.get(name)).trim();
    location.hash = stateHash(keepSubType({ ...next, ...dates }));
  });
  // a select applies at once; text inputs apply on Enter or the button
  for (const control of form.querySelectorAll("select")) {
    control.addEventListener("change", () => form.requestSubmit());
  }
  return form;
}

/** The map area of the address (`bbox`), which the form has no field for, and its clear button. */
function areaNote(state) {
  const box = parseBbox(state.bbox);
  if (!box) return null;
  return h("p", { class: "hint area-note", id: "filter-area" }, `${t("filter_bbox")}: `,
    bboxText(box), " ",
    h("button", { type: "button", class: "button small", id: "area-clear", text: t("bbox_clear"),
      onclick: () => { location.hash = stateHash({ ...state, bbox: "" }); } }));
}

/** "Save as alert": the button opens the form over the view's current filters, in the box below them. */
function wireAlertForm(form, box, state) {
  const button = form.querySelector("#save-alert");
  const close = () => {
    box.replaceChildren();
    button.setAttribute("aria-expanded", "false");
    button.focus();
  };
  button.addEventListener("click", () => {
    if (box.firstChild) return close();
    box.replaceChildren(alertForm(state, { onCancel: close }));
    button.setAttribute("aria-expanded", "true");
    box.querySelector("#alert-name").focus();
    return null;
  });
}

function exportLinks(state) {
  const filters = apiFilters(state);
  if (brush) {
    filters.date_from = filters.date_from && filters.date_from > brush.from ? filters.date_from : brush.from;
    filters.date_to = filters.date_to && filters.date_to < brush.to ? filters.date_to : brush.to;
  }
  return [
    h("a", { class: "button", id: "export-csv", href: exportUrl("acled-csv", filters), download: "marsad-events.csv" },
      t("export"), " ", latinNode("CSV")),
    h("a", { class: "button", id: "export-geojson", href: exportUrl("geojson", filters),
      download: "marsad-events.geojson" }, t("export"), " ", latinNode("GeoJSON")),
  ];
}

function actors(event) {
  const names = [event.actor1, event.actor2].filter(Boolean);
  if (!names.length) return t("unknown");
  return names.flatMap((name, index) => [index ? " ⟷ " : "", h("bdi", { dir: "ltr", class: "data", text: name })]);
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
      h("td", { class: "num muted", title: t("fatalities") }, "✝ ", numNode(entry.fatalities))))));
}

function summary(events) {
  const fatalities = events.reduce((sum, event) => sum + (event.fatalities ?? 0), 0);
  return [
    h("p", { class: "summary-totals" }, t("events_count", { n: formatNumber(events.length) }), " · ",
      `${t("total_fatalities")}: `, numNode(fatalities)),
    h("h3", { text: t("by_type") }),
    summaryList(countBy(events, "event_type"), (type) => [h("span", { class: "swatch", dataset: { type } }),
      typeLabel(type)], 6),
    h("h3", { text: t("by_governorate") }),
    summaryList(countBy(events, "admin1"), (name) => (knownGovernorate(name) ? governorateLabel(name)
      : dataNode(name)), 8),
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
      h("td", { class: "nowrap cell-date" }, h("a", { href: `#/event/${event.id}`, class: "event-link" },
        dateNode(event.event_date))),
      h("td", { class: "cell-type" }, h("span", { class: "swatch", dataset: { type: event.event_type } }),
        typeLabel(event.event_type)),
      h("td", { class: "cell-sub", text: subTypeLabel(event.sub_event_type) }),
      h("td", { class: "cell-actor", dataset: { label: t("actor") } }, actors(event)),
      h("td", { class: "cell-place", dataset: { label: t("location") } }, placeNodes(event)),
      h("td", { class: "num cell-fatalities", dataset: { label: t("fatalities") },
        text: formatNumber(event.fatalities ?? 0) }),
      h("td", { class: "cell-status" }, h("span", { class: `badge status-${event.status}`,
        text: statusLabel(event.status) })))))));
}

function undatedNote(events) {
  const undated = events.filter((event) => !event.event_date).length;
  return undated ? h("p", { class: "hint", id: "timeline-undated", text: t("timeline_undated",
    { n: formatNumber(undated) }) }) : null;
}

function searchHits(hits) {
  if (!hits) return null;
  return h("section", { class: "hits", "aria-label": t("search") },
    h("h3", { text: t("search_hits", { n: formatNumber(hits.length) }) }),
    h("ol", {}, hits.slice(0, 8).map((hit) => h("li", {},
      h("a", { href: `#/article/${hit.article_id}`, class: "data", dir: "auto" },
        markedText(hit.title_html || hit.title || hit.article_id)),
      h("p", { class: "snippet data", dir: "auto" }, markedText(hit.snippet_html))))));
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

  const form = filterForm(state, { actors: actors.items.filter((actor) => actor.events > 0), admin1s });
  const alertBox = h("div", { id: "alert-form-box" });
  wireAlertForm(form, alertBox, state);

  main.replaceChildren(
    h("section", { class: "panel filters-panel", "aria-labelledby": "filters-title" },
      h("h2", { id: "filters-title", class: "visually-hidden", text: t("filters") }),
      form, areaNote(state), alertBox),
    h("div", { class: "overview" },
      h("section", { class: "panel map-panel", "aria-labelledby": "map-title" },
        h("h2", { id: "map-title", text: t("map") }), mapBox),
      h("section", { class: "panel timeline-panel", "aria-labelledby": "timeline-title" },
        h("div", { class: "panel-head" }, h("h2", { id: "timeline-title", text: t("timeline") }), unitButtons),
        timelineBox, undatedNote(events), brushStatus,
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
      ? h("span", {}, `${t("brush_range")}: `, changeNodes(dateNode(brush.from), dateNode(brush.to)), " ",
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
