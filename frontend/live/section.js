/* One section's shared document: the WebSocket (y-websocket's provider) and the copy in this
   browser (y-indexeddb), the server's status messages, and the editor once the first sync with
   the server is done. Until then, and for good when no sync comes within SYNC_TIMEOUT_MS (a
   proxy that blocks WebSockets), the plain form stays and its autosave keeps working. */
import * as decoding from "lib0/decoding";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { mountEditor } from "./editor.js";
import { LiveStatus } from "./status.js";

const SYNC_TIMEOUT_MS = 5000;
const LOCAL_COPY_WAIT_MS = 1000; // the copy in this browser is read first, if it comes quickly
// y-websocket drops a socket that heard nothing for 30 s, and the server echoes no writer's own
// awareness: a writer alone would go "Offline" when idle. A sync step 1 every RESYNC_MS is
// answered (a few bytes when nothing changed), which keeps the socket known alive.
const RESYNC_MS = 10_000;
const STATUS_MESSAGE = 100; // the server's JSON status: {"saved"}, {"locked"}, {"refused"}

const gettext = (text) => window.gettext(text);

// data-live-url (absolute, or a path on this origin) -> y-websocket's server URL and room:
// ws://host/ws/sections/12 -> ("ws://host/ws/sections", "12").
export function socketAddress(liveUrl) {
  const url = new URL(liveUrl, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : url.protocol === "http:" ? "ws:" : url.protocol;
  let path = url.pathname;
  while (path.endsWith("/")) {
    path = path.slice(0, -1);
  }
  const cut = path.lastIndexOf("/");
  return { serverUrl: url.origin + path.slice(0, cut), room: path.slice(cut + 1) };
}

const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// The server's JSON status message (type 100): a varstring after the message type.
function readStatus(decoder) {
  try {
    return JSON.parse(decoding.readVarString(decoder));
  } catch {
    return {}; // not ours to show
  }
}

const DISCONNECTED = () => gettext(
  "The live editor was disconnected: reload the page to go on writing. Your text is kept in this browser.",
);

class LiveSection {
  constructor(form, nonce) {
    const { serverUrl, room } = socketAddress(form.dataset.liveUrl);
    this.form = form;
    this.nonce = nonce;
    this.textarea = form.querySelector("textarea");
    this.doc = new Y.Doc();
    // The browser's copy is named after the section and its proposal's creation: a database
    // reset that hands the same pk to another section never merges an old copy into it.
    const copy = form.dataset.liveCopy || `mile-section-${room}`;
    this.localCopy = new IndexeddbPersistence(copy, this.doc);
    this.provider = new WebsocketProvider(serverUrl, room, this.doc, {
      connect: false,
      disableBc: true,
      resyncInterval: RESYNC_MS,
    });
    this.status = new LiveStatus(form);
    this.editor = null;
    this.lockedSentence = "";
    this.giveUp = setTimeout(() => this.stopQuietly(), SYNC_TIMEOUT_MS);
    this.provider.messageHandlers[STATUS_MESSAGE] = (_encoder, decoder) => this.onStatus(readStatus(decoder));
    this.provider.on("sync", (synced) => synced && !this.editor && this.onFirstSync());
    this.provider.on("status", ({ status }) => this.onConnection(status));
    this.provider.on("closed", () => this.onClosed());
    window.addEventListener("beforeunload", (event) => this.onLeaving(event));
    // The copy in this browser first (offline edits of an earlier visit), if it comes quickly.
    Promise.race([this.localCopy.whenSynced, pause(LOCAL_COPY_WAIT_MS)]).then(() => {
      if (!this.doc.isDestroyed) {
        this.provider.connect();
      }
    });
  }

  stopQuietly() {
    clearTimeout(this.giveUp);
    this.provider.destroy();
    this.localCopy.destroy();
    this.doc.destroy();
  }

  onStatus(message) {
    if (typeof message.saved === "string") {
      this.status.saved(message.saved, message.covers || "", this.doc);
    } else if (typeof message.locked === "string") {
      this.lockedSentence = message.locked;
      this.status.stopped(message.locked);
      this.editor?.readOnly();
    } else if (typeof message.refused === "string") {
      this.status.refused(message.refused);
    }
  }

  onFirstSync() {
    const { form, textarea, status, provider } = this;
    // Typed into the plain form meanwhile, or locked: this page keeps the plain form.
    if (textarea.value !== textarea.defaultValue || this.lockedSentence) {
      this.stopQuietly();
      return;
    }
    clearTimeout(this.giveUp);
    const focused = document.activeElement === textarea;
    status.startFrom(form.querySelector(".section-status"));
    const ytext = this.doc.getText("text");
    this.editor = mountEditor(form, { ytext, awareness: provider.awareness, status, nonce: this.nonce });
    if (focused) {
      this.editor.view.focus();
    }
    // Changes typed here (the editor's, its undo's), not those of the server or the local copy.
    this.doc.on("update", (update, origin) => {
      if (origin !== provider && origin !== this.localCopy) {
        status.localChange(Y.decodeUpdate(update).ds.clients.size > 0);
      }
    });
  }

  onConnection(connection) {
    if (!this.editor) {
      return;
    }
    if (connection === "disconnected") {
      this.status.disconnected();
    } else if (connection === "connected") {
      this.status.connected();
    }
  }

  // The server closed the socket for good (4401, 4403, 4404, 4400, 4413): before the sync the
  // plain form stays; after it the editor stops, the text kept in this browser.
  onClosed() {
    if (!this.editor) {
      this.stopQuietly();
    } else if (!this.lockedSentence) {
      this.editor.readOnly();
      this.status.stopped(DISCONNECTED());
    }
  }

  onLeaving(event) {
    if (this.editor && this.status.unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  }
}

export function startSection(form, { nonce }) {
  return new LiveSection(form, nonce);
}
