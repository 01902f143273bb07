package dev.vcr.lsp.server;

import dev.vcr.lsp.features.HighlightHandler;
import dev.vcr.lsp.features.HoverHandler;
import dev.vcr.lsp.features.TypeHierarchyHandler;
import org.eclipse.lsp4j.ImplementationParams;
import org.eclipse.lsp4j.TypeHierarchyItem;
import org.eclipse.lsp4j.TypeHierarchyPrepareParams;
import org.eclipse.lsp4j.TypeHierarchySubtypesParams;
import org.eclipse.lsp4j.TypeHierarchySupertypesParams;
import org.eclipse.lsp4j.DeclarationParams;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;

import dev.vcr.lsp.features.CallHierarchyHandler;
import dev.vcr.lsp.features.DefinitionHandler;
import dev.vcr.lsp.features.ReferencesHandler;
import dev.vcr.lsp.features.SymbolsHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyIncomingCallsParams;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCall;
import org.eclipse.lsp4j.CallHierarchyOutgoingCallsParams;
import org.eclipse.lsp4j.CallHierarchyPrepareParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/** {@code textDocument/*} and {@code callHierarchy/*}: routes each method to the session and a handler. */
final class TextDocumentRouter implements TextDocumentService {
  private final VcrSession session;

  TextDocumentRouter(VcrSession session) {
    this.session = session;
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    if (session.acceptsNotifications()) {
      session.documents().open(params);
    }
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    if (session.acceptsNotifications()) {
      session.documents().change(params);
    }
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    if (session.acceptsNotifications()) {
      session.documents().close(params);
    }
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {
    if (session.acceptsNotifications()) {
      session.fileSaved(params == null || params.getTextDocument() == null ? null : params.getTextDocument().getUri());
    }
  }

  @Override
  public CompletableFuture<List<? extends DocumentHighlight>> documentHighlight(DocumentHighlightParams params) {
    return session.query("textDocument/documentHighlight", params, HighlightHandler::find);
  }

  @Override
  public CompletableFuture<List<TypeHierarchyItem>> prepareTypeHierarchy(TypeHierarchyPrepareParams params) {
    return session.query("textDocument/prepareTypeHierarchy", params, TypeHierarchyHandler::prepare);
  }

  @Override
  public CompletableFuture<List<TypeHierarchyItem>> typeHierarchySupertypes(TypeHierarchySupertypesParams params) {
    return session.query("typeHierarchy/supertypes", params, TypeHierarchyHandler::supertypes);
  }

  @Override
  public CompletableFuture<List<TypeHierarchyItem>> typeHierarchySubtypes(TypeHierarchySubtypesParams params) {
    return session.query("typeHierarchy/subtypes", params, TypeHierarchyHandler::subtypes);
  }

  @Override
  public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> implementation(
      ImplementationParams params) {
    return session.query("textDocument/implementation", params, TypeHierarchyHandler::implementations);
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    return session.query("textDocument/hover", params, HoverHandler::find);
  }

  @Override
  public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> declaration(
      DeclarationParams params) {
    return session.query("textDocument/declaration", params, DefinitionHandler::find);
  }

  @Override
  public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
    return session.query("textDocument/references", params, () -> session.needsIndex(params == null ? null
        : params.getTextDocument()), ReferencesHandler::find);
  }

  @Override
  public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(DefinitionParams params) {
    return session.query("textDocument/definition", params, () -> session.needsIndex(params == null ? null
        : params.getTextDocument()), DefinitionHandler::find);
  }

  @Override
  public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
    // Needs only the document: its open text, its indexed facts, or else the file parsed now.
    return session.query("textDocument/documentSymbol", params, false, SymbolsHandler::document);
  }

  @Override
  public CompletableFuture<List<CallHierarchyItem>> prepareCallHierarchy(CallHierarchyPrepareParams params) {
    return session.query("textDocument/prepareCallHierarchy", params, CallHierarchyHandler::prepare);
  }

  @Override
  public CompletableFuture<List<CallHierarchyIncomingCall>> callHierarchyIncomingCalls(CallHierarchyIncomingCallsParams params) {
    return session.query("callHierarchy/incomingCalls", params, CallHierarchyHandler::incoming);
  }

  @Override
  public CompletableFuture<List<CallHierarchyOutgoingCall>> callHierarchyOutgoingCalls(CallHierarchyOutgoingCallsParams params) {
    return session.query("callHierarchy/outgoingCalls", params, CallHierarchyHandler::outgoing);
  }
}
