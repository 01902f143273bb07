package dev.vcr.lsp.features;

import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.query.Navigator;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.text.LineIndex;
import dev.vcr.lsp.protocol.ClientFeatures;
import dev.vcr.lsp.protocol.Errors;
import dev.vcr.lsp.protocol.FromLsp;
import dev.vcr.lsp.protocol.ToLsp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Everything one request needs: a navigator over the session's snapshot (shared index shadowed by the
 * session's open documents), the converters, the client's features and the cancellation check. Made per
 * request; not shared between threads.
 */
public final class QueryContext {
  /** A document a request is about. {@code ignored}: open in an unsupported language (answers are empty). */
  public record Doc(String key, LineIndex lines, boolean ignored) {}

  private final Workspace workspace;
  private final Navigator navigator;
  private final FromLsp from;
  private final ToLsp to;
  private final ClientFeatures client;
  private final CancelChecker cancel;
  private final Map<String, LineIndex> openLines;
  private final Set<String> ignoredKeys;
  private final java.util.function.Supplier<dev.vcr.kernel.graph.CodeGraph> graph;

  public QueryContext(Workspace workspace, Navigator navigator, FromLsp from, ToLsp to, ClientFeatures client,
      CancelChecker cancel, Map<String, LineIndex> openLines, Set<String> ignoredKeys) {
    this(workspace, navigator, from, to, client, cancel, openLines, ignoredKeys, null);
  }

  /** With {@code graph}: the code-graph queries over the same snapshot (made on first use). */
  public QueryContext(Workspace workspace, Navigator navigator, FromLsp from, ToLsp to, ClientFeatures client,
      CancelChecker cancel, Map<String, LineIndex> openLines, Set<String> ignoredKeys,
      java.util.function.Supplier<dev.vcr.kernel.graph.CodeGraph> graph) {
    this.graph = graph;
    this.workspace = workspace;
    this.navigator = navigator;
    this.from = from;
    this.to = to;
    this.client = client;
    this.cancel = cancel;
    this.openLines = openLines;
    this.ignoredKeys = ignoredKeys;
  }

  /** The index key of a document URI in this request's workspace; empty outside it. */
  public Optional<String> key(String uri) {
    return workspace == null || uri == null ? Optional.empty() : from.key(uri);
  }

  public Navigator nav() {
    return navigator;
  }

  /** The code-graph queries over this request's snapshot: the shared index shadowed by the session's documents. */
  public dev.vcr.kernel.graph.CodeGraph graph() {
    if (graph == null || workspace == null) {
      throw Errors.invalidRequest("no workspace folder is open");
    }
    if (codeGraph == null) {
      codeGraph = graph.get();
    }
    return codeGraph;
  }

  private dev.vcr.kernel.graph.CodeGraph codeGraph;
  private Set<Path> outsideOpen = Set.of();

  /**
   * The files the editor has open that are under no workspace root (e.g. their folder was removed): they
   * are answered as ignored documents, with empty results. Returns this.
   */
  public QueryContext outsideOpen(Set<Path> files) {
    this.outsideOpen = files;
    return this;
  }

  private DiskLines diskLines;

  /** Where the lines of files that are not open are kept between requests (else read each time). Returns this. */
  public QueryContext diskLines(DiskLines lines) {
    this.diskLines = lines;
    return this;
  }

  private java.util.function.BiConsumer<Either<String, Integer>, Object> partialSink = (token, value) -> { };

  /** Where partial results go ({@code $/progress} to this session's client). Returns this. */
  public QueryContext partialResults(java.util.function.BiConsumer<Either<String, Integer>, Object> sink) {
    this.partialSink = sink;
    return this;
  }

  /** An answer streamed in batches under {@code token} when the client gave one (null: not streamed). */
  public <T> PartialResults<T> answer(Either<String, Integer> token) {
    return new PartialResults<>(token, partialSink);
  }

  public ToLsp to() {
    return to;
  }

  public FromLsp from() {
    return from;
  }

  public ClientFeatures client() {
    return client;
  }

  /** The file on disk behind an index key, if it is inside the workspace. */
  public java.util.Optional<java.nio.file.Path> file(String key) {
    return workspace == null ? java.util.Optional.empty() : workspace.resolve(key);
  }

  public boolean hasWorkspace() {
    return workspace != null;
  }

  /** Throws the cancellation LSP4J turns into a RequestCancelled error, if the client cancelled. */
  public void check() {
    cancel.checkCanceled();
  }

  /**
   * The document behind a URI: open in this session (its current text), or indexed (its text on disk).
   *
   * @throws org.eclipse.lsp4j.jsonrpc.ResponseErrorException InvalidParams for URIs outside the workspace
   *     and documents that are neither open nor indexed
   */
  public Doc document(org.eclipse.lsp4j.TextDocumentIdentifier id) {
    if (id == null || id.getUri() == null) {
      throw Errors.invalidParams("missing textDocument.uri");
    }
    return document(id.getUri());
  }

  /** Same as {@link #document(org.eclipse.lsp4j.TextDocumentIdentifier)} for a bare URI. */
  public Doc document(String uri) {
    return document(uri, false);
  }

  /**
   * A document that may be neither open nor indexed yet, if its file exists (documentSymbol parses it
   * while a cold index runs).
   */
  public Doc documentOrFile(org.eclipse.lsp4j.TextDocumentIdentifier id) {
    if (id == null || id.getUri() == null) {
      throw Errors.invalidParams("missing textDocument.uri");
    }
    return document(id.getUri(), true);
  }

  private Doc document(String uri, boolean unindexedOk) {
    if (uri == null) {
      throw Errors.invalidParams("missing document URI");
    }
    Optional<String> key = workspace == null ? Optional.empty() : from.key(uri);
    if (key.isEmpty() && FromLsp.path(uri).map(outsideOpen::contains).orElse(false)) {
      return new Doc(uri, new LineIndex(new byte[0]), true);
    }
    if (workspace == null) {
      throw Errors.invalidParams("no workspace folder is open, so " + uri + " is unknown");
    }
    if (key.isEmpty()) {
      throw Errors.invalidParams("not a file inside the workspace: " + uri);
    }
    String k = key.get();
    LineIndex open = openLines.get(k);
    if (open != null) {
      return new Doc(k, open, false);
    }
    if (ignoredKeys.contains(k)) {
      return new Doc(k, new LineIndex(new byte[0]), true);
    }
    Path file = workspace.resolve(k).orElseThrow();
    if (navigator.facts(k) == null && !(unindexedOk && Files.isRegularFile(file))) {
      throw Errors.invalidParams("unknown document (not open and not indexed): " + uri);
    }
    try {
      return new Doc(k, diskLines == null ? new LineIndex(Files.readAllBytes(file)) : diskLines.read(file), false);
    } catch (IOException e) {
      throw Errors.invalidParams("cannot read " + uri + ": " + e.getMessage());
    }
  }

  /** A kernel position in a document, validated against its lines. */
  public FilePosition position(Doc doc, Position p) {
    return from.position(doc.key(), doc.lines(), p);
  }
}
