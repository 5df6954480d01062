// The actor network: actors as nodes, an arrow from actor1 to actor2 for each pair, as thick as
// its events are many and coloured by its main type. The layout is a small force simulation
// with a fixed start (actors on a circle in id order) and a fixed number of steps, so the same
// data always gives the same picture.
import { clear, svg, typeColour } from "./util.js";

const MAX_EDGES = 40;
const STEPS = 260;

function layout(nodes, edges) {
  const n = nodes.length;
  nodes.forEach((d, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n);
    d.x = Math.cos(a); d.y = Math.sin(a); d.vx = 0; d.vy = 0;
  });
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const links = edges.map((e) => [index.get(e.actor1), index.get(e.actor2), e.n]);
  const ideal = 1.6 / Math.sqrt(Math.max(1, n));
  for (let step = 0; step < STEPS; step++) {
    const cool = 1 - step / STEPS;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(1e-4, dx * dx + dy * dy);
        const f = (ideal * ideal) / d2 * 0.05;
        a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
      }
    }
    for (const [i, j] of links) {
      const a = nodes[i], b = nodes[j];
      const dx = b.x - a.x, dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1e-3;
      const f = ((d - ideal) / d) * 0.08;
      a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
    }
    for (const d of nodes) {
      d.vx -= d.x * 0.01; d.vy -= d.y * 0.01;          // a pull to the middle
      d.x += d.vx * cool; d.y += d.vy * cool;
      d.vx *= 0.5; d.vy *= 0.5;
    }
  }
}

export function drawNetwork(node, edges, { onPick } = {}) {
  clear(node);
  const w = node.clientWidth || 500, h = node.clientHeight || 360;
  const top = edges.filter((e) => e.actor2 && e.actor2 !== e.actor1).slice(0, MAX_EDGES);
  if (!top.length) {
    node.append(svg("text", { x: 20, y: 40, text: "No pair of actors in the filtered events." }));
    return;
  }
  const byId = new Map();
  for (const e of top) {
    for (const [id, name] of [[e.actor1, e.actor1_name], [e.actor2, e.actor2_name]]) {
      if (!byId.has(id)) byId.set(id, { id, name: name || id, weight: 0 });
      byId.get(id).weight += e.n;
    }
  }
  const nodes = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  layout(nodes, top);
  const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (v) => 30 + ((v - x0) / (x1 - x0 || 1)) * (w - 60);
  const sy = (v) => 24 + ((v - y0) / (y1 - y0 || 1)) * (h - 48);
  const maxN = Math.max(...top.map((e) => e.n));
  const defs = svg("defs");
  const types = [...new Set(top.map((e) => e.type))];
  types.forEach((t, i) => {
    const m = svg("marker", { id: `arrow-${i}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9,
      markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" });
    m.append(svg("path", { d: "M0,0L10,5L0,10z", fill: typeColour(t) }));
    defs.append(m);
  });
  node.append(defs);
  const maxW = Math.max(...nodes.map((d) => d.weight));
  const radius = (d) => 5 + 9 * Math.sqrt(d.weight / maxW);
  for (const e of top) {
    const a = byId.get(e.actor1), b = byId.get(e.actor2);
    // The arrow stops at the edge of actor 2's circle, so that its head shows.
    const [x1, y1, x2, y2] = [sx(a.x), sy(a.y), sx(b.x), sy(b.y)];
    const len = Math.hypot(x2 - x1, y2 - y1) || 1;
    const cut = (radius(b) + 2) / len;
    const line = svg("line", { x1, y1, x2: x2 - (x2 - x1) * cut, y2: y2 - (y2 - y1) * cut, stroke: typeColour(e.type),
      "stroke-width": (1 + 6 * Math.sqrt(e.n / maxN)).toFixed(2), "marker-end": `url(#arrow-${types.indexOf(e.type)})`,
      class: "edge", "data-n": e.n });
    line.append(svg("title", { text: `${a.name} → ${b.name}: ${e.n} events (${e.type}), ${e.fatalities} killed` }));
    node.append(line);
  }
  for (const d of nodes) {
    const g = svg("g", { class: "node", transform: `translate(${sx(d.x).toFixed(1)},${sy(d.y).toFixed(1)})`,
      "data-id": d.id, onclick: () => onPick && onPick(d) });
    const r = radius(d);
    const right = sx(d.x) > w / 2;          // labels grow away from the middle, so they stay inside
    g.append(svg("circle", { r: r.toFixed(1) }),
      svg("text", { x: right ? -(r + 3) : r + 3, y: 4, "text-anchor": right ? "end" : "start",
        text: d.name.length > 30 ? d.name.slice(0, 29) + "…" : d.name }),
      svg("title", { text: `${d.name} (${d.id}): ${d.weight} events` }));
    node.append(g);
  }
}
