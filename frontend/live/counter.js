/* The character counter of a live section: the form's p.section-counter, worded and marked up
   as the server renders it (templates/proposals/_section_counter.html) and as autosave.js
   updates it for the plain form: characters as Python counts them, against data-char-limit. */
const gettext = (text) => window.gettext(text);

function grouped(number) {
  return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
}

export function updateCounter(form, text) {
  const counter = form.querySelector(".section-counter");
  const limit = Number(form.dataset.charLimit);
  if (!counter || !limit) {
    return;
  }
  const length = Array.from(text.replace(/\r\n/g, "\n")).length;
  const over = length - limit;
  counter.querySelector("[data-count]").textContent = `${grouped(length)} / ${grouped(limit)}`;
  counter.querySelector("[data-over]").textContent = over > 0
    ? window.interpolate(
      gettext("over the limit by %(over)s — allowed in a draft, blocks submission"),
      { over: grouped(over) },
      true,
    )
    : "";
  counter.classList.toggle("text-danger", over > 0);
}
