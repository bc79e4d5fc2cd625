// Entry point: the shell (language, token dialog) and a hash router over the three views.

import { credentials, saveCredentials } from "./api.js";
import { renderArticle } from "./article.js";
import { renderDashboard } from "./dashboard.js";
import { h } from "./dom.js";
import { renderEvent } from "./event.js";
import { initialLanguage, language, setLanguage, t } from "./i18n.js";

const main = document.getElementById("main");

const ROUTES = [
  [/^#\/event\/([0-9a-f]+)$/, (id) => renderEvent(main, id)],
  [/^#\/article\/([0-9a-f]+)$/, (id) => renderArticle(main, id)],
];

let rendering = 0;

/** Render the view of the current hash (the dashboard keeps its filters in the hash query). */
export async function route() {
  const token = ++rendering;
  const hash = location.hash || "#/";
  const [path] = hash.split("?");
  const match = ROUTES.map(([pattern, view]) => [path.match(pattern), view]).find(([found]) => found);
  main.setAttribute("aria-busy", "true");
  try {
    if (match) await match[1](match[0][1]);
    else await renderDashboard(main, hash);
  } catch (error) {
    if (token !== rendering) return;
    main.replaceChildren(
      h("section", { class: "panel error", role: "alert" },
        h("h2", { text: error.status === 404 ? t("not_found") : t("error") }),
        h("p", { text: error.message }),
        h("a", { class: "button", href: "#/", text: t("back") })),
    );
  } finally {
    main.setAttribute("aria-busy", "false");
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

function setupLanguage() {
  setLanguage(initialLanguage());
  document.getElementById("lang-button").addEventListener("click", () => {
    setLanguage(language() === "ar" ? "en" : "ar");
    document.getElementById("lang-button").lang = language() === "ar" ? "en" : "ar";
    updateTokenButton();
    route();
  });
  document.getElementById("lang-button").lang = language() === "ar" ? "en" : "ar";
}

setupLanguage();
setupTokenDialog();
updateTokenButton();
window.addEventListener("hashchange", route);
route();
