/**
 * The console's record store on a real file: what one store writes another reads after a restart,
 * a write that fails leaves nothing half-done, one process owns a data folder at a time, and a
 * file written by an earlier version (SQLite in WAL mode) still opens.
 */
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RecordStore, type RecordStoreError } from '../../src/console/store/record-store.js';

const scratch = mkdtempSync(join(tmpdir(), 'softphone-store-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('the record store on a file', () => {
  it('keeps records, phone keys and settings across a restart', () => {
    const file = join(scratch, 'restart.sqlite');
    const first = new RecordStore({ file, region: 'US' });
    assert.equal(first.isEmpty(), true);
    const id = first.create('Contact', { FirstName: 'Ada', LastName: 'Lovelace', Phone: '(415) 555-0199' });
    first.update('Contact', id, { Title: 'Analyst' });
    first.setSetting('softphoneLayout', { name: 'test' });
    first.close();

    const second = new RecordStore({ file, region: 'US' });
    assert.equal(second.isEmpty(), false);
    assert.equal(second.get(id)?.Title, 'Analyst');
    assert.deepEqual(second.findByPhone('+14155550199', ['Contact']).map((record) => record.Id), [id]);
    assert.deepEqual(second.search('lovelace', ['Contact']).map((record) => record.Name), ['Ada Lovelace']);
    assert.deepEqual(second.list('Contact', { LastName: 'Lovelace' }).map((record) => record.Id), [id]);
    assert.deepEqual(second.getSetting('softphoneLayout'), { name: 'test' });
    second.close();
  });

  it('a failed write changes nothing (one transaction per record)', () => {
    const store = new RecordStore({ file: ':memory:' });
    const id = store.create('Contact', { LastName: 'Chen', Phone: '+1 415 555 0142' });
    assert.throws(() => store.update('Contact', id, { LastName: '' }), /LastName/);
    assert.equal(store.get(id)?.LastName, 'Chen');
    assert.deepEqual(store.findByPhone('4155550142', ['Contact']).map((record) => record.Id), [id]);
    store.close();
  });

  it('one console per data folder: a second store on the same file is refused with what to do, and may open once the first closed', () => {
    const file = join(scratch, 'locked.sqlite');
    const first = new RecordStore({ file });
    first.create('Lead', { LastName: 'First', Company: 'Acme' });
    assert.throws(() => new RecordStore({ file }), (error: RecordStoreError) => {
      assert.equal(error.code, 'store-in-use');
      assert.match(error.message, /is in use by another console; stop it, or give this one its own data folder \(--data <dir>\)/);
      return true;
    });
    first.close();
    const second = new RecordStore({ file });
    assert.equal(second.list('Lead').length, 1);
    second.close();
    assert.equal(existsSync(`${file}-journal`), false, 'no journal left behind');
  });

  it('opens a file an earlier version left in WAL mode, and keeps its records', () => {
    const file = join(scratch, 'wal.sqlite');
    const old = new RecordStore({ file });
    const id = old.create('Account', { Name: 'Globex' });
    old.close();
    // Bytes 18 and 19 of the header are 2 in WAL mode (better-sqlite3 with journal_mode = WAL wrote that).
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from([2, 2]), 0, 2, 18);
    closeSync(fd);
    const reopened = new RecordStore({ file });
    assert.equal(reopened.get(id)?.Name, 'Globex');
    reopened.create('Account', { Name: 'Initech' });
    reopened.close();
    assert.deepEqual([...readFileSync(file).subarray(18, 20)], [1, 1], 'now a rollback-journal file');
  });
});
