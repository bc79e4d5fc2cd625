// The event page: every field, the evidence highlighted in its article, other sources, review and audit.

import { credentials, getArticle, getEvent, reviewEvent } from "./api.js";
import { h } from "./dom.js";
import { changeNodes, dataNode, dateNode, dateTimeNode, errorNodes, numNode, placeNodes } from "./format.js";
import { highlightedText } from "./highlight.js";
import {
  EVENT_TYPES, EXAMPLE_DATE, SUB_EVENT_TYPES, countryLabel, dateText, fieldLabel, forceLtr, formatDate,
  governorateLabel, knownGovernorate, latinDigits, localDecimal, localDigits, parseDate, statusLabel, subTypeLabel, t,
  typeLabel, typedText,
} from "./i18n.js";

const FIELDS = [
  "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor1_ar", "assoc_actor_1", "inter1",
  "actor2", "actor2_ar", "assoc_actor_2", "inter2", "interaction", "country", "admin1", "admin2", "admin3",
  "location", "location_ar", "latitude", "longitude", "geo_precision", "fatalities", "evidence", "notes",
  "confidence",
];
// Fields the edit form offers, with their kind of input.
const EDITABLE = [
  ["event_type", "type"], ["sub_event_type", "subtype"], ["event_date", "date"], ["actor1", "text"],
  ["actor2", "text"], ["location", "text"], ["admin1", "text"], ["admin2", "text"], ["latitude", "float"],
  ["longitude", "float"], ["fatalities", "int"], ["notes", "textarea"],
];
const INTEGERS = new Set(["time_precision", "inter1", "inter2", "interaction", "geo_precision", "fatalities"]);
const DECIMALS = { latitude: 5, longitude: 5, confidence: 2 };

/** A field's value as nodes: translated names, numbers and dates in the language's digits, data as is. */
function display(name, value) {
  if (name === "event_date") return dateNode(value);
  if (value === null || value === undefined || value === "") return t("unknown");
  if (name === "event_type") return typeLabel(value);
  if (name === "sub_event_type") return subTypeLabel(value);
  if (name === "admin1") return knownGovernorate(value) ? governorateLabel(value) : dataNode(value);
  if (name === "country") return countryLabel(value);
  if (INTEGERS.has(name)) return numNode(value);
  if (name in DECIMALS) return numNode(value, DECIMALS[name]);
  return dataNode(value);
}

function fieldList(record) {
  return h("dl", { class: "fields", id: "event-fields" }, FIELDS.map((name) => h("div", { dataset: { field: name } },
    h("dt", { text: fieldLabel(name) }), h("dd", { dir: "auto" }, display(name, record[name])))),
  h("div", { dataset: { field: "id" } }, h("dt", { text: fieldLabel("id") }), h("dd", {}, h("code", { text: record.id }))));
}

function evidencePanel(record, article) {
  const spans = [];
  const { evidence_start: start, evidence_end: end } = record;
  const located = Number.isInteger(start) && Number.isInteger(end) && end > start;
  if (located) spans.push({ start, end, className: "evidence", mark: true, data: { evidence: "1" } });
  const lang = article.language || "ar";
  const body = h("div", { class: "evidence-text reader-text data", id: "evidence-text", tabindex: "0", role: "region",
    lang, dir: lang === "ar" ? "rtl" : "auto", "aria-label": t("evidence") }, highlightedText(article.body, spans));
  return h("section", { class: "panel evidence-panel", "aria-labelledby": "evidence-title" },
    h("h2", { id: "evidence-title", text: t("evidence") }),
    h("p", { class: "source-title" }, h("a", { href: `#/article/${article.id}`, class: "data", dir: "auto",
      text: article.title || article.id })),
    h("p", { class: "meta" }, article.outlet ? [dataNode(article.outlet), " · "] : null, dateNode(article.published)),
    located ? null : h("p", { class: "hint", text: t("evidence_missing") }),
    body);
}

function sourcesList(record) {
  const others = (record.sources ?? []).filter((source) => source.article_id !== record.article_id);
  return h("section", { class: "panel", "aria-labelledby": "sources-title" },
    h("h2", { id: "sources-title", text: t("sources") }),
    others.length
      ? h("ul", { class: "sources", id: "sources" }, others.map((source) => h("li", {},
        h("a", { href: `#/article/${source.article_id}`, class: "data", text: source.outlet || source.article_id }),
        " · ", dateNode(source.published))))
      : h("p", { class: "hint", text: t("no_other_sources") }));
}

/** A version's author: the machine (the pipeline) or a reviewer's name. */
function authorNode(author) {
  return author === "machine" ? t("status_machine") : dataNode(author);
}

function auditTrail(record) {
  const reviews = record.reviews ?? [];
  return h("section", { class: "panel", "aria-labelledby": "audit-title" },
    h("h2", { id: "audit-title", text: t("audit") }),
    reviews.length
      ? h("div", { class: "table-scroll" }, h("table", { class: "audit", id: "audit" },
        h("thead", {}, h("tr", {}, ["when", "action", "reviewer", "reason", "from_to", "status"]
          .map((key) => h("th", { scope: "col", text: t(key) })))),
        h("tbody", {}, reviews.map((review) => h("tr", { dataset: { action: review.action } },
          h("td", { class: "cell-when" }, dateTimeNode(review.created_at)),
          h("td", { text: t(review.action) }),
          h("td", {}, dataNode(review.reviewer)),
          h("td", {}, review.reason ? dataNode(review.reason) : ""),
          h("td", { class: "nowrap cell-change" },
            changeNodes(numNode(review.from_version), numNode(review.to_version))),
          h("td", {}, h("span", { class: `badge status-${review.status}`, text: statusLabel(review.status) })))))))
      : h("p", { class: "hint", id: "audit-empty", text: t("no_reviews") }),
    versionList(record));
}

function versionList(record) {
  const versions = record.versions ?? [];
  if (versions.length < 2) return null;
  return h("details", { class: "versions", id: "versions" },
    h("summary", {}, `${t("versions")} (`, numNode(versions.length), ")"),
    h("ol", {}, versions.map((version, index) => {
      const previous = versions[index - 1]?.event ?? {};
      const changed = index ? FIELDS.filter((name) => previous[name] !== version.event[name]) : [];
      return h("li", { dataset: { version: version.version } },
        `${t("version")} `, numNode(version.version), " · ", authorNode(version.author), " · ",
        dateNode((version.created_at ?? "").slice(0, 10)),
        changed.length ? h("ul", {}, changed.map((name) => h("li", { dataset: { field: name } },
          `${fieldLabel(name)}: `, changeNodes(h("del", {}, display(name, previous[name])),
            h("ins", {}, display(name, version.event[name])))))) : null);
    })));
}

/** Fill the sub-event type list with the sub-types of `eventType`, keeping `value` when it is one of them. */
function fillSubTypes(select, eventType, value) {
  const names = Object.keys(SUB_EVENT_TYPES[eventType] ?? {});
  select.replaceChildren(h("option", { value: "", disabled: true, text: t("choose_sub_type") }),
    ...names.map((name) => h("option", { value: name, text: subTypeLabel(name) })));
  select.value = names.includes(value) ? value : "";
}

/** The value of an editable field as the form shows it (numbers and dates in the language's digits). */
function shown(kind, value) {
  if (value === null || value === undefined) return "";
  if (kind === "float") return localDecimal(value);
  return kind === "int" || kind === "date" ? localDigits(value) : String(value);
}

function editControl(name, kind, value) {
  const id = `edit-${name}`;
  if (kind === "type") {
    return h("select", { id, name }, EVENT_TYPES.map((type) => h("option", { value: type.key,
      selected: type.key === value, text: typeLabel(type.key) })));
  }
  if (kind === "subtype") return h("select", { id, name, required: true });
  if (kind === "textarea") {
    const area = h("textarea", { id, name, rows: 3 });
    area.value = value ?? "";
    return area;
  }
  const numeric = kind === "int" || kind === "float" || kind === "date";
  return h("input", { id, name, type: "text", value: shown(kind, value), dir: numeric ? "ltr" : null,
    class: kind === "date" ? "date-input" : numeric ? "num-input" : null, autocomplete: "off",
    inputmode: kind === "int" || kind === "date" ? "numeric" : kind === "float" ? "decimal" : null,
    placeholder: kind === "date" ? forceLtr(formatDate(EXAMPLE_DATE)) : null });
}

function editForm(record) {
  const form = h("fieldset", { class: "edit-form", id: "edit-form", hidden: true },
    h("legend", { text: t("edit") }),
    EDITABLE.map(([name, kind]) => h("label", { class: "field" }, h("span", { text: fieldLabel(name) }),
      editControl(name, kind, record[name]))));
  const type = form.querySelector("[name=event_type]");
  const subType = form.querySelector("[name=sub_event_type]");
  fillSubTypes(subType, type.value, record.sub_event_type);
  type.addEventListener("change", () => fillSubTypes(subType, type.value, subType.value));
  return form;
}

/** A typed value as the API takes it, or {problem} with the translated message. */
function readValue(kind, raw, name, eventType) {
  if (kind === "subtype") {
    return raw ? { value: raw } : { problem: t("sub_type_required", { type: typeLabel(eventType) }) };
  }
  const text = kind === "int" || kind === "float" || kind === "date" ? latinDigits(raw) : raw;
  if (text === "") return { value: null };
  if (kind === "date") {
    const day = parseDate(text, { full: true });
    return day ? { value: day }
      : { problem: t("date_full_invalid", { value: typedText(raw), example: dateText(EXAMPLE_DATE) }) };
  }
  const pattern = kind === "int" ? /^\d+$/ : kind === "float" ? /^-?\d+(\.\d+)?$/ : null;
  if (pattern && !pattern.test(text)) {
    return { problem: t("number_invalid", { value: typedText(raw), field: fieldLabel(name) }) };
  }
  if (kind === "int") return { value: Number.parseInt(text, 10) };
  if (kind === "float") return { value: Number.parseFloat(text) };
  return { value: text };
}

/** The changed fields of the form, or the first problem found. */
function changesFrom(form, record) {
  const changes = {};
  const eventType = form.querySelector("[name=event_type]").value;
  for (const [name, kind] of EDITABLE) {
    const control = form.querySelector(`[name="${name}"]`);
    const { value, problem } = readValue(kind, control.value.trim(), name, eventType);
    control.setAttribute("aria-invalid", String(Boolean(problem)));
    if (problem) {
      control.focus();
      return { problem };
    }
    if ((record[name] ?? null) !== value) changes[name] = value;
  }
  return { changes };
}

function reviewPanel(record, onReviewed) {
  const message = h("div", { class: "message", id: "review-message", role: "status", "aria-live": "polite" });
  const reason = h("textarea", { id: "review-reason", name: "reason", rows: 2, maxlength: 2000 });
  const form = editForm(record);
  const who = h("p", { class: "hint", id: "review-who" });
  const saveEdit = h("button", { type: "button", class: "button primary", id: "review-save", hidden: true,
    text: t("save_edit") });

  function showWho() {
    if (who.isConnected === false && who.dataset.shown) {
      document.removeEventListener("marsad:credentials", showWho);
      return;
    }
    who.dataset.shown = "1";
    const { token, reviewer } = credentials();
    who.replaceChildren(...(token && reviewer ? [`${t("reviewer")}: `, dataNode(reviewer)] : [t("token_needed")]), " ",
      h("button", { type: "button", class: "button small", text: t("token_button"),
        onclick: () => document.getElementById("token-button").click() }));
  }
  showWho();
  document.addEventListener("marsad:credentials", showWho);

  function fail(...nodes) {
    message.replaceChildren(...nodes.flat().filter(Boolean));
    message.classList.add("error");
  }

  async function submit(action, changes = {}) {
    const { token, reviewer } = credentials();
    message.classList.remove("error");
    if (!token || !reviewer) return fail(t("token_needed"));
    if (action === "reject" && !reason.value.trim()) {
      reason.focus();
      return fail(t("reason_required"));
    }
    if (action === "edit" && !Object.keys(changes).length) return fail(t("no_changes"));
    message.textContent = t("loading");
    try {
      const updated = await reviewEvent(record.id, { action, reviewer, reason: reason.value.trim() || null, changes,
        expected_version: record.version });
      onReviewed(updated, t("reviewed", { status: statusLabel(updated.status) }));
    } catch (error) {
      return fail(errorNodes(error));
    }
    return null;
  }

  saveEdit.addEventListener("click", () => {
    const { changes, problem } = changesFrom(form, record);
    if (problem) fail(problem);
    else submit("edit", changes);
  });
  const button = (action, cls, handler) => h("button", { type: "button", class: `button ${cls}`,
    id: `review-${action}`, text: t(action), onclick: handler });
  return h("section", { class: "panel review-panel", "aria-labelledby": "review-title" },
    h("h2", { id: "review-title", text: t("review") }),
    who,
    h("label", { class: "field" }, h("span", { text: t("reason") }), reason),
    h("div", { class: "row" },
      button("accept", "primary", () => submit("accept")),
      button("edit", "", () => {
        form.hidden = !form.hidden;
        saveEdit.hidden = form.hidden;
        if (!form.hidden) form.querySelector("select, input")?.focus();
      }),
      button("reject", "danger", () => submit("reject"))),
    form, saveEdit, message);
}

export async function renderEvent(main, id, notice = "") {
  main.replaceChildren(h("p", { class: "loading", text: t("loading") }));
  const record = await getEvent(id);
  const article = await getArticle(record.article_id);
  draw(main, record, article, notice);
}

function draw(main, record, article, notice) {
  const review = reviewPanel(record, (updated, text) => {
    draw(main, updated, article, text);
    document.getElementById("review-message")?.focus();
  });
  main.replaceChildren(
    h("nav", { class: "crumbs" }, h("a", { href: "#/", text: `${t("back_arrow")} ${t("nav_overview")}` })),
    h("header", { class: "page-head" },
      h("h1", { id: "event-title" }, h("span", { class: "swatch", dataset: { type: record.event_type } }),
        `${typeLabel(record.event_type)} — ${subTypeLabel(record.sub_event_type)}`),
      h("p", { class: "meta", id: "event-meta" }, h("span", { id: "event-date" }, dateNode(record.event_date)), " · ",
        placeNodes(record), " · ", `${t("fatalities")}: `, numNode(record.fatalities ?? 0), " · ",
        h("span", { class: `badge status-${record.status}`, id: "event-status", text: statusLabel(record.status) }),
        " · ", `${t("version")} `, numNode(record.version))),
    h("div", { class: "event-layout" },
      h("div", { class: "event-main" }, evidencePanel(record, article), sourcesList(record)),
      h("div", { class: "event-side" }, review, auditTrail(record),
        h("section", { class: "panel", "aria-labelledby": "fields-title" },
          h("h2", { id: "fields-title", text: t("fields") }), fieldList(record)))),
  );
  if (notice) {
    const message = document.getElementById("review-message");
    message.textContent = notice;
    message.setAttribute("tabindex", "-1");
  }
  const mark = main.querySelector("#evidence-text mark.evidence");
  const box = main.querySelector("#evidence-text");
  if (mark && box) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
}
