// The events map: governorate boundaries (package data) drawn as SVG, events clustered on a grid.

import { activate, h, s } from "./dom.js";
import { formatNumber, governorateLabel, language, t, typeColor, typeLabel } from "./i18n.js";

// Syria with a margin (lon/lat); events outside it are counted, not drawn.
const EXTENT = { minLon: 35.4, maxLon: 42.6, minLat: 32.1, maxLat: 37.5 };
const KX = Math.cos((34.8 * Math.PI) / 180); // equirectangular projection at Syria's mid latitude
const UNITS = 100; // SVG units per degree of latitude
const WIDTH = (EXTENT.maxLon - EXTENT.minLon) * KX * UNITS;
const HEIGHT = (EXTENT.maxLat - EXTENT.minLat) * UNITS;
const CELL = 28; // grid clustering cell, in screen-independent map units at zoom 1
const MAX_ZOOM = 16;

let boundariesPromise = null;

export function loadBoundaries() {
  boundariesPromise ??= fetch("data/syria-adm1.json").then((response) => {
    if (!response.ok) throw new Error(`boundaries: ${response.status}`);
    return response.json();
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
  return Math.min(30, base + count);
}

/** Draw the map into `container`; returns {update(events)}. `onOpen(event)` opens one event. */
export function createMap(container, boundaries, { onOpen }) {
  const view = { zoom: 1, cx: WIDTH / 2, cy: HEIGHT / 2 };
  let events = [];

  const shapes = s("g", { class: "governorates" });
  const labels = s("g", { class: "governorate-labels", "aria-hidden": "true" });
  for (const feature of boundaries.features) {
    const d = feature.geometry.coordinates.map((polygon) => polygon.map(ringPath).join("")).join("");
    const name = governorateLabel(feature.properties.name);
    shapes.append(s("path", { d, class: "governorate", dataset: { name: feature.properties.name } },
      s("title", { text: name })));
    const point = labelPoint(feature);
    if (point) labels.append(s("text", { x: point.x.toFixed(1), y: point.y.toFixed(1), class: "governorate-label",
      text: name }));
  }
  const markers = s("g", { class: "markers" });
  const svg = s("svg", {
    class: "map-svg", role: "group", "aria-label": t("map_label"), preserveAspectRatio: "xMidYMid meet",
  }, s("rect", { class: "sea", x: -WIDTH, y: -HEIGHT, width: WIDTH * 3, height: HEIGHT * 3 }), shapes, labels, markers);

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
        `${event.event_date ?? ""} · ${typeLabel(event.event_type)} · ${
          (language() === "ar" ? event.location_ar : null) ?? event.location ?? ""}`))));
    const zoomHere = h("button", { type: "button", class: "button", text: t("zoom_in"), onclick: () => {
      closePopup();
      setZoom(view.zoom * 4, group.x, group.y);
    } });
    const close = h("button", { type: "button", class: "button ghost", text: t("close"), onclick: () => {
      closePopup();
      marker.focus();
    } });
    popup.replaceChildren(h("h3", { text: `${t("cluster_events")} (${formatNumber(group.events.length)})` }), list,
      h("div", { class: "row" }, zoomHere, close));
    popup.hidden = false;
    list.querySelector("a")?.focus();
  }

  function drawMarkers() {
    closePopup();
    const groups = cluster(events, view.zoom);
    groups.sort((a, b) => radius(b) - radius(a)); // small markers on top
    markers.replaceChildren(...groups.map((group) => {
      const r = radius(group) / Math.sqrt(view.zoom);
      const single = group.events.length === 1;
      const first = group.events[0];
      const place = (language() === "ar" ? first.location_ar : null) ?? first.location ?? "";
      const label = single
        ? `${typeLabel(first.event_type)} · ${first.event_date ?? ""} · ${place} · ${t("fatalities")}: ${formatNumber(first.fatalities ?? 0)}`
        : `${formatNumber(group.events.length)} · ${t("cluster_events")} · ${place}`;
      const marker = s("g", { class: single ? "marker" : "marker cluster", dataset: { type: group.type,
        count: String(group.events.length), ids: group.events.map((event) => event.id).join(" ") },
      "aria-label": label },
      s("title", { text: label }),
      s("circle", { cx: group.x.toFixed(2), cy: group.y.toFixed(2), r: r.toFixed(2), fill: typeColor(group.type) }),
      single ? null : s("text", { x: group.x.toFixed(2), y: group.y.toFixed(2), class: "marker-count",
        "font-size": (Math.max(r * 0.9, 9 / Math.sqrt(view.zoom))).toFixed(2), text: formatNumber(group.events.length) }));
      activate(marker, () => (single ? onOpen(first) : openCluster(group, marker)));
      return marker;
    }));
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
    if (outside) parts.push(`${formatNumber(outside)} ${t("map_outside")}`);
    if (missing) parts.push(`${formatNumber(missing)} ${t("map_no_coords")}`);
    note.textContent = parts.join(" · ");
    legend.replaceChildren(...types.map((type) => h("li", {},
      h("span", { class: "swatch", dataset: { type } }), typeLabel(type))),
    h("li", { class: "legend-size" }, h("span", { class: "size-dot small" }), h("span", { class: "size-dot big" }),
      t("legend_size")));
    drawMarkers();
  }

  setViewBox();
  return { update, svg };
}
