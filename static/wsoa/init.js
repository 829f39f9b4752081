// Loaded on every page as:
//   <script type="module" src="{% static 'wsoa/init.js' %}" nonce="..."></script>
// No inline script is needed: module scripts only run in browsers that GOV.UK
// Frontend supports, so flagging support here is equivalent to the usual
// inline `'noModule' in HTMLScriptElement.prototype` check.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initWorseReasons } from "./worse-reason.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initWorseReasons();
