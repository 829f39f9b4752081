// The "why is the rating worse?" box shows only while the chosen rating is worse than the one the change is
// measured from. Which ratings are worse comes from the server (data-worse-ratings: the rule lives in
// actions/ratings.py alone). Without this script the box is always there; with it, a box that holds text or an
// error stays visible whatever is chosen.
export function initWorseReasons(root = document) {
  for (const box of root.querySelectorAll("[data-worse-ratings]")) {
    const form = box.closest("form");
    const field = box.dataset.ratingField;
    if (!form || !field) continue;
    const worse = new Set(box.dataset.worseRatings.split(" ").filter(Boolean));
    const text = box.querySelector("textarea");
    const show = () => {
      const chosen = form.querySelector(`input[name="${field}"]:checked`);
      const keep = (text && text.value.trim() !== "") || box.querySelector(".govuk-form-group--error");
      box.hidden = !(keep || (chosen && worse.has(chosen.value)));
    };
    for (const radio of form.querySelectorAll(`input[name="${field}"]`)) {
      radio.setAttribute("aria-controls", box.id);
      radio.addEventListener("change", show);
    }
    show();
  }
}
