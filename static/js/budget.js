// Budget lines: "Add a row" adds an empty row in the page instead of posting the form.
// Without JavaScript the same button posts, and the page comes back with one row more.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-budget-add-row]");
  const template = document.getElementById("budget-empty-row");
  const rows = document.getElementById("budget-rows");
  const total = document.querySelector("input[name$='-TOTAL_FORMS']");
  const maximum = document.querySelector("input[name$='-MAX_NUM_FORMS']");
  if (!button || !template || !rows || !total) return;
  button.addEventListener("click", (event) => {
    const index = Number(total.value);
    if (maximum && index >= Number(maximum.value)) return; // the server says why
    event.preventDefault();
    const row = template.content.cloneNode(true);
    row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach((element) => {
      for (const attribute of ["id", "name", "for", "aria-describedby"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replaceAll("__prefix__", String(index)));
      }
    });
    rows.appendChild(row);
    total.value = String(index + 1);
    rows.lastElementChild.querySelector("select, input:not([type=hidden])")?.focus();
  });
});
