/* The live editor of one section, put in place of its textarea once the shared document has
   synced: the toolbar and Preview toggle, a CodeMirror Markdown editor (line wrapping) bound to
   the document's text with Yjs's undo manager, the others' cursors, and the counter. The
   textarea stays in the form, hidden and disabled: the plain form's autosave leaves the form
   alone (data-live-active="1"). */
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { defaultKeymap } from "@codemirror/commands";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { markdown } from "@codemirror/lang-markdown";
import * as Y from "yjs";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { updateCounter } from "./counter.js";
import { remoteCursors } from "./cursors.js";
import { buildPreview } from "./preview.js";
import { buildToolbar, formattingCommands, formattingKeymap } from "./toolbar.js";

function editable(on) {
  return [EditorState.readOnly.of(!on), EditorView.editable.of(on)];
}

// The textarea's accessible name and descriptions, the live status line instead of the plain one.
function contentAttributes(textarea, statusLine) {
  const described = (textarea.getAttribute("aria-describedby") || "")
    .split(/\s+/)
    .filter((id) => id && !id.startsWith("status-"));
  if (statusLine.id) {
    described.push(statusLine.id);
  }
  const label = textarea.labels && textarea.labels[0] ? textarea.labels[0].textContent.trim() : "";
  return {
    "aria-label": label,
    "aria-describedby": described.join(" "),
    lang: textarea.getAttribute("lang") || "",
    spellcheck: "true",
  };
}

// Hides the plain form's parts that the live editor replaces: they come back with no script.
function retirePlainForm(form, textarea) {
  textarea.hidden = true;
  textarea.disabled = true;
  form.dataset.liveActive = "1";
  form.querySelectorAll(".section-status, button[type=submit]").forEach((element) => {
    element.hidden = true;
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}

function editorExtensions({ form, textarea, ytext, awareness, status, nonce, commands, lock }) {
  const extensions = [
    markdown(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    EditorView.lineWrapping,
    keymap.of([...formattingKeymap(commands), ...yUndoManagerKeymap, ...defaultKeymap]),
    yCollab(ytext, null, { undoManager: new Y.UndoManager(ytext) }),
    remoteCursors(ytext, awareness),
    lock.of(editable(true)),
    EditorView.contentAttributes.of(contentAttributes(textarea, status.line)),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) {
        updateCounter(form, update.state.doc.toString());
      }
    }),
  ];
  return nonce ? [...extensions, EditorView.cspNonce.of(nonce)] : extensions;
}

export function mountEditor(form, { ytext, awareness, status, nonce }) {
  const textarea = form.querySelector("textarea");
  const box = document.createElement("div");
  box.className = "live-editor";
  const editorBox = document.createElement("div");
  editorBox.className = "live-editor-text";
  editorBox.id = `live-editor-${textarea.id}`;
  const lock = new Compartment();
  const commands = formattingCommands();
  const extensions = editorExtensions({ form, textarea, ytext, awareness, status, nonce, commands, lock });
  const view = new EditorView({
    parent: editorBox,
    state: EditorState.create({ doc: ytext.toString(), extensions }),
  });
  const sectionName = contentAttributes(textarea, status.line)["aria-label"];
  const toolbar = buildToolbar(commands, { getView: () => view, editorId: editorBox.id, sectionName });
  const preview = buildPreview(form, {
    getText: () => ytext.toString(),
    editorBox,
    sectionName,
    lang: textarea.getAttribute("lang") || "",
  });
  toolbar.append(preview.button);
  box.append(toolbar, editorBox, preview.pane);
  retirePlainForm(form, textarea);
  textarea.after(box);
  updateCounter(form, ytext.toString());

  return {
    view,
    readOnly() {
      view.dispatch({ effects: lock.reconfigure(editable(false)) });
      toolbar.querySelectorAll(".live-tool").forEach((button) => {
        button.disabled = true;
      });
    },
  };
}
