/* A live section's status line (p.live-status, role=status) and whether anything is unsaved.
   Saving… after a change of ours until the server says it saved it; Saved at 14:02:31; Offline —
   your text is kept in this browser (y-indexeddb keeps it) while the socket is down; Reconnected
   when it is back. A "saved" message carries the state vector of what was saved ("covers"):
   what we typed is saved when it holds this browser's last insertion (Yjs counts each client's
   insertions, so that comparison is exact). A deletion moves no counter: it counts as saved
   once it is older than DELETE_AGE_MS when a "saved" message comes (the server saves a pause
   of 2 s after the last edit it heard, so a deletion that old was in it). */
const DELETE_AGE_MS = 1000;

import { fromBase64 } from "lib0/buffer";
import * as Y from "yjs";

const gettext = (text) => window.gettext(text);

function clock(date) {
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, "0"))
    .join(":");
}

function reloadLink() {
  const link = document.createElement("a");
  link.href = window.location.href.split("#")[0];
  link.textContent = gettext("Reload the page");
  return link;
}

export class LiveStatus {
  constructor(form) {
    this.form = form;
    this.line = form.querySelector(".live-status") || this.createLine();
    this.unsaved = false;
    this.offline = false;
    this.closed = false;
    this.lastDelete = 0;
  }

  createLine() {
    const line = document.createElement("p");
    line.className = "live-status small mb-0";
    line.setAttribute("role", "status");
    this.form.querySelector(".section-status").after(line);
    return line;
  }

  show(text, tone, withReload = false) {
    const span = document.createElement("span");
    span.className = tone;
    span.textContent = text;
    const parts = withReload ? [span, " ", reloadLink()] : [span];
    this.line.replaceChildren(...parts);
  }

  // Until the server tells more, the line says what the plain form's said: the last save.
  startFrom(plainStatus) {
    if (plainStatus && !this.line.hasChildNodes()) {
      this.line.replaceChildren(...Array.from(plainStatus.childNodes, (node) => node.cloneNode(true)));
    }
  }

  localChange(deletes) {
    this.unsaved = true;
    if (deletes) {
      this.lastDelete = Date.now();
    }
    if (!this.offline && !this.closed) {
      this.show(gettext("Saving…"), "text-body-secondary");
    }
  }

  // `doc` is the section's document, `covers` the saved state vector in base64.
  saved(isoTime, covers, doc) {
    if (this.closed) {
      return;
    }
    const saved = Y.decodeStateVector(fromBase64(covers)).get(doc.clientID) || 0;
    const inserted = saved >= Y.getState(doc.store, doc.clientID);
    if (inserted && Date.now() - this.lastDelete >= DELETE_AGE_MS) {
      this.unsaved = false;
    }
    if (!this.unsaved) {
      const time = clock(new Date(isoTime));
      this.show(window.interpolate(gettext("Saved at %(time)s"), { time }, true), "text-success");
    }
  }

  disconnected() {
    if (this.closed) {
      return;
    }
    this.offline = true;
    this.show(gettext("Offline — your text is kept in this browser"), "text-warning-emphasis");
  }

  connected() {
    if (this.offline && !this.closed) {
      this.offline = false;
      this.show(gettext("Reconnected"), "text-body-secondary");
    }
  }

  // The proposal was locked (submitted...) or the server closed the socket for good.
  stopped(sentence) {
    this.closed = true;
    this.show(sentence, "text-danger", true);
  }

  refused(sentence) {
    let alert = this.form.querySelector(".live-refused");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "live-refused alert alert-danger mt-2 mb-0";
      alert.setAttribute("role", "alert");
      this.line.after(alert);
    }
    alert.textContent = sentence;
  }
}
