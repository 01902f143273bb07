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

  private static final java.util.Set<String> COLLECTIONS = java.util.Set.of("Collection", "List", "Set", "Queue",
      "Deque", "SortedSet", "NavigableSet", "ArrayList", "LinkedList", "HashSet", "LinkedHashSet", "TreeSet",
      "ArrayDeque");
  private static final java.util.Set<String> MAPS = java.util.Set.of("Map", "SortedMap", "NavigableMap", "HashMap",
      "LinkedHashMap", "TreeMap");
  private static final Map<String, String> COLLECTION_METHODS = Map.of(
      "iterator", "Iterator", "size", "int", "isEmpty", "boolean", "contains", "boolean", "stream", "Stream");
  private static final Map<String, String> MAP_METHODS = Map.of(
      "size", "int", "isEmpty", "boolean", "containsKey", "boolean", "containsValue", "boolean",
      "keySet", "Set", "values", "Collection", "entrySet", "Set");

  /** The result type of {@code x.name(...)} on an {@code x} declared as a JDK collection or map, or null. */
  static String containerMethod(String declared, String name) {
    String base = JavaResolver.eraseGenerics(declared.replace("final ", "")).trim();
    if (base.startsWith("java.util.")) {
      base = base.substring("java.util.".length());
    }
    if (COLLECTIONS.contains(base) || base.equals("Iterable") && name.equals("iterator")) {
      return COLLECTION_METHODS.get(name);
    }
    return MAPS.contains(base) ? MAP_METHODS.get(name) : null;
  }

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

  private static final String EXC = "Exception Throwable Serializable";
  private static final String RTE = "RuntimeException " + EXC;
  private static final String READER = "Reader Readable Closeable AutoCloseable";
  private static final String WRITER = "Writer Appendable Closeable Flushable AutoCloseable";
  private static final String IN = "InputStream Closeable AutoCloseable";
  private static final String FILTER_IN = "FilterInputStream " + IN;
  private static final String OUT = "OutputStream Closeable Flushable AutoCloseable";
  private static final String FILTER_OUT = "FilterOutputStream " + OUT;
  private static final String NUMBER = "Number Serializable Comparable Constable ConstantDesc";
  private static final String SB = "AbstractStringBuilder CharSequence Appendable Serializable Comparable";
  private static final String COLL = "Collection Iterable";
  private static final String LIST = "List SequencedCollection " + COLL;
  private static final String SORTED_SET = "NavigableSet SortedSet SequencedSet SequencedCollection Set " + COLL;
  private static final String DEQUE = "Deque Queue SequencedCollection " + COLL;
  private static final String SORTED_MAP = "NavigableMap SortedMap SequencedMap Map";
  private static final String TEMPORAL = "Temporal TemporalAccessor Comparable Serializable";

  /**
   * All supertypes (Object aside) of common JDK types, by qualified name, so that an argument of such a
   * type can be told to fit a parameter or not. A type is listed only with its complete set.
   */
  private static final Map<String, String> SUPERTYPES = Map.ofEntries(
      Map.entry("java.lang.StringBuilder", SB), Map.entry("java.lang.StringBuffer", SB),
      Map.entry("java.lang.CharSequence", ""), Map.entry("java.lang.Iterable", ""),
      Map.entry("java.lang.Integer", NUMBER), Map.entry("java.lang.Long", NUMBER),
      Map.entry("java.lang.Double", NUMBER), Map.entry("java.lang.Float", NUMBER),
      Map.entry("java.lang.Short", "Number Serializable Comparable Constable"),
      Map.entry("java.lang.Byte", "Number Serializable Comparable Constable"),
      Map.entry("java.lang.Number", "Serializable"),
      Map.entry("java.lang.Boolean", "Serializable Comparable Constable"),
      Map.entry("java.lang.Character", "Serializable Comparable Constable"),
      Map.entry("java.lang.Class", "Serializable GenericDeclaration Type AnnotatedElement TypeDescriptor OfField Constable"),
      Map.entry("java.lang.Throwable", "Serializable"), Map.entry("java.lang.Exception", "Throwable Serializable"),
      Map.entry("java.lang.Error", "Throwable Serializable"), Map.entry("java.lang.RuntimeException", EXC),
      Map.entry("java.lang.IllegalArgumentException", RTE), Map.entry("java.lang.IllegalStateException", RTE),
      Map.entry("java.lang.NullPointerException", RTE), Map.entry("java.lang.UnsupportedOperationException", RTE),
      Map.entry("java.lang.IndexOutOfBoundsException", RTE), Map.entry("java.lang.ClassCastException", RTE),
      Map.entry("java.lang.NumberFormatException", "IllegalArgumentException " + RTE),
      Map.entry("java.io.IOException", EXC), Map.entry("java.io.FileNotFoundException", "IOException " + EXC),
      Map.entry("java.io.UncheckedIOException", RTE),
      Map.entry("java.io.Reader", "Readable Closeable AutoCloseable"),
      Map.entry("java.io.InputStreamReader", READER), Map.entry("java.io.FileReader", "InputStreamReader " + READER),
      Map.entry("java.io.BufferedReader", READER), Map.entry("java.io.StringReader", READER),
      Map.entry("java.io.CharArrayReader", READER), Map.entry("java.io.LineNumberReader", "BufferedReader " + READER),
      Map.entry("java.io.Writer", "Appendable Closeable Flushable AutoCloseable"),
      Map.entry("java.io.StringWriter", WRITER), Map.entry("java.io.CharArrayWriter", WRITER),
      Map.entry("java.io.BufferedWriter", WRITER), Map.entry("java.io.PrintWriter", WRITER),
      Map.entry("java.io.OutputStreamWriter", WRITER), Map.entry("java.io.FileWriter", "OutputStreamWriter " + WRITER),
      Map.entry("java.io.InputStream", "Closeable AutoCloseable"),
      Map.entry("java.io.FileInputStream", IN), Map.entry("java.io.ByteArrayInputStream", IN),
      Map.entry("java.io.FilterInputStream", IN), Map.entry("java.io.BufferedInputStream", FILTER_IN),
      Map.entry("java.io.OutputStream", "Closeable Flushable AutoCloseable"),
      Map.entry("java.io.FileOutputStream", OUT), Map.entry("java.io.ByteArrayOutputStream", OUT),
      Map.entry("java.io.FilterOutputStream", OUT), Map.entry("java.io.BufferedOutputStream", FILTER_OUT),
      Map.entry("java.io.PrintStream", "Appendable " + FILTER_OUT),
      Map.entry("java.io.File", "Serializable Comparable"),
      Map.entry("java.util.Collection", "Iterable"), Map.entry("java.util.List", "SequencedCollection " + COLL),
      Map.entry("java.util.Set", COLL), Map.entry("java.util.Queue", COLL),
      Map.entry("java.util.Deque", "Queue SequencedCollection " + COLL), Map.entry("java.util.Iterator", ""),
      Map.entry("java.util.ArrayList", "AbstractList AbstractCollection RandomAccess Cloneable Serializable " + LIST),
      Map.entry("java.util.LinkedList",
          "AbstractSequentialList AbstractList AbstractCollection Cloneable Serializable Deque Queue " + LIST),
      Map.entry("java.util.HashSet", "AbstractSet AbstractCollection Set Cloneable Serializable " + COLL),
      Map.entry("java.util.LinkedHashSet",
          "HashSet AbstractSet AbstractCollection SequencedSet SequencedCollection Set Cloneable Serializable " + COLL),
      Map.entry("java.util.TreeSet", "AbstractSet AbstractCollection Cloneable Serializable " + SORTED_SET),
      Map.entry("java.util.ArrayDeque", "AbstractCollection Cloneable Serializable " + DEQUE),
      Map.entry("java.util.Map", ""), Map.entry("java.util.HashMap", "AbstractMap Map Cloneable Serializable"),
      Map.entry("java.util.LinkedHashMap", "HashMap AbstractMap SequencedMap Map Cloneable Serializable"),
      Map.entry("java.util.TreeMap", "AbstractMap Cloneable Serializable " + SORTED_MAP),
      Map.entry("java.util.Date", "Serializable Cloneable Comparable"),
      Map.entry("java.nio.file.Path", "Comparable Iterable Watchable"),
      Map.entry("java.nio.file.attribute.FileTime", "Comparable"),
      Map.entry("java.time.Instant", "TemporalAdjuster " + TEMPORAL),
      Map.entry("java.time.LocalDate", "TemporalAdjuster ChronoLocalDate " + TEMPORAL),
      Map.entry("java.time.LocalDateTime", "TemporalAdjuster ChronoLocalDateTime " + TEMPORAL),
      Map.entry("java.time.ZonedDateTime", "ChronoZonedDateTime " + TEMPORAL),
      Map.entry("java.time.OffsetDateTime", "TemporalAdjuster " + TEMPORAL),
      Map.entry("java.time.Duration", "TemporalAmount Comparable Serializable"));

  /** {@link #SUPERTYPES} parsed: supertype sets by qualified name. */
  private static final Map<String, java.util.Set<String>> SUPERTYPE_SETS = new java.util.HashMap<>();
  /** Listed types by simple name; null where two listed types share it. */
  private static final Map<String, String> BY_SIMPLE_NAME = new java.util.HashMap<>();

  static {
    SUPERTYPES.forEach((q, s) -> {
      SUPERTYPE_SETS.put(q, s.isEmpty() ? java.util.Set.of() : java.util.Set.of(s.split(" ")));
      String simple = q.substring(q.lastIndexOf('.') + 1);
      BY_SIMPLE_NAME.put(simple, BY_SIMPLE_NAME.containsKey(simple) ? null : q);
    });
  }

  /** The listed JDK type with this simple name, when exactly one is listed; else null. */
  static String qualify(String simpleName) {
    return BY_SIMPLE_NAME.get(simpleName);
  }

  /** The supertypes' simple names of a listed JDK type (by qualified name), or null when it is not listed. */
  static java.util.Set<String> supertypes(String qualifiedName) {
    return SUPERTYPE_SETS.get(qualifiedName);
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
