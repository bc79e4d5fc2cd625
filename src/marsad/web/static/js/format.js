// Values as DOM nodes: dates, numbers and data from the API, each isolated so that the bidi algorithm
// cannot reorder it with the text around it; translated error messages.

import { h } from "./dom.js";
import {
  formatDate, formatNumber, governorateLabel, hasLabel, knownGovernorate, language, localDigits, t,
} from "./i18n.js";

/** The "undated" badge that stands for a missing date. */
export function undatedBadge() {
  return h("span", { class: "badge undated", text: t("undated") });
}

/** A date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) kept left to right in the digits shown now, or the badge. */
export function dateNode(iso) {
  if (!iso) return undatedBadge();
  return h("bdi", { dir: "ltr", class: "date", text: formatDate(iso) });
}

/** A timestamp from the API (`2026-12-06T17:56:10+00:00`) as its date and time (UTC), each left to right. */
export function dateTimeNode(stamp) {
  if (!stamp) return t("unknown");
  const [day, time] = String(stamp).slice(0, 19).split("T");
  return h("span", { class: "datetime" }, dateNode(day), " ",
    time ? h("bdi", { dir: "ltr", class: "time", text: localDigits(time) }) : null);
}

/** A number in the digits shown now, isolated. */
export function numNode(value, fractionDigits = 0) {
  return h("bdi", { class: "num", text: formatNumber(value, fractionDigits) });
}

/** Text from the data (names, notes, titles) as it is, isolated with its own direction. */
export function dataNode(text) {
  if (text === null || text === undefined || text === "") return t("unknown");
  return h("bdi", { class: "data", text: String(text) });
}

/** The place of an event (its name as written in the data) and its governorate, as nodes. */
export function placeNodes(event) {
  const name = (language() === "ar" ? event.location_ar : null) ?? event.location;
  const admin = event.admin1 ? governorateLabel(event.admin1) : "";
  const adminNode = knownGovernorate(event.admin1) ? admin : dataNode(admin);
  if (!name) return admin ? [adminNode] : [t("unknown")];
  return admin && admin !== name ? [dataNode(name), t("list_sep"), adminNode] : [dataNode(name)];
}

/** A change "from → to" that reads in the direction of the language: ← in Arabic, → in English. */
export function changeNodes(from, to) {
  return h("span", { class: "change" }, h("bdi", { class: "change-from" }, from), " ",
    h("span", { class: "arrow", "aria-hidden": "true", text: t("arrow") }), " ",
    h("bdi", { class: "change-to" }, to));
}

/** A format name such as CSV: Latin letters marked as such. */
export function latinNode(text) {
  return h("span", { lang: "en", dir: "ltr", text });
}

// Codes whose English detail from the API says more than the translation (which field, which version).
const DETAILED = new Set(["invalid_request", "query_too_long", "conflict", "payload_too_large"]);

/** The translated message of an error (by the API's error code, "network" for no answer). */
export function errorText(error) {
  const code = error?.code ?? "";
  if (hasLabel(`err_${code}`)) return t(`err_${code}`);
  return t("err_unknown", { status: error?.status ? localDigits(error.status) : t("unknown") });
}

/** The translated message, and the API's English detail (folded away) where it helps. */
export function errorNodes(error) {
  const detail = error?.message && (DETAILED.has(error.code) || !hasLabel(`err_${error.code}`))
    ? h("details", { class: "error-detail" }, h("summary", { text: t("error_detail") }),
      h("p", { lang: "en", dir: "ltr", class: "data", text: error.message }))
    : null;
  return [h("span", { class: "error-text", lang: language(), text: errorText(error) }), detail];
}
