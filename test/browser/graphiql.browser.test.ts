/**
 * GraphiQL renders and runs a query in headless Chromium with the network cut:
 * every request that is not to the loopback server is aborted, so the page
 * can only work with the assets the server inlines.
 *
 * Run: node --import tsx --test test/browser/graphiql.browser.test.ts
 * Needs Debian's chromium (`apt-get install -y chromium`) or CHROMIUM_PATH.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { RecordingGraphClient } from '../helpers/RecordingGraphClient';
import { testApi } from '../helpers/apiHarness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

let server: Server;
let browser: Browser;
let origin: string;

before(async () => {
  assert.ok(CHROMIUM, 'chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
  const graph = new RecordingGraphClient({ 'version/read-graph-version': () => [{ graphVersion: 3 }] });
  server = createServer(testApi(graph));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('GraphiQL renders offline and runs a query', async () => {
  const page = await browser.newPage();
  const blocked: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1';
    if (local) return route.continue();
    blocked.push(url.href);
    return route.abort('internetdisconnected');
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(`${origin}/graphql`, { waitUntil: 'load' });
  // The editor is up when its default query (the tour) is on screen.
  await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
  await page.getByText('query Tour').first().waitFor({ timeout: 30_000 });

  // Replace the tour with a small query the fake graph can answer, and run it.
  // Monaco: clicking its rendered lines focuses the hidden textarea.
  await page.locator('.graphiql-query-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type('{ graphVersion health { neo4jEdition } }', { delay: 10 });
  // GraphiQL copies the editor text into its state after a short debounce; run after it.
  await page.waitForTimeout(750);
  await page.locator('.graphiql-execute-button').click();
  await page.locator('.graphiql-response').getByText('"graphVersion": 3').first().waitFor({ timeout: 15_000 });
  await page.locator('.graphiql-response').getByText('"neo4jEdition": "community"').first().waitFor({ timeout: 15_000 });

  assert.deepEqual(pageErrors, []);
  // Anything aborted would have been a dependency on the internet.
  assert.deepEqual(blocked, []);
});
