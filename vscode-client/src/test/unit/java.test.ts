import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findJava, javaInHome, parseJavaMajor } from '../../java';

const exists = (...files: string[]) => (f: string) => files.includes(f);

test('vcr.java.home wins over JAVA_HOME and PATH', () => {
  const r = findJava({
    javaHome: '/opt/jdk21',
    env: { JAVA_HOME: '/usr/lib/jvm/17', PATH: '/usr/bin' },
    platform: 'linux',
    isExecutable: exists('/opt/jdk21/bin/java', '/usr/lib/jvm/17/bin/java', '/usr/bin/java'),
  });
  assert.deepEqual(r, { ok: true, java: '/opt/jdk21/bin/java', source: 'vcr.java.home', warnings: [] });
});

test('a wrong vcr.java.home is an error, not a silent fallback', () => {
  const r = findJava({ javaHome: '/nope', env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: exists('/usr/bin/java') });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /"vcr\.java\.home" is "\/nope".*\/nope\/bin\/java does not exist/);
});

test('blank vcr.java.home counts as unset', () => {
  const r = findJava({ javaHome: '  ', env: { JAVA_HOME: '/jdk' }, platform: 'linux', isExecutable: exists('/jdk/bin/java') });
  assert.equal(r.ok && r.source, 'JAVA_HOME');
});

test('JAVA_HOME before PATH', () => {
  const r = findJava({ env: { JAVA_HOME: '/jdk', PATH: '/usr/bin' }, platform: 'linux', isExecutable: exists('/jdk/bin/java', '/usr/bin/java') });
  assert.equal(r.ok && r.java, '/jdk/bin/java');
});

test('a broken JAVA_HOME warns and falls back to PATH', () => {
  const r = findJava({ env: { JAVA_HOME: '/gone', PATH: '/a:/b:/c' }, platform: 'linux', isExecutable: exists('/b/java', '/c/java') });
  assert.equal(r.ok, true);
  assert.equal(r.ok && r.java, '/b/java');
  assert.equal(r.ok && r.source, 'PATH');
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /JAVA_HOME is "\/gone"/);
});

test('nothing found: the message names all three ways to fix it', () => {
  const r = findJava({ env: { PATH: '/a::/b' }, platform: 'linux', isExecutable: () => false });
  assert.equal(r.ok, false);
  const msg = !r.ok ? r.message : '';
  assert.match(msg, /vcr\.java\.home/);
  assert.match(msg, /JAVA_HOME/);
  assert.match(msg, /PATH/);
  assert.match(msg, /Java 17/);
});

test('no PATH at all', () => {
  assert.equal(findJava({ env: {}, platform: 'linux', isExecutable: () => true }).ok, false);
});

test('windows: java.exe, ; separator, case-insensitive env names', () => {
  const r = findJava({
    env: { Path: 'C:\\Windows;C:\\jdk\\bin' },
    platform: 'win32',
    isExecutable: exists('C:\\jdk\\bin\\java.exe'),
  });
  assert.equal(r.ok && r.java, 'C:\\jdk\\bin\\java.exe');
  assert.equal(javaInHome('C:\\jdk', 'win32'), 'C:\\jdk\\bin\\java.exe');
});

test('parseJavaMajor', () => {
  assert.equal(parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment'), 17);
  assert.equal(parseJavaMajor('java version "1.8.0_292"'), 8);
  assert.equal(parseJavaMajor('openjdk version "21" 2023-09-19'), 21);
  assert.equal(parseJavaMajor('openjdk version "22-ea" 2024-03-19'), 22);
  assert.equal(parseJavaMajor('Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version "11.0.2" 2019-01-15'), 11);
  assert.equal(parseJavaMajor('bash: java: command not found'), undefined);
});
