// Article text with highlighted spans: half-open [start, end) character offsets into the body.
// The text goes in as text nodes; spans only add elements with classes around it.

import { h } from "./dom.js";

/**
 * Cut `text` at every span boundary and every newline: each piece knows the spans that cover it.
 * spans: [{start, end, className, title?, id?}]. Returns paragraphs: [[{text, spans: [...]}, …], …].
 */
export function segments(text, spans) {
  const valid = spans.filter((span) => Number.isInteger(span.start) && Number.isInteger(span.end)
    && span.start >= 0 && span.end <= text.length && span.start < span.end);
  const cuts = new Set([0, text.length]);
  for (const span of valid) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) {
    cuts.add(index);
    cuts.add(index + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const paragraphs = [[]];
  for (let i = 0; i < points.length - 1; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const piece = text.slice(start, end);
    if (piece === "\n") {
      paragraphs.push([]);
      continue;
    }
    const covering = valid.filter((span) => span.start <= start && span.end >= end);
    paragraphs.at(-1).push({ text: piece, start, spans: covering });
  }
  return paragraphs.filter((paragraph) => paragraph.some((piece) => piece.text.trim()));
}

/** Paragraph elements for `text` with `spans` highlighted (classes and titles of the covering spans). */
export function highlightedText(text, spans) {
  return segments(text ?? "", spans).map((paragraph) => h("p", {}, paragraph.map((piece) => {
    if (!piece.spans.length) return piece.text;
    const classes = [...new Set(piece.spans.map((span) => span.className))].join(" ");
    const title = piece.spans.map((span) => span.title).filter(Boolean).join(" · ");
    const marked = piece.spans.find((span) => span.mark);
    const element = h(marked ? "mark" : "span", { class: classes, title: title || null, text: piece.text });
    for (const span of piece.spans) if (span.data) Object.assign(element.dataset, span.data);
    return element;
  })));
}
