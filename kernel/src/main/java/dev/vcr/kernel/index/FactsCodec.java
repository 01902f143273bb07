package dev.vcr.kernel.index;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one stored form of a file's {@link FileFacts}: a per-file block, compact and canonical (the same facts
 * always encode to the same bytes, so a digest of the bytes identifies the facts).
 *
 * <p>Layout: format, language, then a string table (the number of strings, the byte lengths of its
 * checkpoints and of its strings, where every {@value #CHECKPOINT}th string starts, then every distinct
 * string of the file once, in order of first use), the byte length of the next part, then
 * package, error count, the imports (behind their byte length), the definitions, then the references.
 * Definitions and references each come as their count, a checkpoint every {@value #CHECKPOINT} records
 * (where that record starts and the position and container its deltas are relative to, so that
 * {@link #definitionAt} and {@link #referencesAt} need not step over the records before it), then the
 * records. Each field is a varint. Strings are table indexes;
 * spans are deltas from the previous record's start (definitions and references come in source order) and
 * carry their UTF-16 columns only where they differ from the byte columns; a definition's qualified name is
 * left out when it is the usual {@code container's qualified name + "." + name}, and recomputed on decode.
 */
public final class FactsCodec {
  private static final int FORMAT = 4;
  /** A checkpoint every this many definitions or references: a reader starts from the nearest one. */
  private static final int CHECKPOINT = 32;
  private static final SymbolKind[] KINDS = SymbolKind.values();
  private static final RefRole[] ROLES = RefRole.values();
  private static final Language[] LANGUAGES = Language.values();

  // Definition flags, above the kind's 5 bits.
  private static final int D_QUALIFIED = 1 << 5;
  private static final int D_TYPE = 1 << 6;
  private static final int D_SCOPE = 1 << 7;
  private static final int D_ARITY = 1 << 8;
  // Reference flags, above the role's 4 bits.
  private static final int R_RECEIVER = 1 << 4;
  private static final int R_ARGS = 1 << 5;
  private static final int R_ARITY = 1 << 6;

  private FactsCodec() {}

  public static byte[] encode(FileFacts facts) {
    Strings strings = new Strings();
    Packer body = new Packer(64 + facts.references().size() * 8);
    body.varint(strings.id(facts.packageName()));
    body.varint(facts.errorNodes());

    // the imports, behind their length: a reader of definitions steps over them in one move
    Packer imports = new Packer(16 + facts.imports().size() * 12);
    imports.varint(facts.imports().size());
    Cursor at = new Cursor();
    for (Import i : facts.imports()) {
      imports.varint(strings.id(i.module())).varint(strings.nullableId(i.name())).varint(strings.nullableId(i.alias()));
      imports.varint((i.isStatic() ? 1 : 0) | (i.wildcard() ? 2 : 0));
      at.write(imports, i.span());
    }
    body.varint(imports.length()).append(imports);

    // the definitions, with a checkpoint every CHECKPOINT records as the references have (one definition is
    // read by stepping over at most CHECKPOINT - 1 records, however late in a large file it is)
    List<Definition> defs = facts.definitions();
    Packer defData = new Packer(16 + defs.size() * 12);
    Packer defCheckpoints = new Packer(16 + defs.size() / CHECKPOINT * 6);
    at = new Cursor();
    int lastContainer = -1;
    int lastOffset = 0;
    for (int k = 0; k < defs.size(); k++) {
      Definition d = defs.get(k);
      if (k > 0 && k % CHECKPOINT == 0) {
        defCheckpoints.varint(defData.length() - lastOffset).varint(at.line).varint(at.col).signed(lastContainer);
        lastOffset = defData.length();
      }
      boolean usual = d.qualifiedName().equals(usualQualifiedName(facts.packageName(), defs, k, d));
      int header = d.kind().ordinal() | (usual ? 0 : D_QUALIFIED) | (d.type() == null ? 0 : D_TYPE)
          | (d.scope() == null ? 0 : D_SCOPE) | (d.arity() == -1 ? 0 : D_ARITY);
      defData.varint(header).varint(strings.id(d.name()));
      at.write(defData, d.span());
      Cursor.relativeTo(d.span()).write(defData, d.nameSpan());
      defData.signed(d.container() - lastContainer);
      lastContainer = d.container();
      if (!usual) {
        defData.varint(strings.id(d.qualifiedName()));
      }
      if (d.arity() != -1) {
        defData.signed(d.arity());
      }
      if (d.type() != null) {
        defData.varint(strings.id(d.type()));
      }
      if (d.scope() != null) {
        Cursor.relativeTo(d.span()).write(defData, d.scope());
      }
    }
    body.varint(defs.size()).append(defCheckpoints).append(defData);

    List<Reference> refs = facts.references();
    Packer data = new Packer(refs.size() * 8);
    Packer checkpoints = new Packer(16 + refs.size() / CHECKPOINT * 6);
    at = new Cursor();
    lastContainer = -1;
    lastOffset = 0;
    for (int k = 0; k < refs.size(); k++) {
      Reference r = refs.get(k);
      if (k > 0 && k % CHECKPOINT == 0) {
        // where reference k starts, and the state its deltas are relative to
        checkpoints.varint(data.length() - lastOffset).varint(at.line).varint(at.col).signed(lastContainer);
        lastOffset = data.length();
      }
      int header = r.role().ordinal() | (r.receiver() == null ? 0 : R_RECEIVER) | (r.args() == null ? 0 : R_ARGS)
          | (r.arity() == -1 ? 0 : R_ARITY);
      data.varint(header).varint(strings.id(r.name()));
      at.write(data, r.span());
      data.signed(r.container() - lastContainer);
      lastContainer = r.container();
      if (r.receiver() != null) {
        data.varint(strings.id(r.receiver()));
      }
      if (r.arity() != -1) {
        data.signed(r.arity());
      }
      if (r.args() != null) {
        data.varint(strings.id(r.args()));
      }
    }

    Packer out = new Packer(32 + strings.bytes + body.length() + checkpoints.length() + data.length());
    Packer table = new Packer(strings.bytes + 8);
    Packer tableCheckpoints = new Packer(8 + strings.list.size() / CHECKPOINT * 2);
    int lastString = 0;
    for (int k = 0; k < strings.list.size(); k++) {
      if (k > 0 && k % CHECKPOINT == 0) {
        tableCheckpoints.varint(table.length() - lastString); // where string k starts
        lastString = table.length();
      }
      table.string(strings.list.get(k));
    }
    out.varint(FORMAT).varint(facts.language().ordinal()).varint(strings.list.size())
        .varint(tableCheckpoints.length()).varint(table.length()).append(tableCheckpoints).append(table);
    out.varint(body.length()).append(body);
    return out.varint(refs.size()).append(checkpoints).append(data).toByteArray();
  }

  public static FileFacts decode(byte[] bytes) {
    return read(bytes, true);
  }

  /**
   * Only a file's definitions, for by-name lookups that need no references: the string table is decoded
   * lazily, so the names only references use are never turned into strings.
   */
  public static List<Definition> decodeDefinitions(byte[] bytes) {
    return read(bytes, false).definitions();
  }

  /**
   * Definition {@code ordinal} of an encoded block, or null when the block has fewer: equal to {@code
   * decodeDefinitions(bytes).get(ordinal)}, but read from the nearest checkpoint, again for each container
   * its usual qualified name is made of (rarely more than two), and only the strings it needs are decoded:
   * a workspace-symbol answer that lists one definition of a register header with 40,000 macros neither
   * builds nor keeps anything per macro.
   */
  public static Definition definitionAt(byte[] bytes, int ordinal) {
    Definitions at = Definitions.locate(bytes);
    return ordinal < 0 || ordinal >= at.count() ? null : definitionsAt(bytes, at, new int[] {ordinal})[0];
  }

  /**
   * Where a block's definitions are: its string table, its package's string id, how many definitions, the
   * offset of their checkpoints and of the first record (the header, package, error count and imports
   * stepped over).
   */
  private record Definitions(Table table, int pkgId, int count, int checkpoints, int start) {
    static Definitions locate(byte[] bytes) {
      Packer.Reader r = new Packer.Reader(bytes);
      Table table = Table.skip(r);
      r.varint(); // the length of what follows up to the references
      int pkgId = r.varint();
      r.varint(); // error nodes
      r.skip(r.varint()); // the imports
      int count = r.varint();
      int checkpoints = r.position();
      skipCheckpoints(r, count);
      return new Definitions(table, pkgId, count, checkpoints, r.position());
    }
  }

  /**
   * One definition record of a block, its strings as table ids (-1 for none), reached from the checkpoint
   * before it by stepping over the records in between (positions and containers are deltas).
   */
  private static final class DefRecord {
    int header;
    int name;
    int container = -1;
    int qualified;
    int arity;
    int type;
    Span span;
    Span nameSpan;
    Span scope;

    static DefRecord at(byte[] bytes, Definitions where, int ordinal, boolean spans) {
      Cursor at = new Cursor();
      DefRecord d = new DefRecord();
      int k = 0;
      int offset = 0;
      Packer.Reader cp = new Packer.Reader(bytes, where.checkpoints());
      for (int c = 0; c < ordinal / CHECKPOINT; c++) { // checkpoint c is definition (c + 1) * CHECKPOINT's
        offset += cp.varint();
        at.line = cp.varint();
        at.col = cp.varint();
        d.container = cp.signed();
        k = (c + 1) * CHECKPOINT;
      }
      Packer.Reader r = new Packer.Reader(bytes, where.start() + offset);
      Cursor within = new Cursor(); // spans written relative to their definition's start
      for (; k <= ordinal; k++) {
        boolean read = spans && k == ordinal;
        d.header = r.varint();
        d.name = r.varint();
        if (read) {
          d.span = at.read(r);
          d.nameSpan = within.moveTo(at).read(r);
        } else {
          at.skip(r);
          within.moveTo(at).skip(r);
        }
        d.container += r.signed();
        d.qualified = (d.header & D_QUALIFIED) != 0 ? r.varint() : -1;
        d.arity = (d.header & D_ARITY) != 0 ? r.signed() : -1;
        d.type = (d.header & D_TYPE) != 0 ? r.varint() : -1;
        if ((d.header & D_SCOPE) != 0) {
          if (read) {
            d.scope = within.moveTo(at).read(r);
          } else {
            within.moveTo(at).skip(r);
          }
        }
      }
      return d;
    }
  }

  /**
   * The definitions at {@code ordinals} of an encoded block (in any order; null where the block has fewer),
   * each equal to {@code decodeDefinitions(bytes).get(ordinal)}: each read from its checkpoint, as is each
   * container its usual qualified name is made of, and the strings of all of them decoded in one pass
   * over the string table (an incoming-calls answer names one or two callers in each of hundreds of files).
   */
  public static Definition[] definitionsAt(byte[] bytes, int[] ordinals) {
    return definitionsAt(bytes, Definitions.locate(bytes), ordinals);
  }

  private static Definition[] definitionsAt(byte[] bytes, Definitions where, int[] ordinals) {
    int n = where.count();
    int[] want = ordinals.clone(); // the distinct ordinals in range, ascending
    java.util.Arrays.sort(want);
    int wanted = 0;
    for (int o : want) {
      if (o >= 0 && o < n && (wanted == 0 || want[wanted - 1] != o)) {
        want[wanted++] = o;
      }
    }
    // The strings: per wanted definition its name, explicit qualified name, type, and the prefix of a usual
    // qualified name (the package or the nearest container's explicit name), then the names of the
    // containers in between, innermost first (a usual name is derivable only from containers before it).
    DefRecord[] records = new DefRecord[wanted];
    int[] ids = new int[wanted * 4 + 8];
    int used = wanted * 4;
    int[] chainFrom = new int[wanted + 1];
    boolean[] derivable = new boolean[wanted];
    for (int j = 0; j < wanted; j++) {
      DefRecord d = records[j] = DefRecord.at(bytes, where, want[j], true);
      ids[4 * j] = d.name;
      ids[4 * j + 1] = d.qualified;
      ids[4 * j + 2] = d.type;
      int prefix = where.pkgId();
      derivable[j] = true;
      chainFrom[j] = used;
      for (int c = d.container, bound = want[j]; d.qualified < 0 && c >= 0; ) {
        if (c >= bound) {
          derivable[j] = false; // stored explicitly by the encoder
          break;
        }
        DefRecord up = DefRecord.at(bytes, where, c, false);
        if (up.qualified >= 0) {
          prefix = up.qualified;
          break;
        }
        ids = used == ids.length ? java.util.Arrays.copyOf(ids, used * 2) : ids;
        ids[used++] = up.name;
        bound = c;
        c = up.container;
      }
      ids[4 * j + 3] = prefix;
    }
    chainFrom[wanted] = used;
    String[] s = stringsAt(bytes, where.table(), java.util.Arrays.copyOf(ids, used));
    Definition[] built = new Definition[wanted];
    for (int j = 0; j < wanted; j++) {
      DefRecord d = records[j];
      String qualifiedName = s[4 * j + 1];
      if (d.qualified < 0 && derivable[j]) {
        String prefix = s[4 * j + 3];
        for (int c = chainFrom[j + 1] - 1; c >= chainFrom[j]; c--) {
          prefix = prefix.isEmpty() ? s[c] : prefix + "." + s[c];
        }
        qualifiedName = prefix.isEmpty() ? s[4 * j] : prefix + "." + s[4 * j];
      }
      built[j] = new Definition(s[4 * j], KINDS[d.header & 31], d.span, d.nameSpan, d.container, qualifiedName,
          d.arity, s[4 * j + 2], d.scope);
    }
    Definition[] out = new Definition[ordinals.length];
    for (int i = 0; i < ordinals.length; i++) {
      int j = java.util.Arrays.binarySearch(want, 0, wanted, ordinals[i]);
      out[i] = j < 0 ? null : built[j];
    }
    return out;
  }

  /** Some of a file's references, by ordinal, with the file's reference count. */
  public record SomeReferences(int referenceCount, Reference[] references) {}

  /**
   * The references at {@code ordinals} (ascending, distinct) of an encoded block, and how many references it has,
   * without decoding the rest: imports and definitions are skipped, and the references before the last
   * one asked for are only stepped over. A references answer over hundreds of files needs only this.
   */
  public static SomeReferences referencesAt(byte[] bytes, int[] ordinals) {
    // Allocates in proportion to the references asked for, not to the file, and the strings the references
    // name are decoded in one pass over the string table at the end (a references answer reads a few
    // references from each of hundreds of files).
    int len = ordinals.length;
    // per reference asked for: its header, string ids (name, receiver, arguments; -1 for none), arity,
    // span and container, strings resolved at the end
    int[] headers = new int[len];
    int[] stringIds = new int[len * 3];
    int[] arities = new int[len];
    int[] containers = new int[len];
    Span[] spans = new Span[len];
    int n = walkReferences(bytes, ordinals, (next, rec) -> {
      headers[next] = rec.header;
      stringIds[3 * next] = rec.name;
      spans[next] = rec.span;
      containers[next] = rec.container;
      stringIds[3 * next + 1] = rec.receiver;
      arities[next] = rec.arity;
      stringIds[3 * next + 2] = rec.args;
    });
    Table table = Table.skip(new Packer.Reader(bytes));
    String[] strings = stringsAt(bytes, table, stringIds);
    Reference[] out = new Reference[len];
    for (int i = 0; i < len; i++) {
      int header = headers[i];
      out[i] = new Reference(strings[3 * i], ROLES[header & 15], spans[i], containers[i], strings[3 * i + 1],
          arities[i], strings[3 * i + 2]);
    }
    return new SomeReferences(n, out);
  }

  /**
   * Where some of a file's references are, by ordinal, with the file's reference count: each one's role,
   * span and container (for a call, the definition it is made in), and none of its strings.
   */
  public record Sites(int referenceCount, RefRole[] roles, Span[] spans, int[] containers) {}

  /**
   * The roles, spans and containers of the references at {@code ordinals} (ascending, distinct) of an
   * encoded block, as {@link #referencesAt} reads them but without decoding a string: what an
   * incoming-calls answer needs of its call sites in each of hundreds of files.
   */
  public static Sites sitesAt(byte[] bytes, int[] ordinals) {
    int len = ordinals.length;
    RefRole[] roles = new RefRole[len];
    Span[] spans = new Span[len];
    int[] containers = new int[len];
    int n = walkReferences(bytes, ordinals, (next, rec) -> {
      roles[next] = ROLES[rec.header & 15];
      spans[next] = rec.span;
      containers[next] = rec.container;
    });
    return new Sites(n, roles, spans, containers);
  }

  private interface RecordVisitor {
    void visit(int index, RecordReader rec);
  }

  /**
   * Reads the references at {@code ordinals} (ascending, distinct) in turn, each from the checkpoint
   * before it unless an earlier one is nearer, and hands each to {@code visit} with its index among
   * {@code ordinals}; returns the block's reference count. The checkpoint table is read once, in step.
   */
  private static int walkReferences(byte[] bytes, int[] ordinals, RecordVisitor visit) {
    Packer.Reader r = new Packer.Reader(bytes);
    Table.skip(r);
    r.skip(r.varint()); // package, error nodes, imports and definitions
    int n = r.varint();
    int checkpointsAt = r.position();
    skipCheckpoints(r, n);
    int data = r.position();
    Packer.Reader cp = new Packer.Reader(bytes, checkpointsAt);
    int cpRead = 0; // checkpoints read from cp
    int cpOffset = 0;
    RecordReader rec = new RecordReader();
    int k = 0;
    for (int next = 0; next < ordinals.length; next++) {
      int want = ordinals[next];
      if (want < k || want >= n) {
        throw new IllegalArgumentException("reference " + want + " of " + n + " asked for");
      }
      int c = want / CHECKPOINT - 1; // the checkpoint of reference (c + 1) * CHECKPOINT
      if (c >= 0 && (c + 1) * CHECKPOINT > k) {
        int line = 0;
        int col = 0;
        int cont = 0;
        while (cpRead <= c) {
          cpOffset += cp.varint();
          line = cp.varint();
          col = cp.varint();
          cont = cp.signed();
          cpRead++;
        }
        r = new Packer.Reader(bytes, data + cpOffset);
        rec.restart(line, col, cont);
        k = (c + 1) * CHECKPOINT;
      }
      for (; k < want; k++) {
        rec.skip(r);
      }
      rec.read(r);
      visit.visit(next, rec);
      k++;
    }
    return n;
  }

  /**
   * Where a block's string table is ({@code count} strings from offset {@code first}): read after the
   * block's format (checked) and language, and stepped over.
   */
  private record Table(int count, int checkpoints, int first) {
    static Table skip(Packer.Reader r) {
      int format = r.varint();
      if (format != FORMAT) {
        throw new IllegalStateException("unknown facts format " + format);
      }
      r.varint(); // language
      int count = r.varint();
      int checkpointsLength = r.varint();
      int length = r.varint();
      Table t = new Table(count, r.position(), r.position() + checkpointsLength);
      r.skip(checkpointsLength + length);
      return t;
    }
  }

  /**
   * The strings of a file's string table at the given ids (-1: null), decoding only those: each reached
   * from the checkpoint before it unless the string read last is nearer; equal ids give the same object.
   */
  private static String[] stringsAt(byte[] bytes, Table table, int[] ids) {
    int[] sorted = ids.clone();
    java.util.Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] >= 0 && (distinct == 0 || sorted[distinct - 1] != sorted[i])) {
        sorted[distinct++] = sorted[i];
      }
    }
    if (distinct > 0 && sorted[distinct - 1] >= table.count()) {
      throw new IllegalStateException("string " + sorted[distinct - 1] + " of " + table.count() + " asked for");
    }
    String[] decoded = new String[distinct];
    Packer.Reader cp = new Packer.Reader(bytes, table.checkpoints());
    int cpRead = 0; // checkpoints read: string cpRead * CHECKPOINT starts at first + cpOffset
    int cpOffset = 0;
    Packer.Reader t = new Packer.Reader(bytes, table.first());
    int id = 0; // the string t stands at
    for (int j = 0; j < distinct; j++) {
      int want = sorted[j];
      if (want / CHECKPOINT > cpRead && want / CHECKPOINT * CHECKPOINT > id) {
        while (cpRead < want / CHECKPOINT) {
          cpOffset += cp.varint();
          cpRead++;
        }
        t = new Packer.Reader(bytes, table.first() + cpOffset);
        id = cpRead * CHECKPOINT;
      }
      for (; id < want; id++) {
        t.skip(t.varint());
      }
      decoded[j] = t.string();
      id++;
    }
    String[] out = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i] < 0 ? null : decoded[java.util.Arrays.binarySearch(sorted, 0, distinct, ids[i])];
    }
    return out;
  }

  private static FileFacts read(byte[] bytes, boolean withReferences) {
    Packer.Reader r = new Packer.Reader(bytes);
    int format = r.varint();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown facts format " + format);
    }
    Language language = LANGUAGES[r.varint()];
    StringTable strings = new StringTable(bytes, r);
    r.varint(); // the length of what follows up to the references
    String pkg = strings.get(r.varint());
    int errors = r.varint();

    r.varint(); // the imports' byte length
    int n = r.varint();
    List<Import> imports = new ArrayList<>(n);
    Cursor at = new Cursor();
    for (int i = 0; i < n; i++) {
      String module = strings.get(r.varint());
      String name = strings.nullable(r.varint());
      String alias = strings.nullable(r.varint());
      int flags = r.varint();
      imports.add(new Import(module, name, alias, (flags & 1) != 0, (flags & 2) != 0, at.read(r)));
    }

    n = r.varint();
    skipCheckpoints(r, n);
    List<Definition> defs = new ArrayList<>(n);
    at = new Cursor();
    int container = -1;
    for (int k = 0; k < n; k++) {
      int header = r.varint();
      String name = strings.get(r.varint());
      Span span = at.read(r);
      Span nameSpan = Cursor.relativeTo(span).read(r);
      container += r.signed();
      String qualified = (header & D_QUALIFIED) != 0 ? strings.get(r.varint())
          : usualQualifiedName(pkg, defs, container, name);
      int arity = (header & D_ARITY) != 0 ? r.signed() : -1;
      String type = (header & D_TYPE) != 0 ? strings.get(r.varint()) : null;
      Span scope = (header & D_SCOPE) != 0 ? Cursor.relativeTo(span).read(r) : null;
      defs.add(new Definition(name, KINDS[header & 31], span, nameSpan, container, qualified, arity, type, scope));
    }
    if (!withReferences) {
      return new FileFacts(language, pkg, List.copyOf(defs), List.of(), List.copyOf(imports), errors);
    }

    n = r.varint();
    skipCheckpoints(r, n);
    return new FileFacts(language, pkg, List.copyOf(defs), new LazyReferences(bytes, strings, r.position(), n), List.copyOf(imports),
        errors);
  }

  /** Steps over the checkpoints of {@code n} records. */
  private static void skipCheckpoints(Packer.Reader r, int n) {
    for (int c = 0; c < (n == 0 ? 0 : (n - 1) / CHECKPOINT); c++) {
      r.varint();
      r.varint();
      r.varint();
      r.signed();
    }
  }

  /**
   * Whether a list of references is at hand without decoding: false only for the references of decoded
   * facts that nothing has read whole yet (some of them are cheaper read from the block, {@link #referencesAt}).
   */
  public static boolean isDecoded(List<Reference> references) {
    return !(references instanceof LazyReferences lazy) || lazy.decoded != null;
  }

  /**
   * The ordinals of the references with {@code role}, ascending: of decoded facts whose references nothing
   * has read yet, from the records' headers alone (a resolver asks each type file it visits for its
   * supertype clauses, and decoding all of a large class's references for them was most of what a
   * references request allocated and kept).
   */
  public static int[] ordinalsWithRole(List<Reference> references, RefRole role) {
    if (references instanceof LazyReferences lazy && lazy.decoded == null) {
      return lazy.withRole(role);
    }
    int[] out = new int[4];
    int n = 0;
    for (int k = 0; k < references.size(); k++) {
      if (references.get(k).role() == role) {
        out = n == out.length ? java.util.Arrays.copyOf(out, n * 2) : out;
        out[n++] = k;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * The references with {@code role}, in source order: of decoded facts whose references nothing has read
   * yet, read alone from the block (a resolver asks every type file it visits for its supertype clauses: on
   * java.base, reading them one by one decoded and kept 190 k references of files that were never linked
   * or asked about otherwise).
   */
  public static List<Reference> referencesWithRole(List<Reference> references, RefRole role) {
    int[] ordinals = ordinalsWithRole(references, role);
    if (ordinals.length == 0) {
      return List.of();
    }
    if (references instanceof LazyReferences lazy && lazy.decoded == null) {
      return List.of(referencesAt(lazy.bytes, ordinals).references());
    }
    Reference[] out = new Reference[ordinals.length];
    for (int i = 0; i < ordinals.length; i++) {
      out[i] = references.get(ordinals[i]);
    }
    return List.of(out);
  }

  /**
   * Lets go of the references of decoded facts that were read whole, if they came from a block (else
   * nothing): the facts stay usable and decode them again when next read whole. The resolution pass
   * calls it when it has linked a file: its facts stay cached for the files that name its declarations,
   * which rarely read its references again.
   */
  public static void release(List<Reference> references) {
    if (references instanceof LazyReferences lazy) {
      lazy.release();
    }
  }

  /**
   * A block's references, decoded when first read: most decoded facts are read for a file's definitions and
   * imports (a resolver looking at a type's members, a by-name lookup), and the references are most of a
   * block (java.base: 4.5 per definition). The size is known without decoding, so caches can weigh it.
   */
  private static final class LazyReferences extends java.util.AbstractList<Reference>
      implements java.util.RandomAccess {
    /** Single references read from the block before the whole list is decoded (then decoded at once). */
    private static final int SINGLE_GETS = 8;
    private final int size;
    private final byte[] bytes;
    private final int data;
    private final java.util.concurrent.atomic.AtomicInteger singles = new java.util.concurrent.atomic.AtomicInteger();
    /** Kept for decoding again after {@link #release}; read only under this object's lock. */
    private final StringTable strings;
    private volatile List<Reference> decoded;

    /** The {@code size} references of a block whose records start at offset {@code data}. */
    LazyReferences(byte[] bytes, StringTable strings, int data, int size) {
      this.bytes = bytes;
      this.data = data;
      this.strings = strings;
      this.size = size;
    }

    @Override
    public int size() {
      return size;
    }

    /**
     * The first few references asked for one by one (a resolver reading a type's supertype clauses) are read
     * alone from the block; after that, or on iteration, the whole list is decoded and kept.
     */
    @Override
    public Reference get(int index) {
      List<Reference> d = decoded;
      if (d != null) {
        return d.get(index);
      }
      java.util.Objects.checkIndex(index, size);
      if (singles.incrementAndGet() <= SINGLE_GETS) {
        return referencesAt(bytes, new int[] {index}).references()[0];
      }
      return references().get(index);
    }

    /** Ordinals of the references with this role, from their records' headers (nothing is decoded). */
    int[] withRole(RefRole role) {
      int[] out = new int[4];
      int n = 0;
      Packer.Reader at = new Packer.Reader(bytes, data);
      RecordReader rec = new RecordReader();
      for (int k = 0; k < size; k++) {
        if ((rec.skip(at) & 15) == role.ordinal()) {
          out = n == out.length ? java.util.Arrays.copyOf(out, n * 2) : out;
          out[n++] = k;
        }
      }
      return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public java.util.Iterator<Reference> iterator() {
      return references().iterator();
    }

    private List<Reference> references() {
      List<Reference> d = decoded;
      if (d == null) {
        synchronized (this) {
          d = decoded;
          if (d == null) {
            d = decode();
            decoded = d;
          }
        }
      }
      return d;
    }

    /** Forgets the decoded list (whoever holds it keeps it); the next whole read decodes it again. */
    synchronized void release() {
      decoded = null;
    }

    private List<Reference> decode() {
      Reference[] refs = new Reference[size];
      RecordReader rec = new RecordReader();
      Packer.Reader r = new Packer.Reader(bytes, data);
      for (int k = 0; k < size; k++) {
        rec.read(r);
        refs[k] = new Reference(strings.get(rec.name), ROLES[rec.header & 15], rec.span, rec.container,
            rec.receiver < 0 ? null : strings.get(rec.receiver), rec.arity,
            rec.args < 0 ? null : strings.get(rec.args));
      }
      if (!r.atEnd()) {
        throw new IllegalStateException("trailing bytes after facts");
      }
      return List.of(refs);
    }
  }

  /** A block's string table, each string decoded when first asked for. */
  private static final class StringTable {
    private final byte[] bytes;
    private final int[] offsets;
    private final String[] decoded;
    /** How many offsets are known, and where the next string starts. */
    private int scanned;
    private int next;

    /** Reads the table's size and steps over it; its strings are found and decoded when first asked for. */
    StringTable(byte[] bytes, Packer.Reader r) {
      this.bytes = bytes;
      offsets = new int[r.varint()];
      decoded = new String[offsets.length];
      int checkpointsLength = r.varint(); // not used: strings decoded whole are found in one scan
      int length = r.varint();
      next = r.position() + checkpointsLength;
      r.skip(checkpointsLength + length);
    }

    String get(int id) {
      String s = decoded[id];
      if (s == null) {
        while (scanned <= id) {
          offsets[scanned++] = next;
          Packer.Reader at = new Packer.Reader(bytes, next);
          at.skip(at.varint());
          next = at.position();
        }
        s = new Packer.Reader(bytes, offsets[id]).string();
        decoded[id] = s;
      }
      return s;
    }

    /** 0 for null, else the id + 1. */
    String nullable(int id) {
      return id == 0 ? null : get(id - 1);
    }
  }

  /** The qualified name the extractor gives a definition: its container's (or the package) and its name. */
  private static String usualQualifiedName(String pkg, List<Definition> defs, int k, Definition d) {
    return usualQualifiedName(pkg, defs, d.container() < k ? d.container() : Integer.MIN_VALUE, d.name());
  }

  private static String usualQualifiedName(String pkg, List<Definition> earlier, int container, String name) {
    if (container == Integer.MIN_VALUE || container >= earlier.size()) {
      return null; // not derivable from what precedes it: stored explicitly
    }
    String prefix = container >= 0 ? earlier.get(container).qualifiedName() : pkg;
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** The string table of one file being encoded. */
  private static final class Strings {
    final Map<String, Integer> ids = new HashMap<>();
    final List<String> list = new ArrayList<>();
    int bytes;

    int id(String s) {
      Integer id = ids.get(s);
      if (id == null) {
        id = list.size();
        ids.put(s, id);
        list.add(s);
        bytes += s.length() + 2;
      }
      return id;
    }

    /** 0 for null, else the id + 1. */
    int nullableId(String s) {
      return s == null ? 0 : id(s) + 1;
    }
  }

  /**
   * Writes spans as deltas from a moving position: the start line relative to the previous start, the start
   * column relative to the previous column when on the same line, the end relative to the start. The UTF-16
   * columns are written only when they differ from the byte columns (flagged in the line-count field).
   */
  /**
   * Reads a block's reference records one after the other, as {@link #encode} writes them: each record's
   * fields are left in this reader, strings as ids into the block's table (-1 for none), so that a caller
   * decodes only the strings it keeps. Positions and containers are deltas from the record before.
   */
  private static final class RecordReader {
    private final Cursor at = new Cursor();
    int header;
    int name;
    Span span;
    int container = -1;
    int receiver;
    int arity;
    int args;

    /** Continues from a checkpoint: the position and container of the record before the next one. */
    void restart(int line, int col, int container) {
      at.line = line;
      at.col = col;
      this.container = container;
    }

    void read(Packer.Reader r) {
      header = r.varint();
      name = r.varint();
      span = at.read(r);
      container += r.signed();
      receiver = (header & R_RECEIVER) != 0 ? r.varint() : -1;
      arity = (header & R_ARITY) != 0 ? r.signed() : -1;
      args = (header & R_ARGS) != 0 ? r.varint() : -1;
    }

    /** Steps over a record, keeping the position and container deltas, without making its span; its header. */
    int skip(Packer.Reader r) {
      int h = r.varint();
      r.varint();
      at.skip(r);
      container += r.signed();
      if ((h & R_RECEIVER) != 0) {
        r.varint();
      }
      if ((h & R_ARITY) != 0) {
        r.signed();
      }
      if ((h & R_ARGS) != 0) {
        r.varint();
      }
      return h;
    }
  }

  private static final class Cursor {
    int line;
    int col;

    static Cursor relativeTo(Span base) {
      Cursor c = new Cursor();
      c.line = base.startLine();
      c.col = base.startCol();
      return c;
    }

    /** This cursor at {@code other}'s position. */
    Cursor moveTo(Cursor other) {
      line = other.line;
      col = other.col;
      return this;
    }

    void write(Packer p, Span s) {
      int dl = s.startLine() - line;
      p.signed(dl);
      p.signed(dl == 0 ? s.startCol() - col : s.startCol());
      int lines = s.endLine() - s.startLine();
      boolean wide = s.startCol16() != s.startCol() || s.endCol16() != s.endCol();
      p.signed(lines * 2 + (wide ? 1 : 0));
      p.signed(lines == 0 ? s.endCol() - s.startCol() : s.endCol());
      if (wide) {
        p.signed(s.startCol() - s.startCol16()).signed(s.endCol() - s.endCol16());
      }
      line = s.startLine();
      col = s.startCol();
    }

    /** Steps over a span as {@link #read} reads it, without making it. */
    void skip(Packer.Reader r) {
      int dl = r.signed();
      int startLine = line + dl;
      int startCol = dl == 0 ? col + r.signed() : r.signed();
      int lw = r.signed();
      r.signed();
      if ((lw & 1) != 0) {
        r.signed();
        r.signed();
      }
      line = startLine;
      col = startCol;
    }

    Span read(Packer.Reader r) {
      int dl = r.signed();
      int startLine = line + dl;
      int startCol = dl == 0 ? col + r.signed() : r.signed();
      int lw = r.signed();
      int lines = lw >> 1;
      boolean wide = (lw & 1) != 0;
      int endLine = startLine + lines;
      int endCol = lines == 0 ? startCol + r.signed() : r.signed();
      int startCol16 = startCol;
      int endCol16 = endCol;
      if (wide) {
        startCol16 = startCol - r.signed();
        endCol16 = endCol - r.signed();
      }
      line = startLine;
      col = startCol;
      return new Span(startLine, startCol, startCol16, endLine, endCol, endCol16);
    }
  }
}
