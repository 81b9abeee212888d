// The console's text forms (a definition, a roster, referees): a text area to paste
// into, and a file picker that fills it.
import { h } from "../../dom.js";

/**
 * `[label with file picker, textarea]`; `onText(text)` runs after typing and after a
 * file is read into the text area.
 */
export function textWithFile({ id, fileId = null, accept, label, rows, placeholder, onText = () => {} }) {
  const text = h("textarea", { id, rows, spellcheck: "false", placeholder, oninput: () => onText(text.value) });
  const file = h("input", { id: fileId, type: "file", accept, onchange: async () => {
    if (!file.files[0]) return;
    text.value = await file.files[0].text();
    onText(text.value);
  } });
  return [h("label", { class: "file" }, label, " ", file), text];
}
