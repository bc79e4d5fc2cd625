// "Save as alert": the events view's current filters saved as a standing alert (POST /alerts, token).

import { createAlert, credentials } from "./api.js";
import { filterSummary, viewAlertFilters } from "./alert-filters.js";
import { h } from "./dom.js";
import { dateNode, errorNodes } from "./format.js";
import { formatNumber, t } from "./i18n.js";
import { hasToken, tokenPrompt } from "./token.js";

const MIN_SECRET = 8; // the API's shortest webhook secret
const URL_PATTERN = /^https?:\/\/[^\s/]+/; // the API's rule for a webhook URL

function field(labelKey, control, hint = null) {
  return h("label", { class: "field" }, h("span", { text: t(labelKey) }), control,
    hint ? h("small", { class: "hint", text: hint }) : null);
}

/** Which filters are saved, and the note on the dates that are not. */
function savedFilters(filters, state) {
  const left = state.date_from || state.date_to;
  return h("div", { class: "alert-form-filters" },
    h("h4", { text: t("alert_saved_filters") }),
    Object.keys(filters).length ? filterSummary(filters, "alert-form-summary")
      : h("p", { class: "message error", id: "alert-no-filters", text: t("alert_no_filters") }),
    h("p", { class: "note", id: "alert-dates-note" }, t("alert_dates_note"), left ? [" ", leftOut(state)] : null));
}

/** The view's date range that the alert leaves out. */
function leftOut(state) {
  const edge = (key, date) => (date ? [" ", t(key), " ", dateNode(date)] : []);
  return h("span", { id: "alert-dates-left" }, t("alert_dates_left_out"), edge("range_from", state.date_from),
    edge("range_to", state.date_to));
}

/** The alert to send, or {problem, control} for the first value that breaks a rule. */
function readSpec(form, filters) {
  const value = (name) => form.elements[name].value.trim();
  if (!Object.keys(filters).length) return { problem: t("alert_no_filters") };
  if (!value("name")) return { problem: t("alert_name_required"), control: "name" };
  const url = value("webhook_url");
  const secret = form.elements.webhook_secret.value;
  if (url && !URL_PATTERN.test(url)) return { problem: t("alert_url_invalid"), control: "webhook_url" };
  if (url && secret.length < MIN_SECRET) {
    return { problem: t("alert_secret_short", { n: formatNumber(MIN_SECRET) }), control: "webhook_secret" };
  }
  if (!url && secret) return { problem: t("alert_secret_without_url"), control: "webhook_url" };
  if (!hasToken()) return { problem: t("alert_token_needed") };
  return { spec: { name: value("name"), owner: value("owner") || null, filters,
    webhook: url ? { url, secret } : null } };
}

function controls() {
  return [
    field("alert_name", h("input", { name: "name", id: "alert-name", maxlength: 200, autocomplete: "off",
      required: true })),
    field("alert_owner", h("input", { name: "owner", id: "alert-owner", maxlength: 200, autocomplete: "name",
      value: credentials().reviewer })),
    field("alert_webhook", h("input", { name: "webhook_url", id: "alert-webhook", type: "url", dir: "ltr",
      lang: "en", maxlength: 2000, autocomplete: "off", spellcheck: "false", placeholder: "https://…" })),
    field("alert_secret", h("input", { name: "webhook_secret", id: "alert-secret", type: "password",
      autocomplete: "new-password", maxlength: 200 }), t("alert_secret_hint", { n: formatNumber(MIN_SECRET) })),
  ];
}

/** The form (hidden until the view's "Save as alert" button opens it). */
export function alertForm(state, { onCancel }) {
  const filters = viewAlertFilters(state);
  const message = h("div", { class: "message", id: "alert-message", role: "status", "aria-live": "polite" });
  const form = h("form", { class: "alert-form", id: "alert-form", novalidate: true,
    "aria-labelledby": "alert-form-title" },
    h("h3", { id: "alert-form-title", text: t("alert_form_title") }),
    h("p", { class: "hint", text: t("alert_form_help") }),
    savedFilters(filters, state),
    h("div", { class: "alert-form-fields" }, controls()),
    tokenPrompt("alert-token"),
    h("div", { class: "row" },
      h("button", { type: "submit", class: "button primary", id: "alert-save", text: t("alert_create") }),
      h("button", { type: "button", class: "button", id: "alert-cancel", text: t("cancel"), onclick: onCancel })),
    message);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form, filters, message);
  });
  return form;
}

async function submit(form, filters, message) {
  for (const control of form.querySelectorAll("input")) control.removeAttribute("aria-invalid");
  const { spec, problem, control } = readSpec(form, filters);
  message.classList.toggle("error", Boolean(problem));
  if (problem) {
    message.textContent = problem;
    if (control) {
      form.elements[control].setAttribute("aria-invalid", "true");
      form.elements[control].focus();
    }
    return;
  }
  message.textContent = t("loading");
  try {
    const { id } = await createAlert(spec);
    location.hash = `#/alert/${id}`;
  } catch (error) {
    message.classList.add("error");
    message.replaceChildren(...errorNodes(error).filter(Boolean));
  }
}
