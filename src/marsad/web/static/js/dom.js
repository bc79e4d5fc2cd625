// Building DOM nodes. Text is always set with textContent (never parsed as HTML).

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") element.textContent = String(value);
    else if (name === "class") element.setAttribute("class", value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An HTML element: h("a", {href: "#", text: "label"}, children…). Strings become text nodes. */
export function h(tag, attributes, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** An SVG element. */
export function s(tag, attributes, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/** Make an element act as a button: focusable, Enter and Space activate it. */
export function activate(element, handler) {
  element.setAttribute("tabindex", "0");
  element.setAttribute("role", element.getAttribute("role") ?? "button");
  element.addEventListener("click", handler);
  element.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      handler(event);
    }
  });
  return element;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", apos: "'" };

/** Nodes for a server snippet that is HTML-escaped text with <mark>…</mark> around matched words:
 * the text becomes text nodes and only the marks become elements (nothing else is interpreted). */
export function markedText(snippetHtml) {
  const nodes = [];
  const parts = String(snippetHtml ?? "").split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) {
      const text = part.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (_, name) => ENTITIES[name]);
      nodes.push(marked ? h("mark", { text }) : document.createTextNode(text));
    }
  }
  return nodes;
}
