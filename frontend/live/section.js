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

// Changes typed here (the editor's transactions), not those of the server or the local copy.
function isLocal(origin, provider, localCopy) {
  return origin !== provider && origin !== localCopy;
}

function onStatusMessage(handler) {
  return (_encoder, decoder) => {
    let message = {};
    try {
      message = JSON.parse(decoding.readVarString(decoder));
    } catch {
      return; // not ours to show
    }
    handler(message);
  };
}

export function startSection(form, { nonce }) {
  const { serverUrl, room } = socketAddress(form.dataset.liveUrl);
  const doc = new Y.Doc();
  const localCopy = new IndexeddbPersistence(`mile-section-${room}`, doc);
  const provider = new WebsocketProvider(serverUrl, room, doc, { connect: false, disableBc: true });
  const status = new LiveStatus(form);
  const textarea = form.querySelector("textarea");
  let editor = null;
  let lockedSentence = "";

  function stopQuietly() {
    clearTimeout(giveUp);
    provider.destroy();
    localCopy.destroy();
    doc.destroy();
  }
  const giveUp = setTimeout(stopQuietly, SYNC_TIMEOUT_MS);

  provider.messageHandlers[STATUS_MESSAGE] = onStatusMessage((message) => {
    if (typeof message.saved === "string") {
      status.saved(message.saved);
    } else if (typeof message.locked === "string") {
      lockedSentence = message.locked;
      status.stopped(message.locked);
      if (editor) {
        editor.readOnly();
      }
    } else if (typeof message.refused === "string") {
      status.refused(message.refused);
    }
  });

  provider.on("sync", (synced) => {
    if (!synced || editor) {
      return;
    }
    // Typed into the plain form meanwhile, or locked: this page keeps the plain form.
    if (textarea.value !== textarea.defaultValue || lockedSentence) {
      stopQuietly();
      return;
    }
    clearTimeout(giveUp);
    const focused = document.activeElement === textarea;
    status.startFrom(form.querySelector(".section-status"));
    editor = mountEditor(form, { ytext: doc.getText("text"), awareness: provider.awareness, status, nonce });
    if (focused) {
      editor.view.focus();
    }
    doc.on("update", (_update, origin) => {
      if (isLocal(origin, provider, localCopy)) {
        status.localChange();
      }
    });
  });

  provider.on("status", ({ status: connection }) => {
    if (!editor) {
      return;
    }
    if (connection === "disconnected") {
      status.disconnected();
    } else if (connection === "connected") {
      status.connected();
    }
  });

  // The server closed the socket for good (4401, 4403, 4404, 4400, 4413): before the sync the
  // plain form stays; after it the editor stops, the text kept in this browser.
  provider.on("closed", () => {
    if (!editor) {
      stopQuietly();
    } else if (!lockedSentence) {
      editor.readOnly();
      status.stopped(
        gettext("The live editor was disconnected: reload the page to go on writing. Your text is kept in this browser."),
      );
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (editor && status.unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  Promise.race([localCopy.whenSynced, pause(LOCAL_COPY_WAIT_MS)]).then(() => {
    if (!doc.isDestroyed) {
      provider.connect();
    }
  });
}
