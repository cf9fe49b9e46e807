// Redactor's keyboard: J/K next and previous, N next undecided, M mask, V keep visible, A or Enter
// take the proposal, U undo. One listener on the window, so a key works wherever the focus is
// (after a click on a radio button too), except while typing in a field.
//
// Presses are queued and sent one at a time: the next goes when the app has applied the last (it
// says so with `ack`, the last sequence number it applied), so a fast series of presses is applied
// in order, each once, and none is lost to a run that a newer press interrupted. A press not
// acknowledged within a few seconds is sent again (the app ignores numbers it has applied).
// Local file, no network.
const WANTED = new Set(["j", "k", "n", "m", "v", "a", "u", "enter"]);
const RESEND_MS = 4000;
const keys = (window.__redactorKeys = window.__redactorKeys || {
  seq: 0, queue: [], inflight: null, attempt: 0, timer: null, ack: 0, send: null, installed: false,
});

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

function pump() {
  if (keys.inflight && keys.inflight[0] <= keys.ack) {
    keys.inflight = null;
    clearTimeout(keys.timer);
  }
  keys.queue = keys.queue.filter(([seq]) => seq > keys.ack);
  if (keys.inflight || !keys.queue.length || !keys.send) return;
  keys.inflight = keys.queue.shift();
  deliver();
}

function deliver() {
  if (!keys.inflight || !keys.send) return;
  keys.attempt += 1;
  keys.send({ seq: keys.inflight[0], key: keys.inflight[1], attempt: keys.attempt });
  clearTimeout(keys.timer);
  keys.timer = setTimeout(deliver, RESEND_MS);
}

export default function (component) {
  const { data, setStateValue } = component;
  keys.send = (value) => setStateValue("press", value);
  keys.ack = Math.max(keys.ack, Number((data && data.ack) || 0));
  pump();
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
      keys.seq = Math.max(keys.seq, keys.ack) + 1;
      keys.queue.push([keys.seq, key]);
      pump();
    },
    true,
  );
}
