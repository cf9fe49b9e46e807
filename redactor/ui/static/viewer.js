// Redactor's document pane: the highlighted text or a page image with the finding boxes, in a
// scrolling pane that keeps the reviewer's place. Local file, loaded by redactor/ui/viewer.py;
// nothing is fetched from anywhere. Document text arrives already escaped (redactor/ui/highlight.py);
// box titles are set as text, never as HTML.
const memory = (window.__redactorViewer = window.__redactorViewer || {});
const BOX_CLASSES = /^(rv|rv-[a-z]+|rv-t-[A-Z_]+)$/;

// The part of the pane the reviewer can see: the pane, cut by the window.
function visibleArea(pane) {
  const p = pane.getBoundingClientRect();
  return { top: Math.max(p.top, 0), bottom: Math.min(p.bottom, window.innerHeight) };
}

function inView(pane, el) {
  const area = visibleArea(pane);
  const e = el.getBoundingClientRect();
  const margin = Math.min(24, (area.bottom - area.top) / 8);
  return e.top >= area.top + margin && e.bottom <= area.bottom - margin;
}

function ensureVisible(pane, el) {
  if (inView(pane, el)) return;
  // first within the pane, so the page itself stays where the reviewer left it
  const area = visibleArea(pane);
  const e = el.getBoundingClientRect();
  pane.scrollTop += e.top - area.top - Math.max(0, (area.bottom - area.top - e.height) / 2);
  // if the pane cannot bring it into view (it is near an end, or the pane is half off screen),
  // the page scrolls too
  if (!inView(pane, el)) el.scrollIntoView({ block: "center", inline: "nearest" });
}

function renderText(pane, data) {
  pane.innerHTML = data.html;
}

function renderPage(pane, data) {
  const page = document.createElement("div");
  page.className = "rv-page";
  const img = document.createElement("img");
  img.className = "rv-page-img";
  img.alt = `page ${data.page + 1}`;
  img.src = data.image;
  page.appendChild(img);
  for (const [k, x0, y0, x1, y1, classes, title] of data.boxes) {
    const box = document.createElement("div");
    box.className = classes.split(" ").filter((c) => BOX_CLASSES.test(c)).join(" ") + " rv-box";
    box.dataset.k = k;
    box.title = title;
    box.style.left = `${(100 * x0) / data.w}%`;
    box.style.top = `${(100 * y0) / data.h}%`;
    box.style.width = `${(100 * (x1 - x0)) / data.w}%`;
    box.style.height = `${(100 * (y1 - y0)) / data.h}%`;
    page.appendChild(box);
  }
  pane.replaceChildren(page);
  return img;
}

export default function (component) {
  const { data, parentElement, setTriggerValue, key } = component;
  let pane = parentElement.querySelector(":scope > .rv-pane");
  if (!pane) {
    pane = document.createElement("div");
    pane.className = "rv-pane";
    pane.dataset.testid = "rv-pane";
    parentElement.appendChild(pane);
  }
  pane.style.height = `${data.height}px`;
  pane.dataset.view = data.kind;
  const seen = (memory[key] = memory[key] || {});
  const top = pane.scrollTop;
  let img = null;
  if (seen.content !== data.content_id) {
    if (data.kind === "page") img = renderPage(pane, data);
    else renderText(pane, data);
    // another page starts at its top; the same text (re-styled after a decision) keeps its place
    pane.scrollTop = data.kind === "page" && seen.page !== data.page ? 0 : top;
    seen.content = data.content_id;
    seen.page = data.page;
  }
  for (const old of pane.querySelectorAll(".rv-focus")) old.classList.remove("rv-focus");
  const focused = data.focus ? pane.querySelectorAll(`[data-k="${CSS.escape(data.focus)}"]`) : [];
  for (const el of focused) el.classList.add("rv-focus");
  const follow = () => {
    if (focused.length) {
      ensureVisible(pane, focused[0]);
      // the rest of the page may still move as the run finishes drawing: look again shortly
      for (const delay of [150, 600]) {
        setTimeout(() => {
          if (seen.focus === data.focus && focused[0].isConnected) ensureVisible(pane, focused[0]);
        }, delay);
      }
    }
    pane.dataset.focus = data.focus || "";
  };
  if (seen.focus !== data.focus || seen.nonce !== data.nonce) {
    if (img && !img.complete) img.addEventListener("load", follow, { once: true });
    else follow();
  } else {
    pane.dataset.focus = data.focus || "";
  }
  seen.focus = data.focus;
  seen.nonce = data.nonce;
  pane.onclick = (event) => {
    const hit = event.target.closest("[data-k]");
    if (!hit || !pane.contains(hit)) return;
    event.preventDefault();
    setTriggerValue("select", `${hit.dataset.k}|${Date.now()}`);
  };
}
