// The dashboard: filters (kept in the page's URL, so a view can be shared), then a map, a
// timeline with a brush, the list, the actor network and the framing table, each fed by the
// API. The brush narrows the dates of the map, the list, the network and the framing.
import { api, bidi, clear, el, fmtKilled, legend, placeName, plural, actorName, showError, typeColour, query } from "./util.js";
import { MapView } from "./map.js";
import { Timeline } from "./timeline.js";
import { drawNetwork } from "./network.js";

const FIELDS = ["since", "until", "type", "actor", "place", "outlet", "status", "background"];
const form = document.getElementById("filters");
const state = { brush: null, offset: 0, limit: 50, total: 0, seq: {} };

function formFilters() {
  const out = {};
  for (const name of FIELDS) {
    const v = form.elements[name].value.trim();
    if (v && !(name === "background" && v === "yes")) out[name] = v;
  }
  return out;
}

// The brush narrows the filters' dates (never widens them).
function brushed() {
  const f = formFilters();
  if (state.brush) {
    f.since = f.since && f.since > state.brush[0] ? f.since : state.brush[0];
    f.until = f.until && f.until < state.brush[1] ? f.until : state.brush[1];
  }
  return f;
}

function remember() {
  const f = formFilters();
  if (state.brush) f.brush = state.brush.join("..");
  const qs = query(f);
  history.replaceState(null, "", qs ? "?" + qs : location.pathname);
}

// Each panel loads on its own; an answer older than the panel's last request is dropped.
async function load(panel, path, params, render) {
  const seq = (state.seq[panel] = (state.seq[panel] || 0) + 1);
  document.body.dataset[panel] = "loading";
  try {
    const data = await api(path, params);
    if (seq !== state.seq[panel]) return;
    render(data);
    document.body.dataset[panel] = "ready";
  } catch (err) {
    if (seq !== state.seq[panel]) return;
    document.body.dataset[panel] = "error";
    showError(`${panel}: ${err.message}`);
  }
}

const map = new MapView(document.getElementById("map"), {
  onPick: (place) => { form.elements.place.value = place.id; refresh(); },
});
const timeline = new Timeline(document.getElementById("timeline"), {
  onBrush: (range) => {
    state.brush = range;
    state.offset = 0;
    document.getElementById("brush-clear").hidden = !range;
    document.getElementById("brush-note").textContent = range ? `${range[0]} – ${range[1]}` : "drag across the bars to select dates";
    remember();
    narrow();
  },
});

function renderList(data) {
  state.total = data.total;
  const body = clear(document.querySelector("#events tbody"));
  for (const ev of data.events) {
    const date = ev.event_date || "undated";
    const type = el("td", {}, el("span", { class: "swatch-inline", title: ev.event_type }), ev.sub_event_type || ev.event_type);
    type.firstChild.style.borderInlineStart = `8px solid ${typeColour(ev.event_type)}`;
    type.firstChild.style.marginInlineEnd = "4px";
    if (ev.status && ev.status !== "reported") type.append(el("span", { class: "badge" }, ev.status));
    if (ev.background) type.append(el("span", { class: "badge" }, "background"));
    const actors = el("td", {}, bidi(actorName(ev.actor1)));
    if (ev.actor2) actors.append(" → ", bidi(actorName(ev.actor2)));
    const place = el("td", {}, bidi(placeName(ev.place)));
    if (ev.place && ev.place.admin1) place.append(el("span", { class: "muted" }, " · ", ev.place.admin1));
    const sources = el("td", { class: "n", title: (ev.outlets || []).join(" · ") }, String(ev.sources));
    if (ev.corroboration !== undefined && ev.corroboration > 1) sources.append(el("span", { class: "badge", title: "distinct outlets" }, plural(ev.corroboration, "outlet")));
    if (ev.disagreements && ev.disagreements.length) sources.append(el("span", { class: "badge", title: ev.disagreements.join(", ") }, "disagree"));
    if (ev.review) sources.append(el("span", { class: `badge ${ev.review}` }, ev.review));
    body.append(el("tr", { "data-id": ev.event_id, "data-date": ev.event_date || "" },
      el("td", {}, el("a", { href: "/event/" + encodeURIComponent(ev.event_id) }, date)),
      type, actors, place, el("td", { class: "n" }, fmtKilled(ev.fatalities, ev.fatalities_qualifier)), sources));
  }
  const last = Math.min(data.offset + data.events.length, data.total);
  document.getElementById("page").textContent = data.total ? `${data.offset + 1}–${last} of ${data.total}` : "no event matches";
  document.getElementById("list-note").textContent = plural(data.total, "event");
  document.getElementById("prev").disabled = data.offset === 0;
  document.getElementById("next").disabled = last >= data.total;
}

function renderFraming(data) {
  const table = clear(document.getElementById("framing"));
  const outlets = data.outlets.slice(0, 6);
  if (!outlets.length) { table.append(el("tr", {}, el("td", {}, "No outlet in the filtered events."))); return; }
  const totals = new Map();
  for (const o of outlets) for (const a of o.actors) {
    const t = totals.get(a.id) || { id: a.id, name: a.name, n: 0 };
    t.n += a.n; totals.set(a.id, t);
  }
  const actors = [...totals.values()].sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : 1)).slice(0, 15);
  table.append(el("thead", {}, el("tr", {}, el("th", {}, "actor"),
    outlets.map((o) => el("th", { title: `${o.events} tellings` }, bidi(o.outlet), el("span", { class: "muted" }, ` (${o.events})`))))));
  const tbody = el("tbody");
  for (const a of actors) {
    const row = el("tr", { "data-actor": a.id }, el("th", {}, bidi(a.name || a.id)));
    for (const o of outlets) {
      const mine = o.actors.find((x) => x.id === a.id);
      const cell = el("td", o.language ? { lang: o.language } : {});
      for (const l of (mine ? mine.labels : []).slice(0, 6)) {
        cell.append(el("span", { class: `label ${l.stance || "unknown"}`, title: `stance: ${l.stance || "unknown"}` },
          bidi(l.label), " ", el("span", { class: "count" }, `×${l.n}`)));
      }
      row.append(cell);
    }
    tbody.append(row);
  }
  table.append(tbody);
  document.getElementById("framing-note").textContent = data.complete
    ? `labels in ${data.events} events` : `labels in the newest ${data.read} of ${data.events} events`;
}

function loadList() {
  return load("list", "/api/events", { ...brushed(), offset: state.offset, limit: state.limit }, renderList);
}

// Everything the brush narrows.
function narrow() {
  const f = brushed();
  load("places", "/api/places", f, (d) => {
    map.setPlaces(d.places);
    document.getElementById("map-note").textContent =
      `${d.places.length} places${d.truncated ? " (the busiest)" : ""}, ${d.events} events with a place`;
  });
  loadList();
  load("network", "/api/network", f, (d) => drawNetwork(document.getElementById("network"), d.edges, {
    onPick: (node) => { form.elements.actor.value = node.id; refresh(); },
  }));
  load("framing", "/api/framing", f, renderFraming);
}

function refresh() {
  state.brush = null;
  state.offset = 0;
  timeline.select(null);
  document.getElementById("brush-clear").hidden = true;
  showError("");
  remember();
  load("timeline", "/api/timeline", formFilters(), (d) => {
    timeline.set(d);
    legend(document.getElementById("legend"), d.types);
  });
  narrow();
}

async function start() {
  const params = new URLSearchParams(location.search);
  for (const name of FIELDS) if (params.get(name)) form.elements[name].value = params.get(name);
  try {
    const info = await api("/api/info");
    const select = form.elements.type;
    for (const t of info.event_types) select.append(el("option", { value: t }, t));
    const subs = el("optgroup", { label: "sub-event types" });
    for (const t of info.sub_event_types) subs.append(el("option", { value: t }, t));
    select.append(subs);
    if (params.get("type")) select.value = params.get("type");
    document.getElementById("summary").textContent =
      `${info.events} events from ${info.documents} documents` + (info.review === "enabled" ? " · review on" : "");
  } catch (err) { showError(err.message); }
  api("/api/outlets").then((d) => {
    const select = form.elements.outlet;
    for (const o of d.outlets) if (o.outlet) select.append(el("option", { value: o.outlet }, `${o.outlet} (${o.events})`));
    if (params.get("outlet")) select.value = params.get("outlet");
  }).catch((err) => showError(err.message));
  const brush = (params.get("brush") || "").split("..");
  refresh();
  if (brush.length === 2 && brush[0] && brush[1]) timeline.onBrush(brush), timeline.select(brush);
  api("/api/basemap").then((geo) => {
    map.setBasemap(geo);
    document.getElementById("basemap-note").textContent = `Base map: ${geo.origin || "boundary files"}.`;
  }).catch((err) => showError(`base map: ${err.message}`));
}

form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
document.getElementById("reset").addEventListener("click", () => { form.reset(); refresh(); });
document.getElementById("brush-clear").addEventListener("click", () => { timeline.select(null); timeline.onBrush(null); });
document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); loadList(); });
document.getElementById("next").addEventListener("click", () => { state.offset += state.limit; loadList(); });
document.getElementById("zoom-in").addEventListener("click", () => map.zoomAt(map.w / 2, map.h / 2, 1.6));
document.getElementById("zoom-out").addEventListener("click", () => map.zoomAt(map.w / 2, map.h / 2, 1 / 1.6));
document.getElementById("zoom-reset").addEventListener("click", () => map.reset());
start();
