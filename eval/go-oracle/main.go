// Command go-oracle writes the eval kit's ground-truth files (symbols.jsonl, refs.jsonl, calls.jsonl,
// stats.json; format in ../shared/eval/README.md) for a Go module, from the Go type checker (go/types).
//
//	go-oracle --root WORKSPACE --out DIR
//
// WORKSPACE holds go.mod and the module's packages. Every non-test .go file that matches the default build
// context is type-checked; corpus packages are checked in import order, other imports (the standard
// library) come from the toolchain's export data. Locations are 0-based lines and UTF-16 columns of the
// name token.
//
// Symbols: package-level types (struct: class, interface: interface, other: type_alias), functions,
// methods (also interface methods), struct fields (also of nested anonymous structs, and embedded
// fields), package-level variables and constants (variable), and one pseudo initializer "<init>" per
// file, the caller of package-level code. Declarations inside function bodies are not symbols; calls in
// function literals belong to the enclosing function.
// Ref kinds: call (the function or method named by a call's callee), type (a type name; also T(x)
// conversions and embedded fields), read, write (assignment, ++/--, a composite-literal key),
// method_ref (a function or method named but not called).
// A concrete method lists in "overrides" the corpus interface methods it implements (Go has no
// declared overriding; the sampler makes such relatives neutral, as for Java's overrides).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

type Loc struct {
	Path         string `json:"path"`
	Line         int    `json:"line"`
	Character    int    `json:"character"`
	EndCharacter int    `json:"endCharacter"`
}

type Range struct {
	Start [2]int `json:"start"`
	End   [2]int `json:"end"`
}

type Symbol struct {
	ID           string   `json:"id"`
	Kind         string   `json:"kind"`
	Name         string   `json:"name"`
	Path         string   `json:"path"`
	Line         int      `json:"line"`
	Character    int      `json:"character"`
	EndCharacter int      `json:"endCharacter"`
	Range        *Range   `json:"range,omitempty"`
	Container    string   `json:"container"`
	Static       bool     `json:"static"`
	Local        bool     `json:"local"`
	Pseudo       bool     `json:"pseudo,omitempty"`
	Overrides    []string `json:"overrides"`
	Refs         int      `json:"refs"`
	JavadocRefs  int      `json:"javadocRefs"`
}

type Ref struct {
	Symbol       string `json:"symbol"`
	Path         string `json:"path"`
	Line         int    `json:"line"`
	Character    int    `json:"character"`
	EndCharacter int    `json:"endCharacter"`
	Kind         string `json:"kind"`
	From         string `json:"from"`
}

type pkg struct {
	path  string // import path
	dir   string
	files []*ast.File
	names []string // relative paths of files
	tpkg  *types.Package
	info  *types.Info
}

type oracle struct {
	root, module string
	fset         *token.FileSet
	pkgs         map[string]*pkg
	text         map[string][]byte // rel path -> content
	syms         map[string]*Symbol
	objID        map[types.Object]string
	refs         []Ref
	refSeen      map[string]bool
	errors       []string
	lines        int
}

func main() {
	root := flag.String("root", "", "workspace root (holds go.mod)")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *root == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: go-oracle --root WORKSPACE --out DIR")
		os.Exit(2)
	}
	t0 := time.Now()
	o := &oracle{fset: token.NewFileSet(), pkgs: map[string]*pkg{}, text: map[string][]byte{},
		syms: map[string]*Symbol{}, objID: map[types.Object]string{}, refSeen: map[string]bool{}}
	o.root, _ = filepath.Abs(*root)
	must(o.load())
	o.check()
	t1 := time.Now()
	o.declarations()
	o.implementations()
	t2 := time.Now()
	o.references()
	t3 := time.Now()
	must(o.write(*out, map[string]float64{"check": t1.Sub(t0).Seconds(), "declarations": t2.Sub(t1).Seconds(),
		"references": t3.Sub(t2).Seconds(), "total": time.Since(t0).Seconds()}))
	if len(o.errors) > 0 {
		for _, e := range o.errors {
			fmt.Fprintln(os.Stderr, "type error:", e)
		}
		os.Exit(1)
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// load parses every package of the module.
func (o *oracle) load() error {
	gomod, err := os.ReadFile(filepath.Join(o.root, "go.mod"))
	if err != nil {
		return err
	}
	for _, l := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "module" {
			o.module = f[1]
		}
	}
	if o.module == "" {
		return fmt.Errorf("no module line in go.mod")
	}
	ctx := build.Default
	ctx.CgoEnabled = false
	return filepath.Walk(o.root, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		name := fi.Name()
		if fi.IsDir() {
			if p != o.root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		dir := filepath.Dir(p)
		if ok, err := ctx.MatchFile(dir, name); err != nil || !ok {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(o.root, p)
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(o.fset, rel, src, parser.ParseComments)
		if err != nil {
			return err
		}
		o.text[rel] = src
		o.lines += strings.Count(string(src), "\n")
		if len(src) > 0 && src[len(src)-1] != '\n' {
			o.lines++
		}
		relDir, _ := filepath.Rel(o.root, dir)
		ip := o.module
		if relDir != "." {
			ip += "/" + filepath.ToSlash(relDir)
		}
		pk := o.pkgs[ip]
		if pk == nil {
			pk = &pkg{path: ip, dir: dir}
			o.pkgs[ip] = pk
		}
		pk.files = append(pk.files, f)
		pk.names = append(pk.names, rel)
		return nil
	})
}

// check type-checks the corpus packages, each after the corpus packages it imports.
func (o *oracle) check() {
	std := importer.Default()
	var imp importerFunc
	var visit func(ip string) *types.Package
	state := map[string]int{}
	visit = func(ip string) *types.Package {
		pk := o.pkgs[ip]
		if state[ip] == 2 {
			return pk.tpkg
		}
		if state[ip] == 1 {
			o.errors = append(o.errors, "import cycle through "+ip)
			return nil
		}
		state[ip] = 1
		pk.info = &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
			Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
			Implicits: map[ast.Node]types.Object{}}
		conf := types.Config{Importer: imp, Error: func(err error) { o.errors = append(o.errors, err.Error()) }}
		pk.tpkg, _ = conf.Check(ip, o.fset, pk.files, pk.info)
		state[ip] = 2
		return pk.tpkg
	}
	imp = func(path string) (*types.Package, error) {
		if _, ok := o.pkgs[path]; ok {
			if p := visit(path); p != nil {
				return p, nil
			}
			return nil, fmt.Errorf("cannot check %s", path)
		}
		return std.Import(path)
	}
	for _, ip := range o.sortedPkgs() {
		visit(ip)
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func (o *oracle) sortedPkgs() []string {
	var ks []string
	for k := range o.pkgs {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// pos converts a token position to (rel path, 0-based line, UTF-16 column).
func (o *oracle) pos(p token.Pos) (string, int, int) {
	tp := o.fset.Position(p)
	src := o.text[tp.Filename]
	lineStart := tp.Offset - (tp.Column - 1)
	return tp.Filename, tp.Line - 1, utf16Len(src[lineStart:tp.Offset])
}

func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += len(utf16.Encode([]rune{r}))
		b = b[size:]
	}
	return n
}

func (o *oracle) loc(id *ast.Ident) Loc {
	path, line, ch := o.pos(id.Pos())
	return Loc{path, line, ch, ch + len(utf16.Encode([]rune(id.Name)))}
}

func (o *oracle) addSym(id *ast.Ident, sid, kind, container string, node ast.Node, static bool) {
	if id == nil || id.Name == "_" {
		return
	}
	l := o.loc(id)
	if _, dup := o.syms[sid]; dup {
		sid = fmt.Sprintf("%s@%s:%d", sid, l.Path, l.Line+1)
	}
	s := &Symbol{ID: sid, Kind: kind, Name: id.Name, Path: l.Path, Line: l.Line, Character: l.Character,
		EndCharacter: l.EndCharacter, Container: container, Static: static, Overrides: []string{}}
	if node != nil {
		_, sl, sc := o.pos(node.Pos())
		_, el, ec := o.pos(node.End())
		s.Range = &Range{[2]int{sl, sc}, [2]int{el, ec}}
	}
	o.syms[sid] = s
	for _, pk := range o.pkgs {
		if obj := pk.info.Defs[id]; obj != nil {
			o.objID[obj] = sid
		}
	}
}

// declarations collects the package-level declarations and the members of package-level types.
func (o *oracle) declarations() {
	for _, ip := range o.sortedPkgs() {
		pk := o.pkgs[ip]
		for i, f := range pk.files {
			rel := pk.names[i]
			o.syms[initID(rel)] = &Symbol{ID: initID(rel), Kind: "initializer", Name: "<init>", Path: rel,
				Container: ip, Static: true, Pseudo: true, Overrides: []string{}}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil {
						o.addSym(d.Name, ip+"."+d.Name.Name, "function", ip, d, true)
					} else {
						recv := recvName(d.Recv.List[0].Type)
						o.addSym(d.Name, ip+"."+recv+"."+d.Name.Name, "method", ip+"."+recv, d, false)
					}
				case *ast.GenDecl:
					for _, sp := range d.Specs {
						switch sp := sp.(type) {
						case *ast.TypeSpec:
							tid := ip + "." + sp.Name.Name
							kind := "type_alias"
							switch sp.Type.(type) {
							case *ast.StructType:
								kind = "class"
							case *ast.InterfaceType:
								kind = "interface"
							}
							o.addSym(sp.Name, tid, kind, ip, sp, true)
							o.members(sp.Type, tid)
						case *ast.ValueSpec:
							for _, n := range sp.Names {
								o.addSym(n, ip+"."+n.Name, "variable", ip, sp, true)
							}
							if sp.Type != nil {
								o.members(sp.Type, ip+"."+sp.Names[0].Name)
							}
						}
					}
				}
			}
		}
	}
}

func initID(rel string) string { return rel + ":<init>" }

func recvName(t ast.Expr) string {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}

// members adds the fields of a struct type (recursively through anonymous struct types) and the methods
// of an interface type.
func (o *oracle) members(t ast.Expr, container string) {
	ast.Inspect(t, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.StructType:
			for _, fl := range n.Fields.List {
				if len(fl.Names) == 0 { // embedded field: the name is the type's
					if id := embeddedName(fl.Type); id != nil {
						o.addSym(id, container+"."+id.Name, "field", container, fl, false)
					}
				}
				for _, nm := range fl.Names {
					o.addSym(nm, container+"."+nm.Name, "field", container, fl, false)
					o.members(fl.Type, container+"."+nm.Name)
				}
			}
			return false
		case *ast.InterfaceType:
			for _, m := range n.Methods.List {
				for _, nm := range m.Names {
					o.addSym(nm, container+"."+nm.Name, "method", container, m, false)
				}
			}
			return false
		}
		return true
	})
}

func embeddedName(t ast.Expr) *ast.Ident {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.SelectorExpr:
			return x.Sel
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x
		default:
			return nil
		}
	}
}

// implementations: a concrete method of a corpus type implementing a corpus interface lists the
// interface's method in "overrides".
func (o *oracle) implementations() {
	var named []*types.Named
	var ifaces []*types.Named
	for _, ip := range o.sortedPkgs() {
		sc := o.pkgs[ip].tpkg.Scope()
		for _, n := range sc.Names() {
			tn, ok := sc.Lookup(n).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			nt, ok := tn.Type().(*types.Named)
			if !ok {
				continue
			}
			if types.IsInterface(nt) {
				ifaces = append(ifaces, nt)
			} else {
				named = append(named, nt)
			}
		}
	}
	for _, it := range ifaces {
		iface := it.Underlying().(*types.Interface)
		if iface.NumMethods() == 0 {
			continue
		}
		for _, nt := range named {
			var t types.Type = nt
			if !types.Implements(t, iface) {
				t = types.NewPointer(nt)
				if !types.Implements(t, iface) {
					continue
				}
			}
			ms := types.NewMethodSet(t)
			for i := 0; i < iface.NumMethods(); i++ {
				im := iface.Method(i)
				iid, ok := o.objID[im]
				if !ok {
					continue
				}
				sel := ms.Lookup(im.Pkg(), im.Name())
				if sel == nil {
					continue
				}
				cid, ok := o.objID[sel.Obj()]
				if !ok || cid == iid {
					continue
				}
				s := o.syms[cid]
				if !contains(s.Overrides, iid) {
					s.Overrides = append(s.Overrides, iid)
					sort.Strings(s.Overrides)
				}
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func origin(obj types.Object) types.Object {
	switch x := obj.(type) {
	case *types.Func:
		return x.Origin()
	case *types.Var:
		return x.Origin()
	}
	return obj
}

// references walks every file and records the uses of corpus symbols.
func (o *oracle) references() {
	for _, ip := range o.sortedPkgs() {
		pk := o.pkgs[ip]
		for i, f := range pk.files {
			rel := pk.names[i]
			for _, d := range f.Decls {
				from := initID(rel)
				if fd, ok := d.(*ast.FuncDecl); ok {
					if sid, ok := o.objID[pk.info.Defs[fd.Name]]; ok {
						from = sid
					}
				}
				o.walk(pk, d, from)
			}
		}
	}
}

func (o *oracle) walk(pk *pkg, root ast.Node, from string) {
	kinds := map[*ast.Ident]string{}
	mark := func(e ast.Expr, k string) {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
				continue
			case *ast.SelectorExpr:
				kinds[x.Sel] = k
			case *ast.Ident:
				kinds[x] = k
			case *ast.IndexExpr: // generic instantiation f[T](...)
				e = x.X
				continue
			case *ast.IndexListExpr:
				e = x.X
				continue
			}
			return
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			mark(n.Fun, "call")
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					mark(l, "write")
				}
			}
		case *ast.IncDecStmt:
			mark(n.X, "write")
		case *ast.CompositeLit:
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						kinds[id] = "write"
					}
				}
			}
		}
		return true
	})
	ast.Inspect(root, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := pk.info.Uses[id]
		if obj == nil {
			return true
		}
		sid, ok := o.objID[origin(obj)]
		if !ok {
			return true
		}
		kind := kinds[id]
		switch obj.(type) {
		case *types.TypeName:
			kind = "type" // also T(x), a conversion
		case *types.Func:
			if kind != "call" {
				kind = "method_ref"
			}
		default:
			if kind == "call" { // a call through a function-valued variable or field
				kind = "read"
			}
			if kind == "" {
				kind = "read"
			}
		}
		l := o.loc(id)
		key := fmt.Sprintf("%s|%s|%d|%d", sid, l.Path, l.Line, l.Character)
		if o.refSeen[key] {
			return true
		}
		o.refSeen[key] = true
		o.refs = append(o.refs, Ref{sid, l.Path, l.Line, l.Character, l.EndCharacter, kind, from})
		return true
	})
}

type site struct {
	Path         string `json:"path"`
	Line         int    `json:"line"`
	Character    int    `json:"character"`
	EndCharacter int    `json:"endCharacter"`
	Kind         string `json:"kind"`
}

type edge struct {
	From         string `json:"from,omitempty"`
	FromKind     string `json:"fromKind,omitempty"`
	FromLocation *Loc   `json:"fromLocation,omitempty"`
	To           string `json:"to,omitempty"`
	ToKind       string `json:"toKind,omitempty"`
	ToLocation   *Loc   `json:"toLocation,omitempty"`
	Sites        []site `json:"sites"`
}

type callRec struct {
	Symbol  string `json:"symbol"`
	Kind    string `json:"kind"`
	Callers []edge `json:"callers"`
	Callees []edge `json:"callees"`
}

func (o *oracle) write(out string, seconds map[string]float64) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, r := range o.refs {
		o.syms[r.Symbol].Refs++
	}
	var syms []*Symbol
	for _, s := range o.syms {
		syms = append(syms, s)
	}
	sort.Slice(syms, func(i, j int) bool {
		a, b := syms[i], syms[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Character != b.Character {
			return a.Character < b.Character
		}
		return a.ID < b.ID
	})
	sort.Slice(o.refs, func(i, j int) bool {
		a, b := o.refs[i], o.refs[j]
		if a.Symbol != b.Symbol {
			return a.Symbol < b.Symbol
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Character < b.Character
	})
	if err := writeJSONL(filepath.Join(out, "symbols.jsonl"), len(syms), func(i int) interface{} { return syms[i] }); err != nil {
		return err
	}
	if err := writeJSONL(filepath.Join(out, "refs.jsonl"), len(o.refs), func(i int) interface{} { return o.refs[i] }); err != nil {
		return err
	}
	callable := func(k string) bool { return k == "function" || k == "method" }
	callers := map[string]map[string][]site{}
	callees := map[string]map[string][]site{}
	add := func(m map[string]map[string][]site, a, b string, s site) {
		if m[a] == nil {
			m[a] = map[string][]site{}
		}
		m[a][b] = append(m[a][b], s)
	}
	for _, r := range o.refs {
		if r.Kind != "call" || !callable(o.syms[r.Symbol].Kind) {
			continue
		}
		s := site{r.Path, r.Line, r.Character, r.EndCharacter, r.Kind}
		add(callers, r.Symbol, r.From, s)
		add(callees, r.From, r.Symbol, s)
	}
	ids := make([]string, 0, len(o.syms))
	for id := range o.syms {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	loc := func(s *Symbol) *Loc { return &Loc{s.Path, s.Line, s.Character, s.EndCharacter} }
	var recs []callRec
	for _, id := range ids {
		s := o.syms[id]
		ins, outs := callers[id], callees[id]
		if !callable(s.Kind) && len(ins) == 0 && len(outs) == 0 {
			continue
		}
		rec := callRec{Symbol: id, Kind: s.Kind, Callers: []edge{}, Callees: []edge{}}
		for _, k := range sortedKeys(ins) {
			f := o.syms[k]
			rec.Callers = append(rec.Callers, edge{From: k, FromKind: f.Kind, FromLocation: loc(f), Sites: ins[k]})
		}
		for _, k := range sortedKeys(outs) {
			t := o.syms[k]
			rec.Callees = append(rec.Callees, edge{To: k, ToKind: t.Kind, ToLocation: loc(t), Sites: outs[k]})
		}
		recs = append(recs, rec)
	}
	if err := writeJSONL(filepath.Join(out, "calls.jsonl"), len(recs), func(i int) interface{} { return recs[i] }); err != nil {
		return err
	}
	symKinds, refKinds := map[string]int{}, map[string]int{}
	for _, s := range syms {
		symKinds[s.Kind]++
	}
	for _, r := range o.refs {
		refKinds[r.Kind]++
	}
	stats := map[string]interface{}{"root": o.root, "tool": "go/types " + goVersion(), "module": o.module,
		"packages": len(o.pkgs), "files": len(o.text), "lines": o.lines, "typeErrors": len(o.errors),
		"symbols": len(syms), "symbolKinds": symKinds, "refs": len(o.refs), "refKinds": refKinds, "seconds": seconds}
	b, _ := json.Marshal(stats)
	fmt.Println(string(b))
	return os.WriteFile(filepath.Join(out, "stats.json"), append(b, '\n'), 0o644)
}

func sortedKeys(m map[string][]site) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func writeJSONL(path string, n int, at func(int) interface{}) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		if err := enc.Encode(at(i)); err != nil {
			return err
		}
	}
	return nil
}
