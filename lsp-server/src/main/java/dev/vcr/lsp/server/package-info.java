/**
 * The LSP server: {@link dev.vcr.lsp.server.VcrServer} (one per process, shares one
 * {@code WorkspaceIndex} per set of roots between sessions, reference-counted), {@link
 * dev.vcr.lsp.server.VcrSession} (one per client connection: owns a {@code ParseEpoch} with the unsaved
 * documents, which shadow the shared index for that session only) and {@link
 * dev.vcr.lsp.server.SessionLauncher} (binds a session to a pair of streams).
 *
 * <p>Threading: LSP4J calls handlers on the connection's reader thread. Handlers only route: requests run
 * on the server's request pool through {@code CompletableFutures.computeAsync} (so {@code $/cancelRequest}
 * works); document changes run in order on a per-session serial queue, and each request first waits for
 * the changes that arrived before it; indexing runs on its own threads, debounced and one run at a time per
 * workspace ({@link dev.vcr.lsp.server.ReindexScheduler}).
 */
package dev.vcr.lsp.server;
