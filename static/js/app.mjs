// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "./nhsuk-frontend.min.js";

initAll();

// htmx swaps in fresh NHS.UK components (for example a character count): initialise them.
document.addEventListener("htmx:load", (event) => {
  if (event.detail.elt !== document.body) {
    initAll({ scope: event.detail.elt });
  }
});
