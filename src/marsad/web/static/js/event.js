// The event page: every field, the evidence highlighted in its article, other sources, review and audit.

import { credentials, getArticle, getEvent, reviewEvent } from "./api.js";
import { h } from "./dom.js";
import { highlightedText } from "./highlight.js";
import {
  EVENT_TYPES, fieldLabel, formatNumber, governorateLabel, language, statusLabel, subTypeLabel, t, typeLabel,
} from "./i18n.js";

const FIELDS = [
  "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor1_ar", "assoc_actor_1", "inter1",
  "actor2", "actor2_ar", "assoc_actor_2", "inter2", "interaction", "country", "admin1", "admin2", "admin3",
  "location", "location_ar", "latitude", "longitude", "geo_precision", "fatalities", "evidence", "notes",
  "confidence",
];
// Fields the edit form offers, with their input type.
const EDITABLE = [
  ["event_type", "type"], ["sub_event_type", "text"], ["event_date", "date"], ["actor1", "text"],
  ["actor2", "text"], ["location", "text"], ["admin1", "text"], ["admin2", "text"], ["latitude", "float"],
  ["longitude", "float"], ["fatalities", "int"], ["notes", "textarea"],
];

function display(name, value) {
  if (value === null || value === undefined || value === "") return t("unknown");
  if (name === "event_type") return typeLabel(value);
  if (name === "sub_event_type") return subTypeLabel(value);
  if (name === "admin1") return governorateLabel(value);
  if (name === "confidence") return formatNumber(Math.round(value * 100) / 100);
  return String(value);
}

function fieldList(record) {
  return h("dl", { class: "fields", id: "event-fields" }, FIELDS.map((name) => h("div", { dataset: { field: name } },
    h("dt", { text: fieldLabel(name) }), h("dd", { dir: "auto", text: display(name, record[name]) }))),
  h("div", { dataset: { field: "id" } }, h("dt", { text: fieldLabel("id") }), h("dd", {}, h("code", { text: record.id }))));
}

function evidencePanel(record, article) {
  const spans = [];
  const { evidence_start: start, evidence_end: end } = record;
  const located = Number.isInteger(start) && Number.isInteger(end) && end > start;
  if (located) spans.push({ start, end, className: "evidence", mark: true, data: { evidence: "1" } });
  const body = h("div", { class: "evidence-text reader-text", id: "evidence-text", tabindex: "0", role: "region",
    "aria-label": t("evidence") }, highlightedText(article.body, spans));
  return h("section", { class: "panel evidence-panel", "aria-labelledby": "evidence-title" },
    h("h2", { id: "evidence-title", text: t("evidence") }),
    h("p", { class: "source-title" }, h("a", { href: `#/article/${article.id}`, text: article.title || article.id })),
    h("p", { class: "meta" }, [article.outlet, article.published].filter(Boolean).join(" · ")),
    located ? null : h("p", { class: "hint", text: t("evidence_missing") }),
    body);
}

function sourcesList(record) {
  const others = (record.sources ?? []).filter((source) => source.article_id !== record.article_id);
  return h("section", { class: "panel", "aria-labelledby": "sources-title" },
    h("h2", { id: "sources-title", text: t("sources") }),
    others.length
      ? h("ul", { class: "sources", id: "sources" }, others.map((source) => h("li", {},
        h("a", { href: `#/article/${source.article_id}`, text: source.outlet || source.article_id }),
        source.published ? ` · ${source.published}` : "")))
      : h("p", { class: "hint", text: t("no_other_sources") }));
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
          h("td", { class: "nowrap", text: (review.created_at ?? "").replace("T", " ").slice(0, 19) }),
          h("td", { text: t(review.action) }),
          h("td", { text: review.reviewer ?? "" }),
          h("td", { text: review.reason ?? "" }),
          h("td", { class: "nowrap", text: `${review.from_version} → ${review.to_version}` }),
          h("td", {}, h("span", { class: `badge status-${review.status}`, text: statusLabel(review.status) })))))))
      : h("p", { class: "hint", id: "audit-empty", text: t("no_reviews") }),
    versionList(record));
}

function versionList(record) {
  const versions = record.versions ?? [];
  if (versions.length < 2) return null;
  return h("details", { class: "versions" }, h("summary", { text: `${t("versions")} (${versions.length})` }),
    h("ol", {}, versions.map((version, index) => {
      const previous = versions[index - 1]?.event ?? {};
      const changed = index ? FIELDS.filter((name) => previous[name] !== version.event[name]) : [];
      return h("li", {}, `${t("version")} ${version.version} · ${version.author} · ${(version.created_at ?? "").slice(0, 10)}`,
        changed.length ? h("ul", {}, changed.map((name) => h("li", {},
          `${fieldLabel(name)}: `, h("del", { text: display(name, previous[name]) }), " → ",
          h("ins", { text: display(name, version.event[name]) })))) : null);
    })));
}

function editForm(record) {
  return h("fieldset", { class: "edit-form", id: "edit-form", hidden: true },
    h("legend", { text: t("edit") }),
    EDITABLE.map(([name, kind]) => {
      const value = record[name] ?? "";
      const id = `edit-${name}`;
      let control;
      if (kind === "type") {
        control = h("select", { id, name }, EVENT_TYPES.map((type) => h("option", { value: type.key,
          selected: type.key === value, text: typeLabel(type.key) })));
      } else if (kind === "textarea") {
        control = h("textarea", { id, name, rows: 3 });
        control.value = value;
      } else {
        control = h("input", { id, name, value, type: kind === "date" ? "date" : kind === "text" ? "text" : "number",
          step: kind === "float" ? "any" : kind === "int" ? "1" : null, min: kind === "int" ? "0" : null });
      }
      return h("label", { class: "field" }, h("span", { text: fieldLabel(name) }), control);
    }));
}

function changesFrom(form, record) {
  const changes = {};
  for (const [name, kind] of EDITABLE) {
    const raw = form.querySelector(`[name="${name}"]`).value.trim();
    let value = raw === "" ? null : raw;
    if (value !== null && kind === "int") value = Number.parseInt(value, 10);
    if (value !== null && kind === "float") value = Number.parseFloat(value);
    if ((record[name] ?? null) !== value) changes[name] = value;
  }
  return changes;
}

function reviewPanel(record, onReviewed) {
  const message = h("p", { class: "message", id: "review-message", role: "status", "aria-live": "polite" });
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
    who.replaceChildren(token && reviewer ? `${t("reviewer")}: ${reviewer}` : t("token_needed"), " ",
      h("button", { type: "button", class: "button small", text: t("token_button"),
        onclick: () => document.getElementById("token-button").click() }));
  }
  showWho();
  document.addEventListener("marsad:credentials", showWho);

  async function submit(action, changes = {}) {
    const { token, reviewer } = credentials();
    message.classList.remove("error");
    if (!token || !reviewer) {
      message.textContent = t("token_needed");
      message.classList.add("error");
      return;
    }
    if (action === "reject" && !reason.value.trim()) {
      message.textContent = t("reason_required");
      message.classList.add("error");
      reason.focus();
      return;
    }
    if (action === "edit" && !Object.keys(changes).length) {
      message.textContent = t("no_changes");
      message.classList.add("error");
      return;
    }
    message.textContent = t("loading");
    try {
      const updated = await reviewEvent(record.id, { action, reviewer, reason: reason.value.trim() || null, changes,
        expected_version: record.version });
      onReviewed(updated, t("reviewed", { status: statusLabel(updated.status) }));
    } catch (error) {
      message.textContent = `${t("error")}: ${error.message}`;
      message.classList.add("error");
    }
  }

  saveEdit.addEventListener("click", () => submit("edit", changesFrom(form, record)));
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
  const place = [(language() === "ar" ? record.location_ar : null) ?? record.location,
    record.admin1 ? governorateLabel(record.admin1) : null].filter(Boolean).join(t("list_sep"));
  const review = reviewPanel(record, (updated, text) => {
    draw(main, updated, article, text);
    document.getElementById("review-message")?.focus();
  });
  main.replaceChildren(
    h("nav", { class: "crumbs" }, h("a", { href: "#/", text: `${t("back_arrow")} ${t("nav_overview")}` })),
    h("header", { class: "page-head" },
      h("h1", { id: "event-title" }, h("span", { class: "swatch", dataset: { type: record.event_type } }),
        `${typeLabel(record.event_type)} — ${subTypeLabel(record.sub_event_type)}`),
      h("p", { class: "meta" }, h("bdi", { text: record.event_date ?? t("unknown") }), " · ", place || t("unknown"),
        " · ", `${t("fatalities")}: ${formatNumber(record.fatalities ?? 0)}`, " · ",
        h("span", { class: `badge status-${record.status}`, id: "event-status", text: statusLabel(record.status) }),
        " · ", `${t("version")} ${record.version}`)),
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
