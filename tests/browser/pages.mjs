#!/usr/bin/env node
// Souk browser suite: the pages of both shops, their backoffice and Center,
// on both web servers (nginx and Apache), in headless Chromium with
// JavaScript turned off (our pages have none).  For each page it checks:
//   - the HTTP status;
//   - the shop's name is shown, and never the other shop's;
//   - every image loads (naturalWidth > 0), the product image in particular;
//   - the page's favicon loads (a <link rel=icon>, else /favicon.ico);
//   - axe-core: WCAG 2.0/2.1 A and AA and best practices, no violation
//     (this and the favicon in a second context with JavaScript on: axe
//     needs timers, and the page itself is the same);
//   - full-page screenshots at 1280 and 390 CSS pixels, nothing wider than
//     the phone's screen, the content clear of the header and the footer;
//   - keyboard: "Skip to content" is the first focusable element and leads
//     to <main>;
//   - no console error, uncaught exception or failed request (a missing
//     stylesheet or image is one) while doing all that;
// then opens the HTML part of the newest order confirmation the e2e suite
// sent (var/mail/, from the SMTP sink) as a mail reader would show it,
// validates the served HTML of every page with the Nu HTML Checker
// (vnu, one run over all files), and browses each shop by clicking links
// only (category menu, pager Next and Previous, a product card).
//
// Output: TAP on stdout; the exit status is 0 only if every test passed.
// Artifacts: var/artifacts/html/<server>-<shop>-<page>.html and
// var/artifacts/screenshots/<server>-<shop>-<page>-<width>.png.
//
// Environment:
//   SOUK_TEST_ENV   the stack's KEY=value file (default: var/dev.env of this
//                   checkout): NGINX_PORT, APACHE_PORT, BASE_DOMAIN
//   SOUK_CHROMIUM   the Chromium to drive (default: /usr/bin/chromium)
//   SOUK_ARTIFACTS  where to write HTML and screenshots (default: var/artifacts)
//   SOUK_JAVA       the Java runtime for vnu (default: java on PATH)
//   SOUK_BROWSER_JOBS  pages checked at once (default: 3)
//
// Run from the repository root: node tests/browser/pages.mjs

import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    return { env, error: `cannot read ${relative(TOP, file)}: ${err.code || err.message}` };
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
const BASE_DOMAIN = stack.BASE_DOMAIN || 'localhost';
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
const JOBS = Math.max(1, Number(process.env.SOUK_BROWSER_JOBS) || 3);
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 390, height: 844 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const NAV_TIMEOUT = 15000;
const MIN_GAP = 12; // px between the header or footer and the page's content

// The pages of one shop.  id names the files; kind selects extra checks.
const SHOP_PAGES = [
  { id: 'home', path: '/', status: 200, kind: 'storefront' },
  { id: 'category', path: '/c/gifts', status: 200, kind: 'storefront' },
  { id: 'category-p2', path: '/c/new-arrivals?page=2', status: 200, kind: 'storefront' },
  { id: 'product', path: '/p/classic-gift-card', status: 200, kind: 'product' },
  { id: 'not-found', path: '/p/no-such-product-souk-test', status: 404, kind: 'storefront' },
  { id: 'admin', path: '/admin/', status: 200, kind: 'backoffice' },
];

// ------------------------------------------------------------------ helpers

const errText = (err) => String((err && err.message) || err).split('\n')[0];
const clip = (s, n = 160) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function hostUrl(host, port, path) {
  return `http://${host}.${BASE_DOMAIN}:${port}${path}`;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const isFavicon = (url) => {
  try {
    return new URL(url).pathname === '/favicon.ico';
  } catch {
    return false;
  }
};

// Collects a page's console errors, uncaught exceptions, failed requests
// and error responses, other than the document's own (its status is a test
// of its own) and /favicon.ico, which Chromium asks for once per host and
// browser, so unpredictably: the favicon test covers it.
function watch(page, { url, status }) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location() || {};
    if (loc.url && isFavicon(loc.url)) return;
    if (loc.url === url && status >= 400 &&
        msg.text().includes(`the server responded with a status of ${status}`)) return;
    problems.push(`console error: ${clip(msg.text(), 300)}${loc.url ? ` (${loc.url})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${errText(err)}`));
  page.on('requestfailed', (req) => {
    if (isFavicon(req.url())) return;
    const why = req.failure() ? req.failure().errorText : 'failed';
    problems.push(`request failed: ${req.method()} ${req.url()} (${why})`);
  });
  page.on('response', (res) => {
    const req = res.request();
    if (isFavicon(res.url())) return;
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) return;
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${req.resourceType()} ${res.url()}`);
  });
  return problems;
}

// Playwright's own evaluation runs although the page's JavaScript is off.
async function imagesState(page) {
  return page.evaluate(() =>
    [...document.images].map((img) => ({
      src: img.getAttribute('src'),
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      inProductImage: !!img.closest('.product-image'),
    })),
  );
}

async function settleImages(page) {
  await page
    .waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: 5000 })
    .catch(() => {});
}

async function skipLinkProblems(page) {
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
      visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 &&
        r.right <= window.innerWidth && r.bottom <= window.innerHeight,
      html: el.outerHTML.slice(0, 200),
    };
  });
  if (!first) return ['Tab focused nothing'];
  if (first.tag !== 'a' || first.text !== 'Skip to content') return [`the first focusable element is ${first.html}`];
  if (!first.visible) problems.push('the focused skip link is not visible inside the viewport');
  const target = (first.href || '').startsWith('#') ? first.href.slice(1) : null;
  if (!target) return [...problems, `the skip link's href is ${JSON.stringify(first.href)}, not a #fragment`];
  const tag = await page.evaluate((id) => {
    const el = document.getElementById(id);
    return el ? el.tagName.toLowerCase() : null;
  }, target);
  if (!tag) problems.push(`the skip link's target #${target} does not exist`);
  else if (tag !== 'main') problems.push(`the skip link's target #${target} is a <${tag}>, not <main>`);
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

// Layout at the current viewport: what sticks out sideways, and whether the
// content of <main> keeps clear of the page's header and footer.
async function layoutProblems(page, width) {
  return page.evaluate(({ width, minGap }) => {
    const problems = [];
    const describe = (el) => `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>`;
    const vw = document.documentElement.clientWidth;
    const sw = document.documentElement.scrollWidth;
    if (sw > vw) {
      problems.push(`at ${width}px the document is ${sw}px wide: it scrolls sideways`);
      let n = 0;
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > vw + 0.5 && n++ < 5) problems.push(`  ${describe(el)} reaches ${Math.round(r.right)}px`);
      }
    }
    const main = document.querySelector('main');
    if (!main) return [...problems, 'no <main>'];
    const boxes = [...main.querySelectorAll('*')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ el, r }) => r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden');
    if (!boxes.length) return [...problems, '<main> shows nothing'];
    const top = boxes.reduce((a, b) => (b.r.top < a.r.top ? b : a));
    const bottom = boxes.reduce((a, b) => (b.r.bottom > a.r.bottom ? b : a));
    const header = document.querySelector('body > header');
    const footer = document.querySelector('body > footer');
    if (header) {
      const gap = Math.round(top.r.top - header.getBoundingClientRect().bottom);
      if (gap < minGap) problems.push(`at ${width}px ${describe(top.el)} starts ${gap}px below the header (want ≥ ${minGap}px)`);
    }
    if (footer) {
      const gap = Math.round(footer.getBoundingClientRect().top - bottom.r.bottom);
      if (gap < minGap) problems.push(`at ${width}px ${describe(bottom.el)} ends ${gap}px above the footer (want ≥ ${minGap}px)`);
    }
    return problems;
  }, { width, minGap: MIN_GAP });
}

// ------------------------------------------------------------------ e-mail

// The text/html part of a MIME message sent by the worker (base64 parts).
function mailHtml(raw) {
  const m = /Content-Type: text\/html; charset=utf-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8') : null;
}

// The newest order confirmation in the mail sink, rendered in the browser.
async function checkMail(browser) {
  const dir = resolve(TOP, stack.MAIL_DIR || join('var', 'mail'));
  const name = 'mail: the order confirmation e-mail';
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse();
  } catch (err) {
    return [{ pass: false, name, details: [`cannot read ${dir}: ${err.code}`] }];
  }
  const raw = files.map((f) => readFileSync(join(dir, f), 'utf8'))
    .find((t) => /^Subject: .*order E2E-/m.test(t));
  const html = raw && mailHtml(raw);
  if (!html) return [{ pass: false, name, details: ['no order confirmation in the mail sink (run tests/e2e/notify.sh first)'] }];
  const results = [];
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    for (const width of [700, 390]) {
      await page.setViewportSize({ width, height: 800 });
      await page.setContent(html);
      await page.screenshot({ path: join(SHOT_DIR, `mail-order-confirmation-${width}.png`), fullPage: true });
      const state = await page.evaluate(() => ({
        text: document.body.innerText,
        wide: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      }));
      const problems = [];
      if (state.wide) problems.push(`at ${width}px the mail scrolls sideways`);
      if (!/Hello Ann <Tester>,/.test(state.text)) problems.push('the customer name is not shown as written (escaping)');
      if (!/2 × Mug/.test(state.text) || !/Total: \$12\.00/.test(state.text)) problems.push('the items or the total are missing');
      if (!/(Demo Outfitters|Acme Hardware)/.test(state.text)) problems.push('no shop name');
      results.push({ pass: problems.length === 0, name: `${name} at ${width}px`, details: problems });
    }
  } finally {
    await context.close();
  }
  return results;
}

// ------------------------------------------------------------ center sign-in

// A platform admin for the browser, made with soukctl (./dev ctl).
function makeAdmin(email, password) {
  const r = spawnSync(join(TOP, 'dev'), ['ctl', 'admin', 'create', '--email', email, '--role', 'owner',
    '--name', 'Browser Owner'], { input: `${password}\n`, encoding: 'utf8' });
  return r.status === 0 ? null : `soukctl admin create: ${r.stderr || r.status}`;
}

// Sign in through the form as a person would, look at the dashboard
// (screenshot, axe-core), sign out again.
async function centerSignIn(browser, server) {
  const name = `${server.name} center: sign in, dashboard, sign out`;
  const email = `browser-${server.name}-${Date.now()}@example.com`;
  const password = 'a browser passphrase of some length';
  const made = makeAdmin(email, password);
  if (made) return [{ pass: false, name, details: [made] }];
  const results = [];
  const context = await browser.newContext();
  const problems = [];
  try {
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.goto(hostUrl('center', server.port, '/'));
    if (!page.url().endsWith('/login')) problems.push(`/ did not lead to /login but to ${page.url()}`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
    const header = await page.locator('header').innerText();
    if (!/Browser Owner \(owner\)/.test(header)) problems.push(`the header does not name the admin: ${header}`);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'souk_center');
    if (!session || !session.httpOnly || session.sameSite !== 'Lax') problems.push('no HttpOnly, SameSite=Lax session cookie');
    for (const vp of [DESKTOP, MOBILE]) {
      await page.setViewportSize(vp);
      problems.push(...(await layoutProblems(page, vp.width)));
      await page.screenshot({ path: join(SHOT_DIR, `${server.name}-center-dashboard-${vp.width}.png`), fullPage: true });
    }
    const axe = await withTimeout(new AxeBuilder({ page }).withTags(AXE_TAGS).analyze(), 60000, 'axe-core');
    results.push({ pass: axe.violations.length === 0, name: `${server.name} center dashboard: axe-core finds no violations`,
      details: axeDiagnostics(axe.violations) });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
    if (!page.url().endsWith('/login')) problems.push(`sign-out did not lead to /login but to ${page.url()}`);
    await page.goto(hostUrl('center', server.port, '/'));
    if (!page.url().endsWith('/login')) problems.push('after sign-out the dashboard is still open');
  } catch (err) {
    problems.push(errText(err));
  } finally {
    await context.close();
  }
  results.unshift({ pass: problems.length === 0, name, details: problems });
  return results;
}

// ------------------------------------------------------------------- tests

const htmlFiles = new Map(); // saved HTML file -> page label

// One page: returns [{ pass, name, details }].
async function checkPage(browser, spec) {
  const { label, url, status, expectName, forbidNames, kind, file } = spec;
  const results = [];
  const report = (pass, name, details = []) => results.push({ pass, name: `${label}: ${name}`, details });
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT);
    const problems = watch(page, { url, status });
    let response = null;
    let loadError = 'no response';
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
      await settleImages(page);
    } catch (err) {
      loadError = errText(err);
    }
    const names = {
      status: `HTTP status ${status}`,
      shop: `shows "${expectName}"${forbidNames.length ? ` and never ${forbidNames.map((n) => `"${n}"`).join(' or ')}` : ''}`,
      images: kind === 'product' ? 'the product image and every other image load' : 'every image loads',
      favicon: 'its favicon loads',
      axe: 'axe-core finds no violations',
      shots: `full-page screenshots at ${DESKTOP.width} and ${MOBILE.width}px`,
      layout: `no sideways scrolling; content clear of header and footer at ${DESKTOP.width} and ${MOBILE.width}px`,
      skip: '"Skip to content" is the first focusable element and leads to <main>',
      clean: 'no console errors, uncaught exceptions or failed requests',
    };
    if (!response) {
      for (const name of Object.values(names)) report(false, name, [`the page did not load: ${loadError}`]);
      return results;
    }

    // HTTP status.
    report(response.status() === status, names.status,
      response.status() === status ? [] : [`got ${response.status()} for ${url}`]);

    // The served HTML (the response body, not the DOM), for vnu.
    try {
      const path = join(HTML_DIR, `${file}.html`);
      writeFileSync(path, await response.body());
      htmlFiles.set(path, label);
    } catch (err) {
      results.push({ note: `${label}: the HTML was not saved: ${errText(err)}` });
    }

    // The right shop, never the other one.
    {
      const title = await page.title();
      const text = await page.locator('body').innerText();
      const html = await page.content();
      const bad = [];
      if (!title.includes(expectName)) bad.push(`the title ${JSON.stringify(title)} lacks "${expectName}"`);
      if (!text.includes(expectName)) bad.push(`the visible text lacks "${expectName}"`);
      for (const other of forbidNames) if (html.includes(other)) bad.push(`the page mentions "${other}"`);
      report(bad.length === 0, names.shop, bad);
    }

    // Images.
    {
      const imgs = await imagesState(page);
      const bad = imgs
        .filter((i) => !i.complete || i.naturalWidth === 0)
        .map((i) => `${i.src} did not load (complete=${i.complete}, naturalWidth=${i.naturalWidth})`);
      if (kind === 'product') {
        const main = imgs.filter((i) => i.inProductImage);
        if (main.length !== 1) bad.push(`expected one image in .product-image, found ${main.length}`);
        else if (!(main[0].naturalWidth > 0)) bad.push(`the product image's naturalWidth is ${main[0].naturalWidth}`);
      }
      report(bad.length === 0, `${names.images} (${imgs.length})`, bad);
    }

    // In a context with JavaScript on: the favicon, fetched by the page
    // itself, and axe-core, whose axe.run() waits on timers, which never
    // fire while the page's JavaScript is off (our pages have no script: it
    // is the same page).
    {
      const jsContext = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
      try {
        const jsPage = await jsContext.newPage();
        jsPage.setDefaultTimeout(NAV_TIMEOUT);
        const jsProblems = watch(jsPage, { url, status });
        let loaded = null;
        try {
          await jsPage.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
          loaded = true;
        } catch (err) {
          loaded = errText(err);
        }

        // Favicon: the declared icon, or /favicon.ico, which browsers then ask for.
        if (loaded !== true) {
          report(false, names.favicon, [`the page did not load with JavaScript on: ${loaded}`]);
        } else {
          const bad = [];
          try {
            const icon = await jsPage.evaluate(() => {
              const link = document.querySelector('link[rel~="icon" i]');
              return { declared: !!link, href: link ? link.href : new URL('/favicon.ico', location.href).href };
            });
            if (!icon.href.startsWith('data:')) {
              const res = await jsPage.evaluate(async (href) => {
                try {
                  const r = await fetch(href, { cache: 'no-store' });
                  return { status: r.status, type: r.headers.get('content-type') || '' };
                } catch (err) {
                  return { error: String(err) };
                }
              }, icon.href);
              const what = icon.declared ? `the <link rel="icon"> ${icon.href}` : `no <link rel="icon">, and ${icon.href}`;
              if (res.error) bad.push(`${what}: ${res.error}`);
              else if (res.status !== 200 || !res.type.startsWith('image/')) {
                bad.push(`${what} answers ${res.status} (${res.type || 'no Content-Type'})`);
              }
            }
          } catch (err) {
            bad.push(errText(err));
          }
          report(bad.length === 0, names.favicon, bad);
        }

        if (loaded !== true) {
          report(false, names.axe, [`the page did not load with JavaScript on: ${loaded}`]);
        } else {
          try {
            const res = await withTimeout(new AxeBuilder({ page: jsPage }).withTags(AXE_TAGS).analyze(), 60000, 'axe-core');
            report(res.violations.length === 0, `${names.axe} (${res.passes.length} rules passed)`, axeDiagnostics(res.violations));
          } catch (err) {
            report(false, names.axe, [`axe-core did not run: ${errText(err)}`]);
          }
        }
        // Our own fetch of the favicon is the favicon test's business.
        for (const p of jsProblems) problems.push(`with JavaScript on: ${p}`);
      } finally {
        await jsContext.close();
      }
    }

    // Screenshots at both widths, and the layout at each.
    {
      const layout = [];
      try {
        for (const vp of [DESKTOP, MOBILE]) {
          await page.setViewportSize(vp);
          await settleImages(page);
          layout.push(...(await layoutProblems(page, vp.width)));
          await page.screenshot({ path: join(SHOT_DIR, `${file}-${vp.width}.png`), fullPage: true });
        }
        report(true, names.shots);
      } catch (err) {
        report(false, names.shots, [errText(err)]);
      }
      report(layout.length === 0, names.layout, layout);
      await page.setViewportSize(DESKTOP);
    }

    // Keyboard (last: it moves focus and the URL).  Nothing above clicked
    // or focused anything, so Tab starts from the top of the document.
    {
      let bad;
      try {
        bad = await skipLinkProblems(page);
      } catch (err) {
        bad = [errText(err)];
      }
      report(bad.length === 0, names.skip, bad);
    }

    // Everything above, without a console error or a failed request.
    report(problems.length === 0, names.clean, problems);
    return results;
  } finally {
    await context.close();
  }
}

// Browse one shop by clicking links, with JavaScript off.
async function browseWithoutJs(browser, server, shop) {
  const label = `${server.name} ${shop.slug} without JavaScript`;
  const results = [];
  const base = hostUrl(shop.slug, server.port, '');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT);
  const problems = watch(page, { url: null, status: 200 });
  const steps = [
    ['home → "New Arrivals" by the category menu link', async () => {
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await Promise.all([
        page.waitForURL(`${base}/c/new-arrivals`),
        page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'New Arrivals' }).click(),
      ]);
      const h1 = (await page.locator('h1').innerText()).trim();
      if (h1 !== 'New Arrivals') throw new Error(`the h1 is ${JSON.stringify(h1)}`);
      const current = await page.locator('.cats a[aria-current="page"]').allInnerTexts();
      if (current.join('|') !== 'New Arrivals') throw new Error(`aria-current="page" is on ${JSON.stringify(current)}`);
    }],
    ['category pager: the "Next" link → page 2', async () => {
      const first = await page.locator('.card-name').allInnerTexts();
      await Promise.all([page.waitForURL(`${base}/c/new-arrivals?page=2`), page.locator('.pager a[rel="next"]').click()]);
      const pager = await page.locator('.pager').innerText();
      if (!/Page 2/.test(pager)) throw new Error(`the pager reads ${JSON.stringify(pager)}`);
      const second = await page.locator('.card-name').allInnerTexts();
      if (!second.length) throw new Error('page 2 lists no products');
      const again = second.filter((n) => first.includes(n));
      if (again.length) throw new Error(`page 2 repeats page 1's ${again.join(', ')}`);
    }],
    ['category pager: the "Previous" link → page 1', async () => {
      await Promise.all([page.waitForURL(/\/c\/new-arrivals\?page=1$/), page.locator('.pager a[rel="prev"]').click()]);
      const pager = await page.locator('.pager').innerText();
      if (!/Page 1/.test(pager)) throw new Error(`the pager reads ${JSON.stringify(pager)}`);
      if (await page.locator('.pager a[rel="prev"]').count()) throw new Error('page 1 offers a "Previous" link');
    }],
    ['a product card\'s link → its product page', async () => {
      const card = page.locator('.card a').first();
      const name = (await card.locator('.card-name').innerText()).trim();
      const href = await card.getAttribute('href');
      await Promise.all([page.waitForURL(`${base}${href}`), card.click()]);
      const h1 = (await page.locator('h1').innerText()).trim();
      if (h1 !== name) throw new Error(`the product page's h1 is ${JSON.stringify(h1)}, the card said ${JSON.stringify(name)}`);
      const title = await page.title();
      if (!title.includes(shop.name)) throw new Error(`the title ${JSON.stringify(title)} lacks "${shop.name}"`);
    }],
  ];
  let broken = null;
  try {
    for (const [name, run] of steps) {
      if (broken) {
        results.push({ pass: false, name: `${label}: ${name}`, details: [`not tried: "${broken}" failed`] });
        continue;
      }
      const before = problems.length;
      try {
        await run();
        const extra = problems.slice(before);
        results.push({ pass: extra.length === 0, name: `${label}: ${name}`, details: extra });
      } catch (err) {
        broken = name;
        results.push({ pass: false, name: `${label}: ${name}`, details: [errText(err), `at ${page.url()}`] });
      }
    }
  } finally {
    await context.close();
  }
  return results;
}

function runVnu(files) {
  const java = process.env.SOUK_JAVA || 'java';
  const args = ['-Xss4m', '-jar', String(require('vnu-jar')), '--format', 'json', ...files];
  return new Promise((done) => {
    execFile(java, args, { maxBuffer: 64 << 20, timeout: 120000 }, (error, stdout, stderr) => {
      // vnu exits 1 when it found errors; its JSON goes to stderr.
      const text = (stderr || stdout || '').trim();
      try {
        done({ messages: JSON.parse(text).messages || [] });
      } catch {
        done({ error: `${java} -jar vnu.jar failed: ${error ? errText(error) : ''} ${clip(text, 500)}` });
      }
    });
  });
}

async function validateHtml() {
  const results = [];
  const files = [...htmlFiles.keys()].sort();
  if (!files.length) return [{ pass: false, name: 'vnu: the served HTML is valid', details: ['no HTML was saved'] }];
  const name = (f) => `vnu: ${relative(TOP, f)} is valid HTML`;
  const { messages, error } = await runVnu(files);
  if (error) return files.map((f) => ({ pass: false, name: name(f), details: [error] }));
  const byFile = new Map(files.map((f) => [f, []]));
  const elsewhere = [];
  for (const m of messages) {
    let f = null;
    try {
      f = m.url ? fileURLToPath(m.url) : null;
    } catch {
      /* not a file: URL */
    }
    if (f && byFile.has(f)) byFile.get(f).push(m);
    else elsewhere.push(m);
  }
  const isError = (m) => m.type === 'error' || m.type === 'non-document-error';
  const fmt = (m) => `${m.type}${m.subType ? `/${m.subType}` : ''} at line ${m.lastLine ?? '?'}: ${m.message}` +
    `${m.extract ? ` — ${JSON.stringify(clip(m.extract.trim(), 120))}` : ''}`;
  for (const [f, msgs] of byFile) {
    const errors = msgs.filter(isError);
    results.push({
      pass: errors.length === 0,
      name: `${name(f)} (${htmlFiles.get(f)})`,
      details: [...errors.map(fmt), ...msgs.filter((m) => !isError(m)).map((m) => `(does not fail) ${fmt(m)}`)],
    });
  }
  if (elsewhere.some(isError)) {
    results.push({ pass: false, name: 'vnu: no error outside the checked files', details: elsewhere.map(fmt) });
  }
  return results;
}

// --------------------------------------------------------------------- main

let testNo = 0;
let failed = 0;

function print(results) {
  for (const r of results) {
    if (r.note) {
      process.stdout.write(`# ${r.note}\n`);
      continue;
    }
    testNo += 1;
    if (!r.pass) failed += 1;
    process.stdout.write(`${r.pass ? 'ok' : 'not ok'} ${testNo} - ${r.name}\n`);
    for (const d of r.details || []) {
      for (const line of String(d).split('\n')) process.stdout.write(`#   ${line}\n`);
    }
  }
}

// Runs tasks JOBS at a time and prints their results in the tasks' order.
async function runInOrder(tasks) {
  const outcomes = new Array(tasks.length);
  const waiting = tasks.map(() => {
    let resolveFn;
    const p = new Promise((r) => { resolveFn = r; });
    return { p, resolve: resolveFn };
  });
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      try {
        outcomes[i] = await tasks[i].run();
      } catch (err) {
        outcomes[i] = [{ pass: false, name: `${tasks[i].name}: ran to its end`, details: [String((err && err.stack) || err)] }];
      }
      waiting[i].resolve();
    }
  };
  const workers = Array.from({ length: Math.min(JOBS, tasks.length) }, worker);
  for (let i = 0; i < tasks.length; i++) {
    await waiting[i].p;
    print(outcomes[i]);
  }
  await Promise.all(workers);
}

async function main() {
  const started = Date.now();
  print([{ note: `Souk browser suite: ${envError ? `${envError}, so the default ports; ` : ''}` +
    `${SERVERS.map((s) => `${s.name} on port ${s.port}`).join(', ')}, shops under ${BASE_DOMAIN}` }]);
  rmSync(HTML_DIR, { recursive: true, force: true });
  rmSync(SHOT_DIR, { recursive: true, force: true });
  mkdirSync(HTML_DIR, { recursive: true });
  mkdirSync(SHOT_DIR, { recursive: true });

  // Playwright gives the browser a new, empty profile directory of its own.
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
      // Shops are <slug>.BASE_DOMAIN, all on this machine.
      `--host-resolver-rules=MAP ${BASE_DOMAIN} 127.0.0.1, MAP *.${BASE_DOMAIN} 127.0.0.1`,
    ],
  });

  const tasks = [];
  for (const server of SERVERS) {
    for (const shop of SHOPS) {
      const others = SHOPS.filter((s) => s !== shop).map((s) => s.name);
      for (const p of SHOP_PAGES) {
        const label = `${server.name} ${shop.slug} ${p.id} (${p.path})`;
        tasks.push({
          name: label,
          run: () => checkPage(browser, {
            label,
            url: hostUrl(shop.slug, server.port, p.path),
            status: p.status,
            expectName: shop.name,
            forbidNames: others,
            kind: p.kind,
            file: `${server.name}-${shop.slug}-${p.id}`,
          }),
        });
      }
    }
    const label = `${server.name} center sign-in (/login)`;
    tasks.push({
      name: label,
      run: () => checkPage(browser, {
        label,
        url: hostUrl('center', server.port, '/login'),
        status: 200,
        expectName: CENTER_NAME,
        forbidNames: SHOPS.map((s) => s.name),
        kind: 'center',
        file: `${server.name}-center-login`,
      }),
    });
    for (const shop of SHOPS) {
      tasks.push({ name: `${server.name} ${shop.slug} browsing`, run: () => browseWithoutJs(browser, server, shop) });
    }
  }

  tasks.push({ name: 'mail', run: () => checkMail(browser) });
  for (const server of SERVERS) {
    tasks.push({ name: `${server.name} center sign-in`, run: () => centerSignIn(browser, server) });
  }
  try {
    await runInOrder(tasks);
  } finally {
    await browser.close();
  }
  print(await validateHtml());

  print([
    { note: `artifacts: ${relative(TOP, HTML_DIR)}/ and ${relative(TOP, SHOT_DIR)}/` },
    { note: `${testNo - failed} of ${testNo} passed in ${((Date.now() - started) / 1000).toFixed(1)} s` },
  ]);
  process.stdout.write(`1..${testNo}\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    print([{ pass: false, name: 'the browser suite ran to its end', details: [String((err && err.stack) || err)] }]);
    process.stdout.write(`1..${testNo}\n`);
    process.exitCode = 1;
  },
);
