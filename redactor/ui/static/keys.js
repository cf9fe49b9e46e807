// Redactor's keyboard: J/K next and previous, N next undecided, M mask, V keep visible, A or Enter
// take the proposal, U undo. One listener on the window, so a key works wherever the focus is
// (after a click on a radio button too), except while typing in a field. Every key press gets a
// sequence number and the last 64 are sent together, so presses made while the app is still
// busy with an earlier one are applied in order, never dropped. Local file, no network.
const WANTED = new Set(["j", "k", "n", "m", "v", "a", "u", "enter"]);
const keys = (window.__redactorKeys = window.__redactorKeys || { seq: 0, queue: [], send: null, installed: false });

function typing(target, key) {
  const el = target instanceof Element ? target : null;
  if (!el) return false;
  if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  if (el.tagName === "INPUT") {
    const type = (el.getAttribute("type") || "text").toLowerCase();
    if (!["radio", "checkbox", "button", "submit", "range"].includes(type)) return true;
    if (key === "enter") return true;
  }
  if (el.closest('[role="combobox"], [role="listbox"], [role="textbox"], [role="spinbutton"]')) return true;
  // Enter on a button, link or tab is that control's own click
  if (key === "enter" && el.closest('button, a, summary, [role="button"], [role="tab"], [role="option"]')) return true;
  return false;
}

export default function (component) {
  keys.send = (value) => component.setStateValue("keys", value);
  if (keys.installed) return;
  keys.installed = true;
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.repeat) return;
      const key = event.key === "Enter" ? "enter" : event.key.length === 1 ? event.key.toLowerCase() : "";
      if (!WANTED.has(key) || typing(event.target, key)) return;
      event.preventDefault();
      event.stopPropagation();
      keys.seq += 1;
      keys.queue.push([keys.seq, key]);
      keys.queue = keys.queue.slice(-64);
      if (keys.send) keys.send({ last: keys.seq, keys: keys.queue });
    },
    true,
  );
}
