#!/usr/bin/env node
// Souk browser suite: every public page of both shops, the backoffice and
// Center, on both web servers (nginx and Apache), in headless Chromium with
// JavaScript turned off (our pages have none).  For each page it checks the
// HTTP status, console errors and failed requests, the shop's name (and never
// the other shop's), that every image loads, that "Skip to content" is the
// first focusable element, axe-core (WCAG 2.0/2.1 A and AA, best practices),
// that nothing overflows sideways on a phone, and takes full-page screenshots
// at 1280 and 390 CSS pixels.  The served HTML of every page is then checked
// once with the Nu HTML Checker (vnu).  A few link-click journeys check that
// the shops can be browsed without JavaScript.
//
// Output: TAP on stdout; exit status 0 only if every test passed.
//
// Environment:
//   SOUK_TEST_ENV   the stack's KEY=value file (default: var/dev.env of this
//                   checkout): NGINX_PORT, APACHE_PORT, BASE_DOMAIN
//   SOUK_CHROMIUM   the Chromium to drive (default: /usr/bin/chromium)
//   SOUK_ARTIFACTS  where to write HTML and screenshots (default: var/artifacts)
//   SOUK_JAVA       the Java runtime for vnu (default: java on PATH)
//
// Run from the repository root: node tests/browser/pages.mjs

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const TOP = resolve(HERE, '..', '..');

// ---------------------------------------------------------------- settings

function readEnvFile(file) {
  const env = {};
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { env, error: `cannot read ${file}: ${err.message}` };
  }
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2].trim();
    if (/^'.*'$/.test(v) || /^".*"$/.test(v)) v = v.slice(1, -1);
    env[m[1]] = v;
  }
  return { env };
}

const envFile = resolve(TOP, process.env.SOUK_TEST_ENV || join('var', 'dev.env'));
const { env: stack, error: envError } = readEnvFile(envFile);
const BASE_DOMAIN = stack.BASE_DOMAIN || process.env.BASE_DOMAIN || 'localhost';
const SERVERS = [
  { name: 'nginx', port: Number(stack.NGINX_PORT || 8080) },
  { name: 'apache', port: Number(stack.APACHE_PORT || 8081) },
];
const SHOPS = [
  { slug: 'demo', name: 'Demo Outfitters' },
  { slug: 'acme', name: 'Acme Hardware' },
];
const CENTER_NAME = 'Souk Center Control';
const CHROMIUM = process.env.SOUK_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = resolve(TOP, process.env.SOUK_ARTIFACTS || join('var', 'artifacts'));
const HTML_DIR = join(ARTIFACTS, 'html');
const SHOT_DIR = join(ARTIFACTS, 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const NAV_TIMEOUT = 15000;

// The pages of one shop: name (for files), path, expected status, kind.
const SHOP_PAGES = [
  { id: 'home', path: '/', status: 200, kind: 'storefront' },
  { id: 'category', path: '/c/gifts', status: 200, kind: 'storefront' },
  { id: 'category-p2', path: '/c/new-arrivals?page=2', status: 200, kind: 'storefront' },
  { id: 'product', path: '/p/classic-gift-card', status: 200, kind: 'product' },
  { id: 'not-found', path: '/p/no-such-product-souk-test', status: 404, kind: 'storefront' },
  { id: 'admin', path: '/admin/', status: 200, kind: 'backoffice' },
];

// ---------------------------------------------------------------------- TAP

let testNo = 0;
let failures = 0;

function diag(lines) {
  for (const l of lines) {
    for (const part of String(l).split('\n')) process.stdout.write(`#   ${part}\n`);
  }
}

function report(pass, name, details = []) {
  testNo += 1;
  if (!pass) failures += 1;
  process.stdout.write(`${pass ? 'ok' : 'not ok'} ${testNo} - ${name}\n`);
  if (details.length) diag(details);
}

function note(text) {
  process.stdout.write(`# ${text}\n`);
}

const errText = (err) => String((err && err.message) || err).split('\n')[0];
const clip = (s, n = 160) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// ------------------------------------------------------------------ helpers

function hostUrl(host, port, path) {
  return `http://${host}.${BASE_DOMAIN}:${port}${path}`;
}

// Watches a page for console errors, uncaught exceptions, requests that
// failed and responses with an error status (other than the document's own).
function watch(page) {
  const problems = [];
  let documentRequest = null;
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.push(`console error: ${clip(msg.text(), 300)}${loc && loc.url ? ` (${loc.url})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${errText(err)}`));
  page.on('requestfailed', (req) => {
    const why = req.failure() ? req.failure().errorText : 'failed';
    // A navigation we start ourselves interrupts nothing worth reporting.
    if (why === 'net::ERR_ABORTED' && req.isNavigationRequest()) return;
    problems.push(`request failed: ${req.method()} ${req.url()} (${why})`);
  });
  page.on('response', (res) => {
    const req = res.request();
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
      documentRequest = req;
      return;
    }
    if (res.status() >= 400) {
      problems.push(`HTTP ${res.status()} for ${req.resourceType()} ${res.url()}`);
    }
  });
  return { problems, document: () => documentRequest };
}

// In the page, with JavaScript disabled for the page's own scripts:
// Playwright's evaluation still runs (it goes through the DevTools protocol).
async function imagesState(page) {
  return page.evaluate(() =>
    [...document.images].map((img) => ({
      src: img.getAttribute('src'),
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      naturalHeight: img.naturalHeight,
      inProductImage: !!img.closest('.product-image'),
    })),
  );
}

// Waits until every <img> has finished, loaded or not.
async function settleImages(page) {
  await page
    .waitForFunction(() => [...document.images].every((img) => img.complete), null, {
      timeout: 5000,
      polling: 100,
    })
    .catch(() => {});
}

async function skipLinkCheck(page) {
  const problems = [];
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent || '').trim(),
      href: el.getAttribute('href'),
      cls: el.className,
      visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 &&
        r.right <= window.innerWidth && r.bottom <= window.innerHeight,
      html: el.outerHTML.slice(0, 200),
    };
  });
  if (!first) {
    problems.push('Tab focused nothing');
    return problems;
  }
  if (first.tag !== 'a' || first.text !== 'Skip to content') {
    problems.push(`first focusable element is ${first.html}`);
    return problems;
  }
  if (!first.visible) problems.push('the focused skip link is not visible inside the viewport');
  const target = (first.href || '').startsWith('#') ? first.href.slice(1) : null;
  if (!target) {
    problems.push(`skip link href is ${JSON.stringify(first.href)}, not a #fragment`);
    return problems;
  }
  const exists = await page.evaluate((id) => {
    const el = document.getElementById(id);
    return el ? el.tagName.toLowerCase() : null;
  }, target);
  if (!exists) problems.push(`skip link target #${target} does not exist`);
  else if (exists !== 'main') problems.push(`skip link target #${target} is a <${exists}>, not <main>`);
  // Following it must move to the target (a plain link: no script needed).
  await page.keyboard.press('Enter');
  const hash = await page.evaluate(() => location.hash);
  if (hash !== `#${target}`) problems.push(`Enter on the skip link left location.hash at ${JSON.stringify(hash)}`);
  return problems;
}

function axeDiagnostics(violations) {
  const out = [];
  for (const v of violations) {
    out.push(`${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 5)) {
      out.push(`  node ${n.target.join(' ')}: ${clip(n.html, 140)}`);
      const summary = (n.failureSummary || '').split('\n').map((s) => s.trim()).filter(Boolean);
      for (const s of summary.slice(0, 3)) out.push(`    ${clip(s, 200)}`);
    }
    if (v.nodes.length > 5) out.push(`  … and ${v.nodes.length - 5} more nodes`);
  }
  return out;
}

async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scroll = document.documentElement.scrollWidth;
    if (scroll <= width) return null;
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0) {
        wide.push(`<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> right edge at ${Math.round(r.right)}px`);
      }
      if (wide.length >= 5) break;
    }
    return { width, scroll, wide };
  });
}

// ------------------------------------------------------------- page checks

const htmlFiles = new Map(); // file path -> label

async function checkPage(browser, spec) {
  const { server, label, url, status, host, expectName, forbidNames, kind, file } = spec;
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: DESKTOP,
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT);
  const watcher = watch(page);
  let response = null;
  let loadError = null;
  try {
    response = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
    await settleImages(page);
  } catch (err) {
    loadError = errText(err);
  }
  const skipAll = (what) => report(false, `${label}: ${what}`, [`page did not load: ${loadError || 'no response'}`]);

  try {
    // 1. HTTP status
    if (!response) {
      skipAll(`HTTP status ${status}`);
    } else {
      report(response.status() === status, `${label}: HTTP status ${status}`,
        response.status() === status ? [] : [`got ${response.status()} for ${url}`]);
    }

    // Save the served HTML (the response body, not the DOM) for vnu.
    if (response) {
      try {
        const body = await response.body();
        writeFileSync(join(HTML_DIR, `${file}.html`), body);
        htmlFiles.set(join(HTML_DIR, `${file}.html`), label);
      } catch (err) {
        note(`${label}: could not save the HTML: ${errText(err)}`);
      }
    }

    // 2. The right shop, never the other one.
    if (!response) {
      skipAll(`shows "${expectName}" only`);
    } else {
      const title = await page.title();
      const text = await page.locator('body').innerText();
      const html = await page.content();
      const problems = [];
      if (!title.includes(expectName)) problems.push(`title ${JSON.stringify(title)} lacks "${expectName}"`);
      if (!text.includes(expectName)) problems.push(`visible text lacks "${expectName}"`);
      for (const other of forbidNames) {
        if (html.includes(other)) problems.push(`the page mentions "${other}"`);
      }
      report(problems.length === 0, `${label}: shows "${expectName}"${forbidNames.length ? ` and never ${forbidNames.map((n) => `"${n}"`).join(' or ')}` : ''}`, problems);
    }

    // 3. Images: every <img> has loaded; on a product page its image.
    if (!response) {
      skipAll('every image loads');
    } else {
      const imgs = await imagesState(page);
      const problems = imgs
        .filter((i) => !i.complete || i.naturalWidth === 0)
        .map((i) => `image ${i.src} did not load (complete=${i.complete}, naturalWidth=${i.naturalWidth})`);
      let name = `every image loads (${imgs.length})`;
      if (kind === 'product') {
        name = `product image and every image load (${imgs.length})`;
        const main = imgs.filter((i) => i.inProductImage);
        if (main.length !== 1) problems.push(`expected one product image in .product-image, found ${main.length}`);
        else if (!(main[0].naturalWidth > 0)) problems.push(`product image naturalWidth is ${main[0].naturalWidth}`);
      }
      report(problems.length === 0, `${label}: ${name}`, problems);
    }

    // 4. axe-core.
    if (!response) {
      skipAll('axe-core finds no violations');
    } else {
      try {
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        report(results.violations.length === 0,
          `${label}: axe-core finds no violations (${results.passes.length} rules passed)`,
          axeDiagnostics(results.violations));
      } catch (err) {
        report(false, `${label}: axe-core finds no violations`, [`axe-core did not run: ${errText(err)}`]);
      }
    }

    // 5. Screenshots, and nothing wider than a phone's screen.
    if (!response) {
      skipAll(`full-page screenshots at ${DESKTOP.width} and ${MOBILE.width}px`);
      skipAll(`no horizontal overflow at ${MOBILE.width}px`);
    } else {
      const shots = [];
      try {
        await page.setViewportSize(DESKTOP);
        await page.screenshot({ path: join(SHOT_DIR, `${file}-${DESKTOP.width}.png`), fullPage: true });
        shots.push(`${file}-${DESKTOP.width}.png`);
        await page.setViewportSize(MOBILE);
        await settleImages(page);
        await page.screenshot({ path: join(SHOT_DIR, `${file}-${MOBILE.width}.png`), fullPage: true });
        shots.push(`${file}-${MOBILE.width}.png`);
        report(true, `${label}: full-page screenshots at ${DESKTOP.width} and ${MOBILE.width}px`);
      } catch (err) {
        report(false, `${label}: full-page screenshots at ${DESKTOP.width} and ${MOBILE.width}px`, [errText(err)]);
      }
      const over = await horizontalOverflow(page).catch((err) => ({ error: errText(err) }));
      if (over && over.error) report(false, `${label}: no horizontal overflow at ${MOBILE.width}px`, [over.error]);
      else report(!over, `${label}: no horizontal overflow at ${MOBILE.width}px`, over
        ? [`document is ${over.scroll}px wide in a ${over.width}px viewport`, ...over.wide]
        : []);
      await page.setViewportSize(DESKTOP);
    }

    // 6. Keyboard: "Skip to content" first.  Last, since it moves focus.
    if (!response) {
      skipAll('"Skip to content" is the first focusable element');
    } else {
      // A fresh load: the screenshots above must not have moved focus.
      let problems;
      try {
        await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
        problems = await skipLinkCheck(page);
      } catch (err) {
        problems = [errText(err)];
      }
      report(problems.length === 0, `${label}: "Skip to content" is the first focusable element and leads to <main>`, problems);
    }

    // 7. Console errors, page errors, failed requests: over everything above.
    const problems = [...watcher.problems];
    if (loadError) problems.unshift(`navigation failed: ${loadError}`);
    report(problems.length === 0, `${label}: no console errors, page errors or failed requests`, problems);
  } finally {
    await context.close();
  }
}

// Browse a shop by clicking links only, with JavaScript off.
async function browseWithoutJs(browser, server, shop) {
  const label = `${server.name} ${shop.slug}`;
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT);
  const watcher = watch(page);
  const base = hostUrl(shop.slug, server.port, '');
  const steps = [
    {
      name: 'home → "New Arrivals" via the category menu link',
      run: async () => {
        await page.goto(`${base}/`, { waitUntil: 'load' });
        await Promise.all([
          page.waitForURL(`${base}/c/new-arrivals`),
          page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'New Arrivals' }).click(),
        ]);
        const h1 = (await page.locator('h1').innerText()).trim();
        if (h1 !== 'New Arrivals') throw new Error(`h1 is ${JSON.stringify(h1)}`);
        const current = await page.locator('.cats a[aria-current="page"]').allInnerTexts();
        if (current.join() !== 'New Arrivals') throw new Error(`aria-current="page" on ${JSON.stringify(current)}`);
      },
    },
    {
      name: 'category pager: "Next" link → page 2',
      run: async () => {
        const first = await page.locator('.card-name').allInnerTexts();
        await Promise.all([
          page.waitForURL(`${base}/c/new-arrivals?page=2`),
          page.locator('.pager a[rel="next"]').click(),
        ]);
        const pager = await page.locator('.pager').innerText();
        if (!/Page 2/.test(pager)) throw new Error(`pager reads ${JSON.stringify(pager)}`);
        const second = await page.locator('.card-name').allInnerTexts();
        if (second.length === 0) throw new Error('page 2 lists no products');
        const both = second.filter((n) => first.includes(n));
        if (both.length) throw new Error(`page 2 repeats page 1's ${both.join(', ')}`);
      },
    },
    {
      name: 'category pager: "Previous" link → page 1',
      run: async () => {
        await Promise.all([
          page.waitForURL(/\/c\/new-arrivals\?page=1$/),
          page.locator('.pager a[rel="prev"]').click(),
        ]);
        const pager = await page.locator('.pager').innerText();
        if (!/Page 1/.test(pager)) throw new Error(`pager reads ${JSON.stringify(pager)}`);
        if (await page.locator('.pager a[rel="prev"]').count()) throw new Error('page 1 offers a "Previous" link');
      },
    },
    {
      name: 'product card link → its product page',
      run: async () => {
        const card = page.locator('.card a').first();
        const name = (await card.locator('.card-name').innerText()).trim();
        const href = await card.getAttribute('href');
        await Promise.all([page.waitForURL(`${base}${href}`), card.click()]);
        const h1 = (await page.locator('h1').innerText()).trim();
        if (h1 !== name) throw new Error(`product page h1 is ${JSON.stringify(h1)}, the card said ${JSON.stringify(name)}`);
        const title = await page.title();
        if (!title.includes(shop.name)) throw new Error(`title ${JSON.stringify(title)} lacks "${shop.name}"`);
      },
    },
  ];
  let broken = null;
  try {
    for (const step of steps) {
      if (broken) {
        report(false, `${label} without JavaScript: ${step.name}`, [`not tried: an earlier step failed (${broken})`]);
        continue;
      }
      const before = watcher.problems.length;
      try {
        await step.run();
        const extra = watcher.problems.slice(before);
        report(extra.length === 0, `${label} without JavaScript: ${step.name}`, extra);
      } catch (err) {
        broken = step.name;
        report(false, `${label} without JavaScript: ${step.name}`, [errText(err), `at ${page.url()}`]);
      }
    }
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------- vnu

function runVnu(files) {
  const jar = require('vnu-jar');
  const java = process.env.SOUK_JAVA || 'java';
  const args = ['-Xss4m', '-jar', String(jar), '--format', 'json', ...files];
  return new Promise((resolvePromise) => {
    execFile(java, args, { maxBuffer: 64 << 20, timeout: 120000 }, (error, stdout, stderr) => {
      // vnu exits 1 when it found errors; its JSON goes to stderr.
      let parsed = null;
      const text = (stderr || stdout || '').trim();
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: vnu itself failed */
      }
      if (!parsed) {
        resolvePromise({ error: `${java} -jar vnu.jar failed: ${errText(error) || ''} ${clip(text, 500)}` });
      } else {
        resolvePromise({ messages: parsed.messages || [] });
      }
    });
  });
}

async function validateHtml() {
  const files = [...htmlFiles.keys()];
  if (files.length === 0) {
    report(false, 'vnu: HTML validation', ['no HTML was saved']);
    return;
  }
  const { messages, error } = await runVnu(files);
  if (error) {
    for (const f of files) report(false, `vnu: ${relative(TOP, f)} is valid HTML`, [error]);
    return;
  }
  const byFile = new Map(files.map((f) => [f, []]));
  const unplaced = [];
  for (const m of messages) {
    let f = null;
    try {
      f = m.url ? fileURLToPath(m.url) : null;
    } catch {
      f = null;
    }
    if (f && byFile.has(f)) byFile.get(f).push(m);
    else unplaced.push(m);
  }
  for (const [f, msgs] of byFile) {
    const errors = msgs.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    const warnings = msgs.filter((m) => !(m.type === 'error' || m.type === 'non-document-error'));
    const fmt = (m) => `${m.type}${m.subType ? `/${m.subType}` : ''} line ${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` — ${JSON.stringify(clip(m.extract.trim(), 100))}` : ''}`;
    report(errors.length === 0, `vnu: ${htmlFiles.get(f)} (${relative(TOP, f)}) is valid HTML`,
      [...errors.map(fmt), ...warnings.map((m) => `(not failing) ${fmt(m)}`)]);
  }
  if (unplaced.length) {
    report(false, 'vnu: no messages outside the checked files', unplaced.map((m) => `${m.type}: ${m.message} (${m.url || 'no url'})`));
  }
}

// --------------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  note(`Souk browser suite: ${envError ? `(${envError}; using defaults) ` : ''}base domain ${BASE_DOMAIN}, ` +
    SERVERS.map((s) => `${s.name} on port ${s.port}`).join(', '));
  rmSync(HTML_DIR, { recursive: true, force: true });
  rmSync(SHOT_DIR, { recursive: true, force: true });
  mkdirSync(HTML_DIR, { recursive: true });
  mkdirSync(SHOT_DIR, { recursive: true });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Shops are <slug>.BASE_DOMAIN: send them all to this machine.
      `--host-resolver-rules=MAP ${BASE_DOMAIN} 127.0.0.1, MAP *.${BASE_DOMAIN} 127.0.0.1`,
    ],
  });

  try {
    for (const server of SERVERS) {
      for (const shop of SHOPS) {
        const others = SHOPS.filter((s) => s !== shop).map((s) => s.name);
        for (const p of SHOP_PAGES) {
          await checkPage(browser, {
            server,
            label: `${server.name} ${shop.slug} ${p.id} (${p.path})`,
            url: hostUrl(shop.slug, server.port, p.path),
            status: p.status,
            expectName: shop.name,
            forbidNames: others,
            kind: p.kind,
            file: `${server.name}-${shop.slug}-${p.id}`,
          });
        }
      }
      await checkPage(browser, {
        server,
        label: `${server.name} center home (/)`,
        url: hostUrl('center', server.port, '/'),
        status: 200,
        expectName: CENTER_NAME,
        forbidNames: SHOPS.map((s) => s.name),
        kind: 'center',
        file: `${server.name}-center-home`,
      });
      for (const shop of SHOPS) await browseWithoutJs(browser, server, shop);
    }
  } finally {
    await browser.close();
  }

  await validateHtml();

  note(`artifacts: ${relative(TOP, HTML_DIR)}/ and ${relative(TOP, SHOT_DIR)}/`);
  note(`${testNo - failures} passed, ${failures} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(`1..${testNo}\n`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    report(false, 'the suite ran to its end', [String((err && err.stack) || err)]);
    process.stdout.write(`1..${testNo}\n`);
    process.exitCode = 1;
  },
);
