package dev.vcr.kernel.ingest;

import static dev.vcr.kernel.ingest.PropModel.pick;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TypeScript workspace for {@link IncrementalEqualsCleanTest}: modules in a few folders with classes and
 * interfaces ({@code extends}, {@code implements}, typed fields), functions, named and namespace imports
 * with relative specifiers (computed from where the files are, so a moved file's importers break unless
 * they are updated); bodies call through {@code new}, typed locals, parameters and fields, {@code this},
 * {@code super}, namespaces, chains through declared return types, members of exported values without a
 * declared type ({@code export const made1 = make()}), and names nobody declares yet.
 */
final class PropTsModel implements PropModel {
  private static final String[] DIRS = {"src", "src/lib", "src/ui"};
  private static final String[] MODULES = {"models", "utils", "core", "views", "store", "helpers"};
  private static final String[] TYPE_NAMES = {"Node", "Shape", "Box", "Item", "Store", "Base", "Service", "Later"};
  private static final String[] FUNC_NAMES = {"run", "get", "apply", "process", "make", "handle", "update", "check"};
  private static final String[] FIELD_NAMES = {"owner", "data", "parent", "child"};

  private final String[] dirs;
  private final String[] types;
  private final String[] funcs;
  private final String[] fields;

  static final class TsFunc {
    String name;
    List<String> params = new ArrayList<>(); // parameter types
    String ret; // a class name, "number" or "void"
    List<String> body = new ArrayList<>();
  }

  static final class TsClass {
    String name;
    boolean iface;
    String ext;
    List<String> impls = new ArrayList<>();
    List<String[]> fields = new ArrayList<>(); // {name, type}
    List<TsFunc> methods = new ArrayList<>();
  }

  /** An import of {@code name} from the module at {@code target} (a path without extension), or of the whole module as {@code alias}. */
  static final class TsImport {
    String target;
    String name; // null for a namespace import
    String alias;
  }

  static final class TsModule {
    String dir;
    String name;
    List<TsImport> imports = new ArrayList<>();
    List<TsClass> classes = new ArrayList<>();
    List<TsFunc> funcs = new ArrayList<>();
    List<String> top = new ArrayList<>();
    int broken;

    String target() {
      return dir + "/" + name;
    }

    String path() {
      return target() + ".ts";
    }
  }

  record Where(TsModule module, TsClass cls) {}

  private final List<TsModule> modules = new ArrayList<>();
  private int locals;

  /** A project under {@code p<project>/}, its names suffixed per project (see PropJavaModel). */
  PropTsModel(Random rnd, int project) {
    String suffix = project == 0 ? "" : String.valueOf((char) ('A' + project));
    dirs = PropModel.suffixed(DIRS, "p" + project + "/", "");
    types = PropModel.suffixed(TYPE_NAMES, "", suffix);
    funcs = PropModel.suffixed(FUNC_NAMES, "", suffix);
    fields = PropModel.suffixed(FIELD_NAMES, "", suffix);
    int n = 4 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      newModule(rnd, null);
    }
    for (TsModule m : modules) {
      fillBodies(rnd, m);
    }
  }

  // ------------------------------------------------------------------------------------- rendering

  @Override
  public SortedMap<String, String> render() {
    SortedMap<String, String> out = new TreeMap<>();
    for (TsModule m : modules) {
      out.put(m.path(), render(m));
    }
    return out;
  }

  private static String specifier(TsModule from, String target) {
    String rel = Path.of(from.dir).relativize(Path.of(target)).toString().replace('\\', '/');
    return rel.startsWith("..") ? rel : "./" + rel;
  }

  private static String render(TsModule m) {
    StringBuilder b = new StringBuilder();
    for (TsImport i : m.imports) {
      String spec = specifier(m, i.target);
      if (i.name == null) {
        b.append("import * as ").append(i.alias).append(" from '").append(spec).append("';\n");
      } else {
        b.append("import { ").append(i.name).append(" } from '").append(spec).append("';\n");
      }
    }
    b.append('\n');
    for (TsClass k : m.classes) {
      b.append("export ").append(k.iface ? "interface " : "class ").append(k.name);
      if (k.ext != null) {
        b.append(" extends ").append(k.ext);
      }
      if (!k.impls.isEmpty()) {
        b.append(k.iface ? (k.ext == null ? " extends " : ", ") : " implements ").append(String.join(", ", k.impls));
      }
      b.append(" {\n");
      for (String[] f : k.fields) {
        b.append("  ").append(f[0]).append(k.iface ? "" : "!").append(": ").append(f[1]).append(";\n");
      }
      for (TsFunc f : k.methods) {
        b.append("  ").append(f.name).append('(').append(params(f)).append("): ").append(f.ret);
        if (k.iface) {
          b.append(";\n");
          continue;
        }
        b.append(" {\n");
        body(b, f, "    ");
        b.append("  }\n");
      }
      b.append("}\n\n");
    }
    for (TsFunc f : m.funcs) {
      b.append("export function ").append(f.name).append('(').append(params(f)).append("): ").append(f.ret).append(" {\n");
      body(b, f, "  ");
      b.append("}\n\n");
    }
    for (String s : m.top) {
      b.append(s).append('\n');
    }
    String text = b.toString();
    switch (m.broken) {
      case 1:
        return text + "export function broken( {\n";
      case 2:
        return text.replaceFirst("\\);\n", ";\n");
      case 3:
        return text.replaceFirst("\\{\n", "{{\n");
      default:
        return text;
    }
  }

  private static String params(TsFunc f) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < f.params.size(); i++) {
      b.append(i == 0 ? "" : ", ").append("p").append(i).append(": ").append(f.params.get(i));
    }
    return b.toString();
  }

  private static void body(StringBuilder b, TsFunc f, String indent) {
    for (String s : f.body) {
      b.append(indent).append(s).append('\n');
    }
    if (!f.ret.equals("void")) {
      b.append(indent).append("return ").append(f.ret.equals("number") ? "0" : "new " + f.ret + "()").append(";\n");
    }
  }

  @Override
  public List<String> queries(Random rnd) {
    List<String> q = new ArrayList<>(List.of(types[0], funcs[0], "mk", types[2] + "." + funcs[1]));
    List<Where> all = classes();
    for (int i = 0; i < 2 && !all.isEmpty(); i++) {
      Where w = pick(rnd, all);
      q.add(w.cls().name.substring(0, Math.min(2, w.cls().name.length())).toLowerCase());
    }
    return q;
  }

  // ------------------------------------------------------------------------------------- lookups

  private List<Where> classes() {
    List<Where> out = new ArrayList<>();
    for (TsModule m : modules) {
      for (TsClass k : m.classes) {
        out.add(new Where(m, k));
      }
    }
    return out;
  }

  private Where classNamed(String name) {
    for (Where w : classes()) {
      if (w.cls().name.equals(name)) {
        return w;
      }
    }
    return null;
  }

  private boolean pathTaken(String dir, String name) {
    for (TsModule m : modules) {
      if (m.dir.equals(dir) && m.name.equals(name)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------- generation

  private TsModule newModule(Random rnd, String className) {
    for (int attempt = 0; attempt < 20; attempt++) {
      String dir = pick(rnd, dirs);
      String n = pick(rnd, MODULES) + (rnd.nextInt(3) == 0 ? String.valueOf(rnd.nextInt(3)) : "");
      if (pathTaken(dir, n)) {
        continue;
      }
      TsModule m = new TsModule();
      m.dir = dir;
      m.name = n;
      modules.add(m);
      int classes = className != null ? 1 : 1 + rnd.nextInt(2);
      for (int i = 0; i < classes; i++) {
        m.classes.add(newClass(rnd, m, i == 0 && className != null ? className : pick(rnd, types)));
      }
      int fs = rnd.nextInt(3);
      for (int i = 0; i < fs; i++) {
        m.funcs.add(newFunc(rnd, m, null));
      }
      return m;
    }
    return null;
  }

  private TsClass newClass(Random rnd, TsModule m, String name) {
    TsClass k = new TsClass();
    k.name = name;
    k.iface = rnd.nextInt(5) == 0;
    List<Where> all = classes();
    if (!all.isEmpty() && rnd.nextBoolean()) {
      Where sup = pick(rnd, all);
      if (sup.cls().iface && !k.iface) {
        k.impls.add(useName(rnd, m, sup.module(), sup.cls().name, false));
      } else if (sup.cls().iface == k.iface) {
        k.ext = useName(rnd, m, sup.module(), sup.cls().name, false);
      }
    }
    int fs = rnd.nextInt(3);
    for (int i = 0; i < fs && !all.isEmpty(); i++) {
      Where t = pick(rnd, all);
      k.fields.add(new String[] {pick(rnd, fields), useName(rnd, m, t.module(), t.cls().name, false)});
    }
    int methods = 1 + rnd.nextInt(3);
    for (int i = 0; i < methods; i++) {
      k.methods.add(newFunc(rnd, m, null));
    }
    return k;
  }

  private String typeFor(Random rnd, TsModule m) {
    List<Where> all = classes();
    if (!all.isEmpty() && rnd.nextInt(3) != 0) {
      Where w = pick(rnd, all);
      return useName(rnd, m, w.module(), w.cls().name, false);
    }
    return rnd.nextBoolean() ? "number" : "void";
  }

  private TsFunc newFunc(Random rnd, TsModule m, String name) {
    TsFunc f = new TsFunc();
    f.name = name != null ? name : pick(rnd, funcs);
    int arity = rnd.nextInt(3);
    for (int i = 0; i < arity; i++) {
      String t = typeFor(rnd, m);
      f.params.add(t.equals("void") ? "string" : t);
    }
    f.ret = typeFor(rnd, m);
    return f;
  }

  /**
   * How {@code m} names {@code name} of module {@code owner}: as is when it is local or imported by name,
   * {@code ns.name} through a namespace import (never in a type position), adding an import when missing.
   */
  private String useName(Random rnd, TsModule m, TsModule owner, String name, boolean valuePosition) {
    if (owner == m) {
      return name;
    }
    for (TsImport i : m.imports) {
      if (i.target.equals(owner.target()) && name.equals(i.name)) {
        return name;
      }
      if (valuePosition && i.target.equals(owner.target()) && i.name == null) {
        return i.alias + "." + name;
      }
    }
    TsImport i = new TsImport();
    i.target = owner.target();
    if (valuePosition && rnd.nextInt(3) == 0) {
      i.alias = owner.name + "Ns";
      for (TsImport j : m.imports) {
        if (i.alias.equals(j.alias)) {
          return name; // the alias is taken by another module: leave the name unbound
        }
      }
      m.imports.add(i);
      return i.alias + "." + name;
    }
    i.name = name;
    m.imports.add(i);
    return name;
  }

  private void fillBodies(Random rnd, TsModule m) {
    for (TsClass k : m.classes) {
      if (!k.iface) {
        for (TsFunc f : k.methods) {
          fillBody(rnd, m, k, f);
        }
      }
    }
    for (TsFunc f : m.funcs) {
      fillBody(rnd, m, null, f);
    }
    if (rnd.nextInt(3) == 0) {
      String s = statement(rnd, m, null, null, new ArrayList<>());
      if (s != null) {
        m.top.add(s);
      }
    }
    if (rnd.nextInt(3) == 0) {
      // an exported value without a declared type: other modules' uses of its members follow its initializer
      TsModule o = pick(rnd, modules);
      if (!o.funcs.isEmpty()) {
        TsFunc g = pick(rnd, o.funcs);
        String name = "made" + (locals++);
        m.top.add("export const " + name + " = " + useName(rnd, m, o, g.name, true) + "(" + args(g.params) + ");");
        made.add(new Made(m, name, g.ret));
      }
    }
  }

  /** An exported module-level value initialised by a call of a function that returned {@code type} then. */
  record Made(TsModule module, String name, String type) {}

  private final List<Made> made = new ArrayList<>();

  private void fillBody(Random rnd, TsModule m, TsClass k, TsFunc f) {
    List<String[]> scope = new ArrayList<>();
    for (int i = 0; i < f.params.size(); i++) {
      scope.add(new String[] {f.params.get(i), "p" + i});
    }
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      String s = statement(rnd, m, k, f, scope);
      if (s != null) {
        f.body.add(s);
      }
    }
  }

  private static String args(List<String> types) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < types.size(); i++) {
      String t = types.get(i);
      b.append(i == 0 ? "" : ", ").append(t.equals("number") ? "1" : t.equals("string") ? "'s'" : "undefined!");
    }
    return b.toString();
  }

  private String callOn(Random rnd, String recv, String type, List<String[]> scope) {
    Where w = classNamed(type);
    if (w == null || w.cls().methods.isEmpty()) {
      return recv + "." + pick(rnd, funcs) + "();";
    }
    TsFunc f = pick(rnd, w.cls().methods);
    String call = recv + "." + f.name + "(" + args(f.params) + ")";
    if (classNamed(f.ret) != null && rnd.nextBoolean()) {
      String v = "v" + (locals++);
      scope.add(new String[] {f.ret, v});
      return "const " + v + " = " + call + ";";
    }
    return call + ";";
  }

  private String statement(Random rnd, TsModule m, TsClass k, TsFunc f, List<String[]> scope) {
    List<Where> all = classes();
    switch (rnd.nextInt(11)) {
      case 10: { // a member of another module's inferred value
        if (made.isEmpty()) {
          return null;
        }
        Made v = pick(rnd, made);
        if (v.module() == m || !modules.contains(v.module())) {
          return null;
        }
        return callOn(rnd, useName(rnd, m, v.module(), v.name(), true), v.type(), scope);
      }
      case 0: { // new
        Where w = pick(rnd, all);
        if (w.cls().iface) {
          return null;
        }
        String v = "v" + (locals++);
        scope.add(new String[] {w.cls().name, v});
        return "const " + v + " = new " + useName(rnd, m, w.module(), w.cls().name, true) + "();";
      }
      case 1:
      case 2: { // through a typed local or parameter
        List<String[]> typed = new ArrayList<>();
        for (String[] v : scope) {
          if (classNamed(v[0]) != null) {
            typed.add(v);
          }
        }
        if (typed.isEmpty()) {
          return null;
        }
        String[] v = pick(rnd, typed);
        return callOn(rnd, v[1], v[0], scope);
      }
      case 3: { // this, or a typed field
        if (k == null) {
          return null;
        }
        if (!k.fields.isEmpty() && rnd.nextBoolean()) {
          String[] fd = pick(rnd, k.fields);
          return callOn(rnd, "this." + fd[0], fd[1], scope);
        }
        return callOn(rnd, "this", k.name, scope);
      }
      case 4: { // a function, maybe through a namespace
        TsModule o = pick(rnd, modules);
        if (o.funcs.isEmpty()) {
          return null;
        }
        TsFunc g = pick(rnd, o.funcs);
        return useName(rnd, m, o, g.name, true) + "(" + args(g.params) + ");";
      }
      case 5: { // super
        if (k == null || k.ext == null || f == null) {
          return null;
        }
        Where w = classNamed(k.ext);
        return w == null || w.cls().methods.isEmpty() ? null : "super." + pick(rnd, w.cls().methods).name + "();";
      }
      case 6: { // a chain through a declared return type
        if (k == null) {
          return null;
        }
        for (TsFunc g : k.methods) {
          Where w = classNamed(g.ret);
          if (g != f && w != null && !w.cls().methods.isEmpty()) {
            TsFunc h = pick(rnd, w.cls().methods);
            return "this." + g.name + "(" + args(g.params) + ")." + h.name + "(" + args(h.params) + ");";
          }
        }
        return null;
      }
      case 7: // names nobody may declare yet
        return rnd.nextBoolean() ? "new " + pick(rnd, types) + "()." + pick(rnd, funcs) + "();"
            : pick(rnd, funcs) + "Later(1);";
      case 8:
        return "console.log('x');";
      default: { // a fresh instance's method
        Where w = pick(rnd, all);
        if (w.cls().iface) {
          return null;
        }
        return callOn(rnd, "new " + useName(rnd, m, w.module(), w.cls().name, true) + "()", w.cls().name, scope);
      }
    }
  }

  // ------------------------------------------------------------------------------------- edits

  @Override
  public String edit(Random rnd) {
    for (int attempt = 0; attempt < 50; attempt++) {
      String d = tryEdit(rnd, rnd.nextInt(15));
      if (d != null) {
        return d;
      }
    }
    return "nothing";
  }

  private String tryEdit(Random rnd, int kind) {
    if (modules.isEmpty()) {
      TsModule m = newModule(rnd, null);
      fillBodies(rnd, m);
      return "add module " + m.path();
    }
    TsModule m = pick(rnd, modules);
    TsClass k = m.classes.isEmpty() ? null : pick(rnd, m.classes);
    List<TsFunc> fs = new ArrayList<>(m.funcs);
    if (k != null) {
      fs.addAll(k.methods);
    }
    switch (kind) {
      case 0: { // add a method or a function
        TsFunc f = newFunc(rnd, m, null);
        if (k != null && rnd.nextBoolean()) {
          if (!k.iface) {
            fillBody(rnd, m, k, f);
          }
          k.methods.add(rnd.nextInt(k.methods.size() + 1), f);
          return "add method " + k.name + "." + f.name + " in " + m.path();
        }
        fillBody(rnd, m, null, f);
        m.funcs.add(f);
        return "add function " + f.name + " in " + m.path();
      }
      case 1: { // add a class
        TsClass c = newClass(rnd, m, pick(rnd, types));
        m.classes.add(c);
        if (!c.iface) {
          for (TsFunc f : c.methods) {
            fillBody(rnd, m, c, f);
          }
        }
        return "add " + (c.iface ? "interface " : "class ") + c.name + " in " + m.path();
      }
      case 2: { // remove a declaration
        if (k != null && rnd.nextBoolean()) {
          if (!k.methods.isEmpty() && rnd.nextBoolean()) {
            TsFunc f = k.methods.remove(rnd.nextInt(k.methods.size()));
            return "remove method " + k.name + "." + f.name + " in " + m.path();
          }
          m.classes.remove(k);
          return "remove class " + k.name + " from " + m.path();
        }
        if (m.funcs.isEmpty()) {
          return null;
        }
        TsFunc f = m.funcs.remove(rnd.nextInt(m.funcs.size()));
        return "remove function " + f.name + " from " + m.path();
      }
      case 3: { // rename a function or method
        if (fs.isEmpty()) {
          return null;
        }
        TsFunc f = pick(rnd, fs);
        String old = f.name;
        f.name = pick(rnd, funcs) + (rnd.nextBoolean() ? "" : "X");
        return f.name.equals(old) ? null
            : "rename " + old + " -> " + f.name + " in " + m.path() + rewriteUses(rnd, old, f.name);
      }
      case 4: { // rename a class
        if (k == null) {
          return null;
        }
        String old = k.name;
        k.name = pick(rnd, types) + (rnd.nextBoolean() ? "" : "2");
        return k.name.equals(old) ? null
            : "rename class " + old + " -> " + k.name + " in " + m.path() + rewriteUses(rnd, old, k.name);
      }
      case 5: { // a return, parameter or field type
        int r = rnd.nextInt(3);
        if (r == 2 && k != null && !k.fields.isEmpty()) {
          String[] fd = pick(rnd, k.fields);
          String old = fd[1];
          String t = typeFor(rnd, m);
          fd[1] = t.equals("void") ? "number" : t;
          return "type of " + k.name + "." + fd[0] + ": " + old + " -> " + fd[1] + " in " + m.path();
        }
        if (fs.isEmpty()) {
          return null;
        }
        TsFunc f = pick(rnd, fs);
        if (r == 0) {
          String old = f.ret;
          f.ret = typeFor(rnd, m);
          return old.equals(f.ret) ? null : "return type of " + f.name + ": " + old + " -> " + f.ret + " in " + m.path();
        }
        String t = typeFor(rnd, m);
        f.params.add(t.equals("void") ? "string" : t);
        return "parameters of " + f.name + " -> " + f.params + " in " + m.path();
      }
      case 6: { // extends / implements
        if (k == null) {
          return null;
        }
        String before = "extends " + k.ext + " implements " + k.impls;
        Where w = pick(rnd, classes());
        if (w.cls() == k) {
          return null;
        }
        if (rnd.nextInt(3) == 0) {
          k.ext = null;
          k.impls.clear();
        } else if (w.cls().iface && !k.iface) {
          k.impls.add(useName(rnd, m, w.module(), w.cls().name, false));
        } else if (w.cls().iface == k.iface) {
          k.ext = useName(rnd, m, w.module(), w.cls().name, false);
        } else {
          return null;
        }
        return "supertypes of " + k.name + ": " + before + " -> extends " + k.ext + " implements " + k.impls
            + " in " + m.path();
      }
      case 7: { // imports
        if (!m.imports.isEmpty() && rnd.nextBoolean()) {
          TsImport i = m.imports.get(rnd.nextInt(m.imports.size()));
          if (rnd.nextBoolean()) {
            m.imports.remove(i);
            return "remove the import of " + (i.name == null ? "* as " + i.alias : i.name) + " from " + i.target
                + " in " + m.path();
          }
          String old = i.target;
          i.target = pick(rnd, modules).target();
          return "import of " + (i.name == null ? "* as " + i.alias : i.name) + " now from " + i.target + " (was "
              + old + ") in " + m.path();
        }
        Where w = pick(rnd, classes());
        if (w.module() == m) {
          return null;
        }
        int before = m.imports.size();
        useName(rnd, m, w.module(), w.cls().name, true);
        return m.imports.size() == before ? null : "add an import of " + w.cls().name + " to " + m.path();
      }
      case 8: // delete a module
        modules.remove(m);
        return "delete " + m.path();
      case 9: { // move or rename a module
        String oldPath = m.path();
        String oldTarget = m.target();
        String dir = pick(rnd, dirs);
        String name = rnd.nextBoolean() ? m.name : pick(rnd, MODULES);
        if (pathTaken(dir, name)) {
          return null;
        }
        m.dir = dir;
        m.name = name;
        String updated = "";
        if (rnd.nextBoolean()) {
          updated = ", importers updated";
          for (TsModule o : modules) {
            for (TsImport i : o.imports) {
              if (i.target.equals(oldTarget)) {
                i.target = m.target();
              }
            }
          }
        }
        return "move " + oldPath + " -> " + m.path() + updated;
      }
      case 10:
        return declareUsedName(rnd);
      case 11:
      case 12: { // a body only
        List<TsFunc> bodies = new ArrayList<>(m.funcs);
        if (k != null && !k.iface) {
          bodies.addAll(k.methods);
        }
        if (bodies.isEmpty()) {
          return null;
        }
        TsFunc f = pick(rnd, bodies);
        if (!f.body.isEmpty() && rnd.nextBoolean()) {
          String s = f.body.remove(rnd.nextInt(f.body.size()));
          return "body of " + f.name + ": remove `" + s + "` in " + m.path();
        }
        String s = statement(rnd, m, m.funcs.contains(f) ? null : k, f, new ArrayList<>());
        if (s == null) {
          return null;
        }
        f.body.add(rnd.nextInt(f.body.size() + 1), s);
        return "body of " + f.name + ": add `" + s + "` in " + m.path();
      }
      case 13: { // a syntax error, or its fix
        for (TsModule b : modules) {
          if (b.broken != 0 && rnd.nextInt(3) != 0) {
            b.broken = 0;
            return "fix the syntax error in " + b.path();
          }
        }
        m.broken = 1 + rnd.nextInt(3);
        return "syntax error #" + m.broken + " in " + m.path();
      }
      default: { // add a module
        TsModule nm = newModule(rnd, null);
        if (nm == null) {
          return null;
        }
        fillBodies(rnd, nm);
        return "add module " + nm.path();
      }
    }
  }

  private String rewriteUses(Random rnd, String from, String to) {
    if (rnd.nextInt(3) == 0) {
      return "";
    }
    boolean all = rnd.nextBoolean();
    List<String> touched = new ArrayList<>();
    for (TsModule m : modules) {
      if (!all && rnd.nextBoolean()) {
        continue;
      }
      touched.add(m.path());
      for (TsImport i : m.imports) {
        if (from.equals(i.name)) {
          i.name = to;
        }
      }
      m.top.replaceAll(s -> PropModel.replaceWord(s, from, to));
      List<TsFunc> fs = new ArrayList<>(m.funcs);
      for (TsClass k : m.classes) {
        fs.addAll(k.methods);
        k.ext = k.ext == null ? null : PropModel.replaceWord(k.ext, from, to);
        k.impls.replaceAll(s -> PropModel.replaceWord(s, from, to));
        for (String[] fd : k.fields) {
          fd[1] = PropModel.replaceWord(fd[1], from, to);
        }
      }
      for (TsFunc f : fs) {
        f.body.replaceAll(s -> PropModel.replaceWord(s, from, to));
        f.ret = PropModel.replaceWord(f.ret, from, to);
        f.params.replaceAll(s -> PropModel.replaceWord(s, from, to));
      }
    }
    return all ? ", uses renamed everywhere" : ", uses renamed in " + touched;
  }

  /** A new module declaring a class or function that code already uses and nobody declares; some users import it. */
  private String declareUsedName(Random rnd) {
    TreeSet<String> declared = new TreeSet<>();
    for (TsModule m : modules) {
      m.classes.forEach(c -> declared.add(c.name));
      m.funcs.forEach(f -> declared.add(f.name));
    }
    TreeSet<String> used = new TreeSet<>();
    Pattern call = Pattern.compile("(?<![.\\w])(?:new )?([A-Za-z_]\\w*)\\(");
    for (TsModule m : modules) {
      List<String> stmts = new ArrayList<>(m.top);
      m.funcs.forEach(f -> stmts.addAll(f.body));
      m.classes.forEach(c -> c.methods.forEach(f -> stmts.addAll(f.body)));
      for (String s : stmts) {
        Matcher mt = call.matcher(s);
        while (mt.find()) {
          used.add(mt.group(1));
        }
      }
    }
    used.removeAll(declared);
    used.remove("super");
    if (used.isEmpty()) {
      return null;
    }
    String name = pick(rnd, new ArrayList<>(used));
    boolean isClass = Character.isUpperCase(name.charAt(0));
    TsModule nm = newModule(rnd, isClass ? name : null);
    if (nm == null) {
      return null;
    }
    if (isClass) {
      nm.classes.get(0).iface = false;
    } else {
      TsFunc f = newFunc(rnd, nm, name);
      f.params.clear();
      f.params.add("number");
      nm.funcs.add(f);
    }
    fillBodies(rnd, nm);
    for (TsModule o : modules) {
      if (o != nm && rnd.nextBoolean()) {
        TsImport i = new TsImport();
        i.target = nm.target();
        i.name = name;
        o.imports.add(i);
      }
    }
    return "add " + nm.path() + " declaring the used name " + name;
  }
}
