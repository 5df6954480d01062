// The timeline: events per day (or week, or month, as /api/timeline binned them), stacked by
// type, with a brush: drag across the bars to select dates; the selection filters the map and
// the list (not the timeline itself, which keeps showing the whole range); a click clears it.
import { clear, svg, typeColour } from "./util.js";

const PAD = { left: 34, right: 8, top: 8, bottom: 22 };
const DAY = 86400000;

function toMs(iso) { return Date.parse(iso + "T00:00:00Z"); }
function toIso(ms) { return new Date(ms).toISOString().slice(0, 10); }

export class Timeline {
  constructor(svgNode, { onBrush } = {}) {
    this.node = svgNode;
    this.onBrush = onBrush || (() => {});
    this.data = null;
    this.selection = null;          // [since, until] ISO dates, or null
    this.listen();
    new ResizeObserver(() => this.draw()).observe(this.node);
  }

  set(data) { this.data = data; this.draw(); }

  select(range) { this.selection = range; this.drawBrush(); }

  scale() {
    const w = this.node.clientWidth || 600, h = this.node.clientHeight || 160;
    const d = this.data;
    const t0 = toMs(d.from), t1 = toMs(d.to) + DAY;
    const x = (ms) => PAD.left + ((ms - t0) / (t1 - t0 || DAY)) * (w - PAD.left - PAD.right);
    const t = (px) => t0 + ((px - PAD.left) / (w - PAD.left - PAD.right)) * (t1 - t0);
    return { w, h, x, t, t0, t1 };
  }

  draw() {
    clear(this.node);
    const d = this.data;
    if (!d || !d.series || !d.series.length) {
      this.node.append(svg("text", { x: 20, y: 40, class: "muted", text: "No dated event matches the filters." }));
      return;
    }
    const { w, h, x } = this.scale();
    const totals = d.series.map((b) => Object.values(b.counts).reduce((a, n) => a + n, 0));
    const max = Math.max(1, ...totals);
    const y = (n) => (n / max) * (h - PAD.top - PAD.bottom);
    const bars = svg("g", { class: "bars" });
    d.series.forEach((b) => {
      const x0 = x(toMs(b.start)), x1 = x(toMs(b.end) + DAY);
      const bw = Math.max(2, x1 - x0 - (x1 - x0 > 3 ? 1 : 0));
      let base = h - PAD.bottom;
      for (const type of d.types) {
        const n = b.counts[type];
        if (!n) continue;
        const bh = y(n);
        base -= bh;
        const rect = svg("rect", { x: x0.toFixed(2), y: base.toFixed(2), width: bw.toFixed(2), height: bh.toFixed(2),
          fill: typeColour(type), "data-start": b.start, "data-type": type, "data-n": n });
        rect.append(svg("title", { text: `${b.start}${b.end !== b.start ? " – " + b.end : ""}: ${n} ${type}` }));
        bars.append(rect);
      }
    });
    this.node.append(this.axis(w, h, max), bars);
    this.brush = svg("rect", { class: "brush", y: PAD.top, height: h - PAD.top - PAD.bottom, x: 0, width: 0, visibility: "hidden" });
    this.node.append(this.brush);
    this.drawBrush();
  }

  axis(w, h, max) {
    const { x, t0, t1 } = this.scale();
    const g = svg("g", { class: "axis" });
    g.append(svg("line", { x1: PAD.left, x2: w - PAD.right, y1: h - PAD.bottom, y2: h - PAD.bottom }));
    g.append(svg("text", { x: 2, y: PAD.top + 8, text: String(max) }));
    const years = (t1 - t0) / DAY / 365;
    const first = new Date(t0);
    let cur = Date.UTC(first.getUTCFullYear(), years > 2 ? 0 : first.getUTCMonth(), 1);
    const step = years > 8 ? 24 : years > 2 ? 12 : years > 0.5 ? 1 : 0;
    let guard = 0;
    while (cur <= t1 && guard++ < 400) {
      if (cur >= t0) {
        const label = step >= 12 ? toIso(cur).slice(0, 4) : toIso(cur).slice(0, 7);
        g.append(svg("text", { x: x(cur), y: h - 6, text: label, "text-anchor": "middle" }));
      }
      const dt = new Date(cur);
      cur = step ? Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + step, 1) : cur + 7 * DAY;
    }
    return g;
  }

  drawBrush() {
    if (!this.brush || !this.data || !this.data.series.length) return;
    if (!this.selection) { this.brush.setAttribute("visibility", "hidden"); return; }
    const { x } = this.scale();
    const a = x(toMs(this.selection[0])), b = x(toMs(this.selection[1]) + DAY);
    this.brush.setAttribute("x", Math.min(a, b));
    this.brush.setAttribute("width", Math.abs(b - a));
    this.brush.setAttribute("visibility", "visible");
  }

  listen() {
    let start = null;
    const px = (e) => e.clientX - this.node.getBoundingClientRect().left;
    this.node.addEventListener("pointerdown", (e) => {
      if (!this.data || !this.data.series.length) return;
      start = px(e);
      this.node.setPointerCapture(e.pointerId);
    });
    this.node.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const a = Math.min(start, px(e)), b = Math.max(start, px(e));
      this.brush.setAttribute("x", a);
      this.brush.setAttribute("width", b - a);
      this.brush.setAttribute("visibility", "visible");
    });
    this.node.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const a = Math.min(start, px(e)), b = Math.max(start, px(e));
      start = null;
      if (b - a < 3) { this.selection = null; this.drawBrush(); this.onBrush(null); return; }
      const { t, t0, t1 } = this.scale();
      const since = toIso(Math.max(t0, t(a)));
      const until = toIso(Math.min(t1 - DAY, t(b)));
      this.selection = [since, until];
      this.drawBrush();
      this.onBrush(this.selection);
    });
  }
}
