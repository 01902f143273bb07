#!/usr/bin/python3
"""C ground truth for the eval kit (symbols.jsonl, refs.jsonl, calls.jsonl, stats.json; format in
../shared/eval/README.md), from clang through libclang (Debian's python3-clang, libclang 14).

  c_oracle.py --root WORKSPACE --out DIR

WORKSPACE holds compile_commands.json ("directory", "file", "arguments" or "command"); each entry is parsed
as one translation unit. Every corpus file (the .c and .h files under WORKSPACE) is read in the first
translation unit, in path order, that includes it; a header that no unit includes is parsed alone with the
flags of the first entry. In that unit every identifier token of the file is annotated by clang
(clang_annotateTokens) and its cursor's referenced declaration decides what the token is.

Symbols, identified by clang's USR (so a declaration in a header and the definition in a .c file are one
symbol, and a `static` function is one per file): functions (kind function), file-scope variables
(variable), struct and union tags (class), enums (enum), typedef names (type_alias), fields (field),
enumerators (enum_constant), macros (function-like: function, object-like: variable; "macro": true), and a
pseudo initializer "<file>" per file, the enclosing member of file-scope code. A symbol is located at its
definition (a function body, a variable with storage, a struct body, a macro) when the corpus has one, else
at its first declaration. Parameters and block-scope declarations are not symbols.
Ref kinds: call (a function, or a function-like macro, named and followed by "("), type (a struct, union,
enum or typedef name), read, write (followed by an assignment operator or ++/--, or preceded by ++/--),
method_ref (a function named, not called), related (a declaration of the symbol other than the one it is
located at: a prototype, an `extern`, a forward `struct S;`; the kit's neutral kind, because whether
references list declarations depends on includeDeclaration, which the kit applies to one location only). A macro named in #ifdef, #ifndef,
#if defined(), #elif, #undef is a read of the one corpus macro of that name, "related" (neutral) when the
corpus defines several. Tokens in inactive preprocessor regions and in macro bodies are nobody's uses.
The enclosing member ("from") of a use is the innermost function definition around it, else the file's
pseudo initializer. Locations are 0-based lines and UTF-16 columns of the name token.
"""
import argparse
import bisect
import ctypes
import json
import os
import re
import shlex
import sys
import time
from collections import defaultdict

import clang.cindex as ci
from clang.cindex import CursorKind as K

FUNC_KINDS = {K.FUNCTION_DECL}
TYPE_KINDS = {K.STRUCT_DECL: "class", K.UNION_DECL: "class", K.ENUM_DECL: "enum", K.TYPEDEF_DECL: "type_alias"}
WRITE_OPS = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "++", "--"}
COND_DIRECTIVE = re.compile(r"^\s*#\s*(ifdef|ifndef|if|elif|undef)\b(.*)$")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def utf16_col(line_bytes, byte_col):
    return len(line_bytes[:byte_col].decode("utf-8", "replace").encode("utf-16-le")) // 2


class Oracle:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.text = {}       # rel path -> bytes
        self.lines = {}      # rel path -> list of line byte strings
        self.syms = {}       # usr -> symbol dict
        self.decls = defaultdict(list)   # usr -> [(is_def, loc, extent, kind)]
        self.refs = {}       # (usr, path, line, char) -> ref
        self.pending = []    # (usr, loc, kind, path, offset)
        self.cond_uses = []  # (name, loc, path, offset) in conditional directives
        self.errors = []
        self.warnings = 0
        self.funcs = defaultdict(list)   # path -> sorted [(start, end, usr)] of function definitions

    def rel(self, f):
        p = os.path.realpath(f)
        r = os.path.relpath(p, self.root)
        return None if r.startswith("..") else r.replace(os.sep, "/")

    def corpus_files(self):
        out = []
        for dp, dns, fns in os.walk(self.root):
            dns[:] = sorted(d for d in dns if not d.startswith("."))
            for fn in sorted(fns):
                if fn.endswith((".c", ".h")):
                    out.append(self.rel(os.path.join(dp, fn)))
        return sorted(out)

    def load_text(self, rel):
        if rel not in self.text:
            b = open(os.path.join(self.root, rel), "rb").read()
            self.text[rel] = b
            self.lines[rel] = re.split(rb"\r\n|\r|\n", b)
        return self.text[rel]

    def loc_of(self, rel, line1, col1, name):
        """(path, 0-based line, UTF-16 start, UTF-16 end) from clang's 1-based line and byte column"""
        lb = self.lines[rel][line1 - 1]
        c = utf16_col(lb, col1 - 1)
        return {"path": rel, "line": line1 - 1, "character": c,
                "endCharacter": c + len(name.encode("utf-16-le")) // 2}

    def commands(self):
        db = json.load(open(os.path.join(self.root, "compile_commands.json")))
        out = []
        for e in db:
            args = e.get("arguments") or shlex.split(e["command"])
            d = e.get("directory", self.root)
            f = os.path.normpath(os.path.join(d, e["file"]))
            flags, skip = [], False
            for a in args[1:]:
                if skip:
                    skip = False
                    continue
                if a in ("-c", "-o"):
                    skip = a == "-o"
                    continue
                if os.path.normpath(os.path.join(d, a)) == f:
                    continue
                if a.startswith("-I") and len(a) > 2 and not os.path.isabs(a[2:]):
                    a = "-I" + os.path.normpath(os.path.join(d, a[2:]))
                flags.append(a)
            out.append((self.rel(f), f, flags))
        return sorted(out)

    def run(self):
        index = ci.Index.create()
        opts = ci.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD
        cmds = self.commands()
        done = set()
        files = self.corpus_files()
        units = [(rel, f, flags, False) for rel, f, flags in cmds]
        first_flags = cmds[0][2] if cmds else []
        pending_headers = [h for h in files if h.endswith(".h")]
        i = 0
        while i < len(units) or pending_headers:
            if i < len(units):
                rel, f, flags, alone = units[i]
                i += 1
            else:
                h = pending_headers.pop(0)
                if h in done:
                    continue
                rel, f, flags, alone = h, os.path.join(self.root, h), first_flags + ["-x", "c-header"], True
            tu = index.parse(f, args=flags, options=opts)
            for d in tu.diagnostics:
                if d.severity >= ci.Diagnostic.Error:
                    self.errors.append(f"{d.location.file}:{d.location.line}: {d.spelling}")
                elif d.severity == ci.Diagnostic.Warning:
                    self.warnings += 1
            mine = [rel]
            for inc in tu.get_includes():
                r = self.rel(inc.include.name)
                if r is not None and r in files:
                    mine.append(r)
            for r in sorted(set(mine)):
                if r in done:
                    continue
                done.add(r)
                self.file(tu, r)
        self.files = files
        self.finish()

    def file(self, tu, rel):
        text = self.load_text(rel)
        cf = tu.get_file(os.path.join(self.root, rel))
        # function definitions of this file, for "from"
        spans = []
        defines = []  # extents of #define directives: their bodies are nobody's uses
        for c in tu.cursor.get_children():
            if c.kind == K.MACRO_DEFINITION and c.location.file and self.rel(c.location.file.name) == rel:
                defines.append((c.extent.start.offset, c.extent.end.offset))
        defines.sort()
        for c in tu.cursor.walk_preorder():
            if c.kind == K.FUNCTION_DECL and c.is_definition() and c.location.file \
                    and self.rel(c.location.file.name) == rel:
                spans.append((c.extent.start.offset, c.extent.end.offset, c.get_usr()))
        self.funcs[rel] = sorted(spans)
        start = ci.SourceLocation.from_offset(tu, cf, 0)
        end = ci.SourceLocation.from_offset(tu, cf, len(text))
        extent = ci.SourceRange.from_locations(start, end)
        mem = ctypes.POINTER(ci.Token)()
        n = ctypes.c_uint()
        ci.conf.lib.clang_tokenize(tu, extent, ctypes.byref(mem), ctypes.byref(n))
        count = n.value
        if count == 0:
            return
        curs = (ci.Cursor * count)()
        ci.conf.lib.clang_annotateTokens(tu, mem, count, curs)
        toks = []
        for k in range(count):
            t = ci.Token()
            t.int_data = mem[k].int_data
            t.ptr_data = mem[k].ptr_data
            t._tu = tu
            toks.append(t)
        spell = [t.spelling for t in toks]
        kinds = [t.kind for t in toks]
        for k in range(count):
            if kinds[k] != ci.TokenKind.IDENTIFIER:
                continue
            t = toks[k]
            c = curs[k]
            c._tu = tu
            tl = t.location
            name = spell[k]
            loc = self.loc_of(rel, tl.line, tl.column, name)
            off = tl.offset
            line_text = self.lines[rel][tl.line - 1].decode("utf-8", "replace")
            m = COND_DIRECTIVE.match(line_text)
            if m and c.kind != K.MACRO_INSTANTIATION:
                self.cond_uses.append((name, loc, rel, off))
                continue
            if c.kind == K.MACRO_DEFINITION:
                if c.location.line == tl.line and c.location.column == tl.column:
                    self.declare(c, loc, True, rel, off)
                continue
            at = bisect.bisect_right(defines, (off, float("inf"))) - 1
            if at >= 0 and defines[at][0] <= off < defines[at][1]:
                continue  # in a macro's body (clang maps nested expansions there)
            if c.kind.is_declaration() and c.location.file and self.rel(c.location.file.name) == rel \
                    and c.location.line == tl.line and c.location.column == tl.column and c.spelling == name:
                self.declare(c, loc, self.defines(c), rel, off)
                continue
            ref = c.referenced
            if ref is None or ref.kind is None:
                continue
            if c.kind == K.MACRO_INSTANTIATION:
                if ref.kind != K.MACRO_DEFINITION:
                    continue
                nxt = spell[k + 1] if k + 1 < count else ""
                kind = "call" if ref_is_function_macro(ref) and nxt == "(" else "read"
                self.use(ref, loc, kind, rel, off)
                continue
            if ref.spelling != name:
                continue
            if not self.symbol_kind(ref):
                continue
            nxt = spell[k + 1] if k + 1 < count else ""
            prv = spell[k - 1] if k > 0 else ""
            if ref.kind in FUNC_KINDS:
                kind = "call" if nxt == "(" else "method_ref"
            elif ref.kind in TYPE_KINDS:
                kind = "type"
            else:
                kind = "write" if nxt in WRITE_OPS or prv in ("++", "--") else "read"
            self.use(ref, loc, kind, rel, off)

    def symbol_kind(self, c):
        k = c.kind
        if k in FUNC_KINDS:
            return "function"
        if k in TYPE_KINDS:
            return TYPE_KINDS[k] if c.spelling else None
        if k == K.FIELD_DECL:
            return "field"
        if k == K.ENUM_CONSTANT_DECL:
            return "enum_constant"
        if k == K.VAR_DECL:
            p = c.semantic_parent
            return "variable" if p is not None and p.kind == K.TRANSLATION_UNIT else None
        if k == K.MACRO_DEFINITION:
            return "function" if ref_is_function_macro(c) else "variable"
        return None

    def defines(self, c):
        if c.kind == K.VAR_DECL:
            return c.is_definition() and c.storage_class != ci.StorageClass.EXTERN
        return c.is_definition()

    def usr(self, c):
        return c.get_usr() or f"{c.kind.name}:{c.spelling}"

    def declare(self, c, loc, is_def, rel, off):
        kind = self.symbol_kind(c)
        if not kind:
            return
        u = self.usr(c)
        ext = c.extent
        rng = {"start": [ext.start.line - 1, self.col(rel, ext.start)],
               "end": [ext.end.line - 1, self.col(rel, ext.end)]} if ext.start.file and ext.end.file \
            and self.rel(ext.start.file.name) == rel and self.rel(ext.end.file.name) == rel else None
        if any(d[1] == loc for d in self.decls[u]):
            return
        container = ""
        if c.kind in (K.FIELD_DECL, K.ENUM_CONSTANT_DECL):
            p = c.semantic_parent
            container = p.spelling or (p.type.spelling if p is not None else "")
            if p is not None and p.kind == K.ENUM_DECL:
                container = ""
        static = c.kind == K.MACRO_DEFINITION or (c.kind in (K.FUNCTION_DECL, K.VAR_DECL)
                                                  and c.storage_class == ci.StorageClass.STATIC)
        self.decls[u].append((is_def, loc, rng, kind, c.spelling, container, static,
                              c.kind == K.MACRO_DEFINITION, off))

    def col(self, rel, sl):
        lb = self.lines[rel][sl.line - 1] if sl.line - 1 < len(self.lines[rel]) else b""
        return utf16_col(lb, sl.column - 1)

    def use(self, ref, loc, kind, rel, off):
        self.pending.append((self.usr(ref), ref, loc, kind, rel, off))

    def from_of(self, rel, off):
        best = None
        for s, e, u in self.funcs.get(rel, []):
            if s <= off < e and (best is None or s >= best[0]):
                best = (s, e, u)
        return best[2] if best else init_id(rel)

    def finish(self):
        for rel in self.files:
            self.syms[init_id(rel)] = {"id": init_id(rel), "kind": "initializer", "name": "<file>", "path": rel,
                                       "line": 0, "character": 0, "endCharacter": 0, "container": "",
                                       "static": True, "local": False, "pseudo": True, "overrides": [],
                                       "refs": 0, "javadocRefs": 0}
        for u in sorted(self.decls):
            ds = self.decls[u]
            defs = [d for d in ds if d[0]]
            main = sorted(defs or ds, key=lambda d: (d[1]["path"], d[1]["line"], d[1]["character"]))[0]
            is_def, loc, rng, kind, name, container, static, macro, _ = main
            s = {"id": u, "kind": kind, "name": name, "path": loc["path"], "line": loc["line"],
                 "character": loc["character"], "endCharacter": loc["endCharacter"], "container": container,
                 "static": static, "local": False, "overrides": [], "refs": 0, "javadocRefs": 0}
            if rng:
                s["range"] = rng
            if macro:
                s["macro"] = True
            self.syms[u] = s
            for d in ds:
                if d is not main:
                    self.add_ref(u, d[1], "related", self.from_of(d[1]["path"], d[8]))
        for u, ref, loc, kind, rel, off in self.pending:
            if u not in self.syms:
                continue  # declared outside the corpus (the C library)
            self.add_ref(u, loc, kind, self.from_of(rel, off))
        macros = defaultdict(list)
        for s in self.syms.values():
            if s.get("macro"):
                macros[s["name"]].append(s["id"])
        for name, loc, rel, off in self.cond_uses:
            for u in sorted(macros.get(name, [])):
                self.add_ref(u, loc, "read" if len(macros[name]) == 1 else "related", self.from_of(rel, off))

    def add_ref(self, u, loc, kind, frm):
        key = (u, loc["path"], loc["line"], loc["character"])
        s = self.syms[u]
        if (s["path"], s["line"], s["character"]) == key[1:]:
            return
        if key in self.refs:
            return
        self.refs[key] = {"symbol": u, "path": loc["path"], "line": loc["line"], "character": loc["character"],
                          "endCharacter": loc["endCharacter"], "kind": kind, "from": frm}

    def write(self, out, seconds):
        os.makedirs(out, exist_ok=True)
        refs = [self.refs[k] for k in sorted(self.refs)]
        for r in refs:
            self.syms[r["symbol"]]["refs"] += 1
        syms = sorted(self.syms.values(), key=lambda s: (s["path"], s["line"], s["character"], s["id"]))
        write_jsonl(os.path.join(out, "symbols.jsonl"), syms)
        write_jsonl(os.path.join(out, "refs.jsonl"), refs)
        callers, callees = defaultdict(lambda: defaultdict(list)), defaultdict(lambda: defaultdict(list))
        for r in refs:
            if r["kind"] != "call" or self.syms[r["symbol"]]["kind"] != "function":
                continue
            site = {k: r[k] for k in ("path", "line", "character", "endCharacter", "kind")}
            callers[r["symbol"]][r["from"]].append(site)
            callees[r["from"]][r["symbol"]].append(site)

        def loc(s):
            return {"path": s["path"], "line": s["line"], "character": s["character"],
                    "endCharacter": s["endCharacter"]}
        recs = []
        for u in sorted(self.syms):
            s = self.syms[u]
            ins, outs = callers.get(u, {}), callees.get(u, {})
            if s["kind"] != "function" and not ins and not outs:
                continue
            recs.append({"symbol": u, "kind": s["kind"],
                         "callers": [{"from": f, "fromKind": self.syms[f]["kind"], "fromLocation": loc(self.syms[f]),
                                      "sites": ins[f]} for f in sorted(ins)],
                         "callees": [{"to": t, "toKind": self.syms[t]["kind"], "toLocation": loc(self.syms[t]),
                                      "sites": outs[t]} for t in sorted(outs)]})
        write_jsonl(os.path.join(out, "calls.jsonl"), recs)
        sk, rk = defaultdict(int), defaultdict(int)
        for s in syms:
            sk[s["kind"] + ("(macro)" if s.get("macro") else "")] += 1
        for r in refs:
            rk[r["kind"]] += 1
        lines = sum(len(v) - (1 if v and v[-1] == b"" else 0) for v in self.lines.values())
        stats = {"root": self.root, "tool": "libclang " + clang_version(), "files": len(self.files),
                 "lines": lines, "clangErrors": len(self.errors), "clangWarnings": self.warnings,
                 "symbols": len(syms), "symbolKinds": dict(sorted(sk.items())), "refs": len(refs),
                 "refKinds": dict(sorted(rk.items())), "seconds": seconds}
        print(json.dumps(stats))
        with open(os.path.join(out, "stats.json"), "w") as f:
            f.write(json.dumps(stats) + "\n")


def ref_is_function_macro(c):
    f = ci.conf.lib.clang_Cursor_isMacroFunctionLike
    f.argtypes, f.restype = [ci.Cursor], ctypes.c_uint
    return bool(f(c))


def init_id(rel):
    return rel + ":<file>"


def clang_version():
    f = ci.conf.lib.clang_getClangVersion
    f.restype = ci._CXString
    f.errcheck = ci._CXString.from_result
    return f()


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t0 = time.time()
    o = Oracle(a.root)
    o.run()
    t1 = time.time()
    o.write(a.out, {"total": round(t1 - t0, 2)})
    for e in o.errors:
        print("clang error:", e, file=sys.stderr)
    sys.exit(1 if o.errors else 0)


if __name__ == "__main__":
    main()
