// Entry point: the shell (language, token dialog) and a hash router over the views.

import { renderAlert, renderAlerts } from "./alerts.js";
import { credentials, saveCredentials } from "./api.js";
import { renderArticle } from "./article.js";
import { renderDashboard } from "./dashboard.js";
import { h } from "./dom.js";
import { renderEvent } from "./event.js";
import { errorNodes } from "./format.js";
import { digits, initialDigits, initialLanguage, language, setDigits, setLanguage, t } from "./i18n.js";

const main = document.getElementById("main");

const ROUTES = [
  [/^#\/event\/([0-9a-f]+)$/, renderEvent],
  [/^#\/article\/([0-9a-f]+)$/, renderArticle],
  [/^#\/alerts$/, renderAlerts],
  [/^#\/alert\/(\d+)$/, renderAlert],
];

let rendering = 0;

/** Render the view of the current hash (the dashboard keeps its filters in the hash query). Each render gets
 * its own container, so one that a newer render overtook (a quick click, a language switch) stays unseen. */
export async function route() {
  const token = ++rendering;
  const hash = location.hash || "#/";
  const [path] = hash.split("?");
  const match = ROUTES.map(([pattern, view]) => [path.match(pattern), view]).find(([found]) => found);
  markNav(match ? path : "#/");
  const view = h("div", { class: "view" });
  main.replaceChildren(view);
  main.setAttribute("aria-busy", "true");
  try {
    if (match) await match[1](view, match[0][1]);
    else await renderDashboard(view, hash);
  } catch (error) {
    if (token !== rendering) return;
    view.replaceChildren(
      h("section", { class: "panel error", role: "alert" },
        h("h2", { text: error.status === 404 ? t("not_found") : t("error") }),
        h("div", { class: "message error", id: "page-error" }, errorNodes(error)),
        h("a", { class: "button", href: "#/", text: t("back") })),
    );
  } finally {
    if (token === rendering) main.setAttribute("aria-busy", "false");
  }
}

/** Mark the header link of the current view: the overview, or the alerts and an alert's page. */
function markNav(path) {
  const current = path.startsWith("#/alert") ? "#/alerts" : path;
  for (const link of document.querySelectorAll(".top .nav-link")) {
    if (link.getAttribute("href") === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function updateTokenButton() {
  const { token } = credentials();
  const button = document.getElementById("token-button");
  button.textContent = token ? `${t("token_set")} ✓` : t("token_button");
  button.classList.toggle("active", Boolean(token));
}

function setupTokenDialog() {
  const dialog = document.getElementById("token-dialog");
  const form = document.getElementById("token-form");
  document.getElementById("token-button").addEventListener("click", () => {
    const saved = credentials();
    form.elements.reviewer.value = saved.reviewer;
    form.elements.token.value = saved.token;
    dialog.showModal();
  });
  // saved on submit, when the button is pressed (the dialog's "close" event comes a task later)
  form.addEventListener("submit", (event) => {
    const action = event.submitter ? event.submitter.value : "save";
    if (action === "save") {
      saveCredentials(form.elements.token.value.trim(), form.elements.reviewer.value.trim());
    } else if (action === "clear") {
      saveCredentials("", "");
    }
    updateTokenButton();
    document.dispatchEvent(new CustomEvent("marsad:credentials"));
  });
}

/** The digits button offers the other digit system of the Arabic interface (hidden in English). */
function updateDigitsButton() {
  const button = document.getElementById("digits-button");
  const toLatin = digits() === "arab";
  button.hidden = language() !== "ar";
  button.textContent = toLatin ? "123" : "١٢٣";
  button.setAttribute("aria-label", t(toLatin ? "digits_to_latn" : "digits_to_arab"));
  button.title = button.getAttribute("aria-label");
  button.dataset.digits = digits();
}

function setupLanguage() {
  setDigits(initialDigits());
  setLanguage(initialLanguage());
  document.getElementById("lang-button").addEventListener("click", () => {
    setLanguage(language() === "ar" ? "en" : "ar");
    document.getElementById("lang-button").lang = language() === "ar" ? "en" : "ar";
    updateTokenButton();
    updateDigitsButton();
    route();
  });
  document.getElementById("digits-button").addEventListener("click", () => {
    setDigits(digits() === "arab" ? "latn" : "arab");
    updateDigitsButton();
    route();
  });
  document.getElementById("lang-button").lang = language() === "ar" ? "en" : "ar";
  updateDigitsButton();
}

setupLanguage();
setupTokenDialog();
updateTokenButton();
window.addEventListener("hashchange", route);
route();
