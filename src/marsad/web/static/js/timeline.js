// The timeline: events per day or week, stacked by type (SVG bars); drag to select a date range.

import { h, s } from "./dom.js";
import { dateText, formatDate, formatNumber, t, typeColor, typeLabel } from "./i18n.js";

const DAY = 86_400_000;
const HEIGHT = 150;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 34 };

export function parseDay(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text ?? "");
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

export function formatDay(time) {
  return new Date(time).toISOString().slice(0, 10);
}

/** Start of the bin holding `time`: the day, or the Monday of its week. */
export function binStart(time, unit) {
  if (unit === "day") return time;
  const weekday = (new Date(time).getUTCDay() + 6) % 7;
  return time - weekday * DAY;
}

export function binEnd(start, unit) {
  return start + (unit === "day" ? 1 : 7) * DAY - DAY; // last day of the bin
}

/** Day bins for a short span, week bins otherwise. */
export function autoUnit(events) {
  const days = events.map((event) => parseDay(event.event_date)).filter((day) => day !== null);
  if (!days.length) return "week";
  return (Math.max(...days) - Math.min(...days)) / DAY <= 120 ? "day" : "week";
}

/** Axis ticks: years, months (`YYYY-MM`) or days (`YYYY-MM-DD`) by the span, at most `count` of them. */
function ticks(start, end, count) {
  const span = (end - start) / DAY;
  const first = new Date(start);
  const result = [];
  if (span > 3 * 365) {
    const step = Math.ceil(span / 365 / count);
    for (let year = first.getUTCFullYear() + 1; Date.UTC(year, 0, 1) <= end; year += step) {
      result.push({ time: Date.UTC(year, 0, 1), label: String(year) });
    }
  } else if (span > 75) {
    const step = Math.max(1, Math.ceil(span / 30 / count));
    for (let month = first.getUTCMonth() + 1; Date.UTC(first.getUTCFullYear(), month, 1) <= end; month += step) {
      const time = Date.UTC(first.getUTCFullYear(), month, 1);
      result.push({ time, label: formatDay(time).slice(0, 7) });
    }
  } else {
    const step = Math.max(1, Math.ceil(span / count));
    for (let time = start; time <= end; time += step * DAY) result.push({ time, label: formatDay(time) });
  }
  return result;
}

/** How many tick labels of `chars` characters fit across `width` pixels. */
const tickCount = (width, chars) => Math.max(2, Math.min(8, Math.floor(width / (chars * 7 + 16))));

function axisTicks(start, end, width) {
  const span = (end - start) / DAY;
  const chars = span > 3 * 365 ? 4 : span > 75 ? 7 : 10;
  return ticks(start, end, tickCount(width, chars));
}

/** Draw the timeline into `container`; `onBrush({from, to} | null)` reports the selected days. */
export function createTimeline(container, events, { unit, brush, onBrush }) {
  const width = Math.max(320, Math.round(container.clientWidth || 800));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const bins = new Map();
  for (const event of events) {
    const day = parseDay(event.event_date);
    if (day === null) continue;
    const start = binStart(day, unit);
    let bin = bins.get(start);
    if (!bin) bins.set(start, (bin = new Map()));
    bin.set(event.event_type, (bin.get(event.event_type) ?? 0) + 1);
  }
  const svg = s("svg", { class: "timeline-svg", viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT,
    role: "img", "aria-label": t("timeline_label"), dir: "ltr" });
  if (!bins.size) {
    container.replaceChildren(h("p", { class: "hint", text: t("no_events") }));
    return { svg };
  }
  const starts = [...bins.keys()].sort((a, b) => a - b);
  const domainStart = starts[0];
  const domainEnd = binEnd(starts.at(-1), unit) + DAY;
  const x = (time) => MARGIN.left + ((time - domainStart) / (domainEnd - domainStart)) * plotWidth;
  const invert = (px) => domainStart + ((px - MARGIN.left) / plotWidth) * (domainEnd - domainStart);
  const maxCount = Math.max(...[...bins.values()].map((bin) => [...bin.values()].reduce((a, b) => a + b, 0)));
  const y = (count) => (count / maxCount) * plotHeight;

  const axis = s("g", { class: "axis" },
    s("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom }),
    s("text", { x: MARGIN.left - 6, y: MARGIN.top + 8, "text-anchor": "end", text: formatNumber(maxCount) }),
    s("text", { x: MARGIN.left - 6, y: HEIGHT - MARGIN.bottom, "text-anchor": "end", text: formatNumber(0) }),
    axisTicks(domainStart, domainEnd, plotWidth).map((tick) => s("g", { class: "tick" },
      s("line", { x1: x(tick.time), x2: x(tick.time), y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom + 4 }),
      s("text", { x: x(tick.time), y: HEIGHT - 6, "text-anchor": "middle", text: formatDate(tick.label) }))));
  const bars = s("g", { class: "bars" });
  const barWidth = Math.max(2, x(domainStart + (unit === "day" ? 1 : 7) * DAY) - x(domainStart) - 1);
  for (const start of starts) {
    let base = HEIGHT - MARGIN.bottom;
    const bin = bins.get(start);
    const total = [...bin.values()].reduce((a, b) => a + b, 0);
    for (const [type, count] of [...bin.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const barHeight = Math.max(1, y(count));
      base -= barHeight;
      bars.append(s("rect", { class: "bar", x: x(start).toFixed(2), y: base.toFixed(2), width: barWidth.toFixed(2),
        height: barHeight.toFixed(2), fill: typeColor(type), dataset: { type, start: formatDay(start), count } },
      s("title", { text: `${dateText(formatDay(start))} · ${typeLabel(type)}: ${
        t("count_of", { count: formatNumber(count), total: formatNumber(total) })}` })));
    }
  }
  const selection = s("rect", { class: "brush", y: MARGIN.top, height: plotHeight, x: 0, width: 0,
    visibility: "hidden" });
  const overlay = s("rect", { class: "brush-overlay", x: MARGIN.left, y: 0, width: plotWidth, height: HEIGHT });
  svg.append(axis, bars, selection, overlay);
  container.replaceChildren(svg);

  function show(range) {
    if (!range) {
      selection.setAttribute("visibility", "hidden");
      return;
    }
    const from = x(parseDay(range.from));
    const to = x(parseDay(range.to) + DAY);
    selection.setAttribute("x", Math.min(from, to).toFixed(2));
    selection.setAttribute("width", Math.max(2, Math.abs(to - from)).toFixed(2));
    selection.setAttribute("visibility", "visible");
  }

  function svgX(event) {
    const box = svg.getBoundingClientRect();
    return ((event.clientX - box.left) / box.width) * width;
  }

  function rangeOf(x0, x1) {
    const clamp = (value) => Math.min(Math.max(value, MARGIN.left), width - MARGIN.right);
    const [a, b] = [clamp(x0), clamp(x1)].sort((p, q) => p - q);
    const from = binStart(Math.floor((invert(a) - domainStart) / DAY) * DAY + domainStart, unit);
    const to = binEnd(binStart(Math.floor((invert(b) - domainStart) / DAY) * DAY + domainStart, unit), unit);
    return { from: formatDay(Math.max(from, domainStart)), to: formatDay(Math.min(to, domainEnd - DAY)) };
  }

  let start = null;
  overlay.addEventListener("pointerdown", (event) => {
    start = svgX(event);
    overlay.setPointerCapture(event.pointerId);
  });
  overlay.addEventListener("pointermove", (event) => {
    if (start === null) return;
    show(rangeOf(start, svgX(event)));
  });
  overlay.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const end = svgX(event);
    const range = Math.abs(end - start) < 3 ? null : rangeOf(start, end);
    start = null;
    show(range);
    onBrush(range);
  });
  show(brush);
  return { svg, show };
}
