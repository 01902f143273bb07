package dev.vcr.kernel.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Approximate Java applicability of an argument type to a parameter type, for choosing among overloads
 * with the same number of parameters. Types are compared by erased simple name and array depth. A lower
 * cost is more specific: 0 identical, 1 widening or a known subtype, 2 boxing or an unknown relation,
 * 3 a generic or {@code Object} parameter, 4 an array passed as {@code Object}; {@link #INCOMPATIBLE}
 * only where Java certainly rejects the call (primitive mismatches, wrong array depth, String to an
 * unrelated type).
 */
final class Overloads {
  static final int INCOMPATIBLE = Integer.MAX_VALUE;

  /** An argument's or parameter's type: erased simple name, array depth; null name means unknown. */
  record TypeShape(String name, int dims) {
    boolean primitive() {
      return name != null && dims == 0 && PRIMITIVES.contains(name);
    }

    boolean isNull() {
      return "null".equals(name);
    }
  }

  static final TypeShape UNKNOWN = new TypeShape(null, 0);
  static final TypeShape NULL = new TypeShape("null", 0);

  private static final Set<String> PRIMITIVES =
      Set.of("byte", "short", "char", "int", "long", "float", "double", "boolean");
  private static final Map<String, String> BOXES = Map.of(
      "byte", "Byte", "short", "Short", "char", "Character", "int", "Integer", "long", "Long",
      "float", "Float", "double", "Double", "boolean", "Boolean");
  private static final Map<String, List<String>> WIDENING = Map.of(
      "byte", List.of("short", "int", "long", "float", "double"),
      "short", List.of("int", "long", "float", "double"),
      "char", List.of("int", "long", "float", "double"),
      "int", List.of("long", "float", "double"),
      "long", List.of("float", "double"),
      "float", List.of("double"));
  private static final Set<String> STRING_SUPERS =
      Set.of("String", "CharSequence", "Comparable", "Serializable", "Object", "Constable", "ConstantDesc");

  private Overloads() {}

  /** Parses a declared type text ({@code final List<Foo>[]}, {@code T...}) into its shape. */
  static TypeShape shape(String text) {
    if (text == null) {
      return UNKNOWN;
    }
    String t = JavaResolver.eraseGenerics(text).replace("final ", "").trim();
    while (t.startsWith("@")) {
      int sp = t.indexOf(' ');
      if (sp < 0) {
        return UNKNOWN;
      }
      t = t.substring(sp + 1).trim();
    }
    int dims = 0;
    if (t.endsWith("...")) {
      dims++;
      t = t.substring(0, t.length() - 3).trim();
    }
    while (t.endsWith("[]")) {
      dims++;
      t = t.substring(0, t.length() - 2).trim();
    }
    if (t.isEmpty() || t.equals("var")) {
      return UNKNOWN;
    }
    int dot = t.lastIndexOf('.');
    return new TypeShape(dot < 0 ? t : t.substring(dot + 1), dims);
  }

  /**
   * Cost of passing {@code arg} to a parameter of shape {@code param}. {@code generic} says the
   * parameter's type is a type variable; {@code argSupers} lists the argument type's known supertype
   * names (null when unknown).
   */
  static int cost(TypeShape arg, TypeShape param, boolean generic, Set<String> argSupers) {
    if (arg.name() == null || param.name() == null) {
      return 2;
    }
    if (generic) {
      if (param.dims() == 0) {
        return 3;
      }
      return arg.dims() >= param.dims() && !(arg.dims() == param.dims() && PRIMITIVES.contains(arg.name()))
          ? 3 : INCOMPATIBLE;
    }
    if (arg.isNull()) {
      return param.primitive() ? INCOMPATIBLE : 1;
    }
    if (arg.dims() != param.dims()) {
      if (param.dims() == 0 && (param.name().equals("Object") || param.name().equals("Cloneable")
          || param.name().equals("Serializable"))) {
        return 4;
      }
      if (param.dims() > 0 && param.dims() < arg.dims() && param.name().equals("Object")) {
        return 4;
      }
      return INCOMPATIBLE;
    }
    if (arg.dims() > 0) {
      boolean argPrim = PRIMITIVES.contains(arg.name());
      boolean paramPrim = PRIMITIVES.contains(param.name());
      if (argPrim || paramPrim) {
        return arg.name().equals(param.name()) ? 0 : INCOMPATIBLE;
      }
      return referenceCost(arg.name(), param.name(), argSupers);
    }
    if (arg.primitive() && param.primitive()) {
      if (arg.name().equals(param.name())) {
        return 0;
      }
      return WIDENING.getOrDefault(arg.name(), List.of()).contains(param.name()) ? 1 : INCOMPATIBLE;
    }
    if (arg.primitive()) {
      String box = BOXES.get(arg.name());
      if (param.name().equals(box)) {
        return 2;
      }
      if (param.name().equals("Object") || param.name().equals("Comparable") || param.name().equals("Serializable")
          || (param.name().equals("Number") && !arg.name().equals("boolean") && !arg.name().equals("char"))) {
        return 3;
      }
      return INCOMPATIBLE;
    }
    if (param.primitive()) {
      for (Map.Entry<String, String> e : BOXES.entrySet()) {
        if (e.getValue().equals(arg.name())) {
          String unboxed = e.getKey();
          return unboxed.equals(param.name()) || WIDENING.getOrDefault(unboxed, List.of()).contains(param.name())
              ? 2 : INCOMPATIBLE;
        }
      }
      return INCOMPATIBLE; // only the box types unbox to primitives
    }
    return referenceCost(arg.name(), param.name(), argSupers);
  }

  /**
   * Whether passing {@code arg} to {@code param} boxes or unboxes it (JLS 5.3: only loose invocation
   * does; a method that applies without it wins, JLS 15.12.2.2).
   */
  static boolean boxes(TypeShape arg, TypeShape param, boolean generic) {
    if (arg.name() == null || param.name() == null || arg.dims() > 0 || param.dims() > 0 || arg.isNull()) {
      return false;
    }
    if (arg.primitive()) {
      return generic || !param.primitive();
    }
    return param.primitive() && BOXES.containsValue(arg.name());
  }

  /**
   * Whether {@link #cost} knows its answer, rather than letting an argument pass because the relation
   * between two types (an unknown one, or two library types) cannot be told.
   */
  static boolean certain(TypeShape arg, TypeShape param, boolean generic, Set<String> argSupers) {
    if (arg.name() == null || param.name() == null) {
      return false;
    }
    if (generic || arg.isNull() || arg.primitive() || param.primitive() || arg.dims() != param.dims()) {
      return true;
    }
    if (arg.dims() > 0 && (PRIMITIVES.contains(arg.name()) || PRIMITIVES.contains(param.name()))) {
      return true;
    }
    String a = arg.name();
    String p = param.name();
    return a.equals(p) || p.equals("Object") || a.equals("Object") || p.equals("String") || a.equals("String")
        || argSupers != null && (argSupers.contains(p) || !argSupers.contains("*"));
  }

  /**
   * Whether type {@code a} is a subtype of {@code b} (JLS 4.10: primitive widening counts, boxing does not;
   * arrays are covariant and are {@code Object}s, {@code Cloneable} and {@code Serializable}), for ranking
   * equally applicable overloads. {@code aSupers} are {@code a}'s known supertype names (null when
   * unknown); an unknown relation answers false.
   */
  static boolean subtype(TypeShape a, TypeShape b, Set<String> aSupers) {
    if (a.name() == null || b.name() == null) {
      return false;
    }
    if (a.equals(b)) {
      return true;
    }
    if (a.primitive() || b.primitive()) {
      return a.primitive() && b.primitive() && WIDENING.getOrDefault(a.name(), List.of()).contains(b.name());
    }
    if (a.dims() != b.dims()) {
      boolean arrayTop = b.name().equals("Object") || b.name().equals("Cloneable") || b.name().equals("Serializable");
      return a.dims() > b.dims() && arrayTop;
    }
    if (a.dims() > 0 && (PRIMITIVES.contains(a.name()) || PRIMITIVES.contains(b.name()))) {
      return false; // int[] and long[] are unrelated
    }
    if (b.name().equals("Object")) {
      return true;
    }
    if (a.name().equals("String")) {
      return STRING_SUPERS.contains(b.name());
    }
    return aSupers != null && aSupers.contains(b.name());
  }

  private static int referenceCost(String arg, String param, Set<String> argSupers) {
    if (arg.equals(param)) {
      return 0;
    }
    if (param.equals("Object")) {
      return 3;
    }
    if (arg.equals("Object") || param.equals("String")) {
      return INCOMPATIBLE; // Object only fits Object; String is final, so only a String fits it
    }
    if (arg.equals("String")) {
      return STRING_SUPERS.contains(param) ? 1 : INCOMPATIBLE;
    }
    if (argSupers != null) {
      // "*": a library supertype whose own supertypes are not known might still be the parameter's type.
      return argSupers.contains(param) ? 1 : argSupers.contains("*") ? 2 : INCOMPATIBLE;
    }
    return 2;
  }

  /** Splits an argument list's text at top-level commas. */
  static List<String> splitArguments(String args) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if (c == '"' || c == '\'') {
        for (i++; i < args.length() && args.charAt(i) != c; i++) {
          if (args.charAt(i) == '\\') {
            i++;
          }
        }
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == '<' && i > 0 && Character.isJavaIdentifierPart(args.charAt(i - 1)) && looksGeneric(args, i)) {
        depth++;
      } else if (c == '>' && depth > 0 && looksGenericClose(args, i)) {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(args.substring(start, i).trim());
        start = i + 1;
      }
    }
    out.add(args.substring(start).trim());
    return out;
  }

  private static boolean looksGeneric(String s, int i) {
    int close = s.indexOf('>', i);
    return close > 0 && s.substring(i + 1, close).matches("[\\w.?, \\[\\]]*");
  }

  private static boolean looksGenericClose(String s, int i) {
    return i + 1 >= s.length() || "(>[, ".indexOf(s.charAt(i + 1)) >= 0 || Character.isJavaIdentifierStart(s.charAt(i + 1));
  }

  /** The shape of a literal or other self-evident expression, or null when it needs resolution. */
  static TypeShape literal(String expr) {
    String t = expr.trim();
    if (t.isEmpty()) {
      return UNKNOWN;
    }
    if (t.equals("null")) {
      return NULL;
    }
    if (t.equals("true") || t.equals("false")) {
      return new TypeShape("boolean", 0);
    }
    char c = t.charAt(0);
    if (c == '"') {
      return topLevelPlus(t) ? new TypeShape("String", 0) : new TypeShape("String", 0);
    }
    if (c == '\'') {
      return new TypeShape("char", 0);
    }
    if (Character.isDigit(c) || (c == '-' && t.length() > 1 && Character.isDigit(t.charAt(1)))) {
      if (!t.matches("-?[0-9][0-9a-fA-FxX_.eEpP+-]*[lLfFdD]?")) {
        return UNKNOWN;
      }
      char last = Character.toLowerCase(t.charAt(t.length() - 1));
      boolean hex = t.startsWith("0x") || t.startsWith("0X") || t.startsWith("-0x");
      if (last == 'l') {
        return new TypeShape("long", 0);
      }
      if (!hex && last == 'f') {
        return new TypeShape("float", 0);
      }
      if (!hex && (last == 'd' || t.contains(".") || t.contains("e") || t.contains("E"))) {
        return new TypeShape("double", 0);
      }
      return new TypeShape("int", 0);
    }
    if (t.startsWith("!") || t.contains("==") || t.contains("!=") || t.contains("&&") || t.contains("||")
        || t.contains(" instanceof ")) {
      return new TypeShape("boolean", 0);
    }
    if (t.contains("->") || t.contains("::")) {
      return UNKNOWN; // a lambda or method reference: fits any functional interface
    }
    if (topLevelPlus(t) && t.contains("\"")) {
      return new TypeShape("String", 0);
    }
    return null;
  }

  private static boolean topLevelPlus(String t) {
    int depth = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '"') {
        for (i++; i < t.length() && t.charAt(i) != '"'; i++) {
          if (t.charAt(i) == '\\') {
            i++;
          }
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '+' && depth == 0) {
        return true;
      }
    }
    return false;
  }
}
