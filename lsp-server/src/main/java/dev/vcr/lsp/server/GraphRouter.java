package dev.vcr.lsp.server;

import dev.vcr.lsp.features.GraphHandler;
import dev.vcr.lsp.protocol.GraphParams;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The code-graph requests ({@code docs/graph-requests.md}): routes each to the session and
 * {@link GraphHandler}. Like every request they run on the request pool, after the document changes sent
 * before them, over the session's snapshot.
 */
public final class GraphRouter implements GraphService {
  /** The methods, as listed in the server's {@code experimental.vcrRequests}. */
  static final List<String> METHODS = List.of("vcr/impact", "vcr/paths", "vcr/cycles", "vcr/hotspots",
      "vcr/clusters", "vcr/context", "vcr/detail", "vcr/graphStats");

  private final VcrSession session;

  GraphRouter(VcrSession session) {
    this.session = session;
  }

  @Override
  public CompletableFuture<Object> impact(GraphParams.ImpactParams params) {
    return session.query("vcr/impact", params, GraphHandler::impact);
  }

  @Override
  public CompletableFuture<Object> paths(GraphParams.PathsParams params) {
    return session.query("vcr/paths", params, GraphHandler::paths);
  }

  @Override
  public CompletableFuture<Object> cycles(GraphParams.CyclesParams params) {
    return session.query("vcr/cycles", true, ctx -> GraphHandler.cycles(ctx, params));
  }

  @Override
  public CompletableFuture<Object> hotspots(GraphParams.HotspotsParams params) {
    return session.query("vcr/hotspots", true, ctx -> GraphHandler.hotspots(ctx, params));
  }

  @Override
  public CompletableFuture<Object> clusters(GraphParams.LimitParams params) {
    return session.query("vcr/clusters", true, ctx -> GraphHandler.clusters(ctx, params));
  }

  @Override
  public CompletableFuture<Object> context(GraphParams.ContextParams params) {
    return session.query("vcr/context", params, GraphHandler::context);
  }

  @Override
  public CompletableFuture<Object> detail(GraphParams.SymbolParams params) {
    return session.query("vcr/detail", params, GraphHandler::detail);
  }

  @Override
  public CompletableFuture<Object> graphStats() {
    return session.query("vcr/graphStats", true, GraphHandler::stats);
  }
}
