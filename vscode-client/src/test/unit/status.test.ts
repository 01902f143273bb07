import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampPercentage, IndexStatus, progressLabel } from '../../status';

function started(): IndexStatus {
  const s = new IndexStatus();
  s.starting();
  s.serverStarted();
  return s;
}

test('lifecycle: stopped → starting → indexing… → N% → ready', () => {
  const s = new IndexStatus();
  assert.equal(s.view().text, 'Vcr: stopped');
  s.starting();
  assert.equal(s.view().text, 'Vcr: starting');
  assert.equal(s.view().busy, true);
  s.serverStarted();
  assert.equal(s.view().text, 'Vcr: indexing…');
  assert.equal(s.isReady, false);
  s.progress('t1', { kind: 'begin', title: 'Indexing workspace', percentage: 0 });
  assert.equal(s.view().text, 'Vcr: indexing 0%');
  s.progress('t1', { kind: 'report', message: '42/100 files', percentage: 41.6 });
  assert.equal(s.view().text, 'Vcr: indexing 42%');
  assert.equal(s.view().tooltip, 'Indexing workspace: 42/100 files');
  s.progress('t1', { kind: 'report', message: 'still going' }); // no percentage: keeps the last one
  assert.equal(s.view().text, 'Vcr: indexing 42%');
  s.progress('t1', { kind: 'end' });
  assert.equal(s.view().text, 'Vcr: ready');
  assert.equal(s.isReady, true);
  assert.equal(s.finishedProgressRuns, 1);
});

test('progress without percentage shows an ellipsis', () => {
  const s = started();
  s.progress(7, { kind: 'begin', title: 'Indexing' });
  assert.equal(s.view().text, 'Vcr: indexing…');
});

test('no progress within the grace period: ready', () => {
  const s = started();
  s.graceExpired();
  assert.equal(s.view().text, 'Vcr: ready');
  assert.equal(s.isReady, true);
});

test('grace expiry does not end a running index', () => {
  const s = started();
  s.progress('a', { kind: 'begin', title: 'Indexing', percentage: 10 });
  s.graceExpired();
  assert.equal(s.view().text, 'Vcr: indexing 10%');
  assert.equal(s.isReady, false);
});

test('progress that starts before initialize has returned still counts', () => {
  const s = new IndexStatus();
  s.starting();
  s.progress('a', { kind: 'begin', title: 'Indexing', percentage: 5 });
  s.progress('a', { kind: 'end' });
  s.serverStarted();
  assert.equal(s.view().text, 'Vcr: ready');
});

test('a reindex after ready shows progress again, then ready', () => {
  const s = started();
  s.graceExpired();
  s.progress('r', { kind: 'begin', title: 'Reindexing', percentage: 50 });
  assert.equal(s.view().text, 'Vcr: indexing 50%');
  assert.equal(s.isReady, false);
  s.progress('r', { kind: 'end', message: 'done' });
  assert.equal(s.view().text, 'Vcr: ready');
});

test('several tokens: the most recently updated wins, with a count', () => {
  const s = started();
  s.progress('a', { kind: 'begin', title: 'Indexing', percentage: 10 });
  s.progress('b', { kind: 'begin', title: 'Loading index', percentage: 70 });
  assert.equal(s.view().text, 'Vcr: indexing 70% (+1)');
  s.progress('a', { kind: 'report', percentage: 20 });
  assert.equal(s.view().text, 'Vcr: indexing 20% (+1)');
  s.progress('a', { kind: 'end' });
  assert.equal(s.view().text, 'Vcr: indexing 70%');
  assert.equal(s.isReady, false);
  s.progress('b', { kind: 'end' });
  assert.equal(s.isReady, true);
});

test('numeric and string tokens with the same text are the same token', () => {
  const s = started();
  s.progress(1, { kind: 'begin', title: 'Indexing' });
  s.progress('1', { kind: 'end' });
  assert.equal(s.view().text, 'Vcr: ready');
});

test('stray report/end and junk values are ignored', () => {
  const s = started();
  let changes = 0;
  s.onChange(() => changes++);
  s.progress('x', { kind: 'report', percentage: 50 });
  s.progress('x', { kind: 'end' });
  s.progress('x', { kind: 'bogus' } as never);
  s.progress('x', undefined as never);
  assert.equal(changes, 0);
  assert.equal(s.view().text, 'Vcr: indexing…');
});

test('non-index progress uses its own title', () => {
  const s = started();
  s.progress('c', { kind: 'begin', title: 'Compacting store', percentage: 3 });
  assert.equal(s.view().text, 'Vcr: compacting store 3%');
});

test('failed is sticky until the next start, and flagged as an error', () => {
  const s = started();
  s.progress('a', { kind: 'begin', title: 'Indexing' });
  s.failed('server crashed');
  assert.equal(s.view().text, 'Vcr: failed');
  assert.equal(s.view().error, true);
  assert.match(s.view().tooltip, /server crashed/);
  s.stopped();
  s.serverStarted();
  assert.equal(s.view().text, 'Vcr: failed');
  s.starting();
  assert.equal(s.view().text, 'Vcr: starting');
  assert.equal(s.failureMessage, undefined);
});

test('clampPercentage and progressLabel', () => {
  assert.equal(clampPercentage(-5), 0);
  assert.equal(clampPercentage(100.4), 100);
  assert.equal(clampPercentage(250), 100);
  assert.equal(clampPercentage(NaN), undefined);
  assert.equal(clampPercentage('50'), undefined);
  assert.equal(progressLabel(''), 'indexing');
  assert.equal(progressLabel('Vcr: Indexing 3 folders'), 'indexing');
  assert.equal(progressLabel('Loading'), 'loading');
});
