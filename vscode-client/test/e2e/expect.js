// Expected results for testFixture/, computed from the fixture's text (so edits that move lines keep working),
// and the checks applied to the JSON written by the extension's "Vcr: Test Probe" command.
'use strict';
const fs = require('fs');
const path = require('path');

const G = 'src/main/java/demo/Greeter.java';
const F = 'src/main/java/demo/Format.java';
const A = 'src/main/java/demo/App.java';

/** 0-based position of `word` inside the first line of `file` that contains `lineText`. */
function pos(ws, file, lineText, word) {
  const lines = fs.readFileSync(path.join(ws, file), 'utf8').split('\n');
  const line = lines.findIndex(l => l.includes(lineText));
  if (line < 0) throw new Error(`fixture changed: "${lineText}" not found in ${file}`);
  const re = new RegExp(`\\b${word}\\b`, 'g');
  re.lastIndex = lines[line].indexOf(lineText);
  const m = re.exec(lines[line]);
  const character = m ? m.index : -1;
  if (character < 0) throw new Error(`fixture changed: "${word}" not on line ${line + 1} of ${file}`);
  return { file, line, character, word };
}

function fixturePositions(ws) {
  return {
    greetDecl: pos(ws, G, 'public String greet(', 'greet'),
    greetCallApp: pos(ws, A, 'greeter.greet("world")', 'greet'),
    greetCallShout: pos(ws, F, 'greeter.greet(name)', 'greet'),
    decorateDecl: pos(ws, F, 'static String decorate(', 'decorate'),
    decorateCall: pos(ws, G, 'Format.decorate(', 'decorate'),
    mainDecl: pos(ws, A, 'static void main(', 'main'),
    shoutDecl: pos(ws, F, 'static String shout(', 'shout'),
    shoutCall: pos(ws, A, 'Format.shout(', 'shout'),
  };
}

/** The probe spec handed to the extension (VCR_PROBE_SPEC). */
function probeSpec(ws) {
  const p = fixturePositions(ws);
  const at = (label, q) => ({ label, file: q.file, line: q.line, character: q.character });
  return { query: 'greet', readyTimeoutMs: 120000, positions: [at('greet-decl', p.greetDecl), at('greet-call-app', p.greetCallApp)] };
}

const show = q => `${q.file}:${q.line + 1}:${q.character + 1}`;
const showLoc = l => (l && l.range ? `${l.path}:${l.range.start.line + 1}:${l.range.start.character + 1}-${l.range.end.line + 1}:${l.range.end.character + 1}` : JSON.stringify(l));

/** Range starts exactly at the identifier. */
function startsAt(loc, q) {
  return loc && loc.path === q.file && loc.range && loc.range.start.line === q.line && loc.range.start.character === q.character;
}

/** Range (of any extent) contains the identifier's first character. */
function contains(pathName, range, q) {
  if (!range || pathName !== q.file) return false;
  const { start, end } = range;
  const afterStart = q.line > start.line || (q.line === start.line && q.character >= start.character);
  const beforeEnd = q.line < end.line || (q.line === end.line && q.character < end.character);
  return afterStart && beforeEnd;
}

function checkProbe(ws, probe) {
  const p = fixturePositions(ws);
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, ok: !!ok, detail: ok ? undefined : detail });

  check('probe ran without error', !probe.error, probe.error);
  check('index ready before querying', probe.ready && probe.ready.ok, JSON.stringify(probe.ready));
  const byLabel = l => (probe.positions || []).find(x => x.label === l);
  const okResult = (r, what) => {
    if (!r) return check(`${what}: answered`, false, 'missing');
    if (r.error) return check(`${what}: answered`, false, r.error);
    return r.result;
  };

  // --- cursor (placed by the driver on the declaration of greet) -----------------------------------
  const cursor = byLabel('cursor');
  check('cursor probe on "greet"', cursor && cursor.word === 'greet', cursor && `word=${cursor.word} at ${JSON.stringify(cursor.position)}`);

  // --- references of greet: the two call sites, optionally the declaration, nothing else ----------
  const refsExpectedCalls = [p.greetCallApp, p.greetCallShout];
  for (const label of ['greet-decl', 'greet-call-app']) {
    const probeAt = byLabel(label);
    const refs = okResult(probeAt && probeAt.references, `references@${label}`);
    if (!refs) continue;
    for (const q of refsExpectedCalls) {
      check(`references@${label} include ${show(q)}`, refs.some(r => startsAt(r, q)), refs.map(showLoc).join(', '));
    }
    const allowed = [p.greetDecl, ...refsExpectedCalls];
    const extra = refs.filter(r => !allowed.some(q => startsAt(r, q)));
    check(`references@${label} contain nothing else`, extra.length === 0, `unexpected: ${extra.map(showLoc).join(', ')}`);
    const dups = refs.length - new Set(refs.map(showLoc)).size;
    check(`references@${label} have no duplicates`, dups === 0, refs.map(showLoc).join(', '));
  }

  // --- definition from the call site in App.java → Greeter.greet ----------------------------------
  const callApp = byLabel('greet-call-app');
  const defs = okResult(callApp && callApp.definition, 'definition@greet-call-app');
  if (defs) {
    check('definition@greet-call-app is Greeter.greet', defs.length === 1 && contains(defs[0].path, defs[0].range, p.greetDecl),
      `got ${defs.map(showLoc).join(', ') || 'nothing'}; want ${show(p.greetDecl)}`);
  }

  // --- call hierarchy at the declaration -----------------------------------------------------------
  const decl = byLabel('greet-decl');
  const items = okResult(decl && decl.prepareCallHierarchy, 'prepareCallHierarchy@greet-decl');
  if (items) {
    check('prepareCallHierarchy gives one item, greet in Greeter.java',
      items.length === 1 && /\bgreet\b/.test(items[0].name) && contains(items[0].path, items[0].selectionRange, p.greetDecl),
      JSON.stringify(items));
    const inc = okResult(decl.incomingCalls && decl.incomingCalls[0], 'incomingCalls@greet');
    if (inc) {
      const want = [
        { fn: p.mainDecl, call: p.greetCallApp },
        { fn: p.shoutDecl, call: p.greetCallShout },
      ];
      for (const w of want) {
        const hit = inc.find(c => contains(c.from.path, c.from.selectionRange, w.fn) || contains(c.from.path, c.from.range, w.fn) && new RegExp(`\\b${w.fn.word}\\b`).test(c.from.name));
        check(`incoming call from ${w.fn.word} (${w.fn.file})`, hit, inc.map(c => `${c.from.name}@${showLoc({ path: c.from.path, range: c.from.selectionRange })}`).join(', ') || 'none');
        if (hit) {
          check(`incoming call from ${w.fn.word}: fromRanges point at ${show(w.call)}`,
            hit.fromRanges.some(r => contains(w.call.file, r, w.call)), JSON.stringify(hit.fromRanges));
        }
      }
      check('incoming calls: exactly main and shout', inc.length === 2, inc.map(c => c.from.name).join(', '));
    }
    const out = okResult(decl.outgoingCalls && decl.outgoingCalls[0], 'outgoingCalls@greet');
    if (out) {
      const hit = out.find(c => contains(c.to.path, c.to.selectionRange, p.decorateDecl) || contains(c.to.path, c.to.range, p.decorateDecl) && /\bdecorate\b/.test(c.to.name));
      check('outgoing call to Format.decorate', hit, out.map(c => `${c.to.name}@${c.to.path}`).join(', ') || 'none');
      if (hit) {
        check(`outgoing call to decorate: fromRanges point at ${show(p.decorateCall)}`,
          hit.fromRanges.some(r => contains(p.decorateCall.file, r, p.decorateCall)), JSON.stringify(hit.fromRanges));
      }
      check('outgoing calls: exactly decorate', out.length === 1, out.map(c => c.to.name).join(', '));
    }
  }

  // --- workspace symbols "greet" ---------------------------------------------------------------------
  const ws_ = okResult(probe.workspaceSymbols, 'workspaceSymbols');
  if (ws_) {
    const hit = ws_.find(s => s.name === 'greet' && contains(s.location.path, s.location.range, p.greetDecl));
    check('workspace symbol "greet" → Greeter.greet', hit, ws_.map(s => `${s.name}[${s.kind}]@${showLoc(s.location)}`).join(', ') || 'none');
  }
  return checks;
}

// --- multi-root: a folder added at runtime -------------------------------------------------------------
const FAREWELL = 'src/main/java/extra/Farewell.java';
const FAREWELL_TEXT = `package extra;

public class Farewell {
  public static String farewell(String name) {
    return "bye " + name;
  }
}
`;

/** Writes the second folder (outside the fixture, so only adding it makes it part of the workspace). */
function writeAddedFolder(dir) {
  fs.mkdirSync(path.join(dir, path.dirname(FAREWELL)), { recursive: true });
  fs.writeFileSync(path.join(dir, FAREWELL), FAREWELL_TEXT);
  return dir;
}

function addedFolderSpec(dir, after) {
  return { query: 'farewell', addFolder: dir, addFolderAfter: after, addFolderTimeoutMs: 90000, readyTimeoutMs: 30000, positions: [] };
}

function checkAddedFolder(dir, probe) {
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, ok: !!ok, detail: ok ? undefined : detail });
  const decl = pos(dir, FAREWELL, 'static String farewell(', 'farewell');
  const a = probe.addedFolder;
  check('multi-root probe ran without error', !probe.error, probe.error);
  check('multi-root: VS Code added the folder at runtime (onDidChangeWorkspaceFolders)',
    a && a.event && a.event.added.includes(dir), JSON.stringify(a && { accepted: a.accepted, event: a.event, error: a.error }));
  check('multi-root: workspace symbols find a declaration of the added folder', a && a.ok, JSON.stringify(a && { error: a.error, symbols: a.symbols }));
  const syms = (a && a.symbols) || [];
  const hit = syms.find(s => s.name === 'farewell' && s.location.uri.includes('second-folder') && contains(s.location.path, s.location.range, decl));
  check(`multi-root: workspace symbol "farewell" → ${show(decl)} in the added folder`, hit,
    syms.map(s => `${s.name}@${s.location.uri}:${showLoc(s.location)}`).join(', ') || 'none');
  return checks;
}

module.exports = { fixturePositions, probeSpec, checkProbe, G, F, A, addedFolderSpec, writeAddedFolder, checkAddedFolder };
