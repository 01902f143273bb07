package dev.vcr.kernel.index;

import com.google.common.hash.Hashing;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.SymbolKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stable symbol identity. A declaration's id is a 64-bit fingerprint of what it is, not where it is: its
 * file, qualified name (package or namespace and container chain), kind, arity, the erased types of its
 * parameters, and which of the file's declarations with all of those equal it is (0 for the first). Edits
 * elsewhere in the file, or moving it within the file, keep its id; renaming it, changing its container or
 * its parameter types, or moving it to another file give it a new one. Scoped names (parameters, locals)
 * have id 0: they are resolved within their file, never linked.
 */
public final class SymbolIds {
  private SymbolIds() {}

  /** Ids already computed, by facts instance (decoded facts are shared through the caches of the sources). */
  private static final com.google.common.cache.Cache<FileFacts, PathIds> CACHE =
      com.google.common.cache.CacheBuilder.newBuilder().weakKeys().maximumSize(20_000).build();

  private record PathIds(String path, long[] ids) {}

  /** The id of every definition of a file, by ordinal; 0 for scoped names. Do not modify the result. */
  public static long[] of(String path, FileFacts f) {
    PathIds known = CACHE.getIfPresent(f);
    if (known != null && known.path().equals(path)) {
      return known.ids();
    }
    long[] ids = compute(path, f);
    CACHE.put(f, new PathIds(path, ids));
    return ids;
  }

  static long[] compute(String path, FileFacts f) {
    List<Definition> defs = f.definitions();
    long[] out = new long[defs.size()];
    List<List<String>> params = null;
    // key fingerprint at rank 0 -> how many had it; never iterated. Two keys are taken as equal when their
    // fingerprints are: ids rest on 64-bit fingerprints being distinct anyway.
    Map<Long, Integer> seen = new HashMap<>();
    KeyBytes key = KEY_BYTES.get();
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      if (d.kind().isLocal()) {
        continue;
      }
      if (params == null && d.kind().isCallable()) {
        params = parameterTypes(defs);
      }
      key.start().add(path).add(0).add(d.qualifiedName() == null ? d.name() : d.qualifiedName()).add(0)
          .addNumber(d.kind().ordinal()).add(0).addNumber(d.arity());
      if (d.kind().isCallable()) {
        for (String t : params.get(i)) {
          key.add(0).add(erase(t));
        }
      }
      long first = key.hash(0);
      int dup = seen.merge(first, 1, Integer::sum) - 1;
      out[i] = dup == 0 ? first : key.hash(dup);
    }
    return out;
  }

  /**
   * The id of one definition of a file ({@code of(path, f)[ordinal]}, 0 for a scoped name), computed from
   * that definition and the earlier ones that could share its key alone: a request that needs one
   * declaration's id (references, incoming calls) does not hash all of a large file's declarations.
   */
  public static long idOf(String path, FileFacts f, int ordinal) {
    List<Definition> defs = f.definitions();
    if (ordinal < 0 || ordinal >= defs.size()) {
      return 0;
    }
    PathIds known = CACHE.getIfPresent(f);
    if (known != null && known.path().equals(path)) {
      return known.ids()[ordinal];
    }
    Definition d = defs.get(ordinal);
    if (d.kind().isLocal()) {
      return 0;
    }
    String k = key(path, d, parametersOf(defs, ordinal));
    String qn = d.qualifiedName() == null ? d.name() : d.qualifiedName();
    int dup = 0;
    for (int j = 0; j < ordinal; j++) {
      Definition e = defs.get(j);
      // a key starts with the path, the qualified name (or name), then the kind and arity
      if (e.kind() != d.kind() || e.arity() != d.arity() || e.kind().isLocal()
          || !qn.equals(e.qualifiedName() == null ? e.name() : e.qualifiedName())) {
        continue;
      }
      if (k.equals(key(path, e, parametersOf(defs, j)))) {
        dup++;
      }
    }
    return hash(k, dup);
  }

  /** The key a definition's id is the fingerprint of (with its rank among equal keys). */
  private static String key(String path, Definition d, List<String> params) {
    StringBuilder key = new StringBuilder(96).append(path).append('\0')
        .append(d.qualifiedName() == null ? d.name() : d.qualifiedName()).append('\0')
        .append(d.kind().ordinal()).append('\0').append(d.arity());
    if (d.kind().isCallable()) {
      for (String t : params) {
        key.append('\0').append(erase(t));
      }
    }
    return key.toString();
  }

  static long hash(String key, int dup) {
    return KEY_BYTES.get().start().add(key).hash(dup);
  }

  private static final ThreadLocal<KeyBytes> KEY_BYTES = ThreadLocal.withInitial(KeyBytes::new);

  /**
   * A key's UTF-8 bytes in a buffer reused by its thread, then the rank: the bytes a hasher's {@code
   * putString(key, UTF-8).putInt(dup)} would take (the int little-endian), fingerprinted at once (the
   * fingerprint is not streaming). A build computes the ids of every declaration it reads: building each
   * key as a string, then its bytes, then a copy with the rank was a fifth of what linux-10k's build allocated.
   */
  static final class KeyBytes {
    private byte[] bytes = new byte[256];
    private int length;

    KeyBytes start() {
      length = 0;
      return this;
    }

    KeyBytes add(String s) {
      int n = s.length();
      room(n);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          // past ASCII, the encoder's own bytes for the rest (unpaired surrogates included); chars before
          // i are ASCII, so no pair is split
          byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
          room(rest.length);
          System.arraycopy(rest, 0, bytes, length, rest.length);
          length += rest.length;
          return this;
        }
        bytes[length++] = (byte) c;
      }
      return this;
    }

    /** One byte below 0x80 (a separator). */
    KeyBytes add(int ascii) {
      room(1);
      bytes[length++] = (byte) ascii;
      return this;
    }

    /** A number in decimal, as {@code StringBuilder.append(int)} writes it. */
    KeyBytes addNumber(int v) {
      if (v == Integer.MIN_VALUE) {
        return add(Integer.toString(v));
      }
      if (v < 0) {
        add('-');
        v = -v;
      }
      int from = length;
      do {
        add('0' + v % 10);
        v /= 10;
      } while (v > 0);
      for (int i = from, j = length - 1; i < j; i++, j--) {
        byte b = bytes[i];
        bytes[i] = bytes[j];
        bytes[j] = b;
      }
      return this;
    }

    /** The id of the key so far with rank {@code dup} (the key itself is kept: ranks can follow). */
    long hash(int dup) {
      room(4);
      for (int i = 0; i < 4; i++) {
        bytes[length + i] = (byte) (dup >>> (8 * i));
      }
      long id = Hashing.farmHashFingerprint64().hashBytes(bytes, 0, length + 4).asLong();
      return id == 0 ? 1 : id;
    }

    /** The bytes so far (for tests). */
    byte[] bytes() {
      return java.util.Arrays.copyOf(bytes, length);
    }

    private void room(int more) {
      if (length + more + 4 > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more + 4));
      }
    }
  }

  /** The parameter types of definition {@code ordinal}, as {@link #parameterTypes} lists them for it. */
  private static List<String> parametersOf(List<Definition> defs, int ordinal) {
    if (!defs.get(ordinal).kind().isCallable()) {
      return null;
    }
    List<String> out = new ArrayList<>(2);
    for (Definition p : defs) {
      if (p.kind() == SymbolKind.PARAMETER && p.container() == ordinal) {
        out.add(p.type() == null ? "" : p.type());
      }
    }
    return out;
  }

  /**
   * The id that stands for "a declaration named {@code name} in this language family": a use whose name
   * fallback finds many same-named declarations is linked to it once, not to each of them (see
   * {@code StoreLinker}), and a query for one of them resolves those uses again.
   */
  public static long nameId(dev.vcr.kernel.lang.Language family, String name) {
    return tagged("name", family, name);
  }

  /**
   * The id of a library member as its uses name it: the receiver's type by simple name, the member, and a
   * call's argument count ({@code StringBuilder.append/1}); overloads of equal arity share it. Uses of a
   * library member link to it, so its references are a lookup like a workspace symbol's.
   */
  public static long externalId(dev.vcr.kernel.lang.Language family, String type, String member, int arity) {
    return tagged("external", family, type + "." + member + (arity >= 0 ? "/" + arity : ""));
  }

  /**
   * Marks a file whose links depend on a type name's meaning (a library type, or a workspace type lacking a
   * member the file uses): when a declaration of that name appears or goes, such files are linked again,
   * even where they never spell the name (a receiver typed through another file's method).
   */
  public static long typeDependencyId(String typeName) {
    return tagged("typedep", dev.vcr.kernel.lang.Language.JAVA, typeName);
  }

  private static long tagged(String tag, dev.vcr.kernel.lang.Language family, String text) {
    long id = Hashing.farmHashFingerprint64().newHasher()
        .putString(tag + "\0" + family.family().id() + "\0" + text, StandardCharsets.UTF_8).hash().asLong();
    return id == 0 ? 1 : id;
  }

  /** The ordinal of the definition with this id in a file, or -1. */
  public static int ordinalOf(String path, FileFacts f, long id) {
    long[] ids = of(path, f);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }

  private static List<List<String>> parameterTypes(List<Definition> defs) {
    List<List<String>> out = new ArrayList<>(defs.size());
    for (int i = 0; i < defs.size(); i++) {
      out.add(new ArrayList<>(2));
    }
    for (Definition d : defs) {
      if (d.kind() == SymbolKind.PARAMETER && d.container() >= 0 && d.container() < defs.size()) {
        out.get(d.container()).add(d.type() == null ? "" : d.type());
      }
    }
    return out;
  }

  /**
   * A parameter type without type arguments, package qualifiers or annotations:
   * {@code java.util.List<String>} and {@code List<T>} are both {@code List}; arrays and varargs stay marked.
   */
  static String erase(String type) {
    StringBuilder plain = new StringBuilder(type.length());
    int depth = 0;
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (depth == 0) {
        plain.append(c);
      }
    }
    // the tokens of the trimmed text split at runs of regex \s (what split("\\s+") gave), without a regex
    String trimmed = plain.toString().trim();
    StringBuilder out = new StringBuilder(trimmed.length());
    int n = trimmed.length();
    int i = 0;
    do {
      int end = i;
      while (end < n && !regexSpace(trimmed.charAt(end))) {
        end++;
      }
      String token = trimmed.substring(i, end);
      if (!token.startsWith("@") && !token.equals("final")) {
        out.append(token);
      }
      i = end;
      while (i < n && regexSpace(trimmed.charAt(i))) {
        i++;
      }
    } while (i < n);
    String s = out.toString();
    int suffix = s.length();
    while (suffix > 0 && (s.charAt(suffix - 1) == ']' || s.charAt(suffix - 1) == '[' || s.charAt(suffix - 1) == '.')) {
      suffix--;
    }
    int dot = s.lastIndexOf('.', suffix - 1);
    return dot >= 0 ? s.substring(dot + 1) : s;
  }

  /** The characters of a regex {@code \s}: space, tab, new line, vertical tab, form feed, carriage return. */
  private static boolean regexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /**
   * The key of an id in the {@code uses} and {@code decls} tables: the id with its sign bit flipped, so that
   * the tables' signed order is the unsigned order of the ids (that of their {@link #key hex keys}).
   */
  static long tableKey(long id) {
    return id ^ Long.MIN_VALUE;
  }

  /** {@link #tableKey} of an id given as its {@link #key hex key}. */
  static long tableKey(String hexKey) {
    return tableKey(Long.parseUnsignedLong(hexKey, 16));
  }

  static String key(long id) {
    String h = Long.toHexString(id);
    return "0000000000000000".substring(h.length()) + h;
  }
}
