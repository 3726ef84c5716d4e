/* Live co-editing of proposal sections (issue 18). For each section form that offers it
   (form.section-form[data-live-url]) a shared Yjs document is opened over a WebSocket; once it
   has synced with the server, the plain textarea gives way to a Markdown editor bound to it.
   Without a sync within a few seconds (WebSockets blocked) the plain form and its autosave stay.
   Bundled by esbuild into static/dist/live.js (`make bundle`); its words come from Django's
   JavaScript catalogue (gettext, interpolate), loaded before it. */
import { startSection } from "./section.js";

// CodeMirror puts its styles in a <style> element (style-mod uses adoptedStyleSheets only in a
// shadow root): the strict CSP lets it in with the nonce that the page gave this script.
const NONCE = (document.currentScript && document.currentScript.nonce) || "";

function start() {
  document.querySelectorAll("form.section-form[data-live-url]").forEach((form) => {
    startSection(form, { nonce: NONCE });
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
