import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JavaResult } from '../../java';
import { expandPath, formatCommand, parseCommandOverride, resolveServerCommand, ServerLookup } from '../../serverCommand';

const JAVA: JavaResult = { ok: true, java: '/usr/bin/java', source: 'PATH', warnings: [] };
const NO_JAVA: JavaResult = { ok: false, message: 'Java was not found. Set vcr.java.home…', warnings: ['JAVA_HOME is "/x"…'] };
const BUNDLED = '/ext/server/vcr.jar';

function lookup(o: Partial<ServerLookup>): ServerLookup {
  return { bundledJar: BUNDLED, findJava: () => JAVA, fileExists: f => f === BUNDLED, ...o };
}

test('bundled jar by default: java -jar JAR lsp --stdio', () => {
  const r = resolveServerCommand(lookup({}));
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.equal(r.command, '/usr/bin/java');
  assert.deepEqual(r.args, ['-jar', BUNDLED, 'lsp', '--stdio']);
  assert.equal(r.source, 'bundled');
  assert.equal(r.jar, BUNDLED);
});

test('jvmArgs go before -jar; blanks dropped', () => {
  const r = resolveServerCommand(lookup({ jvmArgs: ['-Xmx2g', ' ', '-XX:+UseSerialGC'] }));
  assert.deepEqual(r.ok && r.args, ['-Xmx2g', '-XX:+UseSerialGC', '-jar', BUNDLED, 'lsp', '--stdio']);
});

test('malformed jvmArgs are ignored with a warning', () => {
  const r = resolveServerCommand(lookup({ jvmArgs: '-Xmx2g' }));
  assert.deepEqual(r.ok && r.args, ['-jar', BUNDLED, 'lsp', '--stdio']);
  assert.match(r.warnings.join('\n'), /vcr\.server\.jvmArgs/);
});

test('vcr.server.path overrides the bundled jar', () => {
  const r = resolveServerCommand(lookup({ serverPath: '/build/vcr.jar', fileExists: () => true }));
  assert.equal(r.ok && r.source, 'vcr.server.path');
  assert.deepEqual(r.ok && r.args, ['-jar', '/build/vcr.jar', 'lsp', '--stdio']);
});

test('vcr.server.path to a launcher runs it directly, without java', () => {
  let asked = false;
  const r = resolveServerCommand(lookup({
    serverPath: '/usr/local/bin/vcr',
    fileExists: () => true,
    findJava: () => { asked = true; return NO_JAVA; },
  }));
  assert.equal(asked, false);
  assert.equal(r.ok && r.command, '/usr/local/bin/vcr');
  assert.deepEqual(r.ok && r.args, ['lsp', '--stdio']);
});

test('missing vcr.server.path file is reported with the setting name', () => {
  const r = resolveServerCommand(lookup({ serverPath: '/nope/vcr.jar' }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /"vcr\.server\.path" is "\/nope\/vcr\.jar".*does not exist/);
});

test('missing bundled jar says so and names vcr.server.path', () => {
  const r = resolveServerCommand(lookup({ fileExists: () => false }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /bundled.*missing.*\/ext\/server\/vcr\.jar.*vcr\.server\.path/);
});

test('missing java: the java message and its warnings come through', () => {
  const r = resolveServerCommand(lookup({ findJava: () => NO_JAVA }));
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /Java was not found/);
  assert.deepEqual(r.warnings, NO_JAVA.warnings);
});

test('VCR_SERVER_COMMAND wins and is used verbatim; java is not looked up', () => {
  const r = resolveServerCommand(lookup({
    envCommand: '["java","-Xmx1g","-jar","/w/vcr.jar","lsp"]',
    serverPath: '/other.jar',
    findJava: () => { throw new Error('must not be called'); },
  }));
  assert.equal(r.ok && r.source, 'VCR_SERVER_COMMAND');
  assert.equal(r.ok && r.command, 'java');
  assert.deepEqual(r.ok && r.args, ['-Xmx1g', '-jar', '/w/vcr.jar', 'lsp']);
});

test('blank VCR_SERVER_COMMAND is ignored', () => {
  assert.equal(resolveServerCommand(lookup({ envCommand: '  ' })).ok && 'bundled', 'bundled');
});

test('malformed VCR_SERVER_COMMAND is an error naming the variable', () => {
  for (const bad of ['java -jar x', '[]', '"java"', '[1,2]', '[""]', '{"cmd":"java"}']) {
    const r = resolveServerCommand(lookup({ envCommand: bad }));
    assert.equal(r.ok, false, bad);
    assert.match(!r.ok ? r.message : '', /VCR_SERVER_COMMAND/, bad);
  }
  assert.throws(() => parseCommandOverride('[null]'), /non-empty JSON array of strings/);
});

test('expandPath', () => {
  assert.equal(expandPath('~/idx', { home: '/home/u' }), '/home/u/idx');
  assert.equal(expandPath('~', { home: '/home/u' }), '/home/u');
  assert.equal(expandPath('${userHome}/a', { home: '/home/u' }), '/home/u/a');
  assert.equal(expandPath('${workspaceFolder}/.idx', { home: '/h', workspaceFolder: '/ws' }), '/ws/.idx');
  assert.equal(expandPath(' /abs/x ', { home: '/h' }), '/abs/x');
  assert.equal(expandPath('a~b', { home: '/h' }), 'a~b');
});

test('formatCommand quotes what needs quoting', () => {
  assert.equal(formatCommand('/usr/bin/java', ['-jar', '/a b/vcr.jar', 'lsp']), "/usr/bin/java -jar '/a b/vcr.jar' lsp");
});
