/* A live section's status line (p.live-status, role=status) and whether anything is unsaved.
   Saving… after a change of ours until the server says it saved; Saved at 14:02:31; Offline —
   your text is kept in this browser (y-indexeddb keeps it) while the socket is down; Reconnected
   when it is back. A change is confirmed by a "saved" message the server sends once the writers
   paused (LIVE_SAVE_PAUSE_SECONDS, 2 s): a change made just before that message (CONFIRM_AGE)
   came after the pause began, and the server saves again after the next one. */
const CONFIRM_AGE_MS = 1000;

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
    this.lastChange = 0;
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

  localChange() {
    this.unsaved = true;
    this.lastChange = Date.now();
    if (!this.offline && !this.closed) {
      this.show(gettext("Saving…"), "text-body-secondary");
    }
  }

  saved(isoTime) {
    if (this.closed) {
      return;
    }
    if (Date.now() - this.lastChange >= CONFIRM_AGE_MS) {
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
