// Shared helpers of the dashboard and the event page.
// Every piece of text from the register reaches the page as a text node (el() and svg() take
// strings only as text): nothing is ever parsed as HTML, so a title or body holding <script>
// shows as those characters and does not run.

const SVG_NS = "http://www.w3.org/2000/svg";
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

function apply(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  return node;
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function el(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

export function svg(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// Mostly right-to-left letters (a text in Arabic or Persian, whatever Latin words it quotes).
export function isRtl(text) {
  const s = text || "";
  const rtl = (s.match(new RegExp(RTL.source, "g")) || []).length;
  const ltr = (s.match(/[A-Za-z\u00C0-\u024F]/g) || []).length;
  return rtl > ltr;
}

// Text of unknown direction, in its own bidi isolate (its direction is its first strong
// letter's): Arabic in an English row keeps its order, and so does English in an Arabic one.
export function bidi(text, attrs = {}) {
  const s = text === null || text === undefined ? "" : String(text);
  return el("bdi", { dir: "auto", ...attrs }, s);
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many || one + "s"}`;
}

export function langAttrs(language, text) {
  if (language === "ar" || language === "fa") return { lang: language, dir: "rtl" };
  return isRtl(text) ? { dir: "rtl" } : { dir: "ltr" };
}

export class ApiFailure extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

export async function api(path, params, init) {
  const qs = params ? query(params) : "";
  const res = await fetch(path + (qs ? "?" + qs : ""), init);
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const err = (body && body.error) || {};
    throw new ApiFailure(res.status, err.code || "error", err.message || `${res.status} ${res.statusText}`);
  }
  return body;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") q.set(k, v);
  }
  return q.toString();
}

// ACLED's event types keep one colour everywhere (map, timeline, network, legend).
const TYPE_COLOURS = {
  "Battles": "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  "Protests": "#2980b9",
  "Riots": "#16a085",
  "Strategic developments": "#7f8c8d",
};
const SPARE = ["#2c3e50", "#d35400", "#27ae60", "#b7950b", "#a93226", "#5b2c6f"];

export function typeColour(type) {
  if (TYPE_COLOURS[type]) return TYPE_COLOURS[type];
  let h = 0;
  for (const ch of String(type)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return SPARE[h % SPARE.length];
}

export function legend(node, types) {
  clear(node);
  for (const t of types) {
    node.append(el("span", { class: "legend-item" },
      svgSwatch(typeColour(t)), t));
  }
}

function svgSwatch(colour) {
  const s = el("span", { class: "swatch" });
  s.style.background = colour;
  return s;
}

export function showError(message) {
  const box = document.getElementById("error");
  if (!box) return;
  box.hidden = !message;
  box.textContent = message || "";
}

export function fmtKilled(n, qualifier) {
  if (n === null || n === undefined) return "?";
  const mark = { approximate: "~", at_least: "≥" }[qualifier] || "";
  return mark + n;
}

export function actorName(a) {
  if (!a) return "?";
  return a.name || a.id || "?";
}

export function placeName(p) {
  if (!p) return "—";
  return p.name || p.name_ar || p.surface || p.id || "?";
}
