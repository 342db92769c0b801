// Browser test of the web UI of `sitrep serve` (issue 6): Debian's chromium driven by npm
// playwright-core. On the bundled sample plus our invented XSS article
// (tests/fixtures/serve/): the UI loads with no console error, the map shows points, clicking a
// timeline event opens its document with the event's span highlighted, and the XSS article,
// opened in the viewer and shown in every view, executes nothing (no dialog, no global flag, no
// element made from its text). Saves <build>/screenshots/ui.png (and ui-xss.png).
// Skips (exit 77) when /usr/bin/chromium is absent.
// Usage: node ui_test.mjs SITREP_BINARY SOURCE_DIR BUILD_DIR
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [sitrep, src, build] = process.argv.slice(2);
const CHROMIUM = '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.log(`SKIP: ${CHROMIUM} is absent (install Debian's chromium: scripts/install-deps.sh)`);
  process.exit(77);
}
const { chromium } = await import('playwright-core');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sitrep-ui-'));
let server = null;
let browser = null;
function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(1));

function fail(msg) {
  console.error('FAIL: ' + msg);
  process.exit(1);
}

const db = path.join(work, 'ui.db');
const ing = spawnSync(sitrep, ['ingest', '--db', db, path.join(src, 'examples'), path.join(src, 'tests/fixtures/serve')], { encoding: 'utf8' });
if (ing.status > 1) fail('ingest exited ' + ing.status + ': ' + ing.stderr);

// Start the server on a free port; it prints the address on stderr.
server = spawn(sitrep, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise((resolve, reject) => {
  let err = '';
  const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 30000);
  server.stderr.on('data', (d) => {
    err += d;
    const m = err.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on('exit', (code) => reject(new Error('server exited ' + code + ': ' + err)));
}).catch((e) => fail(e.message));

const problems = [];
const dialogs = [];
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push('off-server request: ' + r.url()); });

  const resp = await page.goto(base + '/', { waitUntil: 'load' });
  const csp = resp.headers()['content-security-policy'] || '';
  if (!csp.includes("script-src 'self'") || csp.includes('unsafe-inline')) fail('weak or missing CSP: ' + csp);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });

  // Pick the largest story (the sample's), so every view is full.
  const stories = await (await fetch(base + '/api/stories')).json();
  const big = stories.stories.reduce((a, b) => (b.documents > a.documents ? b : a));
  await page.selectOption('#f-story', big.id);
  await page.waitForFunction((id) => document.querySelector('#summary td') &&
    document.querySelector('#f-story').value === id && document.querySelectorAll('#timeline button.ev').length > 0, big.id);
  await page.waitForTimeout(300);

  const points = await page.locator('#map circle.pt').count();
  if (points < 1) fail('the map shows no points');
  const land = await page.locator('#map path.land').count();
  if (land < 50) fail('the base map has ' + land + ' countries');
  for (const id of ['summary', 'timeline', 'ledger', 'sources', 'warnings']) {
    const text = await page.locator('#' + id + ' .body').innerText();
    if (text.trim().length < 5) fail('view ' + id + ' is empty');
  }
  if (await page.locator('#ledger svg.chart').count() < 1) fail('no ledger chart');

  // Click the first timeline event: its document opens with the span highlighted.
  const first = page.locator('#timeline button.ev').first();
  const eventId = await first.getAttribute('data-event');
  const events = await (await fetch(base + '/api/events?story=' + big.id + '&limit=1000')).json();
  const ev = events.events.find((e) => e.id === eventId);
  if (!ev) fail('event ' + eventId + ' not in the API');
  const srcRef = ev.sources.find((s) => !s.relay) || ev.sources[0];
  const doc = await (await fetch(base + '/api/documents/' + srcRef.doc)).json();
  const expected = Buffer.from(doc.text, 'utf8').subarray(srcRef.start, srcRef.end).toString('utf8');
  await first.click();
  await page.waitForSelector('#viewer:not([hidden]) #doc-text [data-focus]', { timeout: 10000 });
  const focused = await page.$$eval('#doc-text [data-focus]', (els) => els.map((e) => e.textContent).join(''));
  if (focused !== expected) fail(`highlighted ${JSON.stringify(focused)}, expected ${JSON.stringify(expected)}`);
  const kinds = await page.$$eval('#doc-text span[class]', (els) => [...new Set(els.flatMap((e) => [...e.classList]))]);
  for (const k of ['k-events', 'k-entities', 'focus']) if (!kinds.includes(k)) fail('no ' + k + ' highlight in the viewer: ' + kinds);
  fs.mkdirSync(path.join(build, 'screenshots'), { recursive: true });
  await page.screenshot({ path: path.join(build, 'screenshots', 'ui.png'), fullPage: false });

  // The XSS article: find it by search, open it, and show its story in every view.
  await page.fill('#q', 'fuel tax parliament');
  await page.click('#search-form button');
  const hit = page.locator('#search .body button.link').first();
  await hit.waitFor({ timeout: 10000 });
  await hit.click();
  await page.waitForFunction(() => document.querySelector('#doc-text').textContent.includes('window.__xss=1'));
  const xssDoc = (await (await fetch(base + '/api/search?q=' + encodeURIComponent('fuel tax parliament'))).json()).hits[0].id;
  const xssStory = (await Promise.all(stories.stories.map(async (s) => {
    const d = await (await fetch(base + '/api/stories/' + s.id)).json();
    return d.document_list.some((x) => x.id === xssDoc) ? s.id : null;
  }))).find((x) => x);
  if (xssStory) {
    await page.selectOption('#f-story', xssStory);
    await page.waitForTimeout(1000);
  }
  await page.waitForTimeout(500);
  const state = await page.evaluate(() => ({
    flag: typeof window.__xss,
    viewerText: document.querySelector('#doc-text').textContent,
    injected: document.querySelectorAll('main script, aside script, main img, aside img, main iframe, aside iframe, #doc-text svg, #doc-text b, #doc-text a, #timeline a, #ledger a, #warnings a, #doc-title *').length,
    scripts: [...document.scripts].map((s) => s.src),
  }));
  if (state.flag !== 'undefined') fail('window.__xss was set: a payload ran');
  if (dialogs.length) fail('dialogs opened: ' + dialogs.join(', '));
  if (!state.viewerText.includes('<script>window.__xss=1;alert(1)</script>')) fail('the XSS text is not shown as text');
  if (state.injected) fail(state.injected + ' elements made from document text');
  if (state.scripts.some((s) => !s.startsWith(base + '/'))) fail('unexpected script: ' + state.scripts);
  await page.screenshot({ path: path.join(build, 'screenshots', 'ui-xss.png'), fullPage: false });

  // Filters: an event type the sample has narrows the timeline; a bad date range shows an error.
  await page.selectOption('#f-story', big.id);
  await page.waitForTimeout(500);
  const before = await page.locator('#timeline button.ev').count();
  await page.selectOption('#f-type', 'arrest');
  await page.click('#filters button[type=submit]');
  await page.waitForTimeout(800);
  const after = await page.locator('#timeline button.ev').count();
  const types = await page.$$eval('#timeline .type', (els) => [...new Set(els.map((e) => e.textContent))]);
  if (!(after > 0 && after < before) || types.join() !== 'arrest') fail(`type filter: ${before} -> ${after} (${types})`);

  if (problems.length) fail(problems.join('\n'));
  console.log(`ui_test: ok (${points} map points, ${before} events, span "${expected.slice(0, 40)}" highlighted, XSS inert)`);
} catch (e) {
  fail(e.stack || String(e));
} finally {
  if (browser) await browser.close();
}
process.exit(0);
