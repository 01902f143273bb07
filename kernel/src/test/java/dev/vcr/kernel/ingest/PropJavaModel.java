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
 * A Java workspace for {@link IncrementalEqualsCleanTest}: a few packages of classes and interfaces that
 * extend and implement each other, with overloads, constructors, static members, imports (single, wildcard
 * and static) and method bodies whose statements call across files: static calls, calls on typed locals,
 * fields and parameters, {@code new}, {@code super} calls, chains through return types, field reads. Names
 * come from small vocabularies, so the same name is declared in several places and resolution must tell
 * them apart; some statements name types nobody declares yet.
 */
final class PropJavaModel implements PropModel {
  private static final String[] PACKAGES = {"core", "model", "util", "api"};
  private static final String[] TYPE_NAMES = {"Node", "Shape", "Box", "Item", "Store", "Helper", "Base", "Service",
      "Repo", "Cache", "Event", "Widget", "Later", "Ghost"};
  private static final String[] METHOD_NAMES = {"run", "get", "apply", "process", "size", "value", "make", "handle",
      "update", "check", "build", "next"};
  private static final String[] FIELD_NAMES = {"count", "name", "next", "owner", "data", "limit", "parent", "size"};

  // This project's vocabularies: project 0 uses the names as they are, project 1 with a suffix B, and so on,
  // so that projects sharing a workspace do not share names (each one has collisions enough of its own).
  private final String proj;
  private final String[] PKGS;
  private final String[] TYPES;
  private final String[] METHODS;
  private final String[] FIELDS;
  static final String[] PRIMS = {"int", "String", "boolean", "long"};

  static final class JField {
    String type;
    String name;
    boolean stat;
  }

  static final class JMethod {
    String ret; // null for a constructor
    String name;
    List<String> params = new ArrayList<>();
    boolean stat;
    List<String> body = new ArrayList<>();
  }

  static final class JClass {
    String name;
    boolean iface;
    String ext;
    List<String> impls = new ArrayList<>();
    List<JField> fields = new ArrayList<>();
    List<JMethod> ctors = new ArrayList<>();
    List<JMethod> methods = new ArrayList<>();
  }

  static final class JFile {
    String pkg;
    List<String> imports = new ArrayList<>(); // "a.b.C", "a.b.*", "static a.b.C.m"
    List<JClass> classes = new ArrayList<>(); // the first is public and names the file
    int broken; // 0: parses; else a kind of syntax error

    String path() {
      return "src/" + pkg.replace('.', '/') + "/" + classes.get(0).name + ".java";
    }
  }

  record Where(JFile file, JClass cls) {}

  private final List<JFile> files = new ArrayList<>();
  private int locals;

  /** A project of a few packages under {@code p<project>}, its names suffixed per project. */
  PropJavaModel(Random rnd, int project) {
    proj = "p" + project;
    String suffix = project == 0 ? "" : String.valueOf((char) ('A' + project));
    PKGS = PropModel.suffixed(PACKAGES, proj + ".", "");
    TYPES = PropModel.suffixed(TYPE_NAMES, "", suffix);
    METHODS = PropModel.suffixed(METHOD_NAMES, "", suffix);
    FIELDS = PropModel.suffixed(FIELD_NAMES, "", suffix);
    int n = 4 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      newFile(rnd, null);
    }
    // Bodies after all declarations exist, so that calls go across files.
    for (JFile f : files) {
      for (JClass k : f.classes) {
        fillBodies(rnd, f, k);
      }
    }
  }

  // ------------------------------------------------------------------------------------- rendering

  @Override
  public SortedMap<String, String> render() {
    SortedMap<String, String> out = new TreeMap<>();
    for (JFile f : files) {
      out.put(f.path(), render(f));
    }
    return out;
  }

  private static String render(JFile f) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(f.pkg).append(";\n\n");
    for (String i : f.imports) {
      b.append("import ").append(i).append(";\n");
    }
    if (!f.imports.isEmpty()) {
      b.append('\n');
    }
    for (int c = 0; c < f.classes.size(); c++) {
      JClass k = f.classes.get(c);
      b.append(c == 0 ? "public " : "").append(k.iface ? "interface " : "class ").append(k.name);
      if (k.ext != null && !k.iface) {
        b.append(" extends ").append(k.ext);
      }
      if (!k.impls.isEmpty()) {
        b.append(k.iface ? " extends " : " implements ").append(String.join(", ", k.impls));
      }
      b.append(" {\n");
      for (JField fd : k.fields) {
        b.append("  ").append(fd.stat ? "static " : "").append(fd.type).append(' ').append(fd.name).append(";\n");
      }
      for (JMethod m : k.ctors) {
        b.append("  ").append(k.name).append('(').append(params(m)).append(") {\n");
        body(b, m);
        b.append("  }\n");
      }
      for (JMethod m : k.methods) {
        if (k.iface) {
          b.append("  ").append(m.ret).append(' ').append(m.name).append('(').append(params(m)).append(");\n");
          continue;
        }
        b.append("  public ").append(m.stat ? "static " : "").append(m.ret).append(' ').append(m.name).append('(')
            .append(params(m)).append(") {\n");
        body(b, m);
        if (!m.ret.equals("void")) {
          b.append("    return ").append(defaultValue(m.ret)).append(";\n");
        }
        b.append("  }\n");
      }
      b.append("}\n\n");
    }
    String text = b.toString();
    switch (f.broken) {
      case 1: // an unclosed class
        return text.substring(0, text.lastIndexOf('}'));
      case 2: // a member that does not parse
        return text.replaceFirst("\\{\n", "{\n  void broken( {\n");
      case 3: // an unbalanced parenthesis in a statement
        return text.replaceFirst("\\);\n", ";\n");
      default:
        return text;
    }
  }

  private static String params(JMethod m) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < m.params.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(m.params.get(i)).append(" p").append(i);
    }
    return b.toString();
  }

  private static void body(StringBuilder b, JMethod m) {
    for (String s : m.body) {
      b.append("    ").append(s).append('\n');
    }
  }

  private static String defaultValue(String type) {
    switch (type) {
      case "int":
      case "long":
        return "0";
      case "boolean":
        return "false";
      case "String":
        return "\"\"";
      default:
        return "null";
    }
  }

  // ------------------------------------------------------------------------------------- queries

  @Override
  public List<String> queries(Random rnd) {
    List<String> q = new ArrayList<>(List.of(TYPES[0], "no", METHODS[0], METHODS[1], TYPES[2] + "." + METHODS[1],
        PKGS[0] + "." + TYPES[0]));
    List<Where> all = classes();
    for (int i = 0; i < 3 && !all.isEmpty(); i++) {
      Where w = pick(rnd, all);
      q.add(w.cls().name.substring(0, Math.min(3, w.cls().name.length())).toLowerCase());
      if (!w.cls().methods.isEmpty()) {
        q.add(w.cls().name + "." + pick(rnd, w.cls().methods).name);
      }
    }
    return q;
  }

  // ------------------------------------------------------------------------------------- lookups

  private List<Where> classes() {
    List<Where> out = new ArrayList<>();
    for (JFile f : files) {
      for (JClass k : f.classes) {
        out.add(new Where(f, k));
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
    String path = "src/" + pkg.replace('.', '/') + "/" + name + ".java";
    for (JFile f : files) {
      if (f.path().equals(path)) {
        return true;
      }
    }
    return false;
  }

  private JFile fileOf(JClass k) {
    for (JFile f : files) {
      if (f.classes.contains(k)) {
        return f;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------- generation

  private String freshTypeName(Random rnd) {
    String base = pick(rnd, TYPES);
    return rnd.nextInt(3) == 0 ? base + (1 + rnd.nextInt(3)) : base;
  }

  private String typeFor(Random rnd, JFile f, boolean allowVoid) {
    int r = rnd.nextInt(10);
    if (allowVoid && r < 3) {
      return "void";
    }
    List<Where> all = classes();
    if (r < 7 && !all.isEmpty()) {
      return useType(rnd, f, pick(rnd, all));
    }
    return pick(rnd, PRIMS);
  }

  /** The simple name of a class as used in {@code f}, importing it (single or wildcard) when it is elsewhere. */
  private String useType(Random rnd, JFile f, Where w) {
    if (!w.file().pkg.equals(f.pkg) && f != w.file()) {
      String single = w.file().pkg + "." + w.cls().name;
      String star = w.file().pkg + ".*";
      if (!f.imports.contains(single) && !f.imports.contains(star) && rnd.nextInt(5) != 0) {
        f.imports.add(rnd.nextInt(4) == 0 ? star : single);
      }
    }
    return w.cls().name;
  }

  private JMethod newMethod(Random rnd, JFile f, JClass k, String name) {
    JMethod m = new JMethod();
    m.name = name != null ? name : pick(rnd, METHODS);
    m.ret = typeFor(rnd, f, true);
    m.stat = !k.iface && rnd.nextInt(4) == 0;
    int arity = rnd.nextInt(3);
    for (int i = 0; i < arity; i++) {
      m.params.add(typeFor(rnd, f, false));
    }
    return m;
  }

  private JField newField(Random rnd, JFile f) {
    JField fd = new JField();
    fd.name = pick(rnd, FIELDS);
    fd.type = typeFor(rnd, f, false);
    fd.stat = rnd.nextInt(4) == 0;
    return fd;
  }

  private JClass newClass(Random rnd, JFile f, String name) {
    JClass k = new JClass();
    k.name = name;
    k.iface = rnd.nextInt(5) == 0;
    List<Where> all = classes();
    if (!all.isEmpty() && rnd.nextInt(2) == 0) {
      Where sup = pick(rnd, all);
      if (sup.cls() != k) {
        if (sup.cls().iface) {
          k.impls.add(useType(rnd, f, sup));
        } else if (!k.iface) {
          k.ext = useType(rnd, f, sup);
        }
      }
    }
    if (!k.iface) {
      int ctors = rnd.nextInt(3);
      for (int i = 0; i < ctors; i++) {
        JMethod c = new JMethod();
        c.name = name;
        for (int p = 0; p < i; p++) {
          c.params.add(typeFor(rnd, f, false));
        }
        k.ctors.add(c);
      }
      int fields = rnd.nextInt(3);
      for (int i = 0; i < fields; i++) {
        k.fields.add(newField(rnd, f));
      }
    }
    int methods = 1 + rnd.nextInt(4);
    for (int i = 0; i < methods; i++) {
      k.methods.add(newMethod(rnd, f, k, null));
    }
    return k;
  }

  /** A new file with one public class (and maybe a second one), in a random package. */
  private JFile newFile(Random rnd, String name) {
    for (int attempt = 0; attempt < 20; attempt++) {
      String pkg = pick(rnd, PKGS);
      String n = name != null ? name : freshTypeName(rnd);
      if (pathTaken(pkg, n)) {
        continue;
      }
      JFile f = new JFile();
      f.pkg = pkg;
      files.add(f);
      f.classes.add(newClass(rnd, f, n));
      if (rnd.nextInt(4) == 0) {
        f.classes.add(newClass(rnd, f, freshTypeName(rnd)));
      }
      return f;
    }
    return null;
  }

  private void fillBodies(Random rnd, JFile f, JClass k) {
    if (k.iface) {
      return;
    }
    for (JMethod m : k.ctors) {
      fillBody(rnd, f, k, m);
    }
    for (JMethod m : k.methods) {
      fillBody(rnd, f, k, m);
    }
  }

  private void fillBody(Random rnd, JFile f, JClass k, JMethod m) {
    List<String[]> scope = new ArrayList<>();
    for (int i = 0; i < m.params.size(); i++) {
      scope.add(new String[] {m.params.get(i), "p" + i});
    }
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      String s = statement(rnd, f, k, m, scope);
      if (s != null) {
        m.body.add(s);
      }
    }
  }

  private String args(Random rnd, List<String> types, List<String[]> scope) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < types.size(); i++) {
      String t = types.get(i);
      String a = null;
      for (String[] v : scope) {
        if (v[0].equals(t) && rnd.nextBoolean()) {
          a = v[1];
        }
      }
      if (a == null) {
        a = switch (t) {
          case "int" -> "1";
          case "long" -> "2L";
          case "boolean" -> "true";
          case "String" -> "\"s\"";
          default -> rnd.nextBoolean() ? "null" : "new " + t + "()";
        };
      }
      b.append(i == 0 ? "" : ", ").append(a);
    }
    return b.toString();
  }

  private String local(List<String[]> scope, String type) {
    String name = "v" + (locals++);
    scope.add(new String[] {type, name});
    return name;
  }

  /** Variables in scope whose type is a declared class. */
  private List<String[]> typedVars(List<String[]> scope, JClass k) {
    List<String[]> out = new ArrayList<>();
    for (String[] v : scope) {
      if (classNamed(v[0]) != null) {
        out.add(v);
      }
    }
    for (JField fd : k.fields) {
      if (classNamed(fd.type) != null) {
        out.add(new String[] {fd.type, rnd3(fd)});
      }
    }
    return out;
  }

  private static String rnd3(JField fd) {
    return (fd.name.length() % 2 == 0 ? "this." : "") + fd.name;
  }

  /** A call of some method of class {@code type} on {@code recv}, storing a class-typed result in a local. */
  private String callOn(Random rnd, JFile f, String recv, String type, List<String[]> scope) {
    Where w = classNamed(type);
    if (w == null || w.cls().methods.isEmpty()) {
      return recv + "." + pick(rnd, METHODS) + "(" + (rnd.nextBoolean() ? "1" : "") + ");";
    }
    JMethod m = pick(rnd, w.cls().methods);
    String call = recv + "." + m.name + "(" + args(rnd, m.params, scope) + ")";
    if (classNamed(m.ret) != null && rnd.nextBoolean()) {
      return m.ret + " " + local(scope, m.ret) + " = " + call + ";";
    }
    return call + ";";
  }

  private String statement(Random rnd, JFile f, JClass k, JMethod m, List<String[]> scope) {
    List<Where> all = classes();
    switch (rnd.nextInt(12)) {
      case 0: { // new
        Where w = pick(rnd, all);
        if (w.cls().iface) {
          return null;
        }
        String t = useType(rnd, f, w);
        List<String> ctor = w.cls().ctors.isEmpty() ? List.of() : pick(rnd, w.cls().ctors).params;
        return t + " " + local(scope, t) + " = new " + t + "(" + args(rnd, ctor, scope) + ");";
      }
      case 1:
      case 2: { // a call on a typed local, parameter or field
        List<String[]> vars = typedVars(scope, k);
        if (vars.isEmpty()) {
          return null;
        }
        String[] v = pick(rnd, vars);
        return callOn(rnd, f, v[1], v[0], scope);
      }
      case 3: { // a static call
        List<String> calls = new ArrayList<>();
        for (Where w : all) {
          for (JMethod sm : w.cls().methods) {
            if (sm.stat) {
              calls.add(useType(rnd, f, w) + "." + sm.name + "(" + args(rnd, sm.params, scope) + ");");
              break;
            }
          }
        }
        return calls.isEmpty() ? null : pick(rnd, calls);
      }
      case 4: { // a chain through a return type
        for (JMethod g : k.methods) {
          if (g != m && !g.stat == !m.stat && classNamed(g.ret) != null) {
            Where w = classNamed(g.ret);
            if (!w.cls().methods.isEmpty()) {
              JMethod h = pick(rnd, w.cls().methods);
              return g.name + "(" + args(rnd, g.params, scope) + ")." + h.name + "(" + args(rnd, h.params, scope) + ");";
            }
          }
        }
        return null;
      }
      case 5: { // super
        if (k.ext == null) {
          return null;
        }
        Where sup = classNamed(k.ext);
        if (m.ret == null) {
          return m.body.isEmpty() && sup != null && !sup.cls().ctors.isEmpty()
              ? "super(" + args(rnd, pick(rnd, sup.cls().ctors).params, scope) + ");" : null;
        }
        if (sup == null || sup.cls().methods.isEmpty() || m.stat) {
          return null;
        }
        JMethod sm = pick(rnd, sup.cls().methods);
        return "super." + sm.name + "(" + args(rnd, sm.params, scope) + ");";
      }
      case 6: { // a field read across files
        List<String[]> vars = typedVars(scope, k);
        Where w = pick(rnd, all);
        if (!vars.isEmpty() && rnd.nextBoolean()) {
          String[] v = pick(rnd, vars);
          Where vw = classNamed(v[0]);
          if (vw != null && !vw.cls().fields.isEmpty()) {
            JField fd = pick(rnd, vw.cls().fields);
            return fd.type + " " + local(scope, fd.type) + " = " + v[1] + "." + fd.name + ";";
          }
        }
        for (JField fd : w.cls().fields) {
          if (fd.stat) {
            return fd.type + " " + local(scope, fd.type) + " = " + useType(rnd, f, w) + "." + fd.name + ";";
          }
        }
        return null;
      }
      case 7: { // an unqualified call: own overloads, or inherited
        List<JMethod> own = new ArrayList<>(k.methods);
        Where sup = k.ext == null ? null : classNamed(k.ext);
        if (sup != null) {
          own.addAll(sup.cls().methods);
        }
        if (own.isEmpty()) {
          return null;
        }
        JMethod c = pick(rnd, own);
        return c.name + "(" + args(rnd, c.params, scope) + ");";
      }
      case 8: { // library calls
        return rnd.nextBoolean() ? "System.out.println(" + (scope.isEmpty() ? "1" : pick(rnd, scope)[1]) + ");"
            : "String " + local(scope, "String") + " = String.valueOf(1).trim();";
      }
      case 9: { // a static import
        for (Where w : all) {
          for (JMethod sm : w.cls().methods) {
            if (sm.stat && w.file() != f && rnd.nextBoolean()) {
              String imp = "static " + w.file().pkg + "." + w.cls().name + "." + sm.name;
              if (!f.imports.contains(imp)) {
                f.imports.add(imp);
              }
              return sm.name + "(" + args(rnd, sm.params, scope) + ");";
            }
          }
        }
        return null;
      }
      case 10: { // a name nobody may declare (yet)
        String t = pick(rnd, TYPES);
        return rnd.nextBoolean() ? t + "." + pick(rnd, METHODS) + "(1);"
            : t + " " + local(scope, t) + " = new " + t + "();";
      }
      default: { // a method reference or a lambda
        if (k.methods.isEmpty() || m.stat) {
          return null;
        }
        JMethod c = pick(rnd, k.methods);
        return rnd.nextBoolean() ? "Runnable " + local(scope, "Runnable") + " = this::" + c.name + ";"
            : "Runnable " + local(scope, "Runnable") + " = () -> " + c.name + "(" + args(rnd, c.params, scope) + ");";
      }
    }
  }

  // ------------------------------------------------------------------------------------- edits

  @Override
  public String edit(Random rnd) {
    for (int attempt = 0; attempt < 50; attempt++) {
      String d = tryEdit(rnd, rnd.nextInt(19));
      if (d != null) {
        return d;
      }
    }
    return "nothing";
  }

  private String tryEdit(Random rnd, int kind) {
    if (files.isEmpty()) {
      JFile f = newFile(rnd, null);
      fillBodies(rnd, f, f.classes.get(0));
      return "add file " + f.path();
    }
    JFile f = pick(rnd, files);
    JClass k = pick(rnd, f.classes);
    switch (kind) {
      case 0: { // add a method
        JMethod m = newMethod(rnd, f, k, null);
        k.methods.add(rnd.nextInt(k.methods.size() + 1), m);
        if (!k.iface) {
          fillBody(rnd, f, k, m);
        }
        return "add method " + k.name + "." + m.name + "/" + m.params.size() + " in " + f.path();
      }
      case 1: { // add a field or a class
        if (rnd.nextBoolean() && !k.iface) {
          JField fd = newField(rnd, f);
          k.fields.add(fd);
          return "add field " + k.name + "." + fd.name + " : " + fd.type + " in " + f.path();
        }
        JClass c = newClass(rnd, f, freshTypeName(rnd));
        f.classes.add(c);
        fillBodies(rnd, f, c);
        return "add class " + c.name + " to " + f.path();
      }
      case 2: { // remove a method
        if (k.methods.isEmpty()) {
          return null;
        }
        JMethod m = k.methods.remove(rnd.nextInt(k.methods.size()));
        return "remove method " + k.name + "." + m.name + "/" + m.params.size() + " in " + f.path();
      }
      case 3: { // remove a field or a secondary class
        if (rnd.nextBoolean() && !k.fields.isEmpty()) {
          JField fd = k.fields.remove(rnd.nextInt(k.fields.size()));
          return "remove field " + k.name + "." + fd.name + " in " + f.path();
        }
        if (f.classes.size() < 2) {
          return null;
        }
        JClass c = f.classes.remove(1 + rnd.nextInt(f.classes.size() - 1));
        return "remove class " + c.name + " from " + f.path();
      }
      case 4:
        return renameMethodOrField(rnd, f, k);
      case 5:
        return renameClass(rnd, f, k);
      case 6: { // add an overload
        if (k.methods.isEmpty()) {
          return null;
        }
        JMethod base = pick(rnd, k.methods);
        JMethod m = newMethod(rnd, f, k, base.name);
        if (m.params.equals(base.params)) {
          m.params.add(pick(rnd, PRIMS));
        }
        k.methods.add(m);
        if (!k.iface) {
          fillBody(rnd, f, k, m);
        }
        return "add overload " + k.name + "." + m.name + m.params + " in " + f.path();
      }
      case 7: { // change a return type or a field type
        if (rnd.nextBoolean() && !k.methods.isEmpty()) {
          JMethod m = pick(rnd, k.methods);
          String old = m.ret;
          m.ret = typeFor(rnd, f, true);
          if (m.ret.equals(old)) {
            return null;
          }
          return "return type of " + k.name + "." + m.name + ": " + old + " -> " + m.ret + " in " + f.path();
        }
        if (k.fields.isEmpty()) {
          return null;
        }
        JField fd = pick(rnd, k.fields);
        String old = fd.type;
        fd.type = typeFor(rnd, f, false);
        if (fd.type.equals(old)) {
          return null;
        }
        return "type of " + k.name + "." + fd.name + ": " + old + " -> " + fd.type + " in " + f.path();
      }
      case 8: { // change a parameter type (overload selection)
        if (k.methods.isEmpty()) {
          return null;
        }
        JMethod m = pick(rnd, k.methods);
        if (m.params.isEmpty()) {
          m.params.add(typeFor(rnd, f, false));
        } else {
          m.params.set(rnd.nextInt(m.params.size()), typeFor(rnd, f, false));
        }
        return "parameters of " + k.name + "." + m.name + " -> " + m.params + " in " + f.path();
      }
      case 9:
        return changeSupertype(rnd, f, k);
      case 10:
        return changeImport(rnd, f);
      case 11: { // delete a file
        files.remove(f);
        return "delete " + f.path();
      }
      case 12:
        return moveFile(rnd, f);
      case 13:
        return declareUsedName(rnd);
      case 14:
      case 15:
        return bodyOnly(rnd, f, k);
      case 16: { // add a file
        JFile nf = newFile(rnd, null);
        if (nf == null) {
          return null;
        }
        for (JClass c : nf.classes) {
          fillBodies(rnd, nf, c);
        }
        return "add file " + nf.path();
      }
      case 17: { // a syntax error, or its fix
        for (JFile b : files) {
          if (b.broken != 0 && rnd.nextInt(3) != 0) {
            b.broken = 0;
            return "fix the syntax error in " + b.path();
          }
        }
        f.broken = 1 + rnd.nextInt(3);
        return "syntax error #" + f.broken + " in " + f.path();
      }
      default: { // a class becomes an interface or back
        if (f.classes.indexOf(k) != 0 || k.ext != null) {
          return null;
        }
        k.iface = !k.iface;
        if (k.iface) {
          k.ctors.clear();
          k.fields.clear();
          for (JMethod m : k.methods) {
            m.stat = false;
          }
        } else {
          fillBodies(rnd, f, k);
        }
        return (k.iface ? "class -> interface " : "interface -> class ") + k.name + " in " + f.path();
      }
    }
  }

  /** Rewrites whole-word uses of {@code from} in some files' statements (all files, or a random subset). */
  private String rewriteUses(Random rnd, String from, String to, boolean imports) {
    if (rnd.nextInt(3) == 0) {
      return "";
    }
    boolean all = rnd.nextBoolean();
    List<String> touched = new ArrayList<>();
    for (JFile f : files) {
      if (!all && rnd.nextBoolean()) {
        continue;
      }
      touched.add(f.path());
      for (JClass k : f.classes) {
        for (List<JMethod> ms : List.of(k.ctors, k.methods)) {
          for (JMethod m : ms) {
            m.body.replaceAll(s -> PropModel.replaceWord(s, from, to));
          }
        }
      }
      if (imports) {
        f.imports.replaceAll(s -> PropModel.replaceWord(s, from, to));
      }
    }
    return all ? ", uses renamed everywhere" : ", uses renamed in " + touched;
  }

  private String renameMethodOrField(Random rnd, JFile f, JClass k) {
    if (rnd.nextBoolean() && !k.methods.isEmpty()) {
      JMethod m = pick(rnd, k.methods);
      String old = m.name;
      m.name = pick(rnd, METHODS) + (rnd.nextBoolean() ? "" : "X");
      if (m.name.equals(old)) {
        return null;
      }
      return "rename method " + k.name + "." + old + " -> " + m.name + " in " + f.path() + rewriteUses(rnd, old, m.name, true);
    }
    if (k.fields.isEmpty()) {
      return null;
    }
    JField fd = pick(rnd, k.fields);
    String old = fd.name;
    fd.name = pick(rnd, FIELDS) + (rnd.nextBoolean() ? "" : "Y");
    if (fd.name.equals(old)) {
      return null;
    }
    return "rename field " + k.name + "." + old + " -> " + fd.name + " in " + f.path() + rewriteUses(rnd, old, fd.name, false);
  }

  private String renameClass(Random rnd, JFile f, JClass k) {
    String old = k.name;
    String oldPath = f.path();
    String name = freshTypeName(rnd);
    if (name.equals(old) || f.classes.indexOf(k) == 0 && pathTaken(f.pkg, name)) {
      return null;
    }
    k.name = name;
    for (JMethod c : k.ctors) {
      c.name = name;
    }
    String uses = rewriteUses(rnd, old, name, true);
    // The class's own supertype clauses and members' types mention it too, in every file.
    if (!uses.isEmpty()) {
      for (JFile g : files) {
        for (JClass c : g.classes) {
          if (old.equals(c.ext)) {
            c.ext = name;
          }
          c.impls.replaceAll(s -> s.equals(old) ? name : s);
          for (JField fd : c.fields) {
            fd.type = fd.type.equals(old) ? name : fd.type;
          }
          for (List<JMethod> ms : List.of(c.ctors, c.methods)) {
            for (JMethod m : ms) {
              m.ret = old.equals(m.ret) ? name : m.ret;
              m.params.replaceAll(s -> s.equals(old) ? name : s);
            }
          }
        }
      }
    }
    return "rename class " + old + " -> " + name + " (" + oldPath + " -> " + f.path() + ")" + uses;
  }

  private String changeSupertype(Random rnd, JFile f, JClass k) {
    List<Where> all = classes();
    Where sup = pick(rnd, all);
    if (sup.cls() == k) {
      return null;
    }
    String before = "extends " + k.ext + " implements " + k.impls;
    switch (rnd.nextInt(3)) {
      case 0:
        if (k.iface || sup.cls().iface) {
          return null;
        }
        k.ext = useType(rnd, f, sup);
        break;
      case 1:
        if (k.ext == null && k.impls.isEmpty()) {
          return null;
        }
        if (k.ext != null && rnd.nextBoolean()) {
          k.ext = null;
        } else if (!k.impls.isEmpty()) {
          k.impls.remove(rnd.nextInt(k.impls.size()));
        } else {
          k.ext = null;
        }
        break;
      default:
        if (!sup.cls().iface) {
          return null;
        }
        String t = useType(rnd, f, sup);
        if (k.impls.contains(t)) {
          return null;
        }
        k.impls.add(t);
    }
    return "supertypes of " + k.name + ": " + before + " -> extends " + k.ext + " implements " + k.impls + " in " + f.path();
  }

  private String changeImport(Random rnd, JFile f) {
    switch (rnd.nextInt(3)) {
      case 0: { // remove one
        if (f.imports.isEmpty()) {
          return null;
        }
        String i = f.imports.remove(rnd.nextInt(f.imports.size()));
        return "remove import " + i + " from " + f.path();
      }
      case 1: { // add one
        Where w = pick(rnd, classes());
        if (w.file() == f) {
          return null;
        }
        String i = rnd.nextInt(3) == 0 ? w.file().pkg + ".*" : w.file().pkg + "." + w.cls().name;
        if (f.imports.contains(i)) {
          return null;
        }
        f.imports.add(rnd.nextInt(f.imports.size() + 1), i);
        return "add import " + i + " to " + f.path();
      }
      default: { // point one at another package, or between single and wildcard
        if (f.imports.isEmpty()) {
          return null;
        }
        int at = rnd.nextInt(f.imports.size());
        String old = f.imports.get(at);
        if (old.startsWith("static ")) {
          return null;
        }
        int dot = old.lastIndexOf('.');
        String member = old.substring(dot + 1);
        String i = rnd.nextBoolean() && !member.equals("*") ? old.substring(0, dot) + ".*"
            : pick(rnd, PKGS) + "." + member;
        if (i.equals(old)) {
          return null;
        }
        f.imports.set(at, i);
        return "change import " + old + " -> " + i + " in " + f.path();
      }
    }
  }

  private String moveFile(Random rnd, JFile f) {
    String oldPath = f.path();
    String oldPkg = f.pkg;
    String pkg = pick(rnd, PKGS);
    if (pkg.equals(oldPkg) || pathTaken(pkg, f.classes.get(0).name)) {
      return null;
    }
    f.pkg = pkg;
    String updated = "";
    if (rnd.nextBoolean()) {
      updated = ", importers updated";
      for (JFile g : files) {
        for (JClass k : f.classes) {
          g.imports.replaceAll(s -> s.equals(oldPkg + "." + k.name) ? pkg + "." + k.name
              : s.startsWith("static " + oldPkg + "." + k.name + ".") ? s.replace(oldPkg + ".", pkg + ".") : s);
        }
      }
    }
    return "move " + oldPath + " -> " + f.path() + updated;
  }

  /** A new file declaring a type that statements already use but nobody declares, with the methods called on it. */
  private String declareUsedName(Random rnd) {
    TreeSet<String> declared = new TreeSet<>();
    for (Where w : classes()) {
      declared.add(w.cls().name);
    }
    TreeSet<String> used = new TreeSet<>();
    Pattern type = Pattern.compile("\\b([A-Z][A-Za-z0-9]*)\\b");
    for (JFile f : files) {
      for (JClass k : f.classes) {
        for (List<JMethod> ms : List.of(k.ctors, k.methods)) {
          for (JMethod m : ms) {
            for (String s : m.body) {
              Matcher mt = type.matcher(s);
              while (mt.find()) {
                used.add(mt.group(1));
              }
            }
          }
        }
      }
    }
    used.removeAll(declared);
    used.removeAll(List.of("System", "String", "Runnable", "X", "Y"));
    if (used.isEmpty()) {
      return null;
    }
    String name = pick(rnd, new ArrayList<>(used));
    JFile nf = newFile(rnd, name);
    if (nf == null) {
      return null;
    }
    JClass k = nf.classes.get(0);
    k.iface = false;
    JMethod s = newMethod(rnd, nf, k, pick(rnd, METHODS));
    s.stat = true;
    s.params.clear();
    s.params.add("int");
    k.methods.add(s);
    for (JClass c : nf.classes) {
      fillBodies(rnd, nf, c);
    }
    return "add " + nf.path() + " declaring the used name " + name;
  }

  private String bodyOnly(Random rnd, JFile f, JClass k) {
    List<JMethod> ms = new ArrayList<>(k.ctors);
    if (!k.iface) {
      ms.addAll(k.methods);
    }
    if (ms.isEmpty()) {
      return null;
    }
    JMethod m = pick(rnd, ms);
    if (!m.body.isEmpty() && rnd.nextBoolean()) {
      String s = m.body.remove(rnd.nextInt(m.body.size()));
      return "body of " + k.name + "." + m.name + ": remove `" + s + "` in " + f.path();
    }
    List<String[]> scope = new ArrayList<>();
    for (int i = 0; i < m.params.size(); i++) {
      scope.add(new String[] {m.params.get(i), "p" + i});
    }
    String s = statement(rnd, f, k, m, scope);
    if (s == null) {
      return null;
    }
    m.body.add(rnd.nextInt(m.body.size() + 1), s);
    return "body of " + k.name + "." + m.name + ": add `" + s + "` in " + f.path();
  }
}
