package dev.vcr.kernel.ingest;

import static dev.vcr.kernel.ingest.PropModel.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python workspace for {@link IncrementalEqualsCleanTest}: packages of modules with classes (with bases,
 * {@code __init__} attributes, methods with return annotations) and functions, imported with
 * {@code from x import y}, {@code from . import m}, {@code import a.b as m}; bodies construct instances and
 * call through locals, {@code self}, {@code self.attr}, {@code super()}, modules, chains through
 * annotated returns, and names nobody declares yet. Module-level statements give file-level calls.
 */
final class PropPythonModel implements PropModel {
  private static final String[] PACKAGES = {"app", "lib", "app/sub"};
  private static final String[] MODULES = {"models", "utils", "core", "views", "store", "helpers"};
  private static final String[] TYPE_NAMES = {"Node", "Shape", "Box", "Item", "Store", "Base", "Service", "Later",
      "Ghost"};
  private static final String[] FUNC_NAMES = {"run", "get", "apply", "process", "make", "handle", "update", "check",
      "build"};
  private static final String[] ATTR_NAMES = {"owner", "data", "parent", "child", "store"};

  // This project's vocabularies: under p<project>/, names suffixed per project (see PropJavaModel).
  private final String[] PKGS;
  private final String[] TYPES;
  private final String[] FUNCS;
  private final String[] ATTRS;

  static final class PyFunc {
    String name;
    int arity;
    String ret; // the return annotation, or null
    List<String> body = new ArrayList<>();
  }

  static final class PyClass {
    String name;
    List<String> bases = new ArrayList<>();
    List<String[]> attrs = new ArrayList<>(); // {name, class}: self.name = Class() in __init__
    List<PyFunc> methods = new ArrayList<>();
  }

  static final class PyModule {
    String pkg;
    String name;
    List<String> imports = new ArrayList<>();
    List<PyClass> classes = new ArrayList<>();
    List<PyFunc> funcs = new ArrayList<>();
    List<String> top = new ArrayList<>();
    int broken;

    String path() {
      return pkg + "/" + name + ".py";
    }

    String dotted() {
      return pkg.replace('/', '.') + "." + name;
    }
  }

  record Where(PyModule module, PyClass cls) {}

  private final List<PyModule> modules = new ArrayList<>();
  private int locals;

  /** A project of a few packages under {@code p<project>/}, its names suffixed per project. */
  PropPythonModel(Random rnd, int project) {
    String suffix = project == 0 ? "" : String.valueOf((char) ('A' + project));
    PKGS = PropModel.suffixed(PACKAGES, "p" + project + "/", "");
    TYPES = PropModel.suffixed(TYPE_NAMES, "", suffix);
    FUNCS = PropModel.suffixed(FUNC_NAMES, "", suffix);
    ATTRS = PropModel.suffixed(ATTR_NAMES, "", suffix.toLowerCase());
    int n = 4 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      newModule(rnd, null);
    }
    for (PyModule m : modules) {
      fillBodies(rnd, m);
    }
  }

  // ------------------------------------------------------------------------------------- rendering

  @Override
  public SortedMap<String, String> render() {
    SortedMap<String, String> out = new TreeMap<>();
    for (PyModule m : modules) {
      out.put(m.path(), render(m));
    }
    return out;
  }

  private static String render(PyModule m) {
    StringBuilder b = new StringBuilder();
    b.append("\"\"\"Module ").append(m.name).append(".\"\"\"\n");
    for (String i : m.imports) {
      b.append(i).append('\n');
    }
    b.append('\n');
    for (PyClass k : m.classes) {
      b.append("class ").append(k.name);
      if (!k.bases.isEmpty()) {
        b.append('(').append(String.join(", ", k.bases)).append(')');
      }
      b.append(":\n");
      if (k.attrs.isEmpty() && k.methods.isEmpty()) {
        b.append("    pass\n");
      }
      if (!k.attrs.isEmpty()) {
        b.append("    def __init__(self):\n");
        for (String[] a : k.attrs) {
          b.append("        self.").append(a[0]).append(" = ").append(a[1]).append("()\n");
        }
      }
      for (PyFunc f : k.methods) {
        func(b, f, "    ", true);
      }
      b.append('\n');
    }
    for (PyFunc f : m.funcs) {
      func(b, f, "", false);
      b.append('\n');
    }
    for (String s : m.top) {
      b.append(s).append('\n');
    }
    String text = b.toString();
    switch (m.broken) {
      case 1:
        return text + "def broken(:\n    pass\n";
      case 2:
        return text.replaceFirst("\\)\n", "\n");
      case 3:
        return text.replaceFirst(":\n", "\n");
      default:
        return text;
    }
  }

  private static void func(StringBuilder b, PyFunc f, String indent, boolean method) {
    b.append(indent).append("def ").append(f.name).append('(').append(method ? "self" : "");
    for (int i = 0; i < f.arity; i++) {
      b.append(i == 0 && !method ? "" : ", ").append("a").append(i);
    }
    b.append(')');
    if (f.ret != null) {
      b.append(" -> ").append(f.ret);
    }
    b.append(":\n");
    for (String s : f.body) {
      b.append(indent).append("    ").append(s).append('\n');
    }
    b.append(indent).append("    return ").append(f.ret == null ? "None" : f.ret + "()").append('\n');
  }

  @Override
  public List<String> queries(Random rnd) {
    List<String> q = new ArrayList<>(List.of(TYPES[0], FUNCS[0], "mk", TYPES[2] + "." + FUNCS[1], "models." + TYPES[0]));
    List<Where> all = classes();
    for (int i = 0; i < 3 && !all.isEmpty(); i++) {
      Where w = pick(rnd, all);
      q.add(w.cls().name.substring(0, Math.min(2, w.cls().name.length())).toLowerCase());
      if (!w.cls().methods.isEmpty()) {
        q.add(w.cls().name + "." + pick(rnd, w.cls().methods).name);
      }
    }
    return q;
  }

  // ------------------------------------------------------------------------------------- lookups

  private List<Where> classes() {
    List<Where> out = new ArrayList<>();
    for (PyModule m : modules) {
      for (PyClass k : m.classes) {
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

  private boolean pathTaken(String pkg, String name) {
    for (PyModule m : modules) {
      if (m.pkg.equals(pkg) && m.name.equals(name)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------- generation

  private PyModule newModule(Random rnd, String name) {
    for (int attempt = 0; attempt < 20; attempt++) {
      String pkg = pick(rnd, PKGS);
      String n = pick(rnd, MODULES) + (rnd.nextInt(3) == 0 ? String.valueOf(rnd.nextInt(3)) : "");
      if (pathTaken(pkg, n)) {
        continue;
      }
      PyModule m = new PyModule();
      m.pkg = pkg;
      m.name = n;
      modules.add(m);
      int classes = name != null ? 1 : rnd.nextInt(3);
      for (int i = 0; i < classes; i++) {
        m.classes.add(newClass(rnd, m, i == 0 && name != null ? name : pick(rnd, TYPES)));
      }
      int funcs = 1 + rnd.nextInt(3);
      for (int i = 0; i < funcs; i++) {
        m.funcs.add(newFunc(rnd, m, null));
      }
      return m;
    }
    return null;
  }

  private PyClass newClass(Random rnd, PyModule m, String name) {
    PyClass k = new PyClass();
    k.name = name;
    List<Where> all = classes();
    if (!all.isEmpty() && rnd.nextBoolean()) {
      k.bases.add(useClass(rnd, m, pick(rnd, all)));
    }
    int attrs = rnd.nextInt(3);
    for (int i = 0; i < attrs && !all.isEmpty(); i++) {
      k.attrs.add(new String[] {pick(rnd, ATTRS), useClass(rnd, m, pick(rnd, all))});
    }
    int methods = 1 + rnd.nextInt(3);
    for (int i = 0; i < methods; i++) {
      k.methods.add(newFunc(rnd, m, null));
    }
    return k;
  }

  private PyFunc newFunc(Random rnd, PyModule m, String name) {
    PyFunc f = new PyFunc();
    f.name = name != null ? name : pick(rnd, FUNCS);
    f.arity = rnd.nextInt(3);
    List<Where> all = classes();
    if (!all.isEmpty() && rnd.nextInt(3) == 0) {
      f.ret = useClass(rnd, m, pick(rnd, all));
    }
    return f;
  }

  /**
   * How {@code m} names a class of another module: imported by name (absolute or relative), or through its
   * module ({@code from pkg import mod}, {@code import pkg.mod as mod}), adding the import when missing.
   */
  private String useClass(Random rnd, PyModule m, Where w) {
    return use(rnd, m, w.module(), w.cls().name);
  }

  private String use(Random rnd, PyModule m, PyModule owner, String name) {
    if (owner == m) {
      return name;
    }
    String byName = (owner.pkg.equals(m.pkg) && rnd.nextBoolean() ? "from ." + owner.name : "from " + owner.dotted())
        + " import " + name;
    String viaModule = "from " + owner.pkg.replace('/', '.') + " import " + owner.name;
    String aliased = "import " + owner.dotted() + " as " + owner.name;
    for (String i : m.imports) {
      if (i.endsWith(" import " + name) && i.contains(owner.name)) {
        return name;
      }
      if (i.equals(viaModule) || i.equals(aliased)) {
        return owner.name + "." + name;
      }
    }
    switch (rnd.nextInt(4)) {
      case 0:
        m.imports.add(viaModule);
        return owner.name + "." + name;
      case 1:
        m.imports.add(aliased);
        return owner.name + "." + name;
      default:
        m.imports.add(byName);
        return name;
    }
  }

  private void fillBodies(Random rnd, PyModule m) {
    for (PyClass k : m.classes) {
      for (PyFunc f : k.methods) {
        fillBody(rnd, m, k, f);
      }
    }
    for (PyFunc f : m.funcs) {
      fillBody(rnd, m, null, f);
    }
    if (rnd.nextBoolean()) {
      String s = statement(rnd, m, null, new ArrayList<>());
      if (s != null) {
        m.top.add(s);
      }
    }
  }

  private void fillBody(Random rnd, PyModule m, PyClass k, PyFunc f) {
    List<String[]> scope = new ArrayList<>();
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      String s = statement(rnd, m, k, scope);
      if (s != null) {
        f.body.add(s);
      }
    }
  }

  private static String args(Random rnd, int arity) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < arity; i++) {
      b.append(i == 0 ? "" : ", ").append(rnd.nextBoolean() ? "1" : "'s'");
    }
    return b.toString();
  }

  private String call(Random rnd, String recv, PyClass cls, List<String[]> scope) {
    if (cls == null || cls.methods.isEmpty()) {
      return recv + "." + pick(rnd, FUNCS) + "()";
    }
    PyFunc f = pick(rnd, cls.methods);
    String c = recv + "." + f.name + "(" + args(rnd, f.arity) + ")";
    if (f.ret != null && rnd.nextBoolean()) {
      String v = "v" + (locals++);
      scope.add(new String[] {simple(f.ret), v});
      return v + " = " + c;
    }
    return c;
  }

  private static String simple(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private String statement(Random rnd, PyModule m, PyClass k, List<String[]> scope) {
    List<Where> all = classes();
    switch (rnd.nextInt(10)) {
      case 0: { // an instance
        if (all.isEmpty()) {
          return null;
        }
        Where w = pick(rnd, all);
        String v = "v" + (locals++);
        scope.add(new String[] {w.cls().name, v});
        return v + " = " + useClass(rnd, m, w) + "()";
      }
      case 1: { // a call through a local
        if (scope.isEmpty()) {
          return null;
        }
        String[] v = pick(rnd, scope);
        Where w = classNamed(v[0]);
        return call(rnd, v[1], w == null ? null : w.cls(), scope);
      }
      case 2: { // through self, or self.attr
        if (k == null) {
          return null;
        }
        if (!k.attrs.isEmpty() && rnd.nextBoolean()) {
          String[] a = pick(rnd, k.attrs);
          Where w = classNamed(simple(a[1]));
          return call(rnd, "self." + a[0], w == null ? null : w.cls(), scope);
        }
        return call(rnd, "self", k, scope);
      }
      case 3: { // a function, maybe of another module
        PyModule o = pick(rnd, modules);
        if (o.funcs.isEmpty()) {
          return null;
        }
        PyFunc f = pick(rnd, o.funcs);
        return use(rnd, m, o, f.name) + "(" + args(rnd, f.arity) + ")";
      }
      case 4: { // super
        if (k == null || k.bases.isEmpty()) {
          return null;
        }
        Where w = classNamed(simple(k.bases.get(0)));
        return w == null || w.cls().methods.isEmpty() ? "super().run()"
            : "super()." + pick(rnd, w.cls().methods).name + "()";
      }
      case 5: { // a chain through an annotated return
        if (k == null) {
          return null;
        }
        for (PyFunc g : k.methods) {
          Where w = g.ret == null ? null : classNamed(simple(g.ret));
          if (w != null && !w.cls().methods.isEmpty()) {
            return "self." + g.name + "(" + args(rnd, g.arity) + ")." + pick(rnd, w.cls().methods).name + "()";
          }
        }
        return null;
      }
      case 6: // names nobody may declare yet
        return rnd.nextBoolean() ? pick(rnd, TYPES) + "()." + pick(rnd, FUNCS) + "()" : pick(rnd, FUNCS) + "_later(1)";
      case 7: // builtins
        return "print(len('abc'))";
      default: { // a class's method through a fresh instance
        if (all.isEmpty()) {
          return null;
        }
        Where w = pick(rnd, all);
        return call(rnd, useClass(rnd, m, w) + "()", w.cls(), scope);
      }
    }
  }

  // ------------------------------------------------------------------------------------- edits

  @Override
  public String edit(Random rnd) {
    for (int attempt = 0; attempt < 50; attempt++) {
      String d = tryEdit(rnd, rnd.nextInt(17));
      if (d != null) {
        return d;
      }
    }
    return "nothing";
  }

  private String tryEdit(Random rnd, int kind) {
    if (modules.isEmpty()) {
      PyModule m = newModule(rnd, null);
      fillBodies(rnd, m);
      return "add module " + m.path();
    }
    PyModule m = pick(rnd, modules);
    PyClass k = m.classes.isEmpty() ? null : pick(rnd, m.classes);
    switch (kind) {
      case 0: { // add a function or a method
        PyFunc f = newFunc(rnd, m, null);
        if (k != null && rnd.nextBoolean()) {
          fillBody(rnd, m, k, f);
          k.methods.add(rnd.nextInt(k.methods.size() + 1), f);
          return "add method " + k.name + "." + f.name + " in " + m.path();
        }
        fillBody(rnd, m, null, f);
        m.funcs.add(rnd.nextInt(m.funcs.size() + 1), f);
        return "add function " + f.name + " in " + m.path();
      }
      case 1: { // add a class
        PyClass c = newClass(rnd, m, pick(rnd, TYPES));
        m.classes.add(rnd.nextInt(m.classes.size() + 1), c);
        for (PyFunc f : c.methods) {
          fillBody(rnd, m, c, f);
        }
        return "add class " + c.name + " in " + m.path();
      }
      case 2: { // remove a declaration
        int r = rnd.nextInt(3);
        if (r == 0 && k != null && !k.methods.isEmpty()) {
          PyFunc f = k.methods.remove(rnd.nextInt(k.methods.size()));
          return "remove method " + k.name + "." + f.name + " in " + m.path();
        }
        if (r == 1 && k != null) {
          m.classes.remove(k);
          return "remove class " + k.name + " from " + m.path();
        }
        if (m.funcs.isEmpty()) {
          return null;
        }
        PyFunc f = m.funcs.remove(rnd.nextInt(m.funcs.size()));
        return "remove function " + f.name + " from " + m.path();
      }
      case 3: { // rename a function or method
        List<PyFunc> fs = new ArrayList<>(m.funcs);
        if (k != null) {
          fs.addAll(k.methods);
        }
        if (fs.isEmpty()) {
          return null;
        }
        PyFunc f = pick(rnd, fs);
        String old = f.name;
        f.name = pick(rnd, FUNCS) + (rnd.nextBoolean() ? "" : "_x");
        if (f.name.equals(old)) {
          return null;
        }
        return "rename " + old + " -> " + f.name + " in " + m.path() + rewriteUses(rnd, old, f.name);
      }
      case 4: { // rename a class
        if (k == null) {
          return null;
        }
        String old = k.name;
        k.name = pick(rnd, TYPES) + (rnd.nextBoolean() ? "" : "2");
        if (k.name.equals(old)) {
          return null;
        }
        return "rename class " + old + " -> " + k.name + " in " + m.path() + rewriteUses(rnd, old, k.name);
      }
      case 5: { // a redefinition with another arity (Python's "overload": the last one wins)
        List<PyFunc> fs = k != null && rnd.nextBoolean() ? k.methods : m.funcs;
        if (fs.isEmpty()) {
          return null;
        }
        PyFunc base = pick(rnd, fs);
        PyFunc f = newFunc(rnd, m, base.name);
        f.arity = (base.arity + 1 + rnd.nextInt(2)) % 3;
        fillBody(rnd, m, fs == m.funcs ? null : k, f);
        fs.add(f);
        return "redefine " + f.name + " with " + f.arity + " parameters in " + m.path();
      }
      case 6: { // change a return annotation or a parameter count
        List<PyFunc> fs = new ArrayList<>(m.funcs);
        if (k != null) {
          fs.addAll(k.methods);
        }
        if (fs.isEmpty()) {
          return null;
        }
        PyFunc f = pick(rnd, fs);
        if (rnd.nextBoolean()) {
          String old = f.ret;
          f.ret = rnd.nextInt(3) == 0 || classes().isEmpty() ? null : useClass(rnd, m, pick(rnd, classes()));
          return "return annotation of " + f.name + ": " + old + " -> " + f.ret + " in " + m.path();
        }
        f.arity = (f.arity + 1) % 3;
        return "arity of " + f.name + " -> " + f.arity + " in " + m.path();
      }
      case 7: { // change the bases of a class
        if (k == null) {
          return null;
        }
        String before = k.bases.toString();
        if (!k.bases.isEmpty() && rnd.nextBoolean()) {
          k.bases.remove(rnd.nextInt(k.bases.size()));
        } else {
          Where w = pick(rnd, classes());
          if (w.cls() == k) {
            return null;
          }
          String b = useClass(rnd, m, w);
          if (k.bases.contains(b)) {
            return null;
          }
          k.bases.add(b);
        }
        return "bases of " + k.name + ": " + before + " -> " + k.bases + " in " + m.path();
      }
      case 8: { // imports
        if (!m.imports.isEmpty() && rnd.nextBoolean()) {
          int at = rnd.nextInt(m.imports.size());
          String old = m.imports.get(at);
          if (rnd.nextBoolean()) {
            m.imports.remove(at);
            return "remove `" + old + "` from " + m.path();
          }
          PyModule o = pick(rnd, modules);
          String i = old.replaceFirst("^(from|import) [.\\w]+", "$1 " + o.dotted());
          m.imports.set(at, i);
          return "change `" + old + "` -> `" + i + "` in " + m.path();
        }
        PyModule o = pick(rnd, modules);
        List<String> names = new ArrayList<>();
        o.classes.forEach(c -> names.add(c.name));
        o.funcs.forEach(f -> names.add(f.name));
        if (o == m || names.isEmpty()) {
          return null;
        }
        String i = "from " + o.dotted() + " import " + pick(rnd, names);
        m.imports.add(i);
        return "add `" + i + "` to " + m.path();
      }
      case 9: // delete a module
        modules.remove(m);
        return "delete " + m.path();
      case 10: { // move or rename a module
        String oldPath = m.path();
        String oldDotted = m.dotted();
        String oldName = m.name;
        String pkg = pick(rnd, PKGS);
        String name = rnd.nextBoolean() ? m.name : pick(rnd, MODULES);
        if (pathTaken(pkg, name)) {
          return null;
        }
        m.pkg = pkg;
        m.name = name;
        String updated = "";
        if (rnd.nextBoolean()) {
          updated = ", importers updated";
          for (PyModule o : modules) {
            o.imports.replaceAll(s -> s.replace(oldDotted + " ", m.dotted() + " ")
                .replace("from ." + oldName + " ", "from " + m.dotted() + " "));
          }
        }
        return "move " + oldPath + " -> " + m.path() + updated;
      }
      case 11:
        return declareUsedName(rnd);
      case 12:
      case 13: { // a body only
        List<PyFunc> fs = new ArrayList<>(m.funcs);
        if (k != null) {
          fs.addAll(k.methods);
        }
        if (fs.isEmpty()) {
          return null;
        }
        PyFunc f = pick(rnd, fs);
        if (!f.body.isEmpty() && rnd.nextBoolean()) {
          String s = f.body.remove(rnd.nextInt(f.body.size()));
          return "body of " + f.name + ": remove `" + s + "` in " + m.path();
        }
        String s = statement(rnd, m, m.funcs.contains(f) ? null : k, new ArrayList<>());
        if (s == null) {
          return null;
        }
        f.body.add(rnd.nextInt(f.body.size() + 1), s);
        return "body of " + f.name + ": add `" + s + "` in " + m.path();
      }
      case 14: { // add a module
        PyModule nm = newModule(rnd, null);
        if (nm == null) {
          return null;
        }
        fillBodies(rnd, nm);
        return "add module " + nm.path();
      }
      case 15: { // a syntax error or its fix
        for (PyModule b : modules) {
          if (b.broken != 0 && rnd.nextInt(3) != 0) {
            b.broken = 0;
            return "fix the syntax error in " + b.path();
          }
        }
        m.broken = 1 + rnd.nextInt(3);
        return "syntax error #" + m.broken + " in " + m.path();
      }
      default: { // an attribute's class
        if (k == null || classes().isEmpty()) {
          return null;
        }
        String[] a = {pick(rnd, ATTRS), useClass(rnd, m, pick(rnd, classes()))};
        if (!k.attrs.isEmpty() && rnd.nextBoolean()) {
          k.attrs.set(rnd.nextInt(k.attrs.size()), a);
        } else {
          k.attrs.add(a);
        }
        return "attribute " + k.name + "." + a[0] + " = " + a[1] + "() in " + m.path();
      }
    }
  }

  private String rewriteUses(Random rnd, String from, String to) {
    if (rnd.nextInt(3) == 0) {
      return "";
    }
    boolean all = rnd.nextBoolean();
    List<String> touched = new ArrayList<>();
    for (PyModule m : modules) {
      if (!all && rnd.nextBoolean()) {
        continue;
      }
      touched.add(m.path());
      m.imports.replaceAll(s -> PropModel.replaceWord(s, from, to));
      m.top.replaceAll(s -> PropModel.replaceWord(s, from, to));
      for (PyFunc f : m.funcs) {
        f.body.replaceAll(s -> PropModel.replaceWord(s, from, to));
      }
      for (PyClass k : m.classes) {
        k.bases.replaceAll(s -> PropModel.replaceWord(s, from, to));
        for (String[] a : k.attrs) {
          a[1] = PropModel.replaceWord(a[1], from, to);
        }
        for (PyFunc f : k.methods) {
          f.body.replaceAll(s -> PropModel.replaceWord(s, from, to));
          f.ret = f.ret == null ? null : PropModel.replaceWord(f.ret, from, to);
        }
      }
    }
    return all ? ", uses renamed everywhere" : ", uses renamed in " + touched;
  }

  /** A new module declaring a class or function that code already uses and nobody declares. */
  private String declareUsedName(Random rnd) {
    TreeSet<String> declared = new TreeSet<>();
    for (PyModule m : modules) {
      m.classes.forEach(c -> declared.add(c.name));
      m.funcs.forEach(f -> declared.add(f.name));
    }
    TreeSet<String> used = new TreeSet<>();
    Pattern call = Pattern.compile("(?<![.\\w])([A-Za-z_]\\w*)\\(");
    for (PyModule m : modules) {
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
    used.removeAll(List.of("print", "len", "super"));
    if (used.isEmpty()) {
      return null;
    }
    String name = pick(rnd, new ArrayList<>(used));
    boolean isClass = Character.isUpperCase(name.charAt(0));
    PyModule nm = newModule(rnd, isClass ? name : null);
    if (nm == null) {
      return null;
    }
    if (!isClass) {
      PyFunc f = newFunc(rnd, nm, name);
      f.arity = 1;
      nm.funcs.add(f);
    }
    fillBodies(rnd, nm);
    // Some users import it from there.
    for (PyModule o : modules) {
      if (o != nm && rnd.nextBoolean()) {
        o.imports.add("from " + nm.dotted() + " import " + name);
      }
    }
    return "add " + nm.path() + " declaring the used name " + name;
  }
}
