// "Add another" on the plan's set-up pages, in place: a copy of the empty row is added, numbered after the
// last one, and focused; a row added this way can be removed again. Without this script the button asks the
// server for the page with one more row, so the pages work the same without JavaScript.
for (const button of document.querySelectorAll("[data-add-row]")) {
  const prefix = button.dataset.addRow;
  const rows = document.querySelector(`[data-setup-rows="${prefix}"]`);
  const empty = document.querySelector(`template[data-empty-row="${prefix}"]`);
  const total = document.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const most = document.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
  if (!rows || !empty || !total) continue;

  const renumber = () => {
    rows.querySelectorAll("[data-row-number]").forEach((number, position) => {
      number.textContent = String(position + 1);
    });
    // The GOV.UK button style sets its own display, which the hidden attribute would not override.
    const full = most && rows.querySelectorAll("[data-setup-row]").length >= Number(most.value);
    button.style.display = full ? "none" : "";
  };

  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    const html = empty.innerHTML.replaceAll("__prefix__", String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html;
    const row = holder.firstElementChild;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "govuk-button govuk-button--warning";
    remove.textContent = "Remove";
    remove.addEventListener("click", () => {
      row.remove();
      renumber();
      button.focus();
    });
    // A row added here needs no "Remove this row" box: the button takes it away.
    row.querySelectorAll('input[name$="-DELETE"]').forEach((box) => box.closest(".govuk-form-group").remove());
    row.appendChild(remove);
    rows.appendChild(row);
    total.value = String(index + 1);
    renumber();
    const first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });
  renumber();
}
