// The events map: governorate boundaries (package data) drawn as SVG, events clustered on a grid.

import { getBoundaries } from "./api.js";
import { activate, h, s } from "./dom.js";
import { dataNode, dateNode, numNode } from "./format.js";
import { dateText, formatNumber, governorateLabel, isolate, language, t, typeColor, typeLabel } from "./i18n.js";

// Syria with a margin (lon/lat); events outside it are counted, not drawn.
const EXTENT = { minLon: 35.4, maxLon: 42.6, minLat: 32.1, maxLat: 37.5 };
const KX = Math.cos((34.8 * Math.PI) / 180); // equirectangular projection at Syria's mid latitude
const UNITS = 100; // SVG units per degree of latitude
const WIDTH = (EXTENT.maxLon - EXTENT.minLon) * KX * UNITS;
const HEIGHT = (EXTENT.maxLat - EXTENT.minLat) * UNITS;
const CELL = 28; // grid clustering cell, in screen-independent map units at zoom 1
const MAX_ZOOM = 16;
const MAX_RADIUS = 24; // largest marker, in map units at zoom 1
const LABEL_PX = 13; // governorate names keep this size on screen at any zoom and width
const LABEL_GAP_PX = 2; // free space kept between a name and a marker
const NAMES_GAP_PX = 8; // and between two names, so that neighbours do not read as one
const MIN_RADIUS_PX = { single: 4.5, cluster: 8 }; // markers stay visible and their counts legible on a phone

let boundariesPromise = null;

export function loadBoundaries() {
  boundariesPromise ??= getBoundaries().catch((error) => {
    boundariesPromise = null; // a later visit tries again
    throw error;
  });
  return boundariesPromise;
}

export function project(lon, lat) {
  return [(lon - EXTENT.minLon) * KX * UNITS, (EXTENT.maxLat - lat) * UNITS];
}

function inside(event) {
  const { longitude: lon, latitude: lat } = event;
  return lon >= EXTENT.minLon && lon <= EXTENT.maxLon && lat >= EXTENT.minLat && lat <= EXTENT.maxLat;
}

function ringPath(ring) {
  return ring.map(([lon, lat], index) => {
    const [x, y] = project(lon, lat);
    return `${index ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
  }).join("") + "Z";
}

/** Label point of a governorate: the centroid of its largest ring (area-weighted). */
function labelPoint(feature) {
  let best = null;
  for (const polygon of feature.geometry.coordinates) {
    const points = polygon[0].map(([lon, lat]) => project(lon, lat));
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < points.length - 1; i++) {
      const [x0, y0] = points[i];
      const [x1, y1] = points[i + 1];
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (!best || Math.abs(area) > Math.abs(best.area)) best = { area, x: cx / (3 * area), y: cy / (3 * area) };
  }
  return best;
}

// Where a name may go, nearest first: its anchor, then rings around it (in name heights, wider across).
const LABEL_OFFSETS = [[0, 0]];
for (const ring of [0.7, 1.2, 1.8, 2.5, 3.3, 4.2, 5.2]) {
  for (let step = 0; step < 16; step++) {
    const angle = (step * Math.PI) / 8;
    LABEL_OFFSETS.push([Math.cos(angle) * ring * 1.8, Math.sin(angle) * ring]);
  }
}

/** How far a box and a circle overlap (0 when apart): the circle's depth into the box. */
function circleOverlap(box, circle) {
  const dx = Math.max(box.x0 - circle.x, 0, circle.x - box.x1);
  const dy = Math.max(box.y0 - circle.y, 0, circle.y - box.y1);
  return Math.max(0, circle.r - Math.hypot(dx, dy));
}

function boxOverlap(a, b) {
  const width = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const height = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Place each governorate's name where no marker, control or other name covers it: the free spot nearest its
 * anchor, or (none being free) the spot least covered. Names of small governorates are placed first.
 * labels: [{x, y, width, height, area}] (map units); circles: [{x, y, r}] (markers); boxes: [{x0, x1, y0, y1}]
 * (controls over the map); frame: the box names must stay in; gap: the space kept between two names.
 * Sets each label's x1, y1 (the centre of its box).
 */
export function placeLabels(labels, { circles, boxes = [], frame, gap = 0 }) {
  const placed = [...boxes];
  for (const label of [...labels].sort((a, b) => a.area - b.area)) {
    let best = null;
    for (const [dx, dy] of LABEL_OFFSETS) {
      const x = label.x + dx * label.height;
      const y = label.y + dy * label.height;
      const [halfWidth, halfHeight] = [label.width / 2, label.height / 2];
      const box = { x0: x - halfWidth, x1: x + halfWidth, y0: y - halfHeight, y1: y + halfHeight };
      const outside = Math.max(0, frame.x0 - box.x0, box.x1 - frame.x1, frame.y0 - box.y0, box.y1 - frame.y1);
      const cost = circles.reduce((sum, circle) => sum + circleOverlap(box, circle), 0) * label.height
        + placed.reduce((sum, other) => sum + boxOverlap(box, other), 0) + outside * label.height * 4;
      if (!best || cost < best.cost) best = { cost, x, y, box };
      if (cost === 0) break;
    }
    label.x1 = best.x;
    label.y1 = best.y;
    const { x0, x1, y0, y1 } = best.box;
    placed.push({ x0: x0 - gap, x1: x1 + gap, y0: y0 - gap / 2, y1: y1 + gap / 2 });
  }
  return labels;
}

/** Group events whose projected points fall in the same grid cell (cell size shrinks as you zoom). */
export function cluster(events, zoom) {
  const size = CELL / zoom;
  const cells = new Map();
  for (const event of events) {
    const [x, y] = project(event.longitude, event.latitude);
    const key = `${Math.floor(x / size)}:${Math.floor(y / size)}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { events: [], x: 0, y: 0 }));
    cell.events.push(event);
    cell.x += x;
    cell.y += y;
  }
  return [...cells.values()].map((cell) => {
    const counts = new Map();
    let fatalities = 0;
    for (const event of cell.events) {
      counts.set(event.event_type, (counts.get(event.event_type) ?? 0) + 1);
      fatalities += event.fatalities ?? 0;
    }
    const type = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    return { events: cell.events, x: cell.x / cell.events.length, y: cell.y / cell.events.length, type, fatalities };
  });
}

function radius(group) {
  const base = 5 + 2.4 * Math.sqrt(group.fatalities);
  const count = group.events.length > 1 ? 3 * Math.log2(group.events.length) : 0;
  return Math.min(MAX_RADIUS, base + count);
}

/** Draw the map into `container`; returns {update(events)}. `onOpen(event)` opens one event. */
export function createMap(container, boundaries, { onOpen }) {
  const view = { zoom: 1, cx: WIDTH / 2, cy: HEIGHT / 2 };
  let events = [];

  const shapes = s("g", { class: "governorates" });
  // names are drawn above the markers, with a halo, and moved off them (placeLabels)
  const labels = s("g", { class: "governorate-labels", "aria-hidden": "true" });
  const names = [];
  for (const feature of boundaries.features) {
    const d = feature.geometry.coordinates.map((polygon) => polygon.map(ringPath).join("")).join("");
    const name = governorateLabel(feature.properties.name);
    shapes.append(s("path", { d, class: "governorate", dataset: { name: feature.properties.name } },
      s("title", { text: name })));
    const point = labelPoint(feature);
    if (!point) continue;
    const node = s("text", { x: point.x.toFixed(1), y: point.y.toFixed(1), class: "governorate-label",
      dataset: { name: feature.properties.name }, text: name });
    labels.append(node);
    names.push({ node, x: point.x, y: point.y, area: Math.abs(point.area) });
  }
  const markers = s("g", { class: "markers" });
  const svg = s("svg", {
    class: "map-svg", role: "group", "aria-label": t("map_label"), preserveAspectRatio: "xMidYMid meet",
  }, s("rect", { class: "sea", x: -WIDTH, y: -HEIGHT, width: WIDTH * 3, height: HEIGHT * 3 }), shapes, markers, labels);

  const popup = h("div", { class: "map-popup", hidden: true, role: "dialog", "aria-label": t("cluster_events") });
  const note = h("p", { class: "map-note", "aria-live": "polite" });
  const zoomButton = (label, symbol, change) => h("button", {
    type: "button", class: "button icon", "aria-label": t(label), title: t(label), text: symbol, onclick: change,
  });
  const controls = h("div", { class: "map-controls" },
    zoomButton("zoom_in", "+", () => setZoom(view.zoom * 2)),
    zoomButton("zoom_out", "−", () => setZoom(view.zoom / 2)),
    zoomButton("zoom_reset", "⟲", () => { view.cx = WIDTH / 2; view.cy = HEIGHT / 2; setZoom(1); }));
  const legend = h("ul", { class: "legend", "aria-label": t("legend") });
  container.replaceChildren(h("div", { class: "map-frame" }, svg, controls, popup), note, legend);

  function setViewBox() {
    const w = WIDTH / view.zoom;
    const ht = HEIGHT / view.zoom;
    view.cx = Math.min(Math.max(view.cx, w / 2 - WIDTH * 0.25), WIDTH * 1.25 - w / 2);
    view.cy = Math.min(Math.max(view.cy, ht / 2 - HEIGHT * 0.25), HEIGHT * 1.25 - ht / 2);
    svg.setAttribute("viewBox", `${(view.cx - w / 2).toFixed(2)} ${(view.cy - ht / 2).toFixed(2)} ${w.toFixed(2)} ${ht.toFixed(2)}`);
    svg.style.setProperty("--zoom", String(view.zoom));
  }

  function setZoom(zoom, cx = view.cx, cy = view.cy) {
    view.zoom = Math.min(Math.max(zoom, 1), MAX_ZOOM);
    view.cx = cx;
    view.cy = cy;
    setViewBox();
    drawMarkers();
  }

  function closePopup() {
    popup.hidden = true;
    popup.replaceChildren();
  }

  function openCluster(group, marker) {
    const list = h("ul", { class: "popup-list" }, group.events.slice(0, 50).map((event) => h("li", {},
      h("a", { href: `#/event/${event.id}` },
        h("span", { class: "swatch", dataset: { type: event.event_type } }),
        dateNode(event.event_date), ` · ${typeLabel(event.event_type)} · `, dataNode(placeName(event))))));
    const zoomHere = h("button", { type: "button", class: "button", text: t("zoom_in"), onclick: () => {
      closePopup();
      setZoom(view.zoom * 4, group.x, group.y);
    } });
    const close = h("button", { type: "button", class: "button ghost", text: t("close"), onclick: () => {
      closePopup();
      marker.focus();
    } });
    popup.replaceChildren(h("h3", {}, `${t("cluster_events")} (`, numNode(group.events.length), ")"), list,
      h("div", { class: "row" }, zoomHere, close));
    popup.hidden = false;
    list.querySelector("a")?.focus();
  }

  /** Map units per screen pixel now (the map keeps its aspect ratio). */
  function unitsPerPixel() {
    const width = svg.getBoundingClientRect().width;
    return width ? WIDTH / view.zoom / width : 1 / view.zoom;
  }

  function drawLabels(groups) {
    const unit = unitsPerPixel();
    for (const name of names) {
      name.node.setAttribute("font-size", (LABEL_PX * unit).toFixed(2));
      name.node.setAttribute("stroke-width", (3 * unit).toFixed(2));
      name.node.setAttribute("x", name.x.toFixed(1));
      name.node.setAttribute("y", name.y.toFixed(1));
      const box = name.node.getBBox();
      name.width = box.width + 2 * LABEL_GAP_PX * unit;
      name.height = box.height;
      name.shiftX = box.x + box.width / 2 - name.x; // from the text's anchor to its box's centre
      name.shiftY = box.y + box.height / 2 - name.y;
    }
    const circles = groups.map((group) => ({ x: group.x, y: group.y, r: group.r + LABEL_GAP_PX * unit }));
    const w = WIDTH / view.zoom;
    const ht = HEIGHT / view.zoom;
    const frame = { x0: view.cx - w / 2, x1: view.cx + w / 2, y0: view.cy - ht / 2, y1: view.cy + ht / 2 };
    // the zoom buttons lie over a corner of the map
    const svgBox = svg.getBoundingClientRect();
    const toUnits = (box) => ({
      x0: frame.x0 + (box.left - svgBox.left) * unit, x1: frame.x0 + (box.right - svgBox.left) * unit,
      y0: frame.y0 + (box.top - svgBox.top) * unit, y1: frame.y0 + (box.bottom - svgBox.top) * unit,
    });
    const boxes = svgBox.width ? [toUnits(controls.getBoundingClientRect())] : [];
    for (const name of placeLabels(names, { circles, boxes, frame, gap: NAMES_GAP_PX * unit })) {
      name.node.setAttribute("x", (name.x1 - name.shiftX).toFixed(1));
      name.node.setAttribute("y", (name.y1 - name.shiftY).toFixed(1));
    }
  }

  let groups = [];
  function drawMarkers() {
    closePopup();
    groups = cluster(events, view.zoom);
    const unit = unitsPerPixel();
    for (const group of groups) {
      const least = MIN_RADIUS_PX[group.events.length > 1 ? "cluster" : "single"] * unit;
      group.r = Math.max(radius(group) / Math.sqrt(view.zoom), least);
    }
    groups.sort((a, b) => b.r - a.r); // small markers on top
    markers.replaceChildren(...groups.map((group) => {
      const { r } = group;
      const single = group.events.length === 1;
      const first = group.events[0];
      const place = isolate(placeName(first));
      const label = single
        ? `${typeLabel(first.event_type)} · ${dateText(first.event_date)} · ${place} · ${t("fatalities")}: ${
          isolate(formatNumber(first.fatalities ?? 0))}`
        : `${isolate(formatNumber(group.events.length))} · ${t("cluster_events")} · ${place}`;
      const marker = s("g", { class: single ? "marker" : "marker cluster", dataset: { type: group.type,
        count: String(group.events.length), ids: group.events.map((event) => event.id).join(" ") },
      "aria-label": label },
      s("title", { text: label }),
      s("circle", { cx: group.x.toFixed(2), cy: group.y.toFixed(2), r: r.toFixed(2), fill: typeColor(group.type) }),
      single ? null : s("text", { x: group.x.toFixed(2), y: group.y.toFixed(2), class: "marker-count",
        "font-size": (Math.max(r * 0.9, 10 * unit)).toFixed(2), text: formatNumber(group.events.length) }));
      activate(marker, () => (single ? onOpen(first) : openCluster(group, marker)));
      return marker;
    }));
    drawLabels(groups);
  }

  // Drag to pan (pointer), arrow keys to pan when the map has focus.
  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest(".marker")) return;
    drag = { x: event.clientX, y: event.clientY, cx: view.cx, cy: view.cy };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag || view.zoom === 1) return;
    const scale = WIDTH / view.zoom / svg.clientWidth;
    view.cx = drag.cx - (event.clientX - drag.x) * scale;
    view.cy = drag.cy - (event.clientY - drag.y) * scale;
    setViewBox();
  });
  svg.addEventListener("pointerup", () => { drag = null; });
  container.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !popup.hidden) {
      closePopup();
      return;
    }
    if (event.target !== svg) return;
    const step = WIDTH / view.zoom / 8;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[event.key]) {
      event.preventDefault();
      view.cx += moves[event.key][0];
      view.cy += moves[event.key][1];
      setViewBox();
    } else if (event.key === "+" || event.key === "=") setZoom(view.zoom * 2);
    else if (event.key === "-") setZoom(view.zoom / 2);
  });
  svg.setAttribute("tabindex", "0");

  function update(next, types) {
    const located = next.filter((event) => Number.isFinite(event.latitude) && Number.isFinite(event.longitude));
    events = located.filter(inside);
    const outside = located.length - events.length;
    const missing = next.length - located.length;
    const parts = [];
    if (outside) parts.push(t("map_outside", { n: formatNumber(outside) }));
    if (missing) parts.push(t("map_no_coords", { n: formatNumber(missing) }));
    note.textContent = parts.join(" · ");
    const counts = new Map(types.map((type) => [type, 0]));
    for (const event of next) counts.set(event.event_type, (counts.get(event.event_type) ?? 0) + 1);
    legend.replaceChildren(...types.map((type) => h("li", { dataset: { type } },
      h("span", { class: "swatch", dataset: { type } }),
      h("span", {}, typeLabel(type), " (", numNode(counts.get(type)), ")"))),
    h("li", { class: "legend-size" }, h("span", { class: "size-dot small" }), h("span", { class: "size-dot big" }),
      t("legend_size")));
    drawMarkers();
  }

  setViewBox();
  // names and the smallest markers keep their size on screen: draw them again when the map is resized
  let drawnWidth = Math.round(svg.getBoundingClientRect().width); // the first report is not a resize
  new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width && width !== drawnWidth && svg.isConnected) {
      drawnWidth = width;
      if (popup.hidden) drawMarkers();
      else drawLabels(groups); // keep an open cluster list open
    }
  }).observe(svg);
  document.fonts?.ready.then(() => svg.isConnected && drawLabels(groups)); // measured again in the final font
  return { update, svg };
}

function placeName(event) {
  return (language() === "ar" ? event.location_ar : null) ?? event.location ?? "";
}
