// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Filters folded away on a small screen are open on a wide one (without JavaScript, one click opens them).
if (window.matchMedia("(min-width: 40.0625em)").matches) {
  for (const details of document.querySelectorAll("details[data-safeguard-fold-on-small-screens]")) {
    details.open = true;
  }
}
