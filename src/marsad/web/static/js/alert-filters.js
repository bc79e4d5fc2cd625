// An alert's filters (docs/alerts.md, marsad.alerts.spec.AlertFilters): taken from the events view, and
// read back as a translated summary.

import { h } from "./dom.js";
import { dataNode, numNode } from "./format.js";
import {
  countryLabel, formatNumber, governorateLabel, knownGovernorate, subTypeLabel, t, typeLabel,
} from "./i18n.js";

// The filters in the order the summary shows them, with the label of each.
const FILTER_LABELS = {
  event_type: "event_type", sub_event_type: "sub_event_type", actor: "actor", admin1: "admin1", country: "country",
  near: "filter_near", bbox: "filter_bbox", min_fatalities: "filter_min_fatalities",
  min_confidence: "filter_min_confidence", q: "search",
};

/** `west,south,east,north` (the API's `bbox`) as four numbers, or null. */
export function parseBbox(text) {
  const parts = String(text ?? "").split(",").map((part) => Number.parseFloat(part));
  return parts.length === 4 && parts.every(Number.isFinite) ? parts : null;
}

/** The alert filters of the events view's state; its dates have no alert equivalent and are left out. */
export function viewAlertFilters(state) {
  const filters = {};
  if (state.event_type) filters.event_type = [state.event_type];
  if (state.sub_event_type) filters.sub_event_type = [state.sub_event_type];
  if (state.actor) filters.actor = state.actor;
  if (state.admin1) filters.admin1 = [state.admin1];
  if (state.q) filters.q = state.q;
  const box = parseBbox(state.bbox);
  if (box) filters.bbox = box;
  return filters;
}

/** A list of translated names, separated as the language separates them. */
function joined(values, label) {
  return values.flatMap((value, index) => [index ? t("list_sep") : "", label(value)]);
}

const governorate = (name) => (knownGovernorate(name) ? governorateLabel(name) : dataNode(name));
const degrees = (value) => formatNumber(value, 3);

/** A box `[west, south, east, north]` in words, its degrees in the language's digits. */
export function bboxText(box) {
  const [west, south, east, north] = box.map(degrees);
  return t("bbox_value", { west, south, east, north });
}

/** One filter's value as nodes: names translated, numbers in the language's digits, data as it is. */
function valueNodes(name, value) {
  const list = Array.isArray(value) ? value : [value];
  if (name === "event_type") return joined(list, typeLabel);
  if (name === "sub_event_type") return joined(list, subTypeLabel);
  if (name === "admin1") return joined(list, governorate);
  if (name === "country") return joined(list, countryLabel);
  if (name === "near") return t("near_value", { km: formatNumber(value.km, 1), lat: degrees(value.lat),
    lon: degrees(value.lon) });
  if (name === "bbox") return bboxText(value);
  if (name === "min_fatalities") return numNode(value);
  if (name === "min_confidence") return numNode(value, 2);
  return dataNode(typeof value === "string" ? value : JSON.stringify(value));
}

/** The filters as a list of "name: value" rows (known filters first, in their order). */
export function filterSummary(filters, id = null) {
  const names = Object.keys(filters ?? {});
  const ordered = [...Object.keys(FILTER_LABELS).filter((name) => names.includes(name)),
    ...names.filter((name) => !(name in FILTER_LABELS))];
  return h("dl", { class: "alert-filters", id }, ordered.map((name) => h("div", { dataset: { filter: name } },
    h("dt", {}, name in FILTER_LABELS ? t(FILTER_LABELS[name]) : dataNode(name)),
    h("dd", {}, valueNodes(name, filters[name])))));
}
