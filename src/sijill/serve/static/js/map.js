// The map: admin outlines (from /api/basemap) under the places of the filtered events, with
// markers clustered by zoom (places closer than CELL pixels on screen merge), coloured by
// their main event type and sized by their toll. Wheel or buttons zoom, dragging pans.
import { clear, svg, typeColour } from "./util.js";

const CELL = 46;                 // px: places closer than this on screen form one cluster
const BOUNDS = [35.5, 32.2, 42.5, 37.4];   // Syria's extent (lon, lat): the first view
const MAX_SCALE = 64;

export class MapView {
  constructor(svgNode, { onPick } = {}) {
    this.node = svgNode;
    this.onPick = onPick || (() => {});
    this.view = { k: 1, x: 0, y: 0 };
    this.places = [];
    this.world = svg("g", { class: "world" });
    this.base = svg("g", { class: "base" });
    this.labels = svg("g", { class: "labels" });
    this.markers = svg("g", { class: "markers" });
    this.world.append(this.base, this.labels);
    this.node.append(this.world, this.markers);
    this.fit();
    this.listen();
    this.size = [0, 0];
    new ResizeObserver(() => this.resized()).observe(this.node);
  }

  // Equirectangular projection with the latitude's shrink at Syria's middle: good enough at
  // this size, and simple enough to invert for zooming about the cursor.
  fit() {
    const w = this.node.clientWidth || 600, h = this.node.clientHeight || 500;
    const kx = Math.cos((34.8 * Math.PI) / 180);
    const [x0, y0, x1, y1] = BOUNDS;
    this.unit = Math.min(w / ((x1 - x0) * kx), h / (y1 - y0)) * 0.95;
    this.ox = (w - (x1 - x0) * kx * this.unit) / 2;
    this.oy = (h - (y1 - y0) * this.unit) / 2;
    this.project = (lon, lat) => [this.ox + (lon - x0) * kx * this.unit, this.oy + (y1 - lat) * this.unit];
    this.w = w; this.h = h;
  }

  resized() {
    const size = [this.node.clientWidth, this.node.clientHeight];
    if (size[0] === this.size[0] && size[1] === this.size[1]) return;
    this.size = size;
    this.fit();
    if (this.geo) this.setBasemap(this.geo);
    this.setPlaces(this.raw || []);
  }

  setBasemap(geojson) {
    this.geo = geojson;
    clear(this.base); clear(this.labels);
    const feats = (geojson && geojson.features) || [];
    for (const level of [0, 1, 2]) {
      for (const f of feats) {
        const p = f.properties || {};
        if ((p.level ?? 1) !== level || !f.geometry) continue;
        const path = svg("path", { d: this.pathOf(f.geometry), class: `admin${level}`, "fill-rule": "evenodd" });
        path.append(svg("title", { text: [p.name, p.name_ar].filter(Boolean).join(" · ") }));
        this.base.append(path);
        if (level === 1 && Array.isArray(p.center)) {
          const [x, y] = this.project(p.center[0], p.center[1]);
          this.labels.append(svg("text", { x, y, class: "admin-label", "data-x": x, "data-y": y, text: p.name || "" }));
        }
      }
    }
    this.draw();
  }

  pathOf(geom) {
    const polys = geom.type === "Polygon" ? [geom.coordinates]
      : geom.type === "MultiPolygon" ? geom.coordinates
      : geom.type === "LineString" ? [[geom.coordinates]]
      : geom.type === "MultiLineString" ? [geom.coordinates] : [];
    let d = "";
    for (const poly of polys) {
      for (const ring of poly) {
        ring.forEach(([lon, lat], i) => {
          const [x, y] = this.project(lon, lat);
          d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
        });
        if (geom.type.endsWith("Polygon")) d += "Z";
      }
    }
    return d;
  }

  setPlaces(places) {
    this.raw = places;
    this.places = places.map((p) => ({ ...p, xy: this.project(p.lon, p.lat) }));
    this.draw();
  }

  screen([x, y]) {
    return [x * this.view.k + this.view.x, y * this.view.k + this.view.y];
  }

  // Clusters are made in screen space at the current zoom: a grid of CELL px, each cluster
  // drawn at its places' mean position weighted by their events.
  clusters() {
    const cells = new Map();
    for (const p of this.places) {
      const [sx, sy] = this.screen(p.xy);
      if (sx < -CELL || sy < -CELL || sx > this.w + CELL || sy > this.h + CELL) continue;
      const key = Math.floor(sx / CELL) + ":" + Math.floor(sy / CELL);
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { n: 0, fatalities: 0, types: {}, places: [], sx: 0, sy: 0 }));
      c.n += p.n; c.fatalities += p.fatalities || 0;
      c.sx += sx * p.n; c.sy += sy * p.n;
      c.places.push(p);
      for (const [t, k] of Object.entries(p.types || {})) c.types[t] = (c.types[t] || 0) + k;
    }
    return [...cells.values()].map((c) => ({ ...c, sx: c.sx / c.n, sy: c.sy / c.n }));
  }

  draw() {
    const { k, x, y } = this.view;
    this.world.setAttribute("transform", `translate(${x},${y}) scale(${k})`);
    for (const t of this.labels.children) {     // labels keep their size whatever the zoom
      t.setAttribute("transform", `translate(${t.dataset.x},${t.dataset.y}) scale(${1 / k}) translate(${-t.dataset.x},${-t.dataset.y})`);
    }
    clear(this.markers);
    const clusters = this.clusters().sort((a, b) => b.fatalities - a.fatalities || b.n - a.n);
    // Size by toll, relative to the heaviest cluster in view (area proportional to the toll).
    const most = Math.max(1, ...clusters.map((c) => c.fatalities));
    for (const c of clusters) {
      const main = Object.entries(c.types).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      const r = 7 + 15 * Math.sqrt(c.fatalities / most);
      const names = c.places.slice(0, 6).map((p) => p.name || p.name_ar || p.id).join(", ") + (c.places.length > 6 ? "…" : "");
      const g = svg("g", {
        class: "marker", transform: `translate(${c.sx.toFixed(1)},${c.sy.toFixed(1)})`,
        "data-n": c.n, "data-places": c.places.length, "data-type": main ? main[0] : "",
        onclick: () => this.pick(c),
      });
      g.append(svg("circle", { r: r.toFixed(1), fill: typeColour(main ? main[0] : "") }),
        svg("text", { text: c.n > 999 ? Math.round(c.n / 1000) + "k" : c.n }),
        svg("title", { text: `${names}\n${c.n} events, ${c.fatalities} killed` }));
      this.markers.append(g);
    }
  }

  pick(c) {
    if (c.places.length > 1 && this.view.k < MAX_SCALE) this.zoomAt(c.sx, c.sy, 2.5);
    else this.onPick(c.places[0]);
  }

  zoomAt(sx, sy, factor) {
    const k = Math.max(1, Math.min(MAX_SCALE, this.view.k * factor));
    const f = k / this.view.k;
    this.view = { k, x: sx - (sx - this.view.x) * f, y: sy - (sy - this.view.y) * f };
    if (k === 1) this.view = { k: 1, x: 0, y: 0 };
    this.draw();
  }

  reset() { this.view = { k: 1, x: 0, y: 0 }; this.draw(); }

  listen() {
    this.node.addEventListener("wheel", (e) => {
      e.preventDefault();
      const box = this.node.getBoundingClientRect();
      this.zoomAt(e.clientX - box.left, e.clientY - box.top, e.deltaY < 0 ? 1.5 : 1 / 1.5);
    }, { passive: false });
    let drag = null;
    this.node.addEventListener("pointerdown", (e) => {
      if (e.target.closest(".marker")) return;
      drag = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y };
      this.node.classList.add("dragging");
    });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      this.view = { ...this.view, x: drag.vx + e.clientX - drag.x, y: drag.vy + e.clientY - drag.y };
      this.draw();
    });
    window.addEventListener("pointerup", () => { drag = null; this.node.classList.remove("dragging"); });
  }
}
