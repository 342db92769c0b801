// sitrep serve: the web UI. Reads the JSON API of the same server (/api/, README "Web UI and
// API") and draws the report's views. Article and comment text is hostile: every piece of it
// reaches the page through textContent / createTextNode, never innerHTML; links are never built
// from document text. The map uses d3-geo and topojson-client with Natural Earth countries, all
// served by the binary (no network).
'use strict';
(function () {
  const EVENT_TYPES = ['protest', 'riot', 'armed_clash', 'attack', 'seizure', 'arrest',
    'security_operation', 'state_of_emergency', 'communications_shutdown',
    'request_for_assistance', 'deployment', 'withdrawal', 'government_change',
    'policy_announcement', 'price_change'];
  const PALETTE = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#42d4f4',
    '#f032e6', '#bfef45', '#fabed4', '#469990', '#dcbeff', '#9a6324', '#800000', '#aaffc3'];
  const COLOR = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, PALETTE[i % PALETTE.length]]));
  const SPAN_KINDS = ['zones', 'entities', 'places', 'times', 'events', 'claims', 'warnings', 'provenance'];
  const SVGNS = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);
  const state = { stories: [], story: null, world: null, doc: null, focus: null, shown: new Set(SPAN_KINDS) };

  // el('div', {class: 'x'}, 'text', child): attributes by setAttribute, strings as text nodes.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) throw new Error('no event handler attributes');
      e.setAttribute(k, String(v));
    }
    append(e, children);
    return e;
  }
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) e.setAttribute(k, String(v));
    }
    append(e, children);
    return e;
  }
  function append(parent, children) {
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function body(sectionId) { return clear($(sectionId).querySelector('.body')); }
  function range(v) { return !v ? '?' : (v.min === v.max ? String(v.min) : v.min + '–' + v.max); }
  function human(s) { return String(s || '').replace(/_/g, ' '); }

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v) qs.set(k, v);
    const url = '/api/' + path + (qs.toString() ? '?' + qs.toString() : '');
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const msg = data && data.error ? data.error.message : res.statusText;
      throw new Error(path.split('?')[0] + ': ' + res.status + ' ' + msg);
    }
    return data;
  }
  function showError(err) {
    const box = $('error');
    box.hidden = false;
    box.textContent = String(err && err.message ? err.message : err);
  }

  function snippet(sn, onOpen) {
    if (!sn) return el('span', { class: 'muted' }, '(snippet not kept)');
    const open = el('button', { class: 'link', type: 'button', title: 'open the document' },
      (sn.outlet || '(unknown outlet)') + (sn.published ? ' · ' + sn.published.slice(0, 10) : ''));
    open.addEventListener('click', () => openDocument(sn.doc, sn.start, sn.end));
    return el('div', { class: 'snip' }, open, ': …', sn.before, el('mark', {}, sn.match), sn.after, '…');
  }

  // --- filters ---------------------------------------------------------------------------------
  function filters() {
    return {
      story: $('f-story').value, from: $('f-from').value, to: $('f-to').value,
      type: $('f-type').value, place: $('f-place').value.trim(), outlet: $('f-outlet').value,
      lang: $('f-lang').value,
    };
  }
  function fillSelect(select, values, keep) {
    const current = keep ? select.value : '';
    while (select.options.length > 1) select.remove(1);
    for (const v of values) select.appendChild(el('option', { value: v.value ?? v }, v.label ?? v));
    if ([...select.options].some((o) => o.value === current)) select.value = current;
  }

  // --- views -------------------------------------------------------------------------------------
  function renderSummary(stories, detail) {
    const b = body('summary');
    if (!stories.length) {
      b.appendChild(el('p', { class: 'muted' }, 'No stories in the store yet. They appear when `sitrep ingest` finishes (or after `sitrep stories --rebuild`).'));
      return;
    }
    const t = el('table');
    const row = (k, ...v) => t.appendChild(el('tr', {}, el('th', {}, k), el('td', {}, ...v)));
    if (detail) {
      row('Story', detail.title);
      row('Span', (detail.first_day || '?') + ' .. ' + (detail.last_day || '?'));
      row('Documents', detail.documents + ' from ' + detail.outlets.length + ' outlets; ' + detail.events +
        ' events; ' + detail.facts + ' figures; languages: ' + detail.languages.join(', '));
      row('Places', detail.places.map((p) => p.name + ' (' + p.documents + ')').join(', ') || '-');
      row('Actors', detail.actors.map((p) => p.name + ' (' + p.documents + ')').join(', ') || '-');
      const recent = [];
      if (detail.recent && detail.recent.day) {
        recent.push(el('b', {}, detail.recent.day), ': ',
          detail.recent.events.map((e) => human(e.type) + (e.place_name ? ' at ' + e.place_name : '')).join('; '));
      }
      for (const f of (detail.recent ? detail.recent.figures : [])) {
        recent.push(el('br'), human(f.quantity) + ' (' + human(f.group) + '): ' + range(f.from) + ' (' + f.from.as_of +
          ') → ' + range(f.to) + ' (' + f.to.as_of + ')');
      }
      row('Most recently', ...(recent.length ? recent : ['-']));
    } else {
      for (const s of stories) {
        const pick = el('button', { class: 'link', type: 'button' }, s.title || s.id);
        pick.addEventListener('click', () => { $('f-story').value = s.id; refresh(); });
        row((s.first_day || '?') + ' .. ' + (s.last_day || '?'), pick,
          ' — ' + s.documents + ' documents, ' + s.events + ' events, ' + s.facts + ' figures; ' +
          s.places.map((p) => p.name).slice(0, 4).join(', '));
      }
    }
    b.appendChild(t);
  }

  function renderMap(events) {
    const box = clear($('map'));
    const legend = clear($('map-legend'));
    const pts = events.filter((e) => Number.isFinite(e.lat) && Number.isFinite(e.lon));
    if (!window.d3 || !d3.geoPath || !window.topojson || !state.world) {
      box.appendChild(el('p', { class: 'muted' }, 'The map libraries are not built into this binary.'));
      return;
    }
    const W = 960, H = 480;
    const land = topojson.feature(state.world, state.world.objects.countries);
    const projection = d3.geoNaturalEarth1();
    if (pts.length) {
      let [x0, x1, y0, y1] = [180, -180, 90, -90];
      for (const p of pts) { x0 = Math.min(x0, p.lon); x1 = Math.max(x1, p.lon); y0 = Math.min(y0, p.lat); y1 = Math.max(y1, p.lat); }
      const padX = Math.max(4, (x1 - x0) * 0.3), padY = Math.max(3, (y1 - y0) * 0.3);
      const bbox = { type: 'MultiPoint', coordinates: [[Math.max(-180, x0 - padX), Math.max(-85, y0 - padY)], [Math.min(180, x1 + padX), Math.min(85, y1 + padY)]] };
      projection.fitExtent([[10, 10], [W - 10, H - 10]], bbox);
    } else {
      projection.fitSize([W, H], land);
    }
    const path = d3.geoPath(projection);
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'map of events' });
    const clip = svg('clipPath', { id: 'map-clip' }, svg('rect', { x: 0, y: 0, width: W, height: H }));
    root.appendChild(svg('defs', {}, clip));
    const g = svg('g', { 'clip-path': 'url(#map-clip)' });
    for (const f of land.features) g.appendChild(svg('path', { class: 'land', d: path(f) || '' }));
    const sorted = pts.slice().sort((a, b) => b.reports - a.reports);  // big first, small on top
    const types = new Set();
    for (const e of sorted) {
      const xy = projection([e.lon, e.lat]);
      if (!xy) continue;
      types.add(e.type);
      const c = svg('circle', {
        class: 'pt', cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: (3 + 2.5 * Math.sqrt(e.reports)).toFixed(1),
        fill: COLOR[e.type] || '#888', 'data-event': e.id, 'data-type': e.type,
      }, svg('title', {}, human(e.type) + ' — ' + (e.place_name || '?') + ' — ' + (e.day || 'undated') + ' — ' + e.reports + ' reports'));
      c.addEventListener('click', () => openEvent(e));
      g.appendChild(c);
    }
    root.appendChild(g);
    box.appendChild(root);
    if (!pts.length) box.appendChild(el('p', { class: 'muted' }, 'No event of this selection has coordinates.'));
    for (const t of types) {
      const sw = el('span', { class: 'sw' });
      sw.style.background = COLOR[t] || '#888';
      legend.appendChild(el('span', {}, sw, human(t)));
    }
  }

  function openEvent(e) {
    const s = e.sources.find((x) => !x.relay) || e.sources[0];
    if (s) openDocument(s.doc, s.start, s.end);
  }

  function renderTimeline(data) {
    const b = body('timeline');
    b.appendChild(el('p', { class: 'muted' }, data.total + ' events' + (data.total > data.events.length ? ' (first ' + data.events.length + ' shown)' : '')));
    const byDay = new Map();
    for (const e of data.events) {
      const d = e.day || 'undated';
      if (!byDay.has(d)) byDay.set(d, []);
      byDay.get(d).push(e);
    }
    for (const [day, evs] of byDay) {
      const box = el('div', { class: 'day' }, el('h3', {}, day));
      for (const e of evs) {
        const btn = el('button', { class: 'ev', type: 'button', 'data-event': e.id, 'data-doc': e.sources[0] ? e.sources[0].doc : '' },
          el('span', { class: 'type' }, human(e.type)), ' ', e.place_name || '(no place)');
        btn.addEventListener('click', () => openEvent(e));
        const outlets = [...new Set(e.sources.map((s) => s.outlet || '?'))];
        box.appendChild(el('div', { class: 'ev-row' }, btn,
          el('span', { class: 'muted' }, ' — ' + e.reports + ' report' + (e.reports === 1 ? '' : 's') + ': ' + outlets.join(', ') +
            (e.actors.length ? '; actors: ' + e.actors.join(', ') : ''))));
      }
      b.appendChild(box);
    }
  }

  function chart(f) {
    const est = f.estimates;
    const root = svg('svg', { class: 'chart', viewBox: '0 0 160 40', role: 'img', 'aria-label': 'figures over time' });
    if (!est.length) return root;
    const top = Math.max(1, ...est.map((e) => e.max));
    const x = (i) => est.length === 1 ? 80 : 6 + (i * 148) / (est.length - 1);
    const y = (v) => 36 - (v / top) * 32;
    for (const [cls, key] of [['max', 'max'], ['min', 'min']]) {
      const pts = est.map((e, i) => x(i).toFixed(1) + ',' + y(e[key]).toFixed(1));
      if (est.length === 1) pts.push((x(0) + 1).toFixed(1) + ',' + y(est[0][key]).toFixed(1));
      root.appendChild(svg('polyline', { class: cls, points: pts.join(' ') }));
    }
    root.appendChild(svg('title', {}, est.map((e) => (e.as_of || 'undated') + ': ' + range(e)).join('; ')));
    return root;
  }

  function renderLedger(data) {
    const b = body('ledger');
    if (!data.facts.length) { b.appendChild(el('p', { class: 'muted' }, 'No figures.')); return; }
    const t = el('table', {}, el('tr', {}, el('th', {}, 'Figure'), el('th', {}, 'Status'), el('th', {}, 'Estimate'),
      el('th', {}, 'Over time'), el('th', {}, 'Reports (date order)')));
    for (const f of data.facts) {
      const reports = el('ul', { class: 'reports' });
      for (const r of f.reports) {
        const open = el('button', { class: 'link', type: 'button' }, (r.outlet || '?') + ' ' + (r.day || 'undated'));
        open.addEventListener('click', () => openDocument(r.doc, r.start, r.end));
        reports.appendChild(el('li', { class: r.counted ? '' : 'not-counted' }, open, ': ',
          r.value ? human(r.approx) + ' ' + range(r.value) : (r.artifact ? human(r.artifact) : 'no value'),
          r.label ? ' “' + r.label + '”' : '', r.counted ? '' : ' (not counted)',
          r.snippet ? el('div', { class: 'snip' }, '…', r.snippet.before.slice(-60), el('mark', {}, r.snippet.match), r.snippet.after.slice(0, 60), '…') : ''));
      }
      t.appendChild(el('tr', { id: 'fact-' + f.id },
        el('td', {}, human(f.quantity) + ' — ' + human(f.group) + (f.place_name ? ' — ' + f.place_name : '')),
        el('td', { class: 'status-' + f.status }, f.status),
        el('td', {}, f.estimate ? range(f.estimate) + ' (' + (f.estimate.as_of || 'undated') + ')' : '-'),
        el('td', {}, chart(f)), el('td', {}, reports)));
    }
    b.appendChild(t);
  }

  function renderSources(detail) {
    const b = body('sources');
    if (!detail) { b.appendChild(el('p', { class: 'muted' }, 'Pick a story to see its sources.')); return; }
    const t = el('table', {}, el('tr', {}, el('th', {}, 'Outlet'), el('th', {}, 'Languages'), el('th', {}, 'Documents'),
      el('th', {}, 'Relays'), el('th', {}, 'Words it uses for each group')));
    for (const o of detail.sources) {
      const words = el('div');
      for (const [group, ws] of Object.entries(o.labels)) words.appendChild(el('div', {}, el('b', {}, human(group)), ': ', ws.join(', ')));
      t.appendChild(el('tr', {}, el('td', {}, o.name), el('td', {}, o.languages.join(', ')), el('td', {}, String(o.documents)),
        el('td', {}, o.relays.join(', ') || '-'), el('td', {}, words)));
    }
    b.appendChild(t);
  }

  function renderWarnings(detail) {
    const b = body('warnings');
    if (!detail) { b.appendChild(el('p', { class: 'muted' }, 'Pick a story to see its warnings.')); return; }
    if (!detail.warning_list.length) { b.appendChild(el('p', { class: 'muted' }, 'None.')); return; }
    const ul = el('ul');
    for (const w of detail.warning_list.slice(0, 300)) ul.appendChild(el('li', {}, el('b', {}, w.code), ' ', w.message, snippet(w.snippet)));
    b.appendChild(ul);
  }

  // --- document viewer ----------------------------------------------------------------------------
  async function openDocument(id, start, end) {
    try {
      const doc = await api('documents/' + encodeURIComponent(id));
      state.doc = doc;
      state.focus = Number.isInteger(start) && Number.isInteger(end) ? { start, end } : null;
      renderDocument();
    } catch (err) { showError(err); }
  }

  function renderDocument() {
    const doc = state.doc;
    if (!doc) return;
    $('viewer').hidden = false;
    $('doc-title').textContent = doc.title || doc.id;
    $('doc-meta').textContent = [doc.outlet || doc.domain || '(unknown outlet)', doc.published || 'undated',
      doc.language, doc.format, doc.id].join(' · ');
    const legend = clear($('doc-legend'));
    for (const k of SPAN_KINDS) {
      const box = el('input', { type: 'checkbox', 'data-kind': k });
      box.checked = state.shown.has(k);
      box.addEventListener('change', () => { if (box.checked) state.shown.add(k); else state.shown.delete(k); renderDocument(); });
      legend.appendChild(el('label', {}, box, el('span', { class: 'sw k-' + k }), k + ' (' + doc.spans[k].length + ')'));
    }
    const out = clear($('doc-text'));
    // Offsets are UTF-8 bytes: cut the bytes at every span boundary, decode each piece.
    const bytes = new TextEncoder().encode(doc.text);
    const spans = [];
    for (const k of SPAN_KINDS) {
      if (!state.shown.has(k)) continue;
      for (const s of doc.spans[k]) {
        if (s.start >= s.end && k !== 'zones') continue;
        spans.push({ kind: k, start: s.start, end: s.end, s });
      }
    }
    if (state.focus) spans.push({ kind: 'focus', start: state.focus.start, end: state.focus.end });
    const cuts = new Set([0, bytes.length]);
    for (const s of spans) { cuts.add(Math.min(s.start, bytes.length)); cuts.add(Math.min(s.end, bytes.length)); }
    const points = [...cuts].sort((a, b) => a - b);
    const dec = new TextDecoder();
    let focusNode = null;
    for (let i = 0; i + 1 < points.length; ++i) {
      const a = points[i], b = points[i + 1];
      const text = dec.decode(bytes.subarray(a, b));
      const over = spans.filter((s) => s.start <= a && b <= s.end);
      if (!over.length) { out.appendChild(document.createTextNode(text)); continue; }
      const classes = new Set(), tips = [];
      for (const s of over) {
        if (s.kind === 'zones') classes.add('z-' + s.s.kind);
        else if (s.kind === 'focus') classes.add('focus');
        else {
          classes.add('k-' + s.kind);
          tips.push(s.kind + ': ' + describe(s.kind, s.s));
        }
      }
      const span = el('span', { class: [...classes].join(' '), title: tips.join('\n') || null }, text);
      if (classes.has('focus')) { span.setAttribute('data-focus', '1'); if (!focusNode) focusNode = span; }
      out.appendChild(span);
    }
    // Scroll the viewer only (scrollIntoView would scroll the page behind it too).
    const viewer = $('viewer');
    viewer.scrollTop = focusNode ? Math.max(0, focusNode.offsetTop - viewer.clientHeight / 2) : 0;
  }

  function describe(kind, s) {
    switch (kind) {
      case 'entities': return s.type + ' ' + s.name + ' (' + s.id + ')';
      case 'places': return s.name + (s.country ? ', ' + s.country : '') + (s.lat !== null ? ' [' + s.lat + ', ' + s.lon + ']' : '');
      case 'times': return s.value || 'unresolved';
      case 'events': return human(s.type) + (s.date ? ' ' + s.date : '');
      case 'claims': return human(s.quantity) + ' ' + human(s.group) + ' ' + (s.value ? range(s.value) : (s.artifact || '?'));
      case 'warnings': return s.code;
      case 'provenance': return human(s.relation) + ' ' + (s.outlet || '');
      default: return '';
    }
  }

  // --- search ------------------------------------------------------------------------------------
  async function search(ev) {
    ev.preventDefault();
    const b = body('search');
    const q = $('q').value.trim();
    if (!q) return;
    try {
      const data = await api('search', { q, limit: 50 });
      if (!data.hits.length) { b.appendChild(el('p', { class: 'muted' }, 'No match.')); return; }
      const ul = el('ul');
      for (const h of data.hits) {
        const open = el('button', { class: 'link', type: 'button' }, h.title || h.id);
        open.addEventListener('click', () => openDocument(h.id));
        ul.appendChild(el('li', {}, open, el('span', { class: 'muted' }, ' — ' + (h.outlet || '?') + ' (' + h.language + ')'),
          el('div', { class: 'snip' }, h.snippet)));
      }
      b.appendChild(ul);
    } catch (err) { b.appendChild(el('p', { class: 'error' }, String(err.message))); }
  }

  // --- loading -------------------------------------------------------------------------------------
  async function refresh(ev) {
    if (ev) ev.preventDefault();
    $('error').hidden = true;
    const f = filters();
    try {
      const detail = f.story ? await api('stories/' + encodeURIComponent(f.story)) : null;
      const stories = state.stories.filter((s) => !f.story || s.id === f.story);
      if (detail) {
        fillSelect($('f-outlet'), detail.outlets, true);
        fillSelect($('f-lang'), detail.languages, true);
      } else {
        fillSelect($('f-outlet'), [...new Set(state.stories.flatMap((s) => s.outlets))].sort(), true);
        fillSelect($('f-lang'), [...new Set(state.stories.flatMap((s) => s.languages))].sort(), true);
      }
      const g = filters();
      const [events, ledger] = await Promise.all([
        api('events', { story: g.story, from: g.from, to: g.to, type: g.type, place: g.place, outlet: g.outlet, lang: g.lang, limit: 1000 }),
        api('ledger', { story: g.story, limit: 1000 }),
      ]);
      renderSummary(stories, detail);
      renderMap(events.events);
      renderTimeline(events);
      renderLedger(ledger);
      renderSources(detail);
      renderWarnings(detail);
      document.body.setAttribute('data-ready', '1');
    } catch (err) { showError(err); }
  }

  async function start() {
    fillSelect($('f-type'), EVENT_TYPES.map((t) => ({ value: t, label: human(t) })), false);
    $('filters').addEventListener('submit', refresh);
    $('f-story').addEventListener('change', refresh);
    $('f-reset').addEventListener('click', () => { $('filters').reset(); refresh(); });
    $('search-form').addEventListener('submit', search);
    $('doc-close').addEventListener('click', () => { $('viewer').hidden = true; });
    try {
      const [status, stories] = await Promise.all([api('status'), api('stories')]);
      state.stories = stories.stories;
      $('status').textContent = status.documents + ' documents in ' + status.stories + ' stories · read ' + status.loaded_at;
      fillSelect($('f-story'), state.stories.map((s) => ({ value: s.id, label: (s.first_day || '?') + ' ' + (s.title || s.id).slice(0, 80) })), false);
      if (state.stories.length === 1) $('f-story').value = state.stories[0].id;
    } catch (err) { showError(err); }
    try {
      const res = await fetch('/vendor/countries-110m.json');
      if (res.ok) state.world = await res.json();
    } catch (err) { state.world = null; }
    await refresh();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
