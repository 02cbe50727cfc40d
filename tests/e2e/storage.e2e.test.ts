/**
 * Storage in a real browser (fake-indexeddb is not installed, so IndexedDB is tested here):
 * a version-1 database from an older build is upgraded in place and its sessions survive.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { root, useSession } from './browser';

const session = useSession();

test('a version-1 database is upgraded to version 3 and its session reopens', async () => {
  const report = JSON.parse(readFileSync(join(root, 'tests/e2e/fixtures/report-mixed.json'), 'utf8'));
  const s = await session.launch();
  const { page } = s;
  // Same origin, without the app: write the database the way version 1 laid it out.
  await page.goto(`${s.baseURL}/favicon.svg`);
  await page.evaluate(async (report) => {
    const req = indexedDB.open('leakscope', 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('by-updated', 'updated');
      db.createObjectStore('reports', { keyPath: 'id' });
      db.createObjectStore('captures', { keyPath: 'id' });
    };
    const db: IDBDatabase = await new Promise((ok, fail) => ((req.onsuccess = () => ok(req.result)), (req.onerror = () => fail(req.error))));
    const tx = db.transaction(['sessions', 'reports'], 'readwrite');
    const c = report.capture;
    tx.objectStore('sessions').put({
      id: 'v1-session', name: 'Made by version 1', notes: 'kept across the upgrade', created: 1, updated: 2,
      capture: { name: c.name, bytes: c.bytes, sha256: c.sha256, format: c.format, frames: c.frames, start: c.start, end: c.end },
      counts: { findings: report.findings.length, clearFindings: 0, flows: report.flows.length, hosts: 1, warnings: 0 },
      hasCapture: false, profile: null,
    });
    tx.objectStore('reports').put({ id: 'v1-session', report });
    await new Promise((ok) => (tx.oncomplete = ok));
    db.close();
  }, report);
  s.errors.length = 0; // the bare SVG page's own favicon.ico 404

  await page.goto(s.baseURL);
  await page.getByTestId('nav-sessions').click();
  const item = page.getByTestId('session-item').filter({ hasText: 'Made by version 1' });
  await item.waitFor();
  expect(await item.textContent()).toContain('kept across the upgrade');
  await item.getByRole('button', { name: 'Open' }).click();
  await page.getByTestId('verdict').waitFor();
  expect(await page.getByTestId('session-name').textContent()).toBe('Made by version 1');

  const layout = await page.evaluate(async () => {
    const req = indexedDB.open('leakscope');
    const db: IDBDatabase = await new Promise((ok) => (req.onsuccess = () => ok(req.result)));
    const out = { version: db.version, stores: [...db.objectStoreNames], indexes: [...db.transaction('sessions').objectStore('sessions').indexNames] };
    db.close();
    return out;
  });
  expect(layout).toEqual({ version: 3, stores: ['appReports', 'captures', 'reports', 'sessions', 'settings'], indexes: ['by-sha256', 'by-updated'] });
});

test('a tab of a newer build upgrading the database: the open tab steps aside and says to reload', async () => {
  const s = await session.launch();
  const { page } = s;
  await page.goto(s.baseURL);
  // The app opens the database at start (settings, the session list).
  await page.getByTestId('nav-sessions').waitFor();
  await page.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'leakscope' && d.version === 3));
  // The newer build, same origin: version 4. Settles at 'blocked' (the old tab held on) or 'success'.
  const other = await s.context.newPage();
  await other.goto(`${s.baseURL}/favicon.svg`);
  const events = await other.evaluate(
    () =>
      new Promise<string[]>((ok) => {
        const seen: string[] = [];
        const req = indexedDB.open('leakscope', 4);
        req.onupgradeneeded = () => void seen.push('upgradeneeded');
        req.onblocked = () => ok([...seen, 'blocked']);
        req.onsuccess = () => {
          req.result.close();
          ok([...seen, 'success']);
        };
        req.onerror = () => ok([...seen, `error ${req.error?.name}`]);
      }),
  );
  expect(events).toEqual(['upgradeneeded', 'success']);
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  expect(await notice.textContent()).toContain('Leakscope was updated in another tab. Reload this page');
  await other.close();
});
