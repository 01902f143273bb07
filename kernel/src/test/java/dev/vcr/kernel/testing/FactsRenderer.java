package dev.vcr.kernel.testing;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Import;
import dev.vcr.kernel.model.Reference;
import java.util.List;

/** Renders extracted facts one per line, in source order, for golden files. Spans are 1-based line:col. */
public final class FactsRenderer {
  private FactsRenderer() {}

  public static String render(String path, FileFacts facts) {
    StringBuilder b = new StringBuilder();
    b.append("== ").append(path).append(" (").append(facts.language().id()).append(")");
    if (!facts.packageName().isEmpty()) {
      b.append(" package=").append(facts.packageName());
    }
    if (facts.errorNodes() > 0) {
      b.append(" errors=").append(facts.errorNodes());
    }
    b.append('\n');
    for (Import i : facts.imports()) {
      b.append("import ").append(i.module());
      if (i.name() != null) {
        b.append(" name=").append(i.name());
      }
      if (i.alias() != null) {
        b.append(" as=").append(i.alias());
      }
      if (i.isStatic()) {
        b.append(" static");
      }
      if (i.wildcard()) {
        b.append(" wildcard");
      }
      b.append('\n');
    }
    List<Definition> defs = facts.definitions();
    for (Definition d : defs) {
      b.append("def ").append(d.kind().label()).append(' ').append(d.name()).append(' ')
          .append(d.nameSpan().render()).append(" qn=").append(d.qualifiedName());
      if (d.arity() >= 0) {
        b.append(" arity=").append(d.arity());
      }
      if (d.type() != null) {
        b.append(" type=").append(d.type());
      }
      if (d.scope() != null) {
        b.append(" scope=").append(d.scope().render());
      }
      b.append('\n');
    }
    for (Reference r : facts.references()) {
      b.append("ref ").append(r.role().label()).append(' ').append(r.name()).append(' ')
          .append(r.span().render());
      b.append(" in=").append(r.container() < 0 ? "-" : defs.get(r.container()).name());
      if (r.receiver() != null) {
        b.append(" recv=").append(r.receiver());
      }
      if (r.arity() >= 0) {
        b.append(" arity=").append(r.arity());
      }
      b.append('\n');
    }
    return b.toString();
  }
}
