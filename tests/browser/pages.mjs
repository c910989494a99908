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
//   - on a storefront page, the header's "Account" link to /account;
//   - no console error, uncaught exception or failed request (a missing
//     stylesheet or image is one) while doing all that;
// then opens the HTML part of the newest order confirmation the e2e suite
// sent (var/mail/, from the SMTP sink) as a mail reader would show it,
// validates the served HTML of every page with the Nu HTML Checker
// (vnu, one run over all files), and browses each shop by clicking links
// only (category menu, pager Next and Previous, a product card).
//
// Signed-in pages are reached by walking through the forms, on both
// servers; the pages on the way get the checks above (with the session's
// cookies), or, for a form's answer, axe-core, screenshots and layout:
//   - a customer of each shop: /account/login → "Create an account" →
//     /account (session cookie souk_customer: HttpOnly, SameSite=Lax, this
//     host only), an address added and listed, the other shop refusing this
//     session, sign out, sign in, the e-mail confirmed by the link mailed
//     (the "verified" badge), the name changed, the address deleted;
//   - a staff owner of the demo shop (./dev ctl staff create) in the
//     backoffice: /admin/login, the dashboard and its nav, /admin/staff (role
//     select, disable button, an invitation and its notice), /admin/account
//     (name, password), sign out; acme refusing this session;
//   - a Center owner (./dev ctl admin create): two-factor set up on the
//     first sign-in (/account/2fa: the secret shown, a TOTP code computed
//     here, ten recovery codes), the dashboard's nav, /admins (an invited
//     support admin joins by the setup link and signs in without
//     two-factor), /account (name, password: every session ends), the next
//     sign-in's /login/code (the used code refused, a recovery code taken),
//     sign out.
// Every run uses new e-mail addresses and fails one sign-in on purpose per
// server (a used two-factor code), inside the sign-in throttles; a form
// answered 429 (other suites signing in from this machine) is sent again
// in the next minute.
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
//   SOUK_BROWSER_ONLY  a regular expression: run only the tasks it matches
//                   (e.g. "center$", "customer"), for working on them;
//                   default: all
//
// Run from the repository root: node tests/browser/pages.mjs

import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
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
// The German demo shop (de-DE, EUR, Europe/Berlin): its own walk.
const GERMAN = { slug: 'laden', name: 'Berliner Laden' };
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
  { id: 'account-register', path: '/account/register', status: 200, kind: 'storefront' },
  { id: 'account-login', path: '/account/login', status: 200, kind: 'storefront' },
  { id: 'account-forgot', path: '/account/forgot', status: 200, kind: 'storefront' },
  { id: 'admin-login', path: '/admin/login', status: 200, kind: 'backoffice' },
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
// browser, so unpredictably: the favicon test covers it.  With
// anyDocumentStatus (the walks through forms, which check every status they
// expect, a 401 for a wrong code say), no document's status is a problem.
function watch(page, { url, status, anyDocumentStatus = false }) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location() || {};
    if (loc.url && isFavicon(loc.url)) return;
    if (loc.url === url && status >= 400 &&
        msg.text().includes(`the server responded with a status of ${status}`)) return;
    if (anyDocumentStatus && loc.url && loc.url === page.url() &&
        /the server responded with a status of \d+/.test(msg.text())) return;
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

// The text/SUBTYPE part of a MIME message sent by the worker (base64 parts).
function mailPart(raw, subtype) {
  const re = new RegExp(`Content-Type: text/${subtype}; charset=utf-8\\r?\\nContent-Transfer-Encoding: base64\\r?\\n\\r?\\n([A-Za-z0-9+/=\\r\\n]+)`);
  const m = re.exec(raw);
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8') : null;
}

const mailHtml = (raw) => mailPart(raw, 'html');

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

// ------------------------------------------------------- signed-in walks
//
// People sign up, sign in and use their pages through the forms, as they
// would: a customer of each shop (/account), a shop's staff owner
// (/admin/), a Center owner with two-factor sign-in.  The pages reached
// are checked like the others (checkPage, with the session's cookies when
// a GET shows them, else axe-core, screenshots and layout on the spot).
// Every walk uses new e-mail addresses, and fails no sign-in on purpose
// but once (a used two-factor code), well inside the throttles (10 failed
// sign-ins a minute per e-mail address, 30 per client, per realm).

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });
const RUN_ID = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const uniqueEmail = (what) => `browser-${what}-${RUN_ID}@example.com`;
// Long, random: no password list has it.
const newPassword = () => `souk browser ${randomBytes(12).toString('base64url')}`;

// soukctl against the dev stack (./dev ctl ARGS), the password on stdin.
function devCtl(args, input) {
  return new Promise((done) => {
    const child = execFile(join(TOP, 'dev'), ['ctl', ...args], { cwd: TOP, timeout: 60000 }, (error, stdout, stderr) => {
      done(error ? `./dev ctl ${args.slice(0, 2).join(' ')} failed: ${clip(String(stderr || errText(error)).trim(), 300)}` : null);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

// TOTP (RFC 6238: HMAC-SHA1, six digits, 30-second steps) of a base32 secret.
function base32Decode(text) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text.toLowerCase().replace(/[\s=]/g, '')) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`${JSON.stringify(text)} is not base32`);
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

function totp(secret, when = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(when / 1000 / 30)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// The newest mail to an address in the sink, waiting up to ms for it.
async function mailTo(address, ms) {
  const dir = resolve(TOP, stack.MAIL_DIR || join('var', 'mail'));
  const seen = new Set();
  const deadline = Date.now() + ms;
  for (;;) {
    let files = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.eml') && !seen.has(f)).sort().reverse();
    } catch (err) {
      throw new Error(`cannot read ${dir}: ${err.code}`);
    }
    for (const f of files) {
      seen.add(f);
      const raw = readFileSync(join(dir, f), 'utf8');
      if (new RegExp(`^To: <${address.replace(/[.+]/g, '\\$&')}>`, 'mi').test(raw)) return raw;
    }
    if (Date.now() > deadline) return null;
    await sleep(500);
  }
}

// Click a submit button and wait for the page it leads to (after redirects).
async function submit(page, button) {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  return response;
}

// Sign-in and sign-up forms count per client address, and the other suites
// on this machine share it: on a 429 wait for the next minute (the
// throttle's window) and send the form once more.
async function submitUnthrottled(page, fillAndSubmit, notes) {
  let response = await fillAndSubmit();
  if (response && response.status() === 429) {
    const wait = 61 - (Math.floor(Date.now() / 1000) % 60);
    notes.push(`(does not fail) ${page.url()} answered 429 (throttled by other sign-ins from this machine): tried again ${wait} s later`);
    await sleep(wait * 1000);
    response = await fillAndSubmit();
  }
  return response;
}

const pathOf = (page) => {
  const u = new URL(page.url());
  return `${u.pathname}${u.search}`;
};

function expectPath(page, want, what) {
  const got = pathOf(page);
  if (got !== want) throw new Error(`${what} led to ${got}, not to ${want}`);
}

function expectStatus(response, want, what) {
  const got = response ? response.status() : 'no response';
  if (got !== want) throw new Error(`${what} answered ${got}, not ${want}`);
}

async function expectText(locator, re, what) {
  const text = (await locator.innerText()).trim();
  if (!re.test(text)) throw new Error(`${what} reads ${JSON.stringify(clip(text, 300))}, not ${re}`);
  return text;
}

// A session cookie as it should be: HttpOnly, SameSite=Lax, for this host
// only (no Domain: the shops are all under one domain) and the given path.
async function sessionCookie(context, name, host, path) {
  const cookies = await context.cookies();
  const c = cookies.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} cookie (cookies: ${cookies.map((x) => x.name).join(', ') || 'none'})`);
  const bad = [];
  if (!c.httpOnly) bad.push('not HttpOnly');
  if (c.sameSite !== 'Lax') bad.push(`SameSite=${c.sameSite}`);
  if (c.domain !== host) bad.push(`its domain is ${c.domain}, not ${host} alone`);
  if (c.path !== path) bad.push(`its path is ${c.path}, not ${path}`);
  if (bad.length) throw new Error(`the ${name} cookie is ${bad.join(', ')}`);
  return c;
}

// A session cookie that must not open url (a signed-in page) any more, or
// not on that host (another shop's): url leads to its sign-in page.
async function sessionRefused(browser, cookie, url, loginPath) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const host = new URL(url).hostname;
    await context.addCookies([{ name: cookie.name, value: cookie.value, domain: host, path: cookie.path,
      httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT);
    await page.goto(url);
    const got = new URL(page.url()).pathname;
    if (got !== loginPath) throw new Error(`with that session cookie ${url} led to ${page.url()}, not to ${loginPath}`);
  } finally {
    await context.close();
  }
}

// The page as it is now (a form's answer, not to be fetched again): its
// served HTML for vnu, axe-core, screenshots and layout at both widths.
// exclude: what axe-core may skip, being checked on the same page already
// (the rows of a long table but the new one: axe-core takes seconds a row).
async function checkHere(page, { label, file, response, exclude = null }) {
  const results = [];
  if (response) {
    try {
      const path = join(HTML_DIR, `${file}.html`);
      writeFileSync(path, await response.body());
      htmlFiles.set(path, label);
    } catch (err) {
      results.push({ note: `${label}: the HTML was not saved: ${errText(err)}` });
    }
  }
  try {
    const axe = new AxeBuilder({ page }).withTags(AXE_TAGS);
    if (exclude) axe.exclude(exclude);
    const res = await withTimeout(axe.analyze(), 60000, 'axe-core');
    results.push({ pass: res.violations.length === 0, name: `${label}: axe-core finds no violations (${res.passes.length} rules passed)`,
      details: axeDiagnostics(res.violations) });
  } catch (err) {
    results.push({ pass: false, name: `${label}: axe-core finds no violations`, details: [`axe-core did not run: ${errText(err)}`] });
  }
  const layout = [];
  try {
    for (const vp of [DESKTOP, MOBILE]) {
      await page.setViewportSize(vp);
      layout.push(...(await layoutProblems(page, vp.width)));
      await page.screenshot({ path: join(SHOT_DIR, `${file}-${vp.width}.png`), fullPage: true });
    }
  } catch (err) {
    layout.push(`screenshots: ${errText(err)}`);
  }
  await page.setViewportSize(DESKTOP);
  results.push({ pass: layout.length === 0,
    name: `${label}: screenshots, no sideways scrolling, content clear of header and footer at ${DESKTOP.width} and ${MOBILE.width}px`,
    details: layout });
  return results;
}

// A selector of the rows of table.list but the one naming text (for
// checkHere's exclude).
async function otherRows(page, text) {
  const texts = await page.locator('table.list > tbody > tr').allInnerTexts();
  const n = texts.findIndex((t) => t.includes(text)) + 1;
  return n > 0 ? `table.list > tbody > tr:not(:nth-child(${n}))` : null;
}

// Runs a walk's steps in order.  A step that throws fails, and the steps
// after it are not tried, unless it is a check that leaves the walk where
// it was ({ soft: true }); a console error or failed request during a step
// fails it too.  A step may return the results of the checks of the pages
// it reached: they follow its own.
async function walk(label, page, problems, steps) {
  const results = [];
  let broken = null;
  for (const [name, run, { soft = false } = {}] of steps) {
    const full = `${label}: ${name}`;
    if (broken) {
      results.push({ pass: false, name: full, details: [`not tried: "${broken}" failed`] });
      continue;
    }
    const before = problems.length;
    const notes = [];
    try {
      const extra = (await run(notes)) || [];
      const seen = problems.slice(before);
      results.push({ pass: seen.length === 0, name: full, details: [...seen, ...notes] });
      results.push(...extra);
    } catch (err) {
      if (!soft) broken = name;
      results.push({ pass: false, name: full, details: [errText(err), `at ${page.url()}`, ...problems.slice(before), ...notes] });
    }
  }
  return results;
}

async function walkContext(browser) {
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT);
  const problems = watch(page, { url: null, status: 200, anyDocumentStatus: true });
  return { context, page, problems };
}

// A customer of one shop: sign up, an address, sign out and in again, the
// e-mail confirmation; the session is this shop's only.
async function customerWalk(browser, server, shop) {
  const label = `${server.name} ${shop.slug} customer`;
  const other = SHOPS.find((s) => s !== shop);
  const host = `${shop.slug}.${BASE_DOMAIN}`;
  const url = (path) => hostUrl(shop.slug, server.port, path);
  const email = uniqueEmail(`customer-${server.name}-${shop.slug}`);
  const password = newPassword();
  const name = 'Zoë O\'Browser';
  const address = { name: 'Zoë O\'Browser', line1: `${RUN_ID} Rue des Tests`, line2: 'Bâtiment B', postal_code: '75011',
    city: 'Paris', country: 'FR', phone: '+33 1 23 45 67 89' };
  const { context, page, problems } = await walkContext(browser);
  let cookie = null;
  const accountChecks = () => checkPage(browser, {
    label: `${server.name} ${shop.slug} account (/account, signed in)`,
    url: url('/account'), status: 200, expectName: shop.name, forbidNames: [other.name], kind: 'storefront',
    file: `${server.name}-${shop.slug}-account`, cookies: [cookie], expectPath: '/account',
  });
  const signIn = async (notes) => {
    await page.goto(url('/account/login'));
    const res = await submitUnthrottled(page, async () => {
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(password);
      return submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
    }, notes);
    expectStatus(res, 200, 'signing in');
    expectPath(page, '/account', 'signing in');
  };
  const steps = [
    ['signed out, /account leads to /account/login', async () => {
      await page.goto(url('/account'));
      expectPath(page, '/account/login', 'GET /account');
    }],
    ['"Create an account" → register through the form → /account, signed in', async (notes) => {
      await submit(page, page.getByRole('link', { name: 'Create an account' }));
      expectPath(page, '/account/register', 'the "Create an account" link');
      const res = await submitUnthrottled(page, async () => {
        await page.getByLabel('Your name').fill(name);
        await page.getByLabel('E-mail address').fill(email);
        await page.getByLabel('Password').fill(password);
        return submit(page, page.getByRole('button', { name: 'Create the account', exact: true }));
      }, notes);
      expectStatus(res, 200, 'the registration');
      expectPath(page, '/account', 'the registration');
      await expectText(page.locator('h1'), /^Your account$/, 'the h1');
      await expectText(page.locator('main'), new RegExp(`E-mail address: ${email.replace(/[.+]/g, '\\$&')}`), 'the profile');
      await expectText(page.locator('main .badge'), /^not verified$/, 'the e-mail badge of a new account');
      const shown = await page.getByLabel('Your name').inputValue();
      if (shown !== name) throw new Error(`the name form shows ${JSON.stringify(shown)}, not ${JSON.stringify(name)}`);
      await expectText(page.locator('#addr-h + p'), /^No address yet\.$/, 'the addresses of a new account');
      cookie = await sessionCookie(context, 'souk_customer', host, '/');
    }],
    ['add an address through the form → listed with its delete button', async () => {
      for (const [field, labelText] of [['name', 'Name'], ['line1', 'Address'], ['line2', 'Address, line 2 (optional)'],
        ['postal_code', 'Postal code'], ['city', 'City'], ['country', 'Country code (two letters, e.g. FR)'],
        ['phone', 'Phone (optional)']]) {
        await page.getByLabel(labelText, { exact: true }).fill(address[field]);
      }
      const res = await submit(page, page.getByRole('button', { name: 'Add the address', exact: true }));
      expectStatus(res, 200, 'adding the address');
      expectPath(page, '/account/addresses', 'adding the address');
      await expectText(page.getByRole('status'), /^The address is added\.$/, 'the notice');
      const items = page.locator('ul.addresses > li');
      if ((await items.count()) !== 1) throw new Error(`${await items.count()} addresses are listed, not 1`);
      const shown = (await items.locator('address').innerText()).split('\n').map((l) => l.trim());
      const want = [address.name, address.line1, address.line2, `${address.postal_code} ${address.city}`, address.country, address.phone];
      if (shown.join('|') !== want.join('|')) throw new Error(`the address reads ${JSON.stringify(shown)}, not ${JSON.stringify(want)}`);
      await items.getByRole('button', { name: `Delete the address ${address.line1}` }).waitFor();
      return accountChecks();
    }],
    [`the ${other.slug} shop does not take this session (its /account leads to its sign-in)`, async () => {
      await sessionRefused(browser, cookie, hostUrl(other.slug, server.port, '/account'), '/account/login');
    }],
    ['"Sign out" → /account/login, and /account is closed', async () => {
      const res = await submit(page, page.getByRole('button', { name: 'Sign out', exact: true }));
      expectStatus(res, 200, 'signing out');
      expectPath(page, '/account/login', 'signing out');
      if ((await context.cookies()).some((c) => c.name === 'souk_customer')) throw new Error('the souk_customer cookie is still there');
      await page.goto(url('/account'));
      expectPath(page, '/account/login', 'GET /account after signing out');
      // The old session, presented again, is over too.
      await sessionRefused(browser, cookie, url('/account'), '/account/login');
    }],
    ['sign in again through /account/login → the account with its address', async (notes) => {
      await signIn(notes);
      await expectText(page.locator('ul.addresses'), new RegExp(address.line1), 'the addresses');
    }],
    ['the link of the confirmation e-mail → "E-mail address confirmed"', async () => {
      const raw = await mailTo(email, 30000);
      if (!raw) throw new Error(`no mail to ${email} in the mail sink after 30 s`);
      const text = mailPart(raw, 'plain') || '';
      const link = (/https?:\/\/\S+\/account\/verify\?token=\S+/.exec(text) || [])[0];
      if (!link) throw new Error(`the mail has no /account/verify link: ${JSON.stringify(clip(text, 300))}`);
      if (new URL(link).host !== new URL(url('/')).host) throw new Error(`the link ${link} is not for ${new URL(url('/')).host}`);
      const res = await page.goto(link);
      expectStatus(res, 200, 'the link');
      const done = await submit(page, page.getByRole('button', { name: 'Confirm my e-mail address', exact: true }));
      expectStatus(done, 200, 'confirming');
      await expectText(page.getByRole('status'), /confirmed/, 'the notice');
    }],
    ['after the confirmation, /account shows the "verified" badge', async () => {
      await page.goto(url('/account'));
      await expectText(page.locator('main .badge'), /^verified$/, 'the e-mail badge');
    }, { soft: true }],
    ['change the name through the profile form → saved', async () => {
      await page.goto(url('/account'));
      await page.getByLabel('Your name').fill(`${name} Renamed`);
      const res = await submit(page, page.getByRole('button', { name: 'Save', exact: true }));
      expectStatus(res, 200, 'saving the name');
      expectPath(page, '/account/profile', 'saving the name');
      await expectText(page.getByRole('status'), /^Your name is saved\.$/, 'the notice');
    }],
    ['the next visit of /account shows the new name', async () => {
      await page.goto(url('/account'));
      const shown = await page.getByLabel('Your name').inputValue();
      if (shown !== `${name} Renamed`) throw new Error(`the name form shows ${JSON.stringify(shown)}, not ${JSON.stringify(`${name} Renamed`)}`);
    }, { soft: true }],
    ['delete the address with its button → "No address yet."', async () => {
      const res = await submit(page, page.getByRole('button', { name: `Delete the address ${address.line1}` }));
      expectStatus(res, 200, 'deleting the address');
      await expectText(page.getByRole('status'), /^The address is deleted\.$/, 'the notice');
      await expectText(page.locator('#addr-h + p'), /^No address yet\.$/, 'the addresses');
    }],
  ];
  try {
    return await walk(label, page, problems, steps);
  } finally {
    await context.close();
  }
}

// A shop's staff owner (made with soukctl) in the backoffice: sign in, the
// staff list, an invitation, my account (name, password), sign out.
async function staffWalk(browser, server, shop) {
  const label = `${server.name} ${shop.slug} backoffice`;
  const other = SHOPS.find((s) => s !== shop);
  const host = `${shop.slug}.${BASE_DOMAIN}`;
  const url = (path) => hostUrl(shop.slug, server.port, path);
  const email = uniqueEmail(`staff-${server.name}-${shop.slug}`);
  const invitee = uniqueEmail(`invitee-${server.name}-${shop.slug}`);
  let password = newPassword();
  const made = await devCtl(['staff', 'create', '--tenant', shop.slug, '--email', email, '--role', 'owner',
    '--name', 'Browser Owner'], `${password}\n`);
  if (made) return [{ pass: false, name: `${label}: soukctl staff create`, details: [made] }];
  const { context, page, problems } = await walkContext(browser);
  let cookie = null;
  const pageChecks = (id, path) => checkPage(browser, {
    label: `${server.name} ${shop.slug} ${id} (${path}, signed in)`,
    url: url(path), status: 200, expectName: shop.name, forbidNames: [other.name], kind: 'backoffice',
    file: `${server.name}-${shop.slug}-${id}`, cookies: [cookie], expectPath: path,
  });
  const steps = [
    ['signed out, /admin/ leads to /admin/login', async () => {
      await page.goto(url('/admin/'));
      expectPath(page, '/admin/login', 'GET /admin/');
    }],
    ['sign in through the form → the dashboard with its nav', async (notes) => {
      const res = await submitUnthrottled(page, async () => {
        await page.getByLabel('E-mail address').fill(email);
        await page.getByLabel('Password').fill(password);
        return submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
      }, notes);
      expectStatus(res, 200, 'signing in');
      expectPath(page, '/admin/', 'signing in');
      const nav = (await page.getByRole('navigation', { name: 'Backoffice' }).getByRole('link').allInnerTexts()).map((t) => t.trim());
      if (nav.join('|') !== 'Dashboard|Products|Promotions|Staff|Languages|My account') throw new Error(`the nav reads ${JSON.stringify(nav)}`);
      await page.locator('header').getByRole('button', { name: 'Sign out', exact: true }).waitFor();
      await expectText(page.locator('header'), /Browser Owner \(owner\)/, 'the header');
      await expectText(page.locator('main'), /Welcome, Browser Owner\. You are signed in as owner\./, 'the dashboard');
      cookie = await sessionCookie(context, 'souk_staff', host, '/admin');
      return pageChecks('admin-dashboard', '/admin/');
    }],
    [`the ${other.slug} shop does not take this session (its /admin/ leads to its sign-in)`, async () => {
      await sessionRefused(browser, cookie, hostUrl(other.slug, server.port, '/admin/'), '/admin/login');
    }],
    ['"Staff" → the members, each with a role select and a disable button', async () => {
      await submit(page, page.getByRole('navigation', { name: 'Backoffice' }).getByRole('link', { name: 'Staff' }));
      expectPath(page, '/admin/staff', 'the "Staff" link');
      const row = page.locator('table.list tbody tr').filter({ hasText: email });
      if ((await row.count()) !== 1) throw new Error(`${await row.count()} rows of the table name ${email}`);
      const role = await row.getByLabel(`Role of ${email}`).inputValue();
      if (role !== 'owner') throw new Error(`the role select of ${email} shows ${JSON.stringify(role)}`);
      await row.getByRole('button', { name: `Disable ${email}` }).waitFor();
      return pageChecks('admin-staff', '/admin/staff');
    }],
    ['invite a member through the form → a notice, and the member listed as invited', async () => {
      await page.locator('#i-email').fill(invitee);
      await page.getByLabel('Name (optional)').fill('Browser Invitee');
      await page.getByLabel('Role', { exact: true }).selectOption('staff');
      const res = await submit(page, page.getByRole('button', { name: 'Send the invitation', exact: true }));
      expectStatus(res, 200, 'the invitation');
      expectPath(page, '/admin/staff', 'the invitation');
      await expectText(page.getByRole('status'), new RegExp(`^An invitation is on its way to ${invitee.replace(/[.+]/g, '\\$&')}\\.$`), 'the notice');
      const row = page.locator('table.list tbody tr').filter({ hasText: invitee });
      await expectText(row, /Browser Invitee\s+\S+\s+staff\s+invited/, 'the invited member\'s row');
      await row.getByRole('button', { name: 'Send the invitation again', exact: true }).waitFor();
      return checkHere(page, { label: `${server.name} ${shop.slug} admin-staff-invited (the invitation's notice)`,
        file: `${server.name}-${shop.slug}-admin-staff-invited`, response: res, exclude: await otherRows(page, invitee) });
    }],
    ['"Promotions" → add a coupon through the form, then switch it off', async () => {
      await submit(page, page.getByRole('navigation', { name: 'Backoffice' }).getByRole('link', { name: 'Promotions' }));
      expectPath(page, '/admin/promotions', 'the "Promotions" link');
      const checks = await pageChecks('admin-promotions', '/admin/promotions');
      const code = `BR${Date.now().toString(36)}${server.name}`.toUpperCase().slice(0, 32);
      await page.getByLabel('Code shoppers type').fill(code.toLowerCase());
      await page.getByLabel('Name', { exact: true }).fill('Browser spring sale');
      await page.getByLabel('Kind').selectOption('percent');
      await page.getByLabel(/^Value \(a percentage, or an amount such as /).fill('15');
      await page.getByLabel('Limit of uses (0: none)').fill('100');
      await page.getByLabel(/^Last day \(optional/).fill('2030-03-31');
      let res = await submit(page, page.getByRole('button', { name: 'Add the coupon', exact: true }));
      expectStatus(res, 201, 'adding the coupon');
      await expectText(page.getByRole('status'), new RegExp(`^Coupon ${code} is ready\\.$`), 'the notice');
      const row = page.locator('table.list tbody tr').filter({ hasText: code });
      await expectText(row, /Browser spring sale\s+15%\s+none\s+0 of 100\s+Mar 31, 2030\s+on/, 'the coupon\'s row (the last day as the shop\'s locale writes it)');
      const added = await checkHere(page, { label: `${server.name} ${shop.slug} admin-promotions-added (the coupon's notice)`,
        file: `${server.name}-${shop.slug}-admin-promotions-added`, response: res, exclude: await otherRows(page, code) });
      res = await submit(page, row.getByRole('button', { name: `Switch ${code} off`, exact: true }));
      expectStatus(res, 200, 'switching the coupon off');
      await expectText(page.getByRole('status'), /^The promotion is off/, 'the notice');
      await expectText(page.locator('table.list tbody tr').filter({ hasText: code }), /\soff\s*Switch \S+ on/, 'the row');
      return [...checks, ...added];
    }],
    ['"My account" → the account; change the name', async () => {
      await submit(page, page.getByRole('navigation', { name: 'Backoffice' }).getByRole('link', { name: 'My account' }));
      expectPath(page, '/admin/account', 'the "My account" link');
      await expectText(page.locator('main'), new RegExp(`E-mail address: ${email.replace(/[.+]/g, '\\$&')} · Role: owner`), 'the account');
      const checks = await pageChecks('admin-account', '/admin/account');
      await page.getByLabel('Your name').fill('Browser Owner Renamed');
      const res = await submit(page, page.getByRole('button', { name: 'Save', exact: true }));
      expectStatus(res, 200, 'saving the name');
      expectPath(page, '/admin/account', 'saving the name');
      await expectText(page.getByRole('status'), /^Your name is saved\.$/, 'the notice');
      await expectText(page.locator('header'), /Browser Owner Renamed \(owner\)/, 'the header');
      return checks;
    }],
    ['the next page shows the new name (header, form)', async () => {
      await page.goto(url('/admin/account'));
      await expectText(page.locator('header'), /Browser Owner Renamed \(owner\)/, 'the header');
      const shown = await page.getByLabel('Your name').inputValue();
      if (shown !== 'Browser Owner Renamed') throw new Error(`the name form shows ${JSON.stringify(shown)}`);
    }, { soft: true }],
    ['change the password → a notice, still signed in, the old session over', async () => {
      const next = newPassword();
      await page.getByLabel('Current password').fill(password);
      await page.getByLabel('New password').fill(next);
      const res = await submit(page, page.getByRole('button', { name: 'Change the password', exact: true }));
      expectStatus(res, 200, 'changing the password');
      expectPath(page, '/admin/account?changed=1', 'changing the password');
      await expectText(page.getByRole('status'), /^Your password is changed/, 'the notice');
      password = next;
      // The session the checks above used has ended with the change.
      await sessionRefused(browser, cookie, url('/admin/'), '/admin/login');
    }],
    ['"Sign out" → /admin/login, and /admin/ is closed', async () => {
      const res = await submit(page, page.getByRole('button', { name: 'Sign out', exact: true }));
      expectStatus(res, 200, 'signing out');
      expectPath(page, '/admin/login', 'signing out');
      await page.goto(url('/admin/'));
      expectPath(page, '/admin/login', 'GET /admin/ after signing out');
    }],
  ];
  try {
    return await walk(label, page, problems, steps);
  } finally {
    await context.close();
  }
}

// The German shop as a shopper and its owner see it: <html lang="de">,
// German words, amounts as "42,99 €" and dates as "31.03.2030", axe-core
// clean; the owner types an amount the German way ("12,50").
const EURO = /^\d{1,3}(\.\d{3})*,\d{2}\u00a0€$/;

async function germanWalk(browser, server) {
  const shop = GERMAN;
  const label = `${server.name} ${shop.slug} (German)`;
  const url = (path) => hostUrl(shop.slug, server.port, path);
  const email = uniqueEmail(`staff-${server.name}-${shop.slug}`);
  const password = newPassword();
  const { context, page, problems } = await walkContext(browser);
  const here = (id, response, exclude = null) => checkHere(page, { label: `${label} ${id}`,
    file: `${server.name}-${shop.slug}-${id}`, response, exclude });
  const german = async (what) => {
    const lang = await page.locator('html').getAttribute('lang');
    if (lang !== 'de') throw new Error(`${what}: <html lang="${lang}">`);
  };
  const steps = [
    ['the home page speaks German, prices as 42,99 €', async () => {
      const res = await page.goto(url('/'));
      await german('the home page');
      await expectText(page.locator('h1'), /^Willkommen bei Berliner Laden$/, 'the heading');
      await expectText(page.locator('main'), /Empfohlene Produkte/, 'the featured list');
      const prices = (await page.locator('.price').allInnerTexts()).map((t) => t.trim());
      if (prices.length === 0 || !prices.every((p) => EURO.test(p))) throw new Error(`prices ${JSON.stringify(prices.slice(0, 4))}`);
      return here('home', res);
    }],
    ['a product page: the crumbs and the price in German', async () => {
      await submit(page, page.locator('main a[href^="/p/"]').first());
      await german('the product page');
      await expectText(page.getByRole('navigation', { name: 'Brotkrümelnavigation' }), /^Startseite/, 'the crumbs');
      const price = (await page.locator('main .price').first().innerText()).trim();
      if (!EURO.test(price)) throw new Error(`the price reads ${JSON.stringify(price)}`);
      return here('product', null);
    }],
    ['the owner signs in on the German form', async (notes) => {
      const made = await devCtl(['staff', 'create', '--tenant', shop.slug, '--email', email, '--role', 'owner',
        '--name', 'Browser Inhaberin'], `${password}\n`);
      if (made) throw new Error(`soukctl staff create: ${made}`);
      await page.goto(url('/admin/login'));
      await german('the sign-in page');
      const res = await submitUnthrottled(page, async () => {
        await page.getByLabel('E-Mail-Adresse').fill(email);
        await page.getByLabel('Passwort').fill(password);
        return submit(page, page.getByRole('button', { name: 'Anmelden', exact: true }));
      }, notes);
      expectStatus(res, 200, 'signing in');
      expectPath(page, '/admin/', 'signing in');
      const nav = (await page.getByRole('navigation', { name: 'Backoffice' }).getByRole('link').allInnerTexts()).map((t) => t.trim());
      if (!nav.includes('Übersicht') || !nav.includes('Rabatte') || !nav.includes('Mein Konto')) throw new Error(`the nav reads ${JSON.stringify(nav)}`);
      await expectText(page.locator('main'), /Willkommen, Browser Inhaberin\./, 'the dashboard');
      return here('admin-dashboard', res);
    }],
    ['a coupon of 12,50 € typed the German way, its last day as 31.03.2030', async () => {
      await submit(page, page.getByRole('navigation', { name: 'Backoffice' }).getByRole('link', { name: 'Rabatte' }));
      const code = `DE${Date.now().toString(36)}${server.name}`.toUpperCase().slice(0, 32);
      await page.getByLabel('Code, den Kunden eingeben').fill(code);
      await page.getByLabel('Name', { exact: true }).fill('Frühlingsrabatt');
      await page.getByLabel('Art').selectOption('amount');
      await page.getByLabel(/^Wert /).fill('12,50');
      await page.getByLabel(/^Letzter Tag/).fill('2030-03-31');
      const res = await submit(page, page.getByRole('button', { name: 'Gutscheincode anlegen', exact: true }));
      expectStatus(res, 201, 'adding the coupon');
      const row = page.locator('table.list tbody tr').filter({ hasText: code });
      await expectText(row, /Frühlingsrabatt\s+12,50\u00a0€[\s\S]*31\.03\.2030/, 'the coupon\'s row');
      return here('admin-promotions-added', res, await otherRows(page, code));
    }],
    ['"Mein Konto": she chooses English, and the backoffice follows', async () => {
      await submit(page, page.getByRole('navigation', { name: 'Backoffice' }).getByRole('link', { name: 'Mein Konto' }));
      await page.getByLabel('Sprache').selectOption('en');
      const res = await submit(page, page.getByRole('button', { name: 'Speichern', exact: true }));
      expectStatus(res, 200, 'saving the language');
      const lang = await page.locator('html').getAttribute('lang');
      if (lang !== 'en') throw new Error(`after choosing English: <html lang="${lang}">`);
      await expectText(page.getByRole('status'), /^Your settings are saved\.$/, 'the notice');
      const checks = await here('admin-account-english', res);
      await page.goto(url('/admin/promotions'));
      const price = await page.locator('table.list tbody tr').first().innerText();
      if (!/€12\.50/.test(price)) throw new Error(`an English reader's row reads ${JSON.stringify(price)}`);
      return checks;
    }],
  ];
  try {
    return await walk(label, page, problems, steps);
  } finally {
    await context.close();
  }
}

// A Center owner (made with soukctl): two-factor set-up on the first
// sign-in, the dashboard, Admins (an invitation: the invited support admin
// signs in without two-factor), My account; on the next sign-in the code
// page, where a used code is refused and a recovery code works.
async function centerWalk(browser, server) {
  const label = `${server.name} center`;
  const url = (path) => hostUrl('center', server.port, path);
  const host = `center.${BASE_DOMAIN}`;
  const email = uniqueEmail(`center-${server.name}`);
  let password = newPassword();
  const made = await devCtl(['admin', 'create', '--email', email, '--role', 'owner', '--name', 'Browser Owner'], `${password}\n`);
  if (made) return [{ pass: false, name: `${label}: soukctl admin create`, details: [made] }];
  const { context, page, problems } = await walkContext(browser);
  let cookie = null;
  let enrolCode = null;
  let recovery = [];
  let setupLink = null;
  const invitee = uniqueEmail(`center-support-${server.name}`);
  const newShop = { slug: `b${RUN_ID}${server.name.slice(0, 1)}`.toLowerCase(), name: `Browser Shop ${server.name}`,
    owner: uniqueEmail(`center-shop-owner-${server.name}`), path: null };
  // Center names shops where they are data: its tenant list and audit log.
  const pageChecks = async (id, path) => checkPage(browser, {
    label: `${server.name} center ${id} (${path}, signed in)`,
    url: url(path), status: 200, expectName: CENTER_NAME,
    forbidNames: ['tenants', 'audit'].includes(id) ? [] : SHOPS.map((s) => s.name), kind: 'center',
    file: `${server.name}-center-${id}`, cookies: [await sessionCookie(context, 'souk_center', host, '/')], expectPath: path,
  });
  const signIn = async (notes) => {
    const res = await submitUnthrottled(page, async () => {
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(password);
      return submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
    }, notes);
    expectStatus(res, 200, 'signing in');
  };
  const navOf = async (p) => (await p.getByRole('navigation', { name: 'Center' }).getByRole('link').allInnerTexts()).map((t) => t.trim());
  const steps = [
    ['signed out, / leads to /login', async () => {
      await page.goto(url('/'));
      expectPath(page, '/login', 'GET /');
    }],
    ['an owner signs in with the password → /account/2fa, which must be set up first', async (notes) => {
      await signIn(notes);
      expectPath(page, '/account/2fa', 'signing in');
      await expectText(page.locator('header'), /Browser Owner \(owner\)/, 'the header');
      if (await page.locator('header nav').count()) throw new Error('the header has a nav before two-factor is set up');
      await expectText(page.getByRole('status'), /Your role needs two-factor sign-in/, 'the notice');
      cookie = await sessionCookie(context, 'souk_center', host, '/');
      await page.goto(url('/'));
      expectPath(page, '/account/2fa', 'GET / before two-factor is set up');
      return pageChecks('2fa', '/account/2fa');
    }],
    ['the code of the key shown → two-factor on, ten recovery codes', async () => {
      await page.goto(url('/account/2fa'));
      const secret = (await page.locator('p.secret > code').innerText()).trim();
      if (!/^[a-z2-7]{16,}$/.test(secret)) throw new Error(`the secret ${JSON.stringify(secret)} is not lower-case base32`);
      const uri = await page.locator('a[href^="otpauth:"]').getAttribute('href');
      if (!uri || !uri.includes(`secret=${secret}&`)) throw new Error(`the otpauth link ${JSON.stringify(uri)} has not this secret`);
      enrolCode = totp(secret);
      await page.getByLabel('Code').fill(enrolCode);
      const res = await submit(page, page.getByRole('button', { name: 'Turn on two-factor sign-in', exact: true }));
      expectStatus(res, 200, 'turning two-factor on');
      expectPath(page, '/account/2fa', 'turning two-factor on');
      await expectText(page.getByRole('status'), /^Two-factor sign-in is on for your account\.$/, 'the notice');
      recovery = (await page.locator('ul.codes > li').allInnerTexts()).map((t) => t.trim());
      if (recovery.length !== 10 || !recovery.every((c) => /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/.test(c)) ||
          new Set(recovery).size !== 10) {
        throw new Error(`the recovery codes are ${JSON.stringify(recovery)}`);
      }
      return checkHere(page, { label: `${server.name} center 2fa-codes (the ten recovery codes)`,
        file: `${server.name}-center-2fa-codes`, response: res });
    }],
    ['"Go to the dashboard" → the dashboard with its nav', async () => {
      await submit(page, page.getByRole('link', { name: 'Go to the dashboard' }));
      expectPath(page, '/', 'the link');
      const nav = await navOf(page);
      const want = 'Dashboard|Tenants|Plans|Webhooks|Keys|Audit|Settings|Admins|My account';
      if (nav.join('|') !== want) throw new Error(`the nav reads ${JSON.stringify(nav)}`);
      await page.locator('header').getByRole('button', { name: 'Sign out', exact: true }).waitFor();
      return pageChecks('dashboard', '/');
    }],
    ['"Tenants" → "New tenant" → the form creates a tenant in provisioning', async () => {
      await submit(page, page.getByRole('navigation', { name: 'Center' }).getByRole('link', { name: 'Tenants' }));
      expectPath(page, '/tenants', 'the "Tenants" link');
      await submit(page, page.getByRole('link', { name: 'New tenant' }));
      expectPath(page, '/tenants/new', 'the "New tenant" link');
      const checks = await pageChecks('tenant-new', '/tenants/new');
      await page.getByLabel(/^Slug/).fill(newShop.slug);
      await page.getByLabel('Display name').fill(newShop.name);
      await page.getByLabel('Plan').selectOption('growth');
      await page.getByLabel('Currency').fill('EUR');
      await page.getByLabel('paypal').check();
      await page.getByLabel(/First owner/).fill(newShop.owner);
      const res = await submit(page, page.getByRole('button', { name: 'Create the tenant', exact: true }));
      expectStatus(res, 200, 'creating the tenant');
      if (!/^\/tenants\/\d+$/.test(new URL(page.url()).pathname)) throw new Error(`creating led to ${page.url()}`);
      newShop.path = new URL(page.url()).pathname;
      await expectText(page.getByRole('status'), /The tenant is recorded/, 'the notice');
      return checks;
    }],
    ['the tenant page shows it active once the tenant side confirms (the worker)', async () => {
      let state = '';
      let synced = false;
      for (let i = 0; i < 30 && !(state === 'active' && synced); i++) {
        await page.goto(url(newShop.path));
        state = (await page.locator('h1 .state').innerText()).trim();
        synced = /in step/.test(await page.locator('dl.facts').innerText());
        if (!(state === 'active' && synced)) await new Promise((r) => setTimeout(r, 500));
      }
      if (state !== 'active' || !synced) throw new Error(`the tenant is still ${state}${synced ? '' : ', not in step'}`);
      await expectText(page.locator('main'), /growth/, 'the plan');
      return pageChecks('tenant', newShop.path);
    }],
    ['the shop\'s link opens its new storefront', async () => {
      const res = await submit(page, page.locator('dl.facts dd a').first());
      expectStatus(res, 200, 'the shop');
      await expectText(page.locator('header'), new RegExp(newShop.name), 'the new shop\'s header');
      const back = await checkHere(page, { label: `${server.name} center new-shop (${newShop.slug}'s storefront)`,
        file: `${server.name}-center-new-shop`, response: res });
      await page.goto(url(newShop.path));
      return back;
    }],
    ['suspending it from its page closes the shop; resuming opens it', async () => {
      await page.getByLabel('Reason to Suspend').fill('browser test');
      let res = await submit(page, page.getByRole('button', { name: 'Suspend', exact: true }));
      expectStatus(res, 200, 'suspending');
      await expectText(page.locator('h1 .state'), /suspended/, 'the state');
      const shop = await browser.newContext();
      try {
        const p = await shop.newPage();
        const closed = await p.goto(hostUrl(newShop.slug, server.port, '/'));
        if (closed.status() !== 503) throw new Error(`the suspended shop answers ${closed.status()}`);
        await page.getByLabel('Reason to Resume').fill('browser test done');
        res = await submit(page, page.getByRole('button', { name: 'Resume', exact: true }));
        expectStatus(res, 200, 'resuming');
        const open = await p.goto(hostUrl(newShop.slug, server.port, '/'));
        if (open.status() !== 200) throw new Error(`the resumed shop answers ${open.status()}`);
      } finally {
        await shop.close();
      }
    }],
    ['the platform pages: tenants, plans, webhooks, keys, audit, settings', async () => {
      const all = [];
      for (const [id, path] of [['tenants', '/tenants'], ['plans', '/plans'], ['webhooks', '/webhooks'],
        ['keys', '/keys'], ['audit', '/audit'], ['settings', '/settings']]) {
        all.push(...(await pageChecks(id, path)));
      }
      return all;
    }],
    ['"Admins" → the table, two-factor on for this admin', async () => {
      await submit(page, page.getByRole('navigation', { name: 'Center' }).getByRole('link', { name: 'Admins' }));
      expectPath(page, '/admins', 'the "Admins" link');
      const row = page.locator('table.list tbody tr').filter({ hasText: email });
      await expectText(row, /Browser Owner\s+\S+\s+owner\s+active\s+on/, `the row of ${email}`);
      return pageChecks('admins', '/admins');
    }],
    ['invite a support admin through the form → a setup link', async () => {
      await page.locator('#i-email').fill(invitee);
      await page.getByLabel('Name (optional)').fill('Browser Support');
      await page.getByLabel('Role', { exact: true }).selectOption('support');
      const res = await submit(page, page.getByRole('button', { name: 'Make a setup link', exact: true }));
      expectStatus(res, 201, 'the invitation');
      expectPath(page, '/admins', 'the invitation');
      await expectText(page.getByRole('status'), new RegExp(`^Send this setup link to ${invitee.replace(/[.+]/g, '\\$&')}`), 'the notice');
      setupLink = (await page.locator('p.secret > code').innerText()).trim();
      if (!setupLink.startsWith(`${url('/invite')}?token=`)) throw new Error(`the setup link is ${JSON.stringify(setupLink)}`);
      await expectText(page.locator('table.list tbody tr').filter({ hasText: invitee }), /support\s+invited\s+off/, 'the invited admin\'s row');
      return checkHere(page, { label: `${server.name} center admins-invited (the setup link)`,
        file: `${server.name}-center-admins-invited`, response: res, exclude: await otherRows(page, invitee) });
    }],
    ['the invited support admin joins by the link and signs in without two-factor', async (notes) => {
      const other = await walkContext(browser);
      try {
        const p = other.page;
        await p.goto(setupLink);
        const pw = newPassword();
        await p.getByLabel('Your name').fill('Browser Support');
        await p.getByLabel('Password').fill(pw);
        const res = await submit(p, p.getByRole('button', { name: 'Join', exact: true }));
        expectStatus(res, 200, 'joining');
        await p.goto(url('/login'));
        const signed = await submitUnthrottled(p, async () => {
          await p.getByLabel('E-mail address').fill(invitee);
          await p.getByLabel('Password').fill(pw);
          return submit(p, p.getByRole('button', { name: 'Sign in', exact: true }));
        }, notes);
        expectStatus(signed, 200, 'signing in');
        expectPath(p, '/', 'the support admin\'s sign-in');
        await expectText(p.locator('header'), /Browser Support \(support\)/, 'the header');
        const nav = await navOf(p);
        if (!nav.includes('Dashboard') || !nav.includes('My account')) throw new Error(`the nav reads ${JSON.stringify(nav)}`);
        if (other.problems.length) throw new Error(other.problems.join('; '));
      } finally {
        await other.context.close();
      }
    }],
    ['"My account" → e-mail, role, two-factor on', async () => {
      await submit(page, page.getByRole('navigation', { name: 'Center' }).getByRole('link', { name: 'My account' }));
      expectPath(page, '/account', 'the "My account" link');
      await expectText(page.locator('main'), new RegExp(`E-mail address: ${email.replace(/[.+]/g, '\\$&')} · Role: owner`), 'the account');
      await expectText(page.locator('main'), /Two-factor sign-in: on/, 'the account');
      return pageChecks('account', '/account');
    }],
    ['change the name → saved', async () => {
      await page.getByLabel('Your name').fill('Browser Owner Renamed');
      const res = await submit(page, page.getByRole('button', { name: 'Save', exact: true }));
      expectStatus(res, 200, 'saving the name');
      expectPath(page, '/account', 'saving the name');
      await expectText(page.getByRole('status'), /^Your name is saved\.$/, 'the notice');
    }],
    ['the next page shows the new name (header, form)', async () => {
      await page.goto(url('/account'));
      await expectText(page.locator('header'), /Browser Owner Renamed \(owner\)/, 'the header');
      const shown = await page.getByLabel('Your name').inputValue();
      if (shown !== 'Browser Owner Renamed') throw new Error(`the name form shows ${JSON.stringify(shown)}`);
    }, { soft: true }],
    ['change the password → every session ends, /login', async () => {
      await page.goto(url('/account'));
      const old = await sessionCookie(context, 'souk_center', host, '/');
      const next = newPassword();
      await page.getByLabel('Current password').fill(password);
      await page.getByLabel('New password').fill(next);
      const res = await submit(page, page.getByRole('button', { name: 'Change the password', exact: true }));
      expectStatus(res, 200, 'changing the password');
      expectPath(page, '/login', 'changing the password');
      password = next;
      await sessionRefused(browser, old, url('/'), '/login');
    }],
    ['the next sign-in, with the new password → /login/code asks for a code', async (notes) => {
      await signIn(notes);
      expectPath(page, '/login/code', 'signing in');
      await page.goto(url('/'));
      expectPath(page, '/login/code', 'GET / before the code');
      return pageChecks('login-code', '/login/code');
    }],
    ['the code used to set up two-factor is refused (each code once)', async () => {
      await page.getByLabel('Code').fill(enrolCode);
      const res = await submit(page, page.getByRole('button', { name: 'Continue', exact: true }));
      expectStatus(res, 401, 'a used code');
      expectPath(page, '/login/code', 'a used code');
      await expectText(page.getByRole('alert'), /not right/, 'the error');
    }],
    ['a recovery code → the dashboard', async () => {
      await page.getByLabel('Code').fill(recovery[0]);
      const res = await submit(page, page.getByRole('button', { name: 'Continue', exact: true }));
      expectStatus(res, 200, 'a recovery code');
      expectPath(page, '/', 'a recovery code');
      const nav = await navOf(page);
      const want = 'Dashboard|Tenants|Plans|Webhooks|Keys|Audit|Settings|Admins|My account';
      if (nav.join('|') !== want) throw new Error(`the nav reads ${JSON.stringify(nav)}`);
    }],
    ['"Sign out" → /login, and / is closed', async () => {
      const res = await submit(page, page.getByRole('button', { name: 'Sign out', exact: true }));
      expectStatus(res, 200, 'signing out');
      expectPath(page, '/login', 'signing out');
      await page.goto(url('/'));
      expectPath(page, '/login', 'GET / after signing out');
    }],
  ];
  try {
    return await walk(label, page, problems, steps);
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------- tests

const htmlFiles = new Map(); // saved HTML file -> page label

// One page: returns [{ pass, name, details }].  A signed-in page comes with
// the session's cookies (spec.cookies) and the path it must stay on
// (spec.expectPath: else the session was not taken and the sign-in form
// would be what is checked).
async function checkPage(browser, spec) {
  const { label, url, status, expectName, forbidNames, kind, file, cookies, expectPath } = spec;
  const results = [];
  const report = (pass, name, details = []) => results.push({ pass, name: `${label}: ${name}`, details });
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP, deviceScaleFactor: 1 });
  try {
    if (cookies) await context.addCookies(cookies);
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
    const storefront = kind === 'storefront' || kind === 'product';
    if (storefront) names.account = 'the header has the "Account" link to /account';
    if (!response) {
      for (const name of Object.values(names)) report(false, name, [`the page did not load: ${loadError}`]);
      return results;
    }

    // HTTP status, and where the page ended (after redirects).
    {
      const bad = response.status() === status ? [] : [`got ${response.status()} for ${url}`];
      const path = new URL(page.url()).pathname;
      if (expectPath && path !== expectPath) bad.push(`${url} led to ${page.url()}, not to ${expectPath}`);
      report(bad.length === 0, names.status, bad);
    }

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

    // The storefront's header links to the customer's account.
    if (storefront) {
      const links = await page.locator('body > header a[href="/account"]').allInnerTexts();
      const ok = links.some((t) => t.trim() === 'Account');
      report(ok, names.account, ok ? [] : links.length ? [`the links to /account read ${JSON.stringify(links)}`] : ['no link to /account in the header']);
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
        if (cookies) await jsContext.addCookies(cookies);
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
  try {
    return await walk(label, page, problems, steps);
  } finally {
    await context.close();
  }
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
// The long ones (the walks: task.long, the longer the greater) start first,
// so that the short ones fill in.
async function runInOrder(tasks) {
  const outcomes = new Array(tasks.length);
  const waiting = tasks.map(() => {
    let resolveFn;
    const p = new Promise((r) => { resolveFn = r; });
    return { p, resolve: resolveFn };
  });
  const order = [...tasks.keys()].sort((a, b) => (tasks[b].long || 0) - (tasks[a].long || 0) || a - b);
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const i = order[next++];
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
    for (const shop of SHOPS) {
      tasks.push({ name: `${server.name} ${shop.slug} customer`, long: 1, run: () => customerWalk(browser, server, shop) });
    }
    tasks.push({ name: `${server.name} demo backoffice`, long: 1, run: () => staffWalk(browser, server, SHOPS[0]) });
    tasks.push({ name: `${server.name} laden German`, long: 1, run: () => germanWalk(browser, server) });
    tasks.push({ name: `${server.name} center`, long: 2, run: () => centerWalk(browser, server) });
  }
  const only = process.env.SOUK_BROWSER_ONLY ? new RegExp(process.env.SOUK_BROWSER_ONLY) : null;
  if (only) print([{ note: `only the tasks matching /${only.source}/ (SOUK_BROWSER_ONLY)` }]);
  try {
    await runInOrder(only ? tasks.filter((t) => only.test(t.name)) : tasks);
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
