/* The editor's formatting: Markdown commands on the selection, the toolbar's buttons and
   their keyboard shortcuts. A second use of a command on text it already formats undoes it. */
import { EditorSelection } from "@codemirror/state";

// Markers around the selection (bold, italic); with nothing selected, the cursor lands between.
function wrapWith(marker) {
  return (view) => {
    const { state } = view;
    const size = marker.length;
    view.dispatch(
      state.changeByRange((range) => {
        const before = state.sliceDoc(range.from - size, range.from);
        const after = state.sliceDoc(range.to, range.to + size);
        if (before === marker && after === marker) {
          return {
            changes: [
              { from: range.from - size, to: range.from },
              { from: range.to, to: range.to + size },
            ],
            range: EditorSelection.range(range.from - size, range.to - size),
          };
        }
        return {
          changes: [
            { from: range.from, insert: marker },
            { from: range.to, insert: marker },
          ],
          range: EditorSelection.range(range.from + size, range.to + size),
        };
      }),
      { scrollIntoView: true, userEvent: "input.format" },
    );
    return true;
  };
}

// The lines the selection touches, each once, in order.
function selectedLines(state) {
  const numbers = new Set();
  for (const range of state.selection.ranges) {
    const last = state.doc.lineAt(range.to).number;
    for (let number = state.doc.lineAt(range.from).number; number <= last; number += 1) {
      numbers.add(number);
    }
  }
  return [...numbers].sort((a, b) => a - b).map((number) => state.doc.line(number));
}

// A prefix on every selected line (heading, list item), or off again when all have it.
function prefixLines(pattern, prefixFor) {
  return (view) => {
    const lines = selectedLines(view.state);
    const all = lines.every((line) => pattern.test(line.text));
    const changes = lines.map((line, index) => {
      const existing = line.text.match(pattern);
      const end = line.from + (existing ? existing[0].length : 0);
      return { from: line.from, to: end, insert: all ? "" : prefixFor(index) };
    });
    const changeSet = view.state.changes(changes);
    view.dispatch({
      changes: changeSet,
      selection: view.state.selection.map(changeSet, 1), // a cursor at a line's start: after the prefix
      scrollIntoView: true,
      userEvent: "input.format",
    });
    return true;
  };
}

// [the selection](https://) with the address selected, ready to be typed over.
function insertLink(view) {
  const { state } = view;
  const placeholder = "https://";
  view.dispatch(
    state.changeByRange((range) => {
      const text = state.sliceDoc(range.from, range.to);
      const insert = `[${text}](${placeholder})`;
      const start = range.from + text.length + 3;
      return {
        changes: { from: range.from, to: range.to, insert },
        range: EditorSelection.range(start, start + placeholder.length),
      };
    }),
    { scrollIntoView: true, userEvent: "input.format" },
  );
  return true;
}

const gettext = (text) => window.gettext(text);

// name, label, CodeMirror key, the key as aria-keyshortcuts names it, the command.
export function formattingCommands() {
  return [
    {
      name: "heading",
      label: gettext("Heading"),
      icon: "H",
      key: "Mod-Alt-1",
      shortcut: "Control+Alt+1",
      run: prefixLines(/^#{1,6} /, () => "### "),
    },
    { name: "bold", label: gettext("Bold"), icon: "B", key: "Mod-b", shortcut: "Control+B", run: wrapWith("**") },
    { name: "italic", label: gettext("Italic"), icon: "I", key: "Mod-i", shortcut: "Control+I", run: wrapWith("_") },
    {
      name: "bullets",
      label: gettext("Bulleted list"),
      icon: "•",
      key: "Mod-Shift-8",
      shortcut: "Control+Shift+8",
      run: prefixLines(/^[-*+] /, () => "- "),
    },
    {
      name: "numbers",
      label: gettext("Numbered list"),
      icon: "", // "1." by CSS (live.css): visible text outside the button's name confuses speech input
      key: "Mod-Shift-7",
      shortcut: "Control+Shift+7",
      run: prefixLines(/^\d+\. /, (index) => `${index + 1}. `),
    },
    { name: "link", label: gettext("Link"), icon: gettext("Link"), key: "Mod-k", shortcut: "Control+K", run: insertLink },
  ];
}

export function formattingKeymap(commands) {
  return commands.map((command) => ({ key: command.key, run: command.run, preventDefault: true }));
}

// The buttons: each names its command and its shortcut; a click formats and gives the focus
// back to the text.
export function buildToolbar(commands, { getView, editorId, sectionName }) {
  const bar = document.createElement("div");
  bar.className = "live-toolbar btn-toolbar gap-1";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", `${gettext("Formatting")}: ${sectionName}`);
  bar.setAttribute("aria-controls", editorId);
  for (const command of commands) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `btn btn-sm btn-outline-dark live-tool live-tool-${command.name}`;
    button.dataset.command = command.name;
    button.setAttribute("aria-label", `${command.label} (${command.shortcut.replace("Control", "Ctrl")})`);
    button.setAttribute("aria-keyshortcuts", command.shortcut);
    button.title = button.getAttribute("aria-label");
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = command.icon;
    button.append(icon);
    button.addEventListener("click", () => {
      const view = getView();
      if (view && !view.state.readOnly) {
        command.run(view);
        view.focus();
      }
    });
    bar.append(button);
  }
  return bar;
}
