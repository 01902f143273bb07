package dev.vcr.lsp.features;

import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.ExternalMember;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.query.Results.IncomingCall;
import dev.vcr.kernel.query.Results.OutgoingCall;
import dev.vcr.lsp.protocol.CallItemRef;
import dev.vcr.lsp.protocol.FromLsp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCall;
import org.eclipse.lsp4j.CallHierarchyOutgoingCallsParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.Range;

/**
 * The call hierarchy: {@code prepareCallHierarchy} finds the callables at a position; incoming calls are
 * the callers of an item with the call sites inside each caller; outgoing calls are the callees with the
 * call sites inside the item. Items carry their kernel identity in {@code data}, and every follow-up
 * request re-validates it against the current facts (the file may have been edited since): an item whose
 * definition moved is found again by name and kind; one that is gone has no calls.
 */
public final class CallHierarchyHandler {
  private CallHierarchyHandler() {}

  public static List<CallHierarchyItem> prepare(QueryContext ctx, CallHierarchyPrepareParams params) {
    QueryContext.Doc doc = ctx.document(params.getTextDocument());
    if (doc.ignored()) {
      return List.of();
    }
    FilePosition pos = ctx.position(doc, params.getPosition());
    List<CallHierarchyItem> out = new ArrayList<>();
    for (CallItem item : ctx.nav().prepareCallHierarchy(pos)) {
      out.add(ctx.to().callItem(item));
    }
    return out;
  }

  public static List<CallHierarchyIncomingCall> incoming(QueryContext ctx, CallHierarchyIncomingCallsParams params) {
    Optional<CallItem> item = current(ctx, params.getItem());
    if (item.isEmpty()) {
      return List.of();
    }
    ctx.check();
    PartialResults<CallHierarchyIncomingCall> out = ctx.answer(params.getPartialResultToken());
    for (IncomingCall call : ctx.nav().incomingCalls(item.get())) {
      out.add(new CallHierarchyIncomingCall(ctx.to().callItem(call.from()), ranges(ctx, call.fromRanges())));
      ctx.check();
    }
    return out.finish();
  }

  public static List<CallHierarchyOutgoingCall> outgoing(QueryContext ctx, CallHierarchyOutgoingCallsParams params) {
    Optional<CallItem> item = current(ctx, params.getItem());
    if (item.isEmpty()) {
      return List.of();
    }
    ctx.check();
    List<CallHierarchyOutgoingCall> out = new ArrayList<>();
    for (OutgoingCall call : ctx.nav().outgoingCalls(item.get())) {
      out.add(new CallHierarchyOutgoingCall(ctx.to().callItem(call.to()), ranges(ctx, call.fromRanges())));
      ctx.check();
    }
    return out;
  }

  private static List<Range> ranges(QueryContext ctx, List<Span> spans) {
    List<Range> out = new ArrayList<>(spans.size());
    for (Span s : spans) {
      out.add(ctx.to().range(s));
    }
    return out;
  }

  /**
   * The kernel item an LSP item stands for now. With {@code data}: the definition at its ordinal if it still
   * has the same name and kind, else the same-named definition of that kind nearest to the item's old line.
   * Without {@code data} (an item the client built itself): whatever is at its selection range.
   */
  static Optional<CallItem> current(QueryContext ctx, CallHierarchyItem lspItem) {
    if (lspItem == null) {
      throw dev.vcr.lsp.protocol.Errors.invalidParams("missing call hierarchy item");
    }
    Optional<CallItemRef> ref = FromLsp.callItemRef(lspItem);
    if (ref.isEmpty()) {
      if (lspItem.getUri() == null || lspItem.getSelectionRange() == null) {
        throw dev.vcr.lsp.protocol.Errors.invalidParams("call hierarchy item has neither data nor uri and selectionRange");
      }
      QueryContext.Doc doc = ctx.document(lspItem.getUri());
      if (doc.ignored()) {
        return Optional.empty();
      }
      FilePosition pos = ctx.position(doc, lspItem.getSelectionRange().getStart());
      List<CallItem> items = ctx.nav().prepareCallHierarchy(pos);
      return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }
    CallItemRef r = ref.get();
    // An item made before the workspace folders changed carries its file's old key; its URI names the file.
    Optional<String> now = lspItem.getUri() == null ? Optional.empty() : ctx.key(lspItem.getUri());
    if (now.isPresent() && !now.get().equals(r.path())) {
      r = r.withPath(now.get());
    }
    // The key must belong to this workspace; an item from elsewhere (or of a removed folder) is invalid input.
    try {
      ctx.to().uri(r.path());
    } catch (IllegalArgumentException e) {
      throw dev.vcr.lsp.protocol.Errors.invalidParams("call hierarchy item is not in this workspace: " + r.path());
    }
    if (r.external() != null) {
      if (r.name() == null || r.type() == null) {
        throw dev.vcr.lsp.protocol.Errors.invalidParams("library member call hierarchy item lacks name or type");
      }
      return Optional.of(new CallItem(r.path(), -1, null, new ExternalMember(r.external(), r.type(), r.name(), null)));
    }
    FileFacts facts = ctx.nav().facts(r.path());
    if (facts == null) {
      return Optional.empty();
    }
    if (r.ordinal() < 0) {
      return Optional.of(new CallItem(r.path(), -1, null));
    }
    List<Definition> defs = facts.definitions();
    if (r.ordinal() < defs.size() && same(defs.get(r.ordinal()), r)) {
      return Optional.of(new CallItem(r.path(), r.ordinal(), defs.get(r.ordinal())));
    }
    int oldLine = lspItem.getSelectionRange() == null ? 0 : lspItem.getSelectionRange().getStart().getLine();
    int best = -1;
    for (int i = 0; i < defs.size(); i++) {
      if (same(defs.get(i), r) && (best < 0
          || Math.abs(defs.get(i).nameSpan().startLine() - oldLine) < Math.abs(defs.get(best).nameSpan().startLine() - oldLine))) {
        best = i;
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(new CallItem(r.path(), best, defs.get(best)));
  }

  private static boolean same(Definition d, CallItemRef r) {
    return (r.name() == null || d.name().equals(r.name())) && (r.kind() == null || d.kind().label().equals(r.kind()));
  }
}
