// The write token for alerts: the same token the review flow keeps (header button, sessionStorage).

import { credentials } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

/** Whether a write token is entered. */
export const hasToken = () => Boolean(credentials().token);

/** Open the header's token dialog. */
export function askToken() {
  document.getElementById("token-button").click();
}

/** A line saying whether the token is entered, with the button that asks for it; it follows the token
 * dialog and stops listening once it has left the page. */
export function tokenPrompt(id) {
  const line = h("p", { class: "hint token-prompt", id });
  function show() {
    if (line.dataset.shown && !line.isConnected) {
      document.removeEventListener("marsad:credentials", show);
      return;
    }
    line.dataset.shown = "1";
    line.replaceChildren(hasToken() ? t("alert_token_ready") : t("alert_token_needed"), " ",
      h("button", { type: "button", class: "button small", text: t("token_button"), onclick: askToken }));
  }
  show();
  document.addEventListener("marsad:credentials", show);
  return line;
}
