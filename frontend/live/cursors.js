/* The other writers' cursors and selections, from the awareness states, and ours sent to them.
   y-codemirror.next draws its cursors with inline style attributes, which the strict CSP
   refuses: these are drawn by class only (live-colour-0 … live-colour-7, static/css/live.css),
   the colour and the name being those the server put in each state's `user`. */
import { Annotation, RangeSet } from "@codemirror/state";
import { Decoration, ViewPlugin, WidgetType } from "@codemirror/view";
import * as Y from "yjs";

const COLOURS = 8;
const remoteChange = Annotation.define();

function colourClass(user) {
  const colour = Number(user && user.colour);
  return `live-colour-${Number.isInteger(colour) ? Math.abs(colour) % COLOURS : 0}`;
}

class Caret extends WidgetType {
  constructor(name, colour) {
    super();
    this.name = name;
    this.colour = colour;
  }

  eq(other) {
    return other.name === this.name && other.colour === this.colour;
  }

  toDOM() {
    const caret = document.createElement("span");
    caret.className = `live-caret ${this.colour}`;
    const label = document.createElement("span");
    label.className = "live-caret-name";
    label.textContent = this.name;
    caret.append("\u2060", label, "\u2060");
    return caret;
  }

  ignoreEvent() {
    return true;
  }
}

function relative(ytext, index) {
  return Y.createRelativePositionFromTypeIndex(ytext, index);
}

function absolute(ytext, position) {
  const found = position && Y.createAbsolutePositionFromRelativePosition(position, ytext.doc);
  return found && found.type === ytext ? found.index : null;
}

// Ours: the focused editor's selection, as Yjs relative positions (they survive others' edits).
function sendOwnCursor(view, ytext, awareness) {
  const state = awareness.getLocalState();
  if (state === null) {
    return;
  }
  if (!view.hasFocus) {
    if (state.cursor) {
      awareness.setLocalStateField("cursor", null);
    }
    return;
  }
  const { anchor, head } = view.state.selection.main;
  const cursor = state.cursor;
  const same = cursor
    && Y.compareRelativePositions(Y.createRelativePositionFromJSON(cursor.anchor), relative(ytext, anchor))
    && Y.compareRelativePositions(Y.createRelativePositionFromJSON(cursor.head), relative(ytext, head));
  if (!same) {
    awareness.setLocalStateField("cursor", { anchor: relative(ytext, anchor), head: relative(ytext, head) });
  }
}

function othersDecorations(view, ytext, awareness) {
  const ranges = [];
  const length = view.state.doc.length;
  awareness.getStates().forEach((state, clientId) => {
    if (clientId === awareness.clientID || !state.cursor) {
      return;
    }
    const anchor = absolute(ytext, state.cursor.anchor);
    const head = absolute(ytext, state.cursor.head);
    if (anchor === null || head === null || Math.max(anchor, head) > length) {
      return;
    }
    const colour = colourClass(state.user);
    const name = (state.user && state.user.name) || "";
    if (anchor !== head) {
      const mark = Decoration.mark({ class: `live-selection ${colour}` });
      ranges.push(mark.range(Math.min(anchor, head), Math.max(anchor, head)));
    }
    const side = head > anchor ? -1 : 1;
    ranges.push(Decoration.widget({ widget: new Caret(name, colour), side }).range(head));
  });
  return Decoration.set(ranges, true);
}

export function remoteCursors(ytext, awareness) {
  return ViewPlugin.fromClass(
    class {
      constructor(view) {
        this.decorations = RangeSet.empty;
        this.listener = ({ added, updated, removed }) => {
          const changed = added.concat(updated, removed);
          if (changed.some((id) => id !== awareness.clientID)) {
            view.dispatch({ annotations: remoteChange.of(true) });
          }
        };
        awareness.on("change", this.listener);
      }

      update(update) {
        sendOwnCursor(update.view, ytext, awareness);
        this.decorations = othersDecorations(update.view, ytext, awareness);
      }

      destroy() {
        awareness.off("change", this.listener);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
