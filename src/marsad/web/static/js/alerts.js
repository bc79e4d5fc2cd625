// The alerts page (#/alerts: every alert with its counts) and an alert's page (#/alert/{id}: its filters, its
// latest matches and its webhook delivery log).

import { alertFeedUrl, deleteAlert, getAlert, getAlerts } from "./api.js";
import { filterSummary } from "./alert-filters.js";
import { h } from "./dom.js";
import { dataNode, dateNode, dateTimeNode, errorNodes, latinNode, numNode, placeNodes } from "./format.js";
import { formatNumber, language, subTypeLabel, t, typeLabel } from "./i18n.js";
import { hasToken, tokenPrompt } from "./token.js";

const backTo = (href, key) => h("nav", { class: "crumbs" }, h("a", { href, text: `${t("back_arrow")} ${t(key)}` }));

/** The link to the alert's Atom feed: "خلاصة Atom", "Atom feed". */
function feedLink(alert) {
  const words = [t("alert_feed"), latinNode("Atom")];
  return h("a", { class: "button small feed-link", href: alertFeedUrl(alert.id), type: "application/atom+xml" },
    language() === "ar" ? words : words.reverse());
}

/** "Label: value" items of an alert's counts, each marked with the count's name for the tests. */
function stats(alert) {
  const item = (name, label, value) => h("li", { dataset: { stat: name } }, `${t(label)}: `, value);
  return h("ul", { class: "alert-stats" },
    item("matches", "alert_matches", numNode(alert.matches)),
    alert.webhook ? item("undelivered", "alert_undelivered", numNode(alert.undelivered))
      : h("li", { dataset: { stat: "webhook" }, text: t("alert_no_webhook") }),
    item("last_match", "alert_last_match", alert.last_match ? dateTimeNode(alert.last_match)
      : t("alert_no_match_yet")));
}

/** Owner and creation date. */
function ownerLine(alert) {
  return h("p", { class: "meta" },
    alert.owner ? [`${t("alert_owner_label")}: `, dataNode(alert.owner), " · "] : null,
    `${t("alert_created")}: `, dateNode(String(alert.created_at ?? "").slice(0, 10)));
}

/** The remove button: asks first, then DELETE /alerts/{id} with the token; `onRemoved` after. */
function removeControl(alert, onRemoved) {
  const message = h("div", { class: "message", role: "status", "aria-live": "polite" });
  const ask = h("div", { class: "confirm", hidden: true, role: "group" },
    h("p", { text: t("alert_remove_confirm") }),
    h("div", { class: "row" },
      h("button", { type: "button", class: "button danger small confirm-remove", text: t("alert_remove_yes"),
        onclick: () => remove(alert, message, onRemoved) }),
      h("button", { type: "button", class: "button small", text: t("cancel"),
        onclick: () => { ask.hidden = true; } })));
  const button = h("button", { type: "button", class: "button small remove-alert", text: t("alert_remove"),
    onclick: () => {
      ask.hidden = false;
      ask.querySelector(".confirm-remove").focus();
    } });
  return [button, ask, message];
}

async function remove(alert, message, onRemoved) {
  message.classList.add("error");
  if (!hasToken()) {
    message.textContent = t("alert_token_needed");
    return;
  }
  try {
    await deleteAlert(alert.id);
    onRemoved();
  } catch (error) {
    message.replaceChildren(...errorNodes(error).filter(Boolean));
  }
}

/** One alert of the list; `onRemoved(card)` once it is removed. */
function alertCard(alert, onRemoved) {
  let card = null;
  const [button, ask, message] = removeControl(alert, () => onRemoved(card));
  card = h("li", { class: "alert-card panel", dataset: { id: alert.id } },
    h("h2", {}, h("a", { href: `#/alert/${alert.id}`, class: "alert-name" }, dataNode(alert.name))),
    ownerLine(alert),
    filterSummary(alert.filters),
    stats(alert),
    h("div", { class: "row alert-actions" },
      h("a", { class: "button small", href: `#/alert/${alert.id}`, text: t("alert_open") }),
      feedLink(alert), button),
    ask, message);
  return card;
}

export async function renderAlerts(main) {
  main.replaceChildren(h("p", { class: "loading", text: t("loading") }));
  const { items } = await getAlerts();
  const notice = h("p", { class: "message", id: "alerts-notice", role: "status", "aria-live": "polite",
    tabindex: "-1" });
  const count = h("span", { class: "count", id: "alerts-count", text: `(${formatNumber(items.length)})` });
  const removed = (card) => {
    card.remove();
    notice.textContent = t("alert_removed");
    const left = main.querySelectorAll(".alert-card").length;
    count.textContent = `(${formatNumber(left)})`;
    if (!left) main.querySelector("#alert-list").replaceWith(emptyAlerts());
    notice.focus();
  };
  const cards = items.map((alert) => alertCard(alert, removed));
  main.replaceChildren(
    h("header", { class: "page-head" },
      h("h1", { id: "alerts-title" }, t("alerts_title"), " ", count),
      h("p", { class: "hint", text: t("alerts_help") }),
      h("p", { class: "hint" }, h("a", { href: "#/", text: t("alerts_new_hint") })),
      tokenPrompt("alerts-token")),
    notice,
    cards.length ? h("ul", { class: "alert-list", id: "alert-list" }, cards) : emptyAlerts());
}

const emptyAlerts = () => h("p", { class: "hint", id: "alerts-empty", text: t("alerts_empty") });

// -- one alert ------------------------------------------------------------------------------------------

/** The webhook's state of one match: delivered when, or waiting after how many attempts. */
function sentNode(match) {
  return match.delivered_at ? dateTimeNode(match.delivered_at)
    : t("sent_pending", { n: formatNumber(match.attempts ?? 0) });
}

function matchRow(match, webhook) {
  const event = match.event ?? {};
  return h("tr", { dataset: { id: event.id, kind: match.kind } },
    h("td", { class: "cell-kind" }, h("span", { class: `badge kind-${match.kind}`,
      text: t(match.kind === "update" ? "kind_update" : "kind_new") })),
    h("td", { class: "nowrap cell-date" }, h("a", { href: `#/event/${event.id}`, class: "event-link" },
      dateNode(event.event_date))),
    h("td", { class: "cell-type" }, h("span", { class: "swatch", dataset: { type: event.event_type } }),
      typeLabel(event.event_type), " — ", subTypeLabel(event.sub_event_type)),
    h("td", { class: "cell-place", dataset: { label: t("location") } }, placeNodes(event)),
    h("td", { class: "num cell-fatalities", dataset: { label: t("fatalities") } }, numNode(event.fatalities ?? 0)),
    h("td", { class: "cell-when", dataset: { label: t("matched_at") } }, dateTimeNode(match.matched_at)),
    webhook ? h("td", { class: "cell-sent", dataset: { label: t("sent") } }, sentNode(match)) : null);
}

function matchesPanel(alert) {
  const latest = alert.latest ?? [];
  const header = ["kind", "event_date", "type_and_sub_type", "location", "fatalities", "matched_at",
    ...(alert.webhook ? ["sent"] : [])];
  return h("section", { class: "panel", "aria-labelledby": "matches-title" },
    h("h2", { id: "matches-title" }, t("alert_latest"), " ",
      h("span", { class: "count", text: `(${formatNumber(alert.matches)})` })),
    latest.length
      ? h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("alert_latest") },
        h("table", { class: "matches-table", id: "alert-matches" },
          h("thead", {}, h("tr", {}, header.map((key) => h("th", { scope: "col", text: t(key) })))),
          h("tbody", {}, latest.map((match) => matchRow(match, Boolean(alert.webhook))))))
      : h("p", { class: "hint", id: "matches-empty", text: t("alert_matches_empty") }));
}

function deliveryRow(delivery) {
  return h("tr", { dataset: { status: delivery.status } },
    h("td", { class: "cell-when" }, dateTimeNode(delivery.at)),
    h("td", {}, h("span", { class: `badge delivery-${delivery.status}`,
      text: t(delivery.status === "delivered" ? "delivery_delivered" : "delivery_failed") })),
    h("td", { class: "cell-http" }, delivery.http_status ? numNode(delivery.http_status) : t("unknown")),
    h("td", { class: "cell-error" }, delivery.error
      ? h("span", { class: "data", lang: "en", dir: "ltr", text: delivery.error }) : ""));
}

function deliveriesPanel(alert) {
  const rows = alert.deliveries ?? [];
  const empty = (key) => h("p", { class: "hint", id: "deliveries-empty", text: t(key) });
  return h("section", { class: "panel", "aria-labelledby": "deliveries-title" },
    h("h2", { id: "deliveries-title", text: t("alert_deliveries") }),
    !alert.webhook ? empty("alert_deliveries_none") : !rows.length ? empty("alert_deliveries_empty")
      : h("div", { class: "table-scroll" }, h("table", { class: "deliveries-table", id: "alert-deliveries" },
        h("thead", {}, h("tr", {}, ["when", "status", "http_status", "delivery_error"]
          .map((key) => h("th", { scope: "col", text: t(key) })))),
        h("tbody", {}, rows.map(deliveryRow)))));
}

function summaryPanel(alert) {
  const [button, ask, message] = removeControl(alert, () => { location.hash = "#/alerts"; });
  return h("section", { class: "panel alert-summary", "aria-labelledby": "alert-filters-title" },
    h("h2", { id: "alert-filters-title", text: t("alert_filters") }),
    filterSummary(alert.filters, "alert-filters"),
    stats(alert),
    alert.webhook ? h("p", { class: "meta", id: "alert-webhook" }, `${t("alert_webhook_label")}: `,
      h("bdi", { class: "data", dir: "ltr", lang: "en", text: alert.webhook.url })) : null,
    h("div", { class: "row alert-actions" }, feedLink(alert), button),
    ask, message);
}

export async function renderAlert(main, id) {
  main.replaceChildren(h("p", { class: "loading", text: t("loading") }));
  const alert = await getAlert(id);
  main.replaceChildren(
    backTo("#/alerts", "alerts_title"),
    h("header", { class: "page-head" },
      h("h1", { id: "alert-title" }, `${t("alert_title")}: `, dataNode(alert.name)),
      ownerLine(alert)),
    h("div", { class: "alert-layout", dataset: { id: alert.id } },
      h("div", { class: "alert-side" }, summaryPanel(alert)),
      h("div", { class: "alert-main" }, matchesPanel(alert), deliveriesPanel(alert))));
}
