package dev.vcr.kernel.resolve;

import java.util.Map;

/**
 * Result types of a few JDK methods that workspace code passes to overloaded workspace methods all the
 * time ({@code append(Double.doubleToLongBits(x))}, {@code write(data.toString(), out)}). Vcr has no
 * classpath, so without these the argument's type is unknown and every overload of the right arity stays
 * a candidate. Only methods whose result type is the same for all their overloads are listed.
 */
final class JdkSignatures {
  private JdkSignatures() {}

  /** Methods every object has (JLS 4.3.2), by name and argument count; overrides keep these types. */
  private static final Map<String, String> OBJECT = Map.of(
      "toString/0", "String",
      "hashCode/0", "int",
      "equals/1", "boolean",
      "getClass/0", "Class");

  /** Instance methods of {@code String} (a final class). */
  private static final Map<String, String> STRING = Map.ofEntries(
      Map.entry("length", "int"), Map.entry("charAt", "char"), Map.entry("isEmpty", "boolean"),
      Map.entry("isBlank", "boolean"), Map.entry("indexOf", "int"), Map.entry("lastIndexOf", "int"),
      Map.entry("substring", "String"), Map.entry("trim", "String"), Map.entry("strip", "String"),
      Map.entry("toLowerCase", "String"), Map.entry("toUpperCase", "String"), Map.entry("replace", "String"),
      Map.entry("replaceAll", "String"), Map.entry("concat", "String"), Map.entry("intern", "String"),
      Map.entry("repeat", "String"), Map.entry("toCharArray", "char[]"), Map.entry("getBytes", "byte[]"),
      Map.entry("split", "String[]"), Map.entry("startsWith", "boolean"), Map.entry("endsWith", "boolean"),
      Map.entry("contains", "boolean"), Map.entry("equalsIgnoreCase", "boolean"), Map.entry("matches", "boolean"),
      Map.entry("compareTo", "int"), Map.entry("compareToIgnoreCase", "int"), Map.entry("codePointAt", "int"));

  /** Static methods, by class simple name and method name. */
  private static final Map<String, String> STATIC = Map.ofEntries(
      Map.entry("String.valueOf", "String"), Map.entry("String.format", "String"), Map.entry("String.join", "String"),
      Map.entry("Integer.parseInt", "int"), Map.entry("Integer.valueOf", "Integer"), Map.entry("Integer.toString", "String"),
      Map.entry("Long.parseLong", "long"), Map.entry("Long.valueOf", "Long"), Map.entry("Long.toString", "String"),
      Map.entry("Double.parseDouble", "double"), Map.entry("Double.valueOf", "Double"),
      Map.entry("Double.doubleToLongBits", "long"), Map.entry("Double.doubleToRawLongBits", "long"),
      Map.entry("Double.longBitsToDouble", "double"), Map.entry("Double.compare", "int"),
      Map.entry("Float.parseFloat", "float"), Map.entry("Float.valueOf", "Float"),
      Map.entry("Float.floatToIntBits", "int"), Map.entry("Float.floatToRawIntBits", "int"),
      Map.entry("Float.intBitsToFloat", "float"), Map.entry("Float.compare", "int"),
      Map.entry("Boolean.parseBoolean", "boolean"), Map.entry("Boolean.valueOf", "Boolean"),
      Map.entry("Character.toUpperCase", "char"), Map.entry("Character.toLowerCase", "char"),
      Map.entry("Character.isWhitespace", "boolean"), Map.entry("Character.isDigit", "boolean"),
      Map.entry("Character.isLetter", "boolean"), Map.entry("Character.valueOf", "Character"),
      Map.entry("System.currentTimeMillis", "long"), Map.entry("System.nanoTime", "long"),
      Map.entry("System.identityHashCode", "int"), Map.entry("System.lineSeparator", "String"),
      Map.entry("System.getProperty", "String"), Map.entry("Objects.hash", "int"), Map.entry("Objects.hashCode", "int"),
      Map.entry("Objects.equals", "boolean"), Map.entry("Objects.isNull", "boolean"),
      Map.entry("Objects.nonNull", "boolean"), Map.entry("Objects.toString", "String"),
      Map.entry("Arrays.toString", "String"), Map.entry("Arrays.hashCode", "int"), Map.entry("Arrays.equals", "boolean"));

  /**
   * Methods of JDK generic types that return an element: the index of the type argument they return, by
   * type and method name.
   */
  private static final Map<String, Integer> ELEMENT = Map.ofEntries(
      Map.entry("Iterator.next", 0), Map.entry("ListIterator.next", 0), Map.entry("ListIterator.previous", 0),
      Map.entry("Enumeration.nextElement", 0), Map.entry("List.get", 0), Map.entry("ArrayList.get", 0),
      Map.entry("LinkedList.get", 0), Map.entry("List.getFirst", 0), Map.entry("List.getLast", 0),
      Map.entry("Deque.peek", 0), Map.entry("Deque.poll", 0), Map.entry("Deque.pop", 0),
      Map.entry("Queue.peek", 0), Map.entry("Queue.poll", 0), Map.entry("Optional.get", 0),
      Map.entry("Optional.orElseThrow", 0), Map.entry("Supplier.get", 0), Map.entry("Map.get", 1),
      Map.entry("HashMap.get", 1), Map.entry("TreeMap.get", 1), Map.entry("Map.Entry.getKey", 0),
      Map.entry("Entry.getKey", 0), Map.entry("Map.Entry.getValue", 1), Map.entry("Entry.getValue", 1));

  /**
   * For {@code x.name()} on an {@code x} declared with type {@code declared} (e.g. {@code Iterator<? extends
   * Foo>}), the element type it returns ({@code Foo}; {@code Object} for {@code ?} and {@code ? super}), or
   * null when not known.
   */
  static String elementResult(String declared, String name) {
    String t = declared.replace("final ", "").trim();
    int open = t.indexOf('<');
    if (open < 0 || !t.endsWith(">")) {
      return null;
    }
    String base = t.substring(0, open).trim();
    if (base.startsWith("java.util.")) {
      base = base.substring("java.util.".length());
    }
    Integer index = ELEMENT.get(base + "." + name);
    if (index == null) {
      return null;
    }
    java.util.List<String> args = Overloads.splitArguments(t.substring(open + 1, t.length() - 1));
    if (index >= args.size()) {
      return null;
    }
    String arg = args.get(index).trim();
    if (arg.equals("?") || arg.startsWith("? super ")) {
      return "Object";
    }
    return arg.startsWith("? extends ") ? arg.substring("? extends ".length()).trim() : arg;
  }

  /** The result type of {@code x.name(args)} for any {@code x}, or null. */
  static String objectMethod(String name, int arity) {
    return OBJECT.get(name + "/" + arity);
  }

  /** The result type of {@code s.name(...)} for a {@code String s}, or null. */
  static String stringMethod(String name) {
    return STRING.get(name);
  }

  /** The result type of {@code Type.name(...)} for a JDK class's static method, or null. */
  static String staticMethod(String type, String name) {
    return STATIC.get(type + "." + name);
  }
}
