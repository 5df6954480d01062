// The event page: the event's fields with the words each came from, every source's clean
// text side by side with its evidence highlighted, the sources' disagreements, and the review
// trail and buttons (when the server takes reviews). Text is only ever set as text.
import { api, bidi, clear, el, fmtKilled, langAttrs, placeName, plural, actorName, showError } from "./util.js";

const ROLE_ORDER = ["trigger", "actor1", "actor2", "assoc_actor1", "assoc_actor2", "location", "date", "fatalities"];
const EDITABLE = ["event_date", "event_type", "sub_event_type", "status", "fatalities", "fatalities_qualifier",
  "actor1", "actor2", "location", "notes"];
const eventId = decodeURIComponent(location.pathname.replace(/^\/event\//, ""));

function rank(role) {
  const i = ROLE_ORDER.indexOf(role);
  return i < 0 ? ROLE_ORDER.length : i;
}

// The text cut at every span boundary; each piece covered by spans becomes a <mark> whose
// class is its first role (trigger before actors before place...) and whose title lists all.
export function highlighted(text, spans, offset) {
  const box = el("div", { class: "doc-text" });
  const cuts = new Set([0, text.length]);
  const usable = [];
  for (const s of spans) {
    const a = s.start - offset, b = s.end - offset;
    if (!(a >= 0 && b <= text.length && a < b)) continue;
    usable.push({ ...s, a, b, ok: text.slice(a, b) === s.text });
    cuts.add(a); cuts.add(b);
  }
  const points = [...cuts].sort((x, y) => x - y);
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const over = usable.filter((s) => s.a <= a && s.b >= b).sort((x, y) => rank(x.role) - rank(y.role));
    if (!over.length) { box.append(document.createTextNode(piece)); continue; }
    const roles = [...new Set(over.map((s) => s.role))];
    const mismatch = over.some((s) => !s.ok);
    box.append(el("mark", { class: `ev ${roles[0]}${mismatch ? " mismatch" : ""}`, "data-roles": roles.join(" "),
      title: roles.join(", ") + (mismatch ? " (the stored words differ from the text here)" : "") }, piece));
  }
  return box;
}

function field(dl, name, value, words) {
  const dd = el("dd", {}, value);
  if (words) dd.append(" ", el("span", { class: "words", title: "show these words in the sources",
    onclick: () => flash(words) }, "«", bidi(words), "»"));
  dl.append(el("dt", {}, name), dd);
}

function flash(role) {
  for (const m of document.querySelectorAll("mark.flash")) m.classList.remove("flash");
  const marks = [...document.querySelectorAll(".source mark.ev")].filter((m) => m.dataset.roles.split(" ").includes(role));
  marks.forEach((m) => m.classList.add("flash"));
  if (marks[0]) marks[0].scrollIntoView({ block: "center" });
}

function actorText(a) {
  if (!a) return "unknown";
  return el("span", {}, bidi(actorName(a)), a.label ? [" — ", el("span", { class: "muted" }, "called "), bidi(a.label)] : "",
    a.stance ? el("span", { class: `label ${a.stance}` }, a.stance) : "");
}

function renderFields(ev) {
  document.title = `sijill — ${ev.sub_event_type || ev.event_type} ${ev.event_date || ""}`;
  document.getElementById("title").textContent = `${ev.event_type}: ${ev.sub_event_type}`;
  document.getElementById("summary").textContent = `event ${ev.event_id}`;
  const dl = clear(document.getElementById("fields"));
  field(dl, "date", `${ev.event_date || "unknown"} (${ev.date_precision})`, "date");
  field(dl, "status", ev.status + (ev.background ? " · background" : ""), null);
  if (ev.claimed_by) field(dl, "claimed by", bidi(typeof ev.claimed_by === "object" ? (ev.claimed_by.name || ev.claimed_by.id) : ev.claimed_by), null);
  field(dl, "actor 1", actorText(ev.actor1), "actor1");
  for (const a of ev.assoc_actor1 || []) field(dl, "with", actorText(a), "assoc_actor1");
  field(dl, "actor 2", actorText(ev.actor2), "actor2");
  for (const a of ev.assoc_actor2 || []) field(dl, "with", actorText(a), "assoc_actor2");
  const loc = ev.location;
  field(dl, "place", loc ? el("span", {}, bidi(placeName(loc)), loc.surface ? [" «", bidi(loc.surface), "»"] : "",
    loc.admin1 ? el("span", { class: "muted" }, ` · ${loc.admin1}`) : "",
    el("span", { class: "muted" }, ` · precision ${loc.geo_precision}; ${loc.reason || ""}`)) : "unknown", "location");
  field(dl, "killed", el("span", {}, fmtKilled(ev.fatalities, ev.fatalities_qualifier),
    ev.fatalities_text ? [" — ", bidi(ev.fatalities_text)] : ""), "fatalities");
  field(dl, "trigger", "the words that tell the act", "trigger");
  if (ev.corroboration !== undefined) field(dl, "corroboration", plural(ev.corroboration, "outlet"), null);
  field(dl, "confidence", String(ev.confidence), null);
  if (ev.notes) field(dl, "notes", bidi(ev.notes), null);
}

function renderDisagreements(ev) {
  const list = ev.disagreements || [];
  const panel = document.getElementById("disagreements-panel");
  panel.hidden = !list.length;
  const table = clear(document.getElementById("disagreements"));
  table.append(el("tr", {}, el("th", {}, "field"), el("th", {}, "what each source says")));
  for (const d of list) {
    const values = el("td");
    for (const [doc, value] of Object.entries(d.values || {})) {
      values.append(el("div", {}, el("span", { class: "muted" }, doc + ": "),
        bidi(typeof value === "object" && value !== null ? JSON.stringify(value) : String(value))));
    }
    table.append(el("tr", {}, el("td", {}, d.field || "?"), values));
  }
}

function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (e) { return null; }
}

function renderSources(ev, documents) {
  const box = clear(document.getElementById("sources"));
  const byId = new Map(documents.map((d) => [d.id, d]));
  for (const s of ev.sources || []) {
    const doc = byId.get(s.doc) || { missing: true };
    const card = el("article", { class: "source", "data-doc": s.doc });
    const title = doc.title || s.doc;
    card.append(el("h3", langAttrs(s.language, title), title));
    const href = doc.url && safeUrl(doc.url);
    card.append(el("div", { class: "meta" }, bidi(s.outlet || doc.outlet || "outlet unknown"), " · ",
      s.published || doc.published || "undated", " · ", s.language || doc.language || "?", " · ", s.doc,
      href ? [" · ", el("a", { href, rel: "noopener noreferrer", target: "_blank" }, "page")] : ""));
    const told = toldBy(s);
    if (told) card.append(told);
    if (doc.missing) card.append(el("p", { class: "muted" }, "This document is not in the register."));
    else {
      if (doc.truncated) card.append(el("p", { class: "muted" }, `A window of ${doc.text.length} of the text's ${doc.text_length} characters, around the evidence.`));
      const text = highlighted(doc.text, s.evidence || [], doc.text_offset || 0);
      for (const [k, v] of Object.entries(langAttrs(s.language || doc.language, doc.text))) text.setAttribute(k, v);
      card.append(text);
    }
    box.append(card);
  }
}

// What this source itself says (a fused register keeps each source's own values beside the
// event's): shown when the source carries them.
function toldBy(s) {
  if (!("event_date" in s) && !("actor1" in s) && !("location" in s)) return null;
  const dl = el("dl", { class: "fields told" });
  const row = (name, value) => dl.append(el("dt", {}, name), el("dd", {}, value));
  row("date", `${s.event_date || "unknown"}${s.date_precision ? ` (${s.date_precision})` : ""}`);
  if (s.sub_event_type) row("type", s.sub_event_type + (s.status && s.status !== "reported" ? ` · ${s.status}` : ""));
  if ("actor1" in s) row("actor 1", actorText(s.actor1));
  if ("actor2" in s) row("actor 2", actorText(s.actor2));
  if ("location" in s) row("place", s.location ? el("span", {}, bidi(placeName(s.location)),
    s.location.surface ? [" «", bidi(s.location.surface), "»"] : "") : "unknown");
  if ("fatalities" in s) row("killed", el("span", {}, fmtKilled(s.fatalities, s.fatalities_qualifier),
    s.fatalities_text ? [" — ", bidi(s.fatalities_text)] : ""));
  return dl;
}

function renderTrail(trail) {
  const list = clear(document.getElementById("trail"));
  for (const r of trail || []) {
    const what = [r.state || r.action, r.fields && Object.keys(r.fields).length ? JSON.stringify(r.fields) : ""].filter(Boolean).join(" ");
    list.append(el("li", {}, `${r.at || ""} ${r.by || ""}: ${what}`, r.note ? [" — ", bidi(r.note)] : ""));
  }
}

async function review(action) {
  const token = document.getElementById("review-token").value.trim();
  const message = document.getElementById("review-message");
  const body = { action, note: document.getElementById("review-note").value || null, by: document.getElementById("review-by").value || null };
  if (action === "edit") {
    const name = document.getElementById("review-field").value;
    let value = document.getElementById("review-value").value;
    if (name === "fatalities") value = value === "" ? null : Number(value);
    body.fields = { [name]: value };
  }
  sessionStorage.setItem("sijill-review-token", token);
  try {
    const answer = await api(`/api/events/${encodeURIComponent(eventId)}/review`, null, {
      method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body) });
    message.textContent = `${action}: done`;
    show({ event: answer.event, documents: current.documents, review_trail: answer.review_trail });
  } catch (err) { message.textContent = err.message; }
}

let current = null;

function renderRoles() {
  const box = clear(document.getElementById("roles"));
  for (const role of ROLE_ORDER) box.append(el("mark", { class: `ev ${role}` }, role.replace("_", " ")));
}

function show(data) {
  current = data;
  renderFields(data.event);
  renderDisagreements(data.event);
  renderSources(data.event, data.documents);
  renderTrail(data.review_trail || (data.event.review ? [data.event.review] : []));
  document.body.dataset.event = "ready";
}

async function start() {
  renderRoles();
  try {
    const [data, info] = await Promise.all([api(`/api/events/${encodeURIComponent(eventId)}`), api("/api/info")]);
    show(data);
    const panel = document.getElementById("review-panel");
    const trail = data.review_trail || data.event.review;
    panel.hidden = info.review === "read-only" && !trail;
    document.getElementById("review-form").hidden = info.review !== "enabled";
    const off = document.getElementById("review-off");
    off.hidden = info.review === "enabled";
    off.textContent = info.review === "unavailable" ? "This register version cannot store reviews." : "This server is read-only.";
    const select = document.getElementById("review-field");
    for (const f of EDITABLE) select.append(el("option", { value: f }, f));
    document.getElementById("review-token").value = sessionStorage.getItem("sijill-review-token") || "";
    for (const b of document.querySelectorAll("#review-form button")) b.addEventListener("click", () => review(b.dataset.action));
  } catch (err) {
    document.body.dataset.event = "error";
    showError(err.message);
  }
}

start();
