package dev.vcr.kernel.extract;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import dev.vcr.kernel.parse.NativeExtractor;
import dev.vcr.kernel.parse.ParserPool;
import dev.vcr.kernel.text.LineIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.treesitter.TSNode;
import org.treesitter.TSQueryCapture;
import org.treesitter.TSQueryCursor;
import org.treesitter.TSQueryMatch;
import org.treesitter.TSTree;

/**
 * Turns one file's bytes into {@link FileFacts} by running the language's query once and reading only
 * the byte offsets of captured nodes (node-by-node walks from Java cost more than parsing; see the stack
 * notes). Containers, qualified names and local scopes are computed afterwards from the offsets alone.
 *
 * <p>Stateless; safe to call from any thread (the parser and cursor are per call or per thread).
 */
public final class SymbolExtractor {
  private static final Logger LOG = Logger.getLogger(SymbolExtractor.class.getName());
  private static volatile boolean nativeFailureLogged;
  private static final int MAX_TEXT = 200;
  /** How much source an expression text is made from before it is shortened. */
  private static final int MAX_SOURCE = 2048;

  private SymbolExtractor() {}

  /**
   * Parses and extracts a whole file (bulk indexing). Uses the native fast path when it has this language
   * ({@link NativeExtractor}), else tree-sitter-ng; the facts are the same either way. No tree outlives
   * this call.
   */
  public static FileFacts extract(Language language, byte[] utf8) {
    return extract(language, utf8, true);
  }

  /**
   * As {@link #extract(Language, byte[])}, but with {@code allowNative} false always through tree-sitter-ng
   * (for comparisons and benchmarks; the facts are the same).
   */
  public static FileFacts extract(Language language, byte[] utf8, boolean allowNative) {
    QuerySet qs = QuerySet.of(language);
    if (allowNative && qs.nativeQuery != null) {
      int[] packed;
      try {
        packed = qs.nativeQuery.run(ParserPool.source(language, utf8));
      } catch (RuntimeException e) {
        if (!nativeFailureLogged) {
          nativeFailureLogged = true;
          LOG.warning("native extractor failed on a " + language.id() + " file (" + e.getMessage()
              + "); such files use tree-sitter-ng");
        }
        packed = null;
      }
      if (packed != null) {
        return fromPacked(qs, new LineIndex(utf8), packed);
      }
    }
    return extractWithBinding(language, utf8);
  }

  /** tree-sitter-ng's parse and query, whatever the native path offers (the fallback; also for tests). */
  static FileFacts extractWithBinding(Language language, byte[] utf8) {
    try (TSTree tree = ParserPool.parse(language, utf8, null)) {
      return extract(language, tree, new LineIndex(utf8), () -> false);
    }
  }

  /** The native path only; null when it does not have this language (for tests and benchmarks). */
  static FileFacts extractNative(Language language, byte[] utf8) {
    QuerySet qs = QuerySet.of(language);
    return qs.nativeQuery == null ? null : fromPacked(qs, new LineIndex(utf8),
        qs.nativeQuery.run(ParserPool.source(language, utf8)));
  }

  /**
   * The native fast path's query for a language, or null when it does not have the language (then only
   * tree-sitter-ng's trees can be extracted).
   */
  public static NativeExtractor.Query nativeQuery(Language language) {
    return QuerySet.of(language).nativeQuery;
  }

  /**
   * Extracts facts from a native tree the caller owns (an open document's, parsed by
   * {@link #nativeQuery}'s {@code parse}) of the text of {@code lines}; the same facts as the other paths.
   */
  public static FileFacts extract(Language language, NativeExtractor.Tree tree, LineIndex lines) {
    QuerySet qs = QuerySet.of(language);
    return fromPacked(qs, lines, qs.nativeQuery.run(tree));
  }

  /** Whether {@link #extract(Language, byte[])} takes the native path for this language. */
  public static boolean usesNative(Language language) {
    return QuerySet.of(language).nativeQuery != null;
  }

  /**
   * Facts from the native path's packed matches ({@link NativeExtractor.Query#run}). Matches whose pattern
   * predicates fail are dropped here, as tree-sitter-ng's nextMatch drops them; predicates see the text
   * as the binding does (decoded and re-encoded), which for sanitized UTF-8 is the text itself.
   */
  private static FileFacts fromPacked(QuerySet qs, LineIndex lines, int[] packed) {
    byte[] utf8 = lines.text();
    Collector c = new Collector(qs, lines.text());
    byte[] predicateText = null;
    int matches = packed[0];
    int at = 1;
    for (int i = 0; i < matches; i++) {
      int pattern = packed[at];
      int count = packed[at + 1];
      int first = at + 2;
      at = first + 3 * count;
      if (qs.predicates.hasPredicates(pattern)) {
        if (predicateText == null) {
          predicateText = new String(utf8, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        }
        if (!qs.predicates.test(pattern, packed, first, count, predicateText)) {
          continue;
        }
      }
      c.accept(packed, first, count);
    }
    return c.build(qs.language, lines);
  }

  /**
   * Extracts facts from a tree the caller owns. {@code cancelled} is polled every few hundred matches; when
   * it answers true extraction stops with {@link java.util.concurrent.CancellationException}.
   */
  public static FileFacts extract(Language language, TSTree tree, LineIndex lines, BooleanSupplier cancelled) {
    QuerySet qs = QuerySet.of(language);
    byte[] text = lines.text();
    Collector c = new Collector(qs, text);
    try (TSQueryCursor cursor = new TSQueryCursor()) {
      TSNode root = tree.getRootNode();
      if (qs.hasPredicates) {
        cursor.exec(qs.query, root, new String(text, StandardCharsets.UTF_8));
      } else {
        cursor.exec(qs.query, root);
      }
      TSQueryMatch match = new TSQueryMatch();
      int[] triples = new int[48];
      int n = 0;
      while (cursor.nextMatch(match)) {
        TSQueryCapture[] captures = match.getCaptures();
        if (triples.length < 3 * captures.length) {
          triples = new int[3 * captures.length];
        }
        int k = 0;
        for (TSQueryCapture capture : captures) {
          int id = capture.getIndex();
          triples[k] = id;
          // Offsets only where the collector reads them: each one is a JNI call.
          if (qs.kinds[id] != CaptureKind.IGNORED && qs.kinds[id] != CaptureKind.ERROR) {
            TSNode node = capture.getNode();
            triples[k + 1] = node.getStartByte();
            triples[k + 2] = node.getEndByte();
          }
          k += 3;
        }
        c.accept(triples, 0, captures.length);
        if ((++n & 255) == 0 && cancelled.getAsBoolean()) {
          throw new java.util.concurrent.CancellationException("extraction cancelled");
        }
      }
    }
    return c.build(language, lines);
  }

  /** Raw facts in byte offsets, gathered match by match. */
  private static final class Collector {
    private final QuerySet qs;
    private final byte[] text;
    private final List<RawDef> defs = new ArrayList<>();
    private final List<RawRef> refs = new ArrayList<>();
    private final List<long[]> scopes = new ArrayList<>();
    private final List<RawImport> imports = new ArrayList<>();
    private String packageName = "";
    private int errors;

    Collector(QuerySet qs, byte[] text) {
      this.qs = qs;
      this.text = text;
    }

    /**
     * One match: {@code count} captures as (capture id, start byte, end byte) triples from {@code m[first]},
     * in the match's capture order.
     */
    void accept(int[] m, int first, int count) {
      RawDef def = null;
      RawRef ref = null;
      RawImport imp = null;
      int params = -1;
      int args = -1;
      int callee = -1;
      for (int k = first, end = first + 3 * count; k < end; k += 3) {
        int id = m[k];
        int nodeStart = m[k + 1];
        int nodeEnd = m[k + 2];
        switch (qs.kinds[id]) {
          case DEF:
            def = def == null ? new RawDef() : def;
            def.kind = qs.defKinds[id];
            def.start = nodeStart;
            def.end = nodeEnd;
            break;
          case NAME:
            def = def == null ? new RawDef() : def;
            def.nameStart = nodeStart;
            def.nameEnd = nodeEnd;
            break;
          case PARAMS:
            params = k;
            break;
          case TYPE:
            def = def == null ? new RawDef() : def;
            def.type = slice(nodeStart, nodeEnd);
            break;
          case MODIFIER:
            def = def == null ? new RawDef() : def;
            def.modifiers = def.modifiers == null ? slice(nodeStart, nodeEnd) : def.modifiers + " " + slice(nodeStart, nodeEnd);
            break;
          case BODY:
            def = def == null ? new RawDef() : def;
            def.bodyStart = nodeStart;
            def.bodyEnd = nodeEnd;
            break;
          case INSTANCE:
            def = def == null ? new RawDef() : def;
            def.self = slice(nodeStart, nodeEnd);
            break;
          case REF:
            ref = ref == null ? new RawRef() : ref;
            ref.role = qs.refRoles[id];
            ref.start = nodeStart;
            ref.end = nodeEnd;
            break;
          case RECEIVER:
            ref = ref == null ? new RawRef() : ref;
            ref.receiver = expressionText(nodeStart, nodeEnd);
            break;
          case ARGS:
            args = k;
            break;
          case CALLEE:
            callee = k;
            break;
          case SCOPE:
            scopes.add(new long[] {nodeStart, nodeEnd});
            break;
          case PACKAGE:
            packageName = compact(slice(nodeStart, nodeEnd));
            break;
          case IMPORT_PATH:
          case IMPORT_MODULE:
          case IMPORT_NAME:
          case IMPORT_ALIAS:
          case IMPORT_STATIC:
          case IMPORT_WILDCARD:
            imp = imp == null ? new RawImport() : imp;
            imp.add(qs.kinds[id], nodeStart, nodeEnd, this);
            break;
          case ERROR:
            errors++;
            break;
          case IGNORED:
            break;
          default:
            throw new AssertionError(qs.kinds[id]);
        }
      }
      if (def != null && def.kind != null && def.nameStart >= 0) {
        // Error recovery can leave a declaration whose name is missing (a zero-width node): it declares
        // nothing, so it is dropped here, before containers are computed, and its members nest in the
        // enclosing declaration.
        if (!blank(def.nameStart, def.nameEnd)) {
          def.arity = params < 0 ? -1 : arity(m[params + 1], m[params + 2], def.nameStart, def.nameEnd);
          if (def.arity > 0 && qs.language.family() == Language.JAVASCRIPT
              && Arity.thisParameter(text, m[params + 1], m[params + 2])) {
            def.arity--; // TypeScript's `function f(this: Foo, x)`: `this` is not an argument
          }
          defs.add(def);
        }
      } else if (ref != null && ref.role != null) {
        if (blank(ref.start, ref.end)) {
          return; // a missing identifier refers to nothing
        }
        ref.arity = args < 0 ? -1 : arity(m[args + 1], m[args + 2], ref.start, ref.end);
        if (callee >= 0) {
          int position = Arity.argumentIndex(text, m[callee + 2], ref.start);
          if (position < 0) {
            return;
          }
          ref.receiver = expressionText(m[callee + 1], m[callee + 2]) + "(#" + position + ")";
          ref.argumentKey = true;
        }
        // Only Java's resolver reads a call's argument text (to choose among overloads); the other
        // languages keep the arity alone (on Linux the texts were 12 % of the stored facts).
        if (args >= 0 && ref.arity != 0 && qs.language == Language.JAVA) {
          ref.args = argumentText(m[args + 1], m[args + 2]);
        }
        refs.add(ref); // several patterns may see one identifier: merged in build()
      } else if (imp != null) {
        imports.add(imp);
      }
    }

    /** Whether {@code [start, end)} is empty or only whitespace, so it cannot be a name. */
    private boolean blank(int start, int end) {
      if (end <= start) {
        return true;
      }
      for (int i = start; i < end; i++) {
        byte b = text[i];
        if (b < 0) {
          return new String(text, start, end - start, StandardCharsets.UTF_8).isBlank();
        }
        if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B) {
          return false;
        }
      }
      return true;
    }

    /** Items in a parameter/argument list; a list captured on the name itself means "no list": 0. */
    private int arity(int start, int end, int nameStart, int nameEnd) {
      return start == nameStart && end == nameEnd ? 0 : Arity.count(text, start, end);
    }

    /** The inside of an argument list, whitespace collapsed. */
    private String argumentText(int start, int end) {
      if (end - start >= 2 && (text[start] == '(' || text[start] == '[') && (text[end - 1] == ')' || text[end - 1] == ']')) {
        start++;
        end--;
      }
      return expressionText(start, end);
    }

    /**
     * An expression's text for resolution, whitespace collapsed and cut at {@link #MAX_TEXT}. In Java, whose
     * quotes are unambiguous (no regex literals, {@code '} only for chars), string literals are emptied first
     * ({@code ""} still reads as a string), so receivers and argument lists full of literals stay whole.
     */
    String expressionText(int start, int end) {
      String s = compact(new String(text, start, Math.max(0, Math.min(end - start, MAX_SOURCE)), StandardCharsets.UTF_8));
      if (qs.language == dev.vcr.kernel.lang.Language.JAVA) {
        s = elideStrings(s);
      }
      return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

    String slice(int start, int end) {
      int len = Math.min(end - start, MAX_TEXT);
      return new String(text, start, Math.max(0, len), StandardCharsets.UTF_8);
    }

    /*
     * build() runs once per file and each phase loops over every capture of the file; the phases are
     * methods of their own so that the JIT compiles each loop alone. As one method, the JIT's on-stack
     * replacement compiled it again at each hot loop, inlining all of it every time (nine C2 compilations of
     * 50-100 KB of code, 3.7 s of compiler time in a java.base build, on the cores the parser threads need).
     */
    FileFacts build(Language language, LineIndex lines) {
      List<RawDef> unique = uniqueDefinitions();
      int[] containers = containers(unique);
      if (hasInstanceAttributes(unique)) {
        unique = instanceAttributes(unique, containers);
        containers = containers(unique);
        for (int i = 0; i < unique.size(); i++) {
          if (unique.get(i).self != null) {
            containers[i] = containers[containers[i]]; // the class, not the method that assigns it
          }
        }
      }
      List<Definition> outDefs = definitions(unique, containers, lines);
      List<Reference> outRefs = references(unique, lines);
      imports.sort(Comparator.comparingInt((RawImport m) -> m.start).thenComparing(m -> String.valueOf(m.name)));
      List<Import> outImports = new ArrayList<>(imports.size());
      for (RawImport m : imports) {
        Import imp = m.toImport(lines);
        if (imp != null) {
          outImports.add(imp);
        }
      }
      return new FileFacts(language, packageName, List.copyOf(outDefs), List.copyOf(outRefs),
          List.copyOf(outImports), errors);
    }

    /**
     * Definitions: one per (name) position; a later, more specific pattern for the same name wins only when
     * it is narrower, so nested captures of one declaration do not duplicate it. Sorted outer-first.
     */
    private List<RawDef> uniqueDefinitions() {
      defs.sort(Comparator.comparingInt((RawDef d) -> d.start).thenComparingInt(d -> -d.end)
          .thenComparingInt(d -> d.kind.ordinal()));
      // Keep the first (in that order) of the definitions sharing one name span.
      Integer[] byNameOrder = new Integer[defs.size()];
      for (int i = 0; i < byNameOrder.length; i++) {
        byNameOrder[i] = i;
      }
      Arrays.sort(byNameOrder, Comparator.comparingLong((Integer i) -> nameKey(defs.get(i))));
      boolean[] keep = new boolean[defs.size()];
      long[] nameKeys = new long[defs.size()];
      int names = 0;
      for (int k = 0; k < byNameOrder.length; k++) {
        long key = nameKey(defs.get(byNameOrder[k]));
        if (names == 0 || nameKeys[names - 1] != key) {
          nameKeys[names++] = key;
          keep[byNameOrder[k]] = true;
        }
      }
      List<RawDef> unique = new ArrayList<>(names);
      for (int i = 0; i < defs.size(); i++) {
        if (keep[i]) {
          unique.add(defs.get(i));
        }
      }
      return unique;
    }

    /** The definitions with their qualified names, containers and scopes. */
    private List<Definition> definitions(List<RawDef> unique, int[] containers, LineIndex lines) {
      List<Definition> outDefs = new ArrayList<>(unique.size());
      String[] qualified = new String[unique.size()];
      long[][] localScopes = localScopes(unique);
      for (int i = 0; i < unique.size(); i++) {
        RawDef d = unique.get(i);
        String name = slice(d.nameStart, d.nameEnd);
        int container = containers[i];
        String prefix = container >= 0 ? qualified[container] : packageName;
        qualified[i] = prefix.isEmpty() ? name : prefix + "." + name;
        Span scope = null;
        if (d.kind.isLocal()) {
          long[] s = localScopes[i];
          if (s != null) {
            scope = lines.span((int) s[0], (int) s[1]);
          } else if (container >= 0) {
            scope = lines.span(unique.get(container).start, unique.get(container).end);
          } else {
            scope = lines.span(0, text.length);
          }
        } else if (d.bodyStart >= 0) {
          scope = lines.span(d.bodyStart, d.bodyEnd);
        }
        String type = d.modifiers == null ? d.type : d.type == null ? d.modifiers : d.modifiers + " " + d.type;
        outDefs.add(new Definition(name, d.kind, lines.span(d.start, d.end),
            lines.span(d.nameStart, d.nameEnd), container, qualified[i],
            d.kind.isCallable() ? d.arity : -1, type == null ? null : compact(type), scope));
      }
      return outDefs;
    }

    /**
     * References: the captures of one identifier merged, the names of definitions dropped, in position order.
     * The sort is stable, so within one identifier the captures stay in the order the query found them.
     */
    private List<Reference> references(List<RawDef> unique, LineIndex lines) {
      refs.sort(Comparator.comparingInt((RawRef r) -> r.start).thenComparingInt(r -> r.end));
      long[] defNames = new long[unique.size()];
      for (int i = 0; i < defNames.length; i++) {
        defNames[i] = nameKey(unique.get(i));
      }
      Arrays.sort(defNames);
      List<RawRef> sortedRefs = new ArrayList<>(refs.size());
      RawRef last = null;
      boolean destructures = qs.language.family() == Language.JAVASCRIPT;
      for (RawRef r : refs) {
        if (last != null && last.start == r.start && last.end == r.end && last.argumentKey == r.argumentKey) {
          // Keep the most specific role, and the first receiver and argument count any pattern found.
          if (r.role.ordinal() < last.role.ordinal()) {
            last.role = r.role;
          }
          if (last.receiver == null) {
            last.receiver = r.receiver;
          }
          if (last.arity < 0) {
            last.arity = r.arity;
            last.args = r.args;
          }
          continue;
        }
        last = r;
        // An inherit reference stays one on a definition's name: Go's embedded field `struct{ T }` is a
        // field named T and a use of the type T. So does a read through a receiver: a shorthand key of a
        // TypeScript destructuring pattern (`({ name }: Options)`) binds a local and reads Options.name.
        if (r.role == RefRole.INHERIT || (r.role == RefRole.READ && r.receiver != null && destructures)
            || Arrays.binarySearch(defNames, ((long) r.start << 32) | r.end) < 0) {
          sortedRefs.add(r);
        }
      }
      int[] refContainers = refContainers(unique, sortedRefs);
      List<Reference> outRefs = new ArrayList<>(sortedRefs.size());
      for (int i = 0; i < sortedRefs.size(); i++) {
        RawRef r = sortedRefs.get(i);
        outRefs.add(new Reference(slice(r.start, r.end), r.role, lines.span(r.start, r.end),
            refContainers[i], r.receiver == null ? null : compact(r.receiver),
            r.role.isCall() ? r.arity : -1, r.role.isCall() ? r.args : null));
      }
      return outRefs;
    }

    private static boolean hasInstanceAttributes(List<RawDef> defs) {
      for (RawDef d : defs) {
        if (d.self != null) {
          return true;
        }
      }
      return false;
    }

    /**
     * Instance attributes ({@code @def.instance}): {@code self.x = v} declares {@code x} of the class when it
     * is directly in a method of that class and {@code self} is the method's first parameter; only the first
     * such assignment of a name per class declares it (later ones stay references, writes). The others are
     * dropped here, before qualified names and scopes are computed.
     */
    private List<RawDef> instanceAttributes(List<RawDef> defs, int[] containers) {
      List<RawDef> out = new ArrayList<>(defs.size());
      java.util.Set<String> declared = new java.util.HashSet<>();
      for (int i = 0; i < defs.size(); i++) {
        RawDef d = defs.get(i);
        if (d.self == null) {
          out.add(d);
          continue;
        }
        int m = containers[i];
        int cls = m < 0 ? -1 : containers[m];
        boolean method = m >= 0 && (defs.get(m).kind == SymbolKind.METHOD || defs.get(m).kind == SymbolKind.CONSTRUCTOR
            || defs.get(m).kind == SymbolKind.PROPERTY);
        if (!method || cls < 0 || defs.get(cls).kind != SymbolKind.CLASS || !d.self.equals(firstParameter(defs, containers, m))) {
          continue;
        }
        if (declared.add(cls + "\0" + slice(d.nameStart, d.nameEnd))) {
          out.add(d);
        }
      }
      return out;
    }

    private String firstParameter(List<RawDef> defs, int[] containers, int m) {
      for (int j = m + 1; j < defs.size(); j++) {
        if (containers[j] == m && defs.get(j).kind == SymbolKind.PARAMETER) {
          return slice(defs.get(j).nameStart, defs.get(j).nameEnd);
        }
      }
      return null;
    }

    /** For each definition (sorted outer-first), the index of the innermost enclosing container definition. */
    private static int[] containers(List<RawDef> sorted) {
      int[] out = new int[sorted.size()];
      int[] stack = new int[sorted.size() + 1];
      int top = 0;
      for (int i = 0; i < sorted.size(); i++) {
        RawDef d = sorted.get(i);
        while (top > 0 && !strictlyEncloses(sorted.get(stack[top - 1]), d)) {
          top--;
        }
        out[i] = top > 0 ? stack[top - 1] : -1;
        if (d.kind.isContainer()) {
          stack[top++] = i;
        }
      }
      return out;
    }

    /** For each reference (sorted by start), the innermost enclosing non-local definition. */
    private static int[] refContainers(List<RawDef> defs, List<RawRef> refs) {
      int[] out = new int[refs.size()];
      int[] stack = new int[defs.size() + 1];
      int top = 0;
      int next = 0;
      for (int i = 0; i < refs.size(); i++) {
        RawRef r = refs.get(i);
        while (next < defs.size() && defs.get(next).start <= r.start) {
          RawDef d = defs.get(next);
          while (top > 0 && !strictlyEncloses(defs.get(stack[top - 1]), d)) {
            top--;
          }
          if (d.kind.isContainer() && d.self == null) { // `self` in `self.x = v` is used by the method
            stack[top++] = next;
          }
          next++;
        }
        while (top > 0 && !encloses(defs.get(stack[top - 1]), r.start, r.end)) {
          top--;
        }
        out[i] = top > 0 ? stack[top - 1] : -1;
      }
      return out;
    }

    /** Declarations sharing one node ({@code int a, b;}) are siblings, not nested. */
    private static boolean strictlyEncloses(RawDef outer, RawDef inner) {
      return encloses(outer, inner.start, inner.end) && (outer.start != inner.start || outer.end != inner.end);
    }

    private static boolean encloses(RawDef outer, int start, int end) {
      return outer.start <= start && end <= outer.end;
    }

    private static long nameKey(RawDef d) {
      return ((long) d.nameStart << 32) | d.nameEnd;
    }

    /**
     * For each local definition (by index in {@code defs}), the innermost {@code @scope} containing its
     * name, or null: one sweep over scopes and locals in start order with a stack of open scopes (tree
     * nodes nest or are disjoint, so the stack is a chain).
     */
    private long[][] localScopes(List<RawDef> defs) {
      long[][] out = new long[defs.size()][];
      long[][] sorted = scopes.toArray(new long[0][]);
      Arrays.sort(sorted, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
      List<Integer> locals = new ArrayList<>();
      for (int i = 0; i < defs.size(); i++) {
        if (defs.get(i).kind.isLocal()) {
          locals.add(i);
        }
      }
      locals.sort(Comparator.comparingInt((Integer i) -> defs.get(i).nameStart));
      long[][] stack = new long[sorted.length + 1][];
      int top = 0;
      int next = 0;
      for (int i : locals) {
        RawDef d = defs.get(i);
        while (next < sorted.length && sorted[next][0] <= d.nameStart) {
          while (top > 0 && stack[top - 1][1] < sorted[next][1]) {
            top--;
          }
          stack[top++] = sorted[next++];
        }
        while (top > 0 && stack[top - 1][1] < d.nameEnd) {
          top--;
        }
        out[i] = top > 0 ? stack[top - 1] : null;
      }
      return out;
    }

  }

  /** Empties Java's double-quoted string literals; char literals are copied as they are. */
  static String elideStrings(String s) {
    if (s.indexOf('"') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= s.length()) {
          // No closing quote (a quote inside a regex, comment or raw string, or text cut short): keep the rest.
          b.append(s, i, s.length());
          break;
        }
        if (c == '"') {
          b.append("\"\"");
        } else {
          b.append(s, i, j + 1);
        }
        i = j;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Collapses runs of whitespace to one space, so multi-line type and receiver texts stay readable. */
  static String compact(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      plain = !Character.isWhitespace(s.charAt(i));
    }
    if (plain) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch)) {
        space = b.length() > 0;
      } else {
        if (space) {
          b.append(' ');
          space = false;
        }
        b.append(ch);
      }
    }
    return b.toString();
  }

  private static final class RawDef {
    SymbolKind kind;
    int start = -1;
    int end = -1;
    int nameStart = -1;
    int nameEnd = -1;
    int arity = -1;
    String type;
    /** {@code @def.instance}: the text of the object an instance attribute is assigned through. */
    String self;
    /** {@code @def.modifier}: the specifiers' texts, space-separated; null when none. */
    String modifiers;
    /** {@code @def.body}: the body's offsets, -1 when none. */
    int bodyStart = -1;
    int bodyEnd = -1;
  }

  private static final class RawRef {
    /**
     * A key of an object literal passed as an argument. A shorthand key ({@code f({ name })}) is also a read
     * of the local it names: the two stay separate references on the same name, the key first.
     */
    boolean argumentKey;
    RefRole role;
    int start;
    int end;
    String receiver;
    int arity = -1;
    String args;
  }

  private static final class RawImport {
    String path;
    String module;
    String name;
    String alias;
    boolean isStatic;
    boolean wildcard;
    int start = Integer.MAX_VALUE;
    int end = -1;

    void add(CaptureKind kind, int s, int e, Collector c) {
      String t = c.slice(s, e);
      start = Math.min(start, s);
      end = Math.max(end, e);
      switch (kind) {
        case IMPORT_PATH: path = compact(t).replace(" ", ""); break;
        case IMPORT_MODULE: module = module == null ? unquote(compact(t)) : module + "::" + unquote(compact(t)); break;
        case IMPORT_NAME: name = compact(t); break;
        case IMPORT_ALIAS: alias = compact(t); break;
        case IMPORT_STATIC: isStatic = true; break;
        case IMPORT_WILDCARD: wildcard = true; break;
        default: break;
      }
    }

    Import toImport(LineIndex lines) {
      String mod = module;
      String nm = name;
      if (path != null) {
        if (wildcard) {
          mod = path;
        } else {
          int cut = path.lastIndexOf('.');
          mod = cut < 0 ? "" : path.substring(0, cut);
          nm = path.substring(cut + 1);
        }
      }
      if (mod == null && nm == null) {
        return null;
      }
      return new Import(mod == null ? "" : mod, nm, alias, isStatic, wildcard, lines.span(start, end));
    }

    private static String unquote(String s) {
      if (s.length() >= 2) {
        char q = s.charAt(0);
        if ((q == '"' || q == '\'' || q == '`') && s.charAt(s.length() - 1) == q) {
          return s.substring(1, s.length() - 1);
        }
      }
      return s;
    }
  }
}
