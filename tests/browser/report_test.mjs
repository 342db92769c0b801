#!/usr/bin/env node
// Browser test of `sitrep report --html` (issue 6), driving Debian's chromium through npm
// playwright-core:
//  - the report of the bundled sample (examples/) loads with no console error, its map has the
//    base map (country outlines) and the event points with a legend;
//  - clicking a timeline event's source lands on its snippet (:target) with the span in <mark>,
//    and clicking a map point lands on its timeline entry;
//  - the report of the hostile fixtures (tests/fixtures/report/: <script>, onerror=, javascript:
//    links, </textarea> and formulas in title, body, comments and outlet) executes nothing: no
//    dialog, no global flag set, no request other than the file itself (every request is routed
//    and counted), and the hostile text is shown as text.
// A screenshot of the sample report goes to <build>/screenshots/report.png.
// Exits 77 (ctest SKIP_RETURN_CODE) with a message when /usr/bin/chromium is absent.
// Usage: node report_test.mjs SITREP_BINARY SOURCE_DIR BUILD_DIR
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const [sitrep, src, build] = process.argv.slice(2);
if (!sitrep || !src || !build) {
  console.error('usage: node report_test.mjs SITREP_BINARY SOURCE_DIR BUILD_DIR');
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.log(`SKIP: ${CHROMIUM} is absent (scripts/install-deps.sh installs Debian's chromium)`);
  process.exit(77);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`FAIL: cannot load playwright-core (run scripts/install-deps.sh): ${e.message}`);
  process.exit(1);
}

const failures = [];
function check(ok, what) {
  if (ok) console.log(`ok: ${what}`);
  else { console.log(`FAIL: ${what}`); failures.push(what); }
}

const work = mkdtempSync(join(tmpdir(), 'sitrep-browser-report-'));
function run(args) {
  try {
    execFileSync(sitrep, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // ingest exits 1 when some inputs were rejected; the report is still made.
    if (!(args[0] === 'ingest' && e.status === 1)) {
      throw new Error(`sitrep ${args.join(' ')} exited ${e.status}: ${e.stderr}`);
    }
  }
}
const sampleDb = join(work, 'sample.db'), hostileDb = join(work, 'hostile.db');
run(['ingest', '--db', sampleDb, ...['text', 'html', 'feeds', 'jsonl', 'telegram'].map((d) => join(src, 'examples', d))]);
run(['report', '--db', sampleDb, '--html', join(work, 'sample.html')]);
run(['ingest', '--db', hostileDb, join(src, 'tests/fixtures/report')]);
run(['report', '--db', hostileDb, '--html', join(work, 'hostile.html')]);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

// Opens `file` in a fresh context; every request but the file itself is counted and aborted.
async function open(file) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const seen = { errors: [], dialogs: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('dialog', (d) => { seen.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  context.on('request', (r) => { if (r.url().split('#')[0] !== url) seen.requests.push(r.url()); });
  await context.route('**/*', (route) => {
    if (route.request().url().split('#')[0] === url) return route.continue();
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, context, seen, url };
}

try {
  // --- the sample report ---------------------------------------------------------------------
  {
    const { page, context, seen } = await open(join(work, 'sample.html'));
    check(seen.errors.length === 0, `sample report: no console error (${seen.errors.join(' | ')})`);
    const land = await page.locator('svg.map g path').count();
    const points = await page.locator('svg.map circle.ev').count();
    const legend = await page.locator('ul.legend li').count();
    check(land > 0, `sample report: the map has a base map (${land} country outlines)`);
    check(points > 0, `sample report: the map has event points (${points})`);
    check(legend > 0, `sample report: the map has a legend of event types (${legend})`);
    // Points lie inside the map, over land (the sample's crisis is inland).
    const inside = await page.evaluate(() => {
      const svg = document.querySelector('svg.map');
      const w = +svg.getAttribute('width'), h = +svg.getAttribute('height');
      return [...svg.querySelectorAll('circle.ev')].every((c) => +c.getAttribute('cx') >= 0 &&
        +c.getAttribute('cx') <= w && +c.getAttribute('cy') >= 0 && +c.getAttribute('cy') <= h);
    });
    check(inside, 'sample report: every point is inside the map');
    const credit = await page.locator('text=Natural Earth').count();
    check(credit > 0, 'sample report: the base map credits Natural Earth');

    mkdirSync(join(build, 'screenshots'), { recursive: true });
    // The summary's last rows, the map and its legend in view.
    await page.evaluate(() => document.querySelector('svg.map').scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(build, 'screenshots', 'report.png') });
    console.log(`screenshot: ${join(build, 'screenshots', 'report.png')}`);

    // Clicking a timeline event's source lands on its snippet, span highlighted.
    const link = page.locator('li[id^="ev-"] a.src').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForFunction((h) => location.hash === h, href);
    const target = await page.evaluate(() => {
      const t = document.querySelector(':target');
      if (!t) return null;
      const r = t.getBoundingClientRect();
      const mark = t.querySelector('mark');
      return { id: t.id, cls: t.className, mark: mark ? mark.textContent : null,
               bg: mark ? getComputedStyle(mark).backgroundColor : null,
               visible: r.top < innerHeight && r.bottom > 0,
               border: getComputedStyle(t).borderLeftColor };
    });
    check(target && '#' + target.id === href && target.cls === 'snip',
          `timeline click lands on its snippet (${href} -> ${target && target.id})`);
    check(target && target.visible, 'the snippet is scrolled into view');
    check(target && target.mark && target.mark.trim().length > 0,
          `the snippet's span is highlighted in <mark> ("${target && target.mark}")`);
    check(target && target.border === 'rgb(238, 136, 0)', `the :target snippet is styled (${target && target.border})`);

    // Clicking a map point lands on its timeline entry.
    // (The last point of a map is drawn on top: nothing covers it.)
    const point = page.locator('svg.map').first().locator('a').last();
    const pointHref = await point.getAttribute('href');
    await point.locator('circle').click();
    await page.waitForFunction((h) => location.hash === h, pointHref);
    const entry = await page.evaluate(() => document.querySelector(':target')?.tagName);
    check(entry === 'LI', `map point click lands on its timeline entry (${pointHref})`);
    check(seen.requests.length === 0, `sample report: no request beyond the file (${seen.requests.join(' ')})`);
    await context.close();
  }

  // --- the hostile report ----------------------------------------------------------------------
  {
    const { page, context, seen } = await open(join(work, 'hostile.html'));
    // Give anything that might run a chance to: scroll everything, hover and click every link.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const links = await page.locator('a').count();
    for (let i = 0; i < Math.min(links, 40); ++i) {
      const a = page.locator('a').nth(i);
      await a.hover({ force: true, timeout: 2000 }).catch(() => {});
      await a.click({ force: true, timeout: 2000 }).catch(() => {});
    }
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      pwned: window.__pwned,
      text: document.body.innerText,
      bad: [...document.querySelectorAll('script, iframe, img, object, embed, form, textarea, input, base, link')].map((e) => e.tagName),
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}.${a.name}`)),
      hrefs: [...document.querySelectorAll('[href]')].map((e) => e.getAttribute('href')).filter((h) => !h.startsWith('#')),
    }));
    check(state.text.includes('<script>') && state.text.includes('onerror=') &&
          state.text.includes('javascript:') && state.text.includes('</textarea>'),
          'hostile report: the fixtures\' markup is shown as text');
    check(state.text.includes('I counted 30'), 'hostile report: the comment text is in the report');
    check(state.text.includes('=HYPERLINK('), 'hostile report: the outlet is in the report');
    check(state.pwned === undefined, `hostile report: no global flag set (window.__pwned = ${state.pwned})`);
    check(seen.dialogs.length === 0, `hostile report: no dialog (${seen.dialogs.join(' | ')})`);
    check(seen.requests.length === 0, `hostile report: no request beyond the file (${seen.requests.join(' ')})`);
    check(state.bad.length === 0, `hostile report: no active element (${state.bad.join(' ')})`);
    check(state.handlers.length === 0, `hostile report: no event handler attribute (${state.handlers.join(' ')})`);
    check(state.hrefs.length === 0, `hostile report: no link out of the file (${state.hrefs.join(' ')})`);
    check(seen.errors.length === 0, `hostile report: no console error (${seen.errors.join(' | ')})`);
    await context.close();
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('all checks passed');
