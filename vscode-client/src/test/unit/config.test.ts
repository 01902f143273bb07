import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_LANGUAGE_IDS, enabledLanguageIds, initializationOptions, serverLanguages, watchGlob } from '../../config';

const id = (p: string) => p;

test('all 13 VS Code language ids are served by default', () => {
  assert.deepEqual(ALL_LANGUAGE_IDS, [
    'java', 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact',
    'go', 'rust', 'c', 'cpp', 'csharp', 'ruby', 'php',
  ]);
  assert.deepEqual(enabledLanguageIds(null), ALL_LANGUAGE_IDS);
  assert.deepEqual(enabledLanguageIds(undefined), ALL_LANGUAGE_IDS);
});

test('unknown languages are dropped with a warning; duplicates removed', () => {
  const w: string[] = [];
  assert.deepEqual(enabledLanguageIds(['java', 'cobol', 'java', 3], w), ['java']);
  assert.equal(w.length, 2);
});

test('serverLanguages folds the react variants', () => {
  assert.deepEqual(serverLanguages(['typescriptreact', 'javascript', 'javascriptreact', 'typescript']), ['typescript', 'javascript']);
});

test('initializationOptions defaults are all null', () => {
  assert.deepEqual(initializationOptions({}, id), { indexDir: null, languages: null, maxFileBytes: null });
  assert.deepEqual(initializationOptions({ indexLocation: ' ', languages: null, maxFileBytes: null }, id), { indexDir: null, languages: null, maxFileBytes: null });
});

test('initializationOptions carries settings through', () => {
  const w: string[] = [];
  const o = initializationOptions({ indexLocation: '~/idx', languages: ['java', 'go', 'tsx?'], maxFileBytes: 1048576.7 }, p => p.replace('~', '/home/u'), w);
  assert.deepEqual(o, { indexDir: '/home/u/idx', languages: ['java', 'go'], maxFileBytes: 1048576 });
  assert.equal(w.length, 1);
});

test('bad maxFileBytes falls back to the server default with a warning', () => {
  for (const bad of [0, -1, 'big', Infinity]) {
    const w: string[] = [];
    assert.equal(initializationOptions({ maxFileBytes: bad }, id, w).maxFileBytes, null);
    assert.equal(w.length, 1);
  }
});

test('watchGlob', () => {
  assert.equal(watchGlob(['java']), '**/*.java');
  assert.equal(watchGlob(['c', 'cpp']), '**/*.{c,h,cc,cpp,cxx,c++,hh,hpp,hxx,h++}');
  assert.equal(watchGlob([]), undefined);
});
