/* dotterel explorer: a small single-page app over the /v1 API.
 *
 * Rules this file keeps: data from the server is only ever put on the page with
 * textContent, createElement and setAttribute (never as HTML markup), so an article that
 * contains "<script>" shows as text; links are only made for http(s) URLs; charts are
 * SVG drawn here. Views and their filters live in the URL hash, so every view can be
 * linked and reloaded: #events?actor=KOR, #doc/ID?event=EID, #dyad?a=KOR&b=RUS, #network, #code.
 */
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUAD_COLOURS = {1: "#7fbf7b", 2: "#1b7837", 3: "#f4a582", 4: "#b2182b"};
const PAGE = 25;
const state = {meta: null, quads: [], events: {offset: 0}, doc: null};

/* ---------- small DOM helpers (text only) ---------- */

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = String(v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "text") node.textContent = String(v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

function tip(text) { return svg("title", {text}); }

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

function $(sel) { return document.querySelector(sel); }

function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

function showError(message) {
  const box = $("#error");
  if (!message) { box.hidden = true; box.textContent = ""; return; }
  box.textContent = message;
  box.hidden = false;
}

/* ---------- API ---------- */

async function api(path, options) {
  const res = await fetch(path, Object.assign({headers: {"Accept": "application/json"}}, options || {}));
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const err = body && body.error ? body.error : {message: `${res.status} ${res.statusText}`, code: "http_error"};
    const e = new Error(err.message);
    e.status = res.status; e.code = err.code;
    throw e;
  }
  return body;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "" || v === false) continue;
    q.append(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

/* ---------- routing ---------- */

function parseHash() {
  const h = location.hash.replace(/^#/, "") || "events";
  const [path, qs] = h.split("?");
  const parts = path.split("/");
  return {view: parts[0] || "events", arg: parts[1] ? decodeURIComponent(parts[1]) : null,
          params: Object.fromEntries(new URLSearchParams(qs || ""))};
}

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

async function route() {
  const {view, arg, params} = parseHash();
  showError(null);
  for (const s of document.querySelectorAll(".view")) s.hidden = true;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === view || (view === "doc" && a.dataset.view === "events"));
  const section = $("#view-" + view) || $("#view-events");
  section.hidden = false;
  try {
    if (view === "doc") await showDocument(arg, params.event || null);
    else if (view === "dyad") await showDyad(params);
    else if (view === "network") await showNetwork(params);
    else if (view === "code") { /* the form does the work */ }
    else await showEvents(params);
  } catch (e) {
    showError(e.message);
  }
}

function formParams(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (v !== "") out[k] = v;
  return out;
}

function fillForm(form, params) {
  for (const input of form.elements) {
    if (!input.name) continue;
    if (input.type === "checkbox") input.checked = params[input.name] === "true";
    else if (params[input.name] !== undefined) input.value = params[input.name];
    else if (input.tagName !== "BUTTON" && input.type !== "number") input.value = "";
  }
}

/* ---------- shared renderers ---------- */

function who(actors) {
  if (!actors || !actors.length) return "—";
  return actors.map(a => (a.code || "?") + (a.sector ? "/" + a.sector : "")).join(" + ");
}

function whoTitle(actors) {
  return (actors || []).map(a => a.entity_text || "").join("; ");
}

function flagsOf(ev) {
  return ["negated", "hypothetical", "future", "historical"].filter(k => ev[k]);
}

function sentenceCell(ev) {
  // The sentence with its trigger word in bold: offsets are into the article, the sentence starts at sent_start.
  const td = el("td", {class: "sentence"});
  const text = ev.text || "";
  const info = ev.text_info || ev;
  const base = info.start !== undefined && ev.text_info ? info.start : ev.sent_start;
  const s = (info.event_start ?? -1) - (base ?? 0), e = (info.event_end ?? -1) - (base ?? 0);
  if (base !== null && base !== undefined && s >= 0 && e <= text.length && s < e) {
    td.append(text.slice(0, s), el("span", {class: "trigger", text: text.slice(s, e)}), text.slice(e));
  } else {
    td.textContent = text;
  }
  return td;
}

function eventRow(ev, {clickable = true, extra = null} = {}) {
  const loc = ev.event_loc;
  const tr = el("tr", {class: clickable ? "clickable" : null, "data-event-id": ev.id, "data-doc-id": ev.doc_id},
    el("td", {class: "date", text: ev.date || "undated"}),
    el("td", {class: "type"}, el("span", {class: "chip q" + ev.quad_code, title: ev.quad_class || ""}), ev.event,
      ...flagsOf(ev).map(f => el("span", {class: "flag", text: f})), clusterBadge(ev)),
    el("td", {class: "actor", title: whoTitle(ev.actor), text: who(ev.actor)}),
    el("td", {class: "recipient", title: whoTitle(ev.recipient), text: who(ev.recipient)}),
    el("td", {class: "place", text: loc && loc.name ? loc.name : ""}),
    sentenceCell(ev),
  );
  if (extra !== null) tr.append(el("td", {text: extra}));
  else tr.append(el("td", {class: "title", text: (ev.document && ev.document.title) || ev.doc_id || ""}));
  if (clickable) tr.addEventListener("click", () => go(`#doc/${encodeURIComponent(ev.doc_id)}?event=${encodeURIComponent(ev.id)}`));
  return tr;
}

function clusterBadge(ev) {
  // The same event reported by several articles: a link to all of them.
  if (!ev.cluster_id || !(ev.cluster_sources > 1)) return null;
  const a = el("a", {class: "flag sources", href: eventsHash({cluster: ev.cluster_id}),
                     title: "the same event in other articles", text: `${ev.cluster_sources} sources`});
  a.addEventListener("click", e => e.stopPropagation());
  return a;
}

const KINDS = [["actor", "actor"], ["event", "event"], ["recipient", "recipient"], ["place", "place"], ["quote", "quote"]];

function legend(node) {
  clear(node);
  for (const [kind, label] of KINDS) node.append(el("span", {class: "key hl k-" + kind, text: label}));
}

function highlight(container, text, spans, selected) {
  // Cut the text at every span boundary; each piece becomes a text node, or a <span>
  // with one class per kind covering it. Only textContent: markup in the article stays text.
  clear(container);
  const good = (spans || []).filter(s => Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start < s.end && s.end <= text.length);
  const cuts = new Set([0, text.length]);
  for (const s of good) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  let first = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const cover = good.filter(s => s.start <= a && s.end >= b);
    if (!cover.length) { container.append(document.createTextNode(piece)); continue; }
    const kinds = [...new Set(cover.map(s => s.kind))];
    const isSel = selected && cover.some(s => s.event_id === selected && s.kind !== "quote");
    const cls = ["hl", ...kinds.map(k => "k-" + k)];
    if (selected && (isSel || kinds.some(k => k !== "quote"))) cls.push(isSel ? "sel" : "other");  // quotes stay plain
    const span = el("span", {class: cls.join(" "), title: cover.map(s => `${s.kind}: ${s.label || ""}`).join("\n"),
                             "data-kinds": kinds.join(" ")});
    span.textContent = piece;
    container.append(span);
    if (isSel && !first) first = span;
  }
  return first;
}

function quoteItems(list, quotes) {
  clear(list);
  if (!quotes.length) list.append(el("li", {class: "muted", text: "none found"}));
  for (const q of quotes) {
    const sp = q.speaker;
    const speaker = sp ? `${sp.entity_text || "?"}${sp.code ? " [" + sp.code + (sp.sector ? "/" + sp.sector : "") + "]" : ""}` : "unknown speaker";
    list.append(el("li", {}, el("strong", {text: speaker}), ` ${q.verb || ""} (${q.kind}): `, el("q", {text: q.text})));
  }
}

/* ---------- Events view ---------- */

async function showEvents(params) {
  const form = $("#event-filters");
  fillForm(form, params);
  const offset = Math.max(0, parseInt(params.offset || "0", 10) || 0);
  const page = await api("/v1/events" + query({...params, offset, limit: PAGE}));
  const tbody = clear($("#events-table tbody"));
  for (const ev of page.items) tbody.append(eventRow(ev));
  if (!page.items.length) tbody.append(el("tr", {}, el("td", {colspan: 7, class: "muted", text: "No events match these filters."})));
  const last = Math.min(offset + page.items.length, page.total);
  $("#events-summary").textContent = plural(page.total, "event");
  $("#events-page").textContent = page.total ? `${offset + 1}–${last} of ${page.total}` : "";
  $("#events-prev").disabled = offset === 0;
  $("#events-next").disabled = page.next_offset === null;
  state.events = {params, offset, next: page.next_offset};
  $("#events-table").dataset.query = query(params);  // what is shown now (tests wait on it)
}

function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

function eventsHash(params) { return "#events" + query(params); }

function setupEvents() {
  const form = $("#event-filters");
  form.addEventListener("submit", ev => { ev.preventDefault(); go(eventsHash(formParams(form))); });
  $("#events-reset").addEventListener("click", () => { form.reset(); go("#events"); });
  $("#events-prev").addEventListener("click", () => {
    const p = {...state.events.params, offset: Math.max(0, state.events.offset - PAGE)};
    if (!p.offset) delete p.offset;
    go(eventsHash(p));
  });
  $("#events-next").addEventListener("click", () => {
    if (state.events.next !== null) go(eventsHash({...state.events.params, offset: state.events.next}));
  });
}

/* ---------- Document view ---------- */

async function showDocument(docId, selected) {
  if (!docId) return go("#events");
  const doc = state.doc && state.doc.doc_id === docId ? state.doc : await api("/v1/documents/" + encodeURIComponent(docId));
  state.doc = doc;
  $("#doc-title").textContent = doc.title || `Article ${doc.doc_id}`;
  const meta = clear($("#doc-meta"));
  meta.append(`Published ${doc.pub_date || "unknown"}`, doc.source ? ` · ${doc.source}` : "", ` · ${doc.events.length} events · ${doc.quotes.length} quotes`);
  const url = safeUrl(doc.url);
  if (url) meta.append(" · ", el("a", {href: url, target: "_blank", rel: "noopener noreferrer", text: "original article"}));
  legend($("#doc-legend"));
  const first = highlight($("#doc-text"), doc.text, doc.spans, selected);
  const list = clear($("#doc-events"));
  for (const ev of doc.events) {
    const li = el("li", {class: ev.id === selected ? "selected" : null, "data-event-id": ev.id},
      el("span", {class: "chip q" + ev.quad_code}), `${ev.event}: ${who(ev.actor)} → ${who(ev.recipient)}`,
      ev.event_loc && ev.event_loc.name ? ` @ ${ev.event_loc.name}` : "", ` (${ev.date || "undated"})`,
      ...flagsOf(ev).map(f => el("span", {class: "flag", text: f})));
    li.addEventListener("click", () => go(`#doc/${encodeURIComponent(doc.doc_id)}?event=${encodeURIComponent(ev.id)}`));
    list.append(li);
  }
  quoteItems($("#doc-quotes"), doc.quotes);
  if (first) first.scrollIntoView({block: "center"});
}

/* ---------- Dyad view ---------- */

async function showDyad(params) {
  const form = $("#dyad-form");
  fillForm(form, params);
  if (!params.interval) form.elements.interval.value = "week";
  const chart = clear($("#dyad-chart"));
  clear($("#dyad-events tbody")); $("#dyad-events").hidden = true; $("#dyad-events-title").textContent = "";
  if (!params.a || !params.b) { $("#dyad-summary").textContent = "Choose two actors, e.g. KOR and RUS."; return; }
  const interval = params.interval || "week";
  const data = await api(`/v1/dyads/${encodeURIComponent(params.a)}/${encodeURIComponent(params.b)}/series` +
                         query({interval, since: params.since, until: params.until, include_flagged: params.include_flagged}));
  const total = data.series.reduce((n, s) => n + s.total, 0);
  const undated = data.series.reduce((n, s) => n + s.undated, 0);
  $("#dyad-summary").textContent = `${total} dated events between ${data.a} and ${data.b}, by ${data.interval}` +
    (undated ? ` (${undated} undated, not shown)` : "") + ". Click a column to list its events.";
  const leg = clear($("#dyad-legend"));
  data.quad_classes.forEach((q, i) => leg.append(el("span", {}, el("span", {class: "chip q" + quadCode(q, i)}), q)));
  leg.append(el("span", {text: "● mean score (−10 hostile … +10 cooperative)"}));
  if (!total) { chart.append(el("p", {class: "muted", text: "No dated events between these actors."})); return; }
  const width = Math.max(640, chart.clientWidth - 2);
  for (const s of data.series) chart.append(dyadPanel(data, s, params, width));
}

function quadCode(name, i) {
  const q = state.quads.find(x => x.name === name);
  return q ? q.code : i + 1;
}

function dyadPanel(data, series, params, width) {
  const pts = series.points;
  const W = Math.max(width, 90 + pts.length * 6), H = 240, L = 40, R = 44, T = 40, B = 36;
  const iw = W - L - R, ih = H - T - B, bw = iw / Math.max(1, pts.length);
  const maxN = Math.max(1, ...pts.map(p => p.n));
  const y = n => T + ih - (n / maxN) * ih;
  const ys = s => T + ih / 2 - (s / 10) * (ih / 2);
  const root = svg("svg", {width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "dyad-panel",
                           "data-direction": `${series.actor}->${series.recipient}`, role: "img"});
  root.append(svg("text", {x: L, y: 15, text: `${series.actor} → ${series.recipient}: ${series.total} events`, "font-weight": 600}));
  // axes: counts on the left, mean score on the right (-10..10)
  root.append(svg("line", {x1: L, y1: T + ih, x2: L + iw, y2: T + ih, stroke: "#999"}));
  root.append(svg("line", {x1: L, y1: ys(0), x2: L + iw, y2: ys(0), stroke: "#ccc", "stroke-dasharray": "3 3"}));
  for (const n of ticks(maxN)) {
    root.append(svg("text", {x: L - 6, y: y(n) + 4, "text-anchor": "end", text: n}));
    root.append(svg("line", {x1: L - 3, y1: y(n), x2: L, y2: y(n), stroke: "#999"}));
  }
  for (const s of [-10, -5, 0, 5, 10]) root.append(svg("text", {x: L + iw + 6, y: ys(s) + 4, text: (s > 0 ? "+" : "") + s}));
  const every = Math.max(1, Math.ceil(pts.length / Math.floor(iw / 70)));
  const runs = [[]];  // the mean-score line breaks where a period has no events
  pts.forEach((p, i) => {
    const x = L + i * bw;
    const col = svg("g", {class: "col", "data-period": p.period, "data-n": p.n,
                          onclick: () => dyadEvents(series, p, params, col)});
    col.append(svg("rect", {class: "hit", x, y: T, width: bw, height: ih, fill: "transparent"}));
    let base = 0;
    data.quad_classes.forEach((q, qi) => {
      const n = p.by_quad[q] || 0;
      if (!n) return;
      col.append(svg("rect", {class: "bar", x: x + bw * 0.12, width: Math.max(1, bw * 0.76), y: y(base + n),
                              height: y(base) - y(base + n), fill: QUAD_COLOURS[quadCode(q, qi)] || "#888", "data-quad": q}));
      base += n;
    });
    const types = Object.entries(p.by_type).map(([t, n]) => `${t} ${n}`).join(", ");
    col.append(tip(`${p.start} – ${p.end}: ${p.n} events` + (p.mean_score !== null ? `, mean score ${p.mean_score.toFixed(2)}` : "") + (types ? `\n${types}` : "")));
    root.append(col);
    if (i % every === 0) root.append(svg("text", {x: x + bw / 2, y: T + ih + 14, "text-anchor": "middle", text: shortDate(p.period, data.interval)}));
    if (p.mean_score !== null) runs[runs.length - 1].push([x + bw / 2, ys(p.mean_score)]);
    else if (runs[runs.length - 1].length) runs.push([]);
  });
  for (const run of runs) {
    if (run.length > 1) root.append(svg("polyline", {points: run.map(q => q.join(",")).join(" "), fill: "none", stroke: "#222", "stroke-width": 1.3, "pointer-events": "none"}));
    for (const [cx, cy] of run) root.append(svg("circle", {class: "score", cx, cy, r: 3.2, fill: "#222", "pointer-events": "none"}));
  }
  root.append(svg("text", {x: L + iw + R - 4, y: T - 10, "text-anchor": "end", text: "score"}));
  root.append(svg("text", {x: 4, y: T - 10, text: "events"}));
  return root;
}

function ticks(max) {
  const step = max <= 5 ? 1 : Math.ceil(max / 4);
  const out = [];
  for (let n = 0; n <= max; n += step) out.push(n);
  return out;
}

function shortDate(iso, interval) { return interval === "month" ? iso.slice(0, 7) : iso.slice(5); }

async function dyadEvents(series, p, params, col) {
  for (const c of document.querySelectorAll("#dyad-chart .col.selected")) c.classList.remove("selected");
  col.classList.add("selected");
  try {
    const page = await api("/v1/events" + query({actor: series.actor, recipient: series.recipient, since: p.start, until: p.end,
                                                  include_flagged: params.include_flagged, order: "asc", limit: 200}));
    $("#dyad-events-title").textContent = `${series.actor} → ${series.recipient}, ${p.start} – ${p.end}: ${plural(page.total, "event")}`;
    const tbody = clear($("#dyad-events tbody"));
    for (const ev of page.items) tbody.append(eventRow(ev));
    if (!page.items.length) tbody.append(el("tr", {}, el("td", {colspan: 7, class: "muted", text: "No events in this period."})));
    $("#dyad-events").hidden = false;
  } catch (e) { showError(e.message); }
}

function toCode(value) {
  // Accept an actor's name as well as its code ("south korea" -> KOR), from the actors list.
  const v = value.trim();
  const hit = (state.actors || []).find(a => a.code.toUpperCase() === v.toUpperCase() || (a.name || "").toLowerCase() === v.toLowerCase());
  return hit ? hit.code : v.toUpperCase();
}

function setupDyad() {
  const form = $("#dyad-form");
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const p = formParams(form);
    if (p.a) p.a = toCode(p.a);
    if (p.b) p.b = toCode(p.b);
    go("#dyad" + query(p));
  });
}

/* ---------- Network view ---------- */

function scoreColour(s) {
  // diverging: -10 red, 0 grey, +10 green
  if (s === null || s === undefined) return "#999";
  const t = Math.max(-1, Math.min(1, s / 10));
  const mix = (a, b, u) => Math.round(a + (b - a) * u);
  const grey = [150, 150, 150], red = [178, 24, 43], green = [27, 120, 55];
  const c = t < 0 ? grey.map((g, i) => mix(g, red[i], -t)) : grey.map((g, i) => mix(g, green[i], t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function layout(nodes, edges, W, H) {
  // Deterministic force layout (Fruchterman-Reingold in unit space, plus a pull to the
  // centre so that separate groups stay near), then scaled to fit the drawing.
  const n = nodes.length;
  const R0 = Math.sqrt(Math.max(1, n));
  const pos = nodes.map((d, i) => ({x: R0 * Math.cos(2 * Math.PI * i / Math.max(1, n)), y: R0 * Math.sin(2 * Math.PI * i / Math.max(1, n))}));
  const index = new Map(nodes.map((d, i) => [d.code, i]));
  const links = edges.map(e => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const steps = 300, gravity = 0.6 / Math.sqrt(Math.max(1, n));
  for (let it = 0; it < steps; it++) {
    const temp = (R0 / 4) * (1 - it / steps) + 0.01;
    const disp = pos.map(() => ({x: 0, y: 0}));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
      const d = Math.hypot(dx, dy) || 0.01, f = 1 / d;
      disp[i].x += dx / d * f; disp[i].y += dy / d * f;
      disp[j].x -= dx / d * f; disp[j].y -= dy / d * f;
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
      const d = Math.hypot(dx, dy) || 0.01, f = d * d;
      disp[a].x -= dx / d * f; disp[a].y -= dy / d * f;
      disp[b].x += dx / d * f; disp[b].y += dy / d * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i].x -= pos[i].x * gravity; disp[i].y -= pos[i].y * gravity;
      const d = Math.hypot(disp[i].x, disp[i].y) || 1;
      pos[i].x += disp[i].x / d * Math.min(d, temp);
      pos[i].y += disp[i].y / d * Math.min(d, temp);
    }
  }
  const xs = pos.map(p => p.x), ys = pos.map(p => p.y);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const mx = 50, my = 40;
  // x and y scale separately: the drawing is wider than tall, and a layout has no true aspect ratio
  const sx = Math.min((W - 2 * mx) / Math.max(1e-6, x1 - x0), 160), sy = Math.min((H - 2 * my) / Math.max(1e-6, y1 - y0), 160);
  const ox = W / 2 - sx * (x0 + x1) / 2, oy = H / 2 - sy * (y0 + y1) / 2;
  return pos.map(p => ({x: ox + p.x * sx, y: oy + p.y * sy}));
}

async function showNetwork(params) {
  const form = $("#network-form");
  fillForm(form, params);
  if (!params.min_count) form.elements.min_count.value = "1";
  const data = await api("/v1/network" + query({...params, limit: 300}));
  const chart = clear($("#network-chart"));
  clear($("#network-info")).append(el("p", {class: "muted", text: "Click an actor or an arrow."}));
  $("#network-summary").textContent = `${data.nodes.length} actors, ${data.edges.length} directed edges (width: events; colour: mean score, red hostile … green cooperative).`;
  if (!data.edges.length) { chart.append(el("p", {class: "muted", text: "No actor-to-actor events match."})); return; }
  const W = Math.max(640, chart.clientWidth - 2), H = Math.max(480, Math.min(760, Math.round(W * 0.62)));
  const pos = layout(data.nodes, data.edges, W, H);
  const at = new Map(data.nodes.map((d, i) => [d.code, i]));
  const maxE = Math.max(...data.edges.map(e => e.n)), maxN = Math.max(...data.nodes.map(d => d.n));
  const radius = d => 7 + 16 * Math.sqrt(d.n / maxN);
  separate(pos, data.nodes.map(radius), W, H);
  const root = svg("svg", {width: W, height: H, viewBox: `0 0 ${W} ${H}`, id: "network-svg", role: "img"});
  const gEdges = svg("g", {}), gNodes = svg("g", {});
  root.append(gEdges, gNodes, scaleLegend(W));
  for (const e of data.edges) {
    const a = pos[at.get(e.source)], b = pos[at.get(e.target)];
    const rb = radius(data.nodes[at.get(e.target)]), ra = radius(data.nodes[at.get(e.source)]);
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
    const ux = dx / d, uy = dy / d, nx = -uy, ny = ux;
    // curve to the left of the direction, so A->B and B->A stay apart
    const sx = a.x + ux * ra, sy = a.y + uy * ra, tx = b.x - ux * (rb + 2), ty = b.y - uy * (rb + 2);
    const mx = (sx + tx) / 2 + nx * d * 0.12, my = (sy + ty) / 2 + ny * d * 0.12;
    const w = 1 + 6 * Math.log1p(e.n) / Math.log1p(maxE);
    const colour = scoreColour(e.mean_score);
    // arrowhead along the tangent at the end of the curve
    const tdx = tx - mx, tdy = ty - my, td = Math.hypot(tdx, tdy) || 1, hx = tdx / td, hy = tdy / td, size = 6 + w;
    const head = `${tx},${ty} ${tx - hx * size - hy * size * 0.5},${ty - hy * size + hx * size * 0.5} ${tx - hx * size + hy * size * 0.5},${ty - hy * size - hx * size * 0.5}`;
    const g = svg("g", {class: "edge", "data-source": e.source, "data-target": e.target, "data-n": e.n,
                        onclick: () => edgeInfo(e, g)},
      svg("path", {d: `M${sx},${sy} Q${mx},${my} ${tx},${ty}`, fill: "none", stroke: colour, "stroke-width": w, "stroke-opacity": 0.85}),
      svg("path", {d: `M${sx},${sy} Q${mx},${my} ${tx},${ty}`, fill: "none", stroke: "transparent", "stroke-width": Math.max(10, w + 6)}),
      svg("polygon", {points: head, fill: colour}),
      tip(`${e.source} → ${e.target}: ${e.n} events, mean score ${e.mean_score === null ? "n/a" : e.mean_score.toFixed(2)}`));
    gEdges.append(g);
  }
  data.nodes.forEach((d, i) => {
    const r = radius(d);
    const g = svg("g", {class: "node", "data-code": d.code, transform: `translate(${pos[i].x},${pos[i].y})`,
                        onclick: () => nodeInfo(d, data, g)},
      svg("circle", {r, fill: "#e8eef7", stroke: "#1f5fa8", "stroke-width": 1.5}),
      svg("text", {"text-anchor": "middle", dy: 4, text: d.code}),
      tip(`${d.name || d.code}: ${d.n} events (${d.out} as actor, ${d.in} as recipient)`));
    gNodes.append(g);
  });
  chart.append(root);
}

function separate(pos, radii, W, H) {
  // Push overlapping circles apart (a few passes), so no actor hides another.
  for (let pass = 0; pass < 60; pass++) {
    let moved = false;
    for (let i = 0; i < pos.length; i++) for (let j = i + 1; j < pos.length; j++) {
      const dx = pos[j].x - pos[i].x, dy = pos[j].y - pos[i].y, d = Math.hypot(dx, dy) || 0.01;
      const need = radii[i] + radii[j] + 6;
      if (d >= need) continue;
      const push = (need - d) / 2, ux = d > 0.01 ? dx / d : 1, uy = d > 0.01 ? dy / d : 0;
      pos[i].x -= ux * push; pos[i].y -= uy * push; pos[j].x += ux * push; pos[j].y += uy * push;
      moved = true;
    }
    for (const p of pos) { p.x = Math.max(30, Math.min(W - 30, p.x)); p.y = Math.max(30, Math.min(H - 30, p.y)); }
    if (!moved) break;
  }
}

function scaleLegend(W) {
  const g = svg("g", {transform: `translate(${W - 190},${14})`});
  for (let i = 0; i <= 20; i++) g.append(svg("rect", {x: i * 7, y: 0, width: 7, height: 8, fill: scoreColour(i - 10)}));
  g.append(svg("text", {x: 0, y: 20, text: "−10"}), svg("text", {x: 70, y: 20, "text-anchor": "middle", text: "0"}),
           svg("text", {x: 147, y: 20, "text-anchor": "end", text: "+10"}));
  return g;
}

function focus(matchEdge, matchNode) {
  for (const e of document.querySelectorAll("#network-svg .edge")) e.classList.toggle("faded", !matchEdge(e));
  for (const n of document.querySelectorAll("#network-svg .node")) n.classList.toggle("faded", !matchNode(n));
}

function edgeInfo(e, g) {
  focus(x => x === g, n => n.dataset.code === e.source || n.dataset.code === e.target);
  const box = clear($("#network-info"));
  box.append(el("h3", {text: `${e.source} → ${e.target}`}),
    el("dl", {}, el("dt", {text: "events"}), el("dd", {class: "edge-n", text: e.n}),
       el("dt", {text: "mean score"}), el("dd", {text: e.mean_score === null ? "n/a" : e.mean_score.toFixed(2)}),
       ...Object.entries(e.by_quad).flatMap(([q, n]) => [el("dt", {text: q}), el("dd", {text: n})])),
    el("p", {}, el("a", {href: eventsHash({actor: e.source, recipient: e.target}), text: "List these events"})),
    el("p", {}, el("a", {href: "#dyad" + query({a: e.source, b: e.target}), text: "Dyad time series"})));
}

function nodeInfo(d, data, g) {
  focus(x => x.dataset.source === d.code || x.dataset.target === d.code,
        n => n === g || data.edges.some(e => (e.source === d.code && e.target === n.dataset.code) || (e.target === d.code && e.source === n.dataset.code)));
  const box = clear($("#network-info"));
  box.append(el("h3", {text: `${d.code}${d.name ? " — " + d.name : ""}`}),
    el("dl", {}, el("dt", {text: "as actor"}), el("dd", {text: d.out}), el("dt", {text: "as recipient"}), el("dd", {text: d.in})),
    el("p", {}, el("a", {href: eventsHash({actor: d.code}), text: `Events by ${d.code}`})),
    el("p", {}, el("a", {href: eventsHash({recipient: d.code}), text: `Events towards ${d.code}`})));
}

function setupNetwork() {
  const form = $("#network-form");
  form.addEventListener("submit", ev => { ev.preventDefault(); go("#network" + query(formParams(form))); });
}

/* ---------- Code view ---------- */

function setupCode() {
  const form = $("#code-form");
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const text = $("#code-text").value;
    const pub = $("#code-date").value;
    const button = $("#code-submit");
    button.disabled = true;
    $("#code-status").textContent = "coding…";
    showError(null);
    try {
      const res = await api("/v1/code", {method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
                                         body: JSON.stringify(pub ? {text, pub_date: pub} : {text})});
      renderCoded(res);
      $("#code-status").textContent = `coded in ${Math.round(res.elapsed_ms)} ms`;
    } catch (e) {
      $("#code-status").textContent = "";
      $("#code-result").hidden = true;
      showError(e.message);
    } finally {
      button.disabled = false;
    }
  });
}

function renderCoded(res) {
  $("#code-result").hidden = false;
  const plain = res.events.filter(e => !flagsOf(e).some(f => f !== "historical")).length;
  $("#code-summary").textContent = `${res.events.length} events (${plain} reported as having happened), ${res.quotes.length} quotes, ` +
    `${res.entities.length} actor mentions; publication date ${res.pub_date || "unknown"}.`;
  legend($("#code-legend"));
  highlight($("#code-highlight"), res.text, res.spans, null);
  const tbody = clear($("#code-events tbody"));
  for (const ev of res.events) tbody.append(eventRow(ev, {clickable: false, extra: flagsOf(ev).join(", ")}));
  if (!res.events.length) tbody.append(el("tr", {}, el("td", {colspan: 7, class: "muted", text: "No events found in this text."})));
  quoteItems($("#code-quotes"), res.quotes);
}

/* ---------- start ---------- */

async function loadMeta() {
  const meta = await api("/v1/meta");
  state.meta = meta;
  state.quads = meta.quad_classes;
  $("#db-info").textContent = `${meta.counts.documents} articles, ${meta.counts.events} events` +
    (meta.first_date ? `, ${meta.first_date} – ${meta.last_date}` : "");
  for (const sel of document.querySelectorAll("select[name=type]")) {
    for (const t of meta.types) sel.append(el("option", {value: t.name, text: `${t.name} (${t.n})`}));
  }
  const quad = $("#event-filters select[name=quad]");
  for (const q of meta.quad_classes) quad.append(el("option", {value: q.code, text: q.name}));
  const actors = await api("/v1/actors?limit=300");
  state.actors = actors.items;
  const list = $("#actor-codes");
  for (const a of actors.items) list.append(el("option", {value: a.code, label: `${a.name || a.code} (${a.n})`}));
}

document.addEventListener("DOMContentLoaded", async () => {
  setupEvents(); setupDyad(); setupNetwork(); setupCode();
  window.addEventListener("hashchange", route);
  try { await loadMeta(); } catch (e) { showError(e.message); }
  await route();
  document.body.dataset.ready = "true";
});
