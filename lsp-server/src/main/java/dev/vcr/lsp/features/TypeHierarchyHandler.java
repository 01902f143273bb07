package dev.vcr.lsp.features;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.TypeHierarchy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.ImplementationParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.TypeHierarchyItem;
import org.eclipse.lsp4j.TypeHierarchyPrepareParams;
import org.eclipse.lsp4j.TypeHierarchySubtypesParams;
import org.eclipse.lsp4j.TypeHierarchySupertypesParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Type hierarchy (prepare, supertypes, subtypes) and {@code textDocument/implementation}, over
 * {@link TypeHierarchy}. Items are built and found again exactly like call-hierarchy items (their
 * {@code data} carries path, ordinal, name and kind, re-validated against the current facts).
 */
public final class TypeHierarchyHandler {
  private TypeHierarchyHandler() {}

  public static List<TypeHierarchyItem> prepare(QueryContext ctx, TypeHierarchyPrepareParams params) {
    QueryContext.Doc doc = ctx.document(params.getTextDocument());
    if (doc.ignored()) {
      return List.of();
    }
    FilePosition pos = ctx.position(doc, params.getPosition());
    return items(ctx, new TypeHierarchy(ctx.nav()).at(pos));
  }

  public static List<TypeHierarchyItem> supertypes(QueryContext ctx, TypeHierarchySupertypesParams params) {
    Optional<DefHit> type = current(ctx, params.getItem());
    return type.isEmpty() ? List.of() : items(ctx, new TypeHierarchy(ctx.nav()).supertypes(type.get()));
  }

  public static List<TypeHierarchyItem> subtypes(QueryContext ctx, TypeHierarchySubtypesParams params) {
    Optional<DefHit> type = current(ctx, params.getItem());
    return type.isEmpty() ? List.of() : items(ctx, new TypeHierarchy(ctx.nav()).subtypes(type.get()));
  }

  public static Either<List<? extends Location>, List<? extends LocationLink>> implementations(QueryContext ctx,
      ImplementationParams params) {
    QueryContext.Doc doc = ctx.document(params.getTextDocument());
    List<Location> out = new ArrayList<>();
    if (!doc.ignored()) {
      FilePosition pos = ctx.position(doc, params.getPosition());
      for (DefHit d : new TypeHierarchy(ctx.nav()).implementations(pos)) {
        out.add(ctx.to().location(d.path(), d.definition().nameSpan()));
      }
    }
    return Either.forLeft(out);
  }

  private static List<TypeHierarchyItem> items(QueryContext ctx, List<DefHit> types) {
    List<TypeHierarchyItem> out = new ArrayList<>();
    for (DefHit d : types) {
      CallHierarchyItem c = ctx.to().callItem(new CallItem(d.path(), d.ordinal(), d.definition()));
      TypeHierarchyItem t = new TypeHierarchyItem(c.getName(), c.getKind(), c.getUri(), c.getRange(),
          c.getSelectionRange(), c.getDetail());
      t.setData(c.getData());
      out.add(t);
    }
    return out;
  }

  private static Optional<DefHit> current(QueryContext ctx, TypeHierarchyItem item) {
    if (item == null) {
      throw dev.vcr.lsp.protocol.Errors.invalidParams("missing type hierarchy item");
    }
    CallHierarchyItem c = new CallHierarchyItem(item.getName(), item.getKind(), item.getUri(), item.getRange(),
        item.getSelectionRange());
    c.setData(item.getData());
    return CallHierarchyHandler.current(ctx, c).filter(ci -> ci.definition() != null && ci.definition().kind().isType())
        .map(ci -> new DefHit(ci.path(), ci.ordinal(), ci.definition()));
  }
}
