/* The Preview toggle: the text as the page will show it, rendered and sanitised by the server
   (POST to the form's data-preview-url, with the form's CSRF token). */
const gettext = (text) => window.gettext(text);

async function render(form, text) {
  const body = new FormData();
  body.append("text", text);
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  const response = await fetch(form.dataset.previewUrl, {
    method: "POST",
    body,
    headers: { "X-CSRFToken": token ? token.value : "" },
    credentials: "same-origin",
  });
  if (!response.ok) {
    throw new Error(response.statusText);
  }
  return response.text();
}

// The button (named with the section: a page has several) and the pane; `getText` reads the
// shared text, `editorBox` is hidden while the preview shows.
export function buildPreview(form, { getText, editorBox, sectionName, lang }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-sm btn-outline-primary live-preview-toggle ms-auto";
  const hidden = document.createElement("span");
  hidden.className = "visually-hidden";
  hidden.textContent = ` ${sectionName}`;
  button.append(gettext("Preview"), hidden);
  button.setAttribute("aria-pressed", "false");
  const pane = document.createElement("div");
  pane.className = "live-preview section-text";
  pane.hidden = true;
  pane.lang = lang;
  pane.setAttribute("role", "region");
  pane.setAttribute("aria-label", `${gettext("Preview")} ${sectionName}`);

  button.addEventListener("click", async () => {
    const showing = button.getAttribute("aria-pressed") === "true";
    if (showing) {
      button.setAttribute("aria-pressed", "false");
      pane.hidden = true;
      editorBox.hidden = false;
      return;
    }
    button.setAttribute("aria-pressed", "true");
    pane.hidden = false;
    editorBox.hidden = true;
    pane.setAttribute("aria-busy", "true");
    try {
      pane.innerHTML = await render(form, getText());
    } catch {
      pane.textContent = gettext("The preview could not be shown: try again in a moment.");
    }
    pane.removeAttribute("aria-busy");
  });
  return { button, pane };
}
