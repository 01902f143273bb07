package dev.vcr.kernel.index;

import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.RefRole;
import dev.vcr.kernel.model.Reference;
import dev.vcr.kernel.model.SymbolKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical binary form of {@link FileFacts} and of the single records kept in the index's secondary maps.
 * The same facts always encode to the same bytes, so a digest of the bytes identifies the facts.
 */
public final class FactsCodec {
  private static final int FORMAT = 1;
  private static final SymbolKind[] KINDS = SymbolKind.values();
  private static final RefRole[] ROLES = RefRole.values();

  private FactsCodec() {}

  public static byte[] encode(FileFacts facts) {
    Packer p = new Packer(64 + facts.references().size() * 16);
    p.varint(FORMAT);
    p.string(facts.language().id());
    p.string(facts.packageName());
    p.varint(facts.errorNodes());
    p.varint(facts.imports().size());
    for (Import i : facts.imports()) {
      p.string(i.module()).nullableString(i.name()).nullableString(i.alias());
      p.varint((i.isStatic() ? 1 : 0) | (i.wildcard() ? 2 : 0));
      p.span(i.span());
    }
    p.varint(facts.definitions().size());
    for (Definition d : facts.definitions()) {
      writeDefinition(p, d);
    }
    p.varint(facts.references().size());
    for (Reference r : facts.references()) {
      p.string(r.name());
      writeReferenceBody(p, r);
    }
    return p.toByteArray();
  }

  public static FileFacts decode(byte[] bytes) {
    Packer.Reader r = new Packer.Reader(bytes);
    int format = r.varint();
    if (format != FORMAT) {
      throw new IllegalStateException("unknown facts format " + format);
    }
    Language language = Language.forId(r.string()).orElseThrow(() -> new IllegalStateException("unknown language"));
    String pkg = r.string();
    int errors = r.varint();
    int n = r.varint();
    List<Import> imports = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String module = r.string();
      String name = r.nullableString();
      String alias = r.nullableString();
      int flags = r.varint();
      imports.add(new Import(module, name, alias, (flags & 1) != 0, (flags & 2) != 0, r.span()));
    }
    n = r.varint();
    List<Definition> defs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      defs.add(readDefinition(r));
    }
    n = r.varint();
    List<Reference> refs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = r.string();
      refs.add(readReferenceBody(r, name));
    }
    return new FileFacts(language, pkg, List.copyOf(defs), List.copyOf(refs), List.copyOf(imports), errors);
  }

  static void writeDefinition(Packer p, Definition d) {
    p.string(d.name()).varint(d.kind().ordinal()).span(d.span()).span(d.nameSpan());
    p.signed(d.container()).string(d.qualifiedName()).signed(d.arity()).nullableString(d.type());
    p.nullableSpan(d.scope());
  }

  static Definition readDefinition(Packer.Reader r) {
    return new Definition(r.string(), KINDS[r.varint()], r.span(), r.span(), r.signed(), r.string(),
        r.signed(), r.nullableString(), r.nullableSpan());
  }

  static byte[] encodeDefinition(Definition d) {
    Packer p = new Packer(64);
    writeDefinition(p, d);
    return p.toByteArray();
  }

  static Definition decodeDefinition(byte[] bytes) {
    return readDefinition(new Packer.Reader(bytes));
  }

  /** A reference without its name (the name is the key it is stored under). */
  static void writeReferenceBody(Packer p, Reference r) {
    p.varint(r.role().ordinal()).span(r.span()).signed(r.container()).nullableString(r.receiver())
        .signed(r.arity()).nullableString(r.args());
  }

  static Reference readReferenceBody(Packer.Reader r, String name) {
    return new Reference(name, ROLES[r.varint()], r.span(), r.signed(), r.nullableString(), r.signed(),
        r.nullableString());
  }
}
