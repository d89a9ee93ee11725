// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "./nhsuk-frontend.min.js";

initAll();

// htmx swaps in fresh NHS.UK components (for example a character count): initialise them.
document.addEventListener("htmx:load", (event) => {
  if (event.detail.elt !== document.body) {
    initAll({ scope: event.detail.elt });
  }
});

// "Your access code": copy and print buttons (hidden without JavaScript, which they need).
const codeActions = document.querySelector(".app-code-actions");
if (codeActions) {
  codeActions.hidden = false;
  const status = codeActions.querySelector(".app-copy-status");
  codeActions.querySelector(".app-copy-code")?.addEventListener("click", async (event) => {
    const code = document.getElementById(event.currentTarget.dataset.copyTarget);
    try {
      await navigator.clipboard.writeText(code.textContent.trim());
      status.textContent = status.dataset.copied;
    } catch {
      status.textContent = status.dataset.notCopied;
    }
  });
  codeActions.querySelector(".app-print-page")?.addEventListener("click", () => window.print());
}
