package dev.vcr.lsp.server;

import dev.vcr.lsp.protocol.GraphParams;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/** The code-graph requests as an LSP4J service (a delegate must be an interface); see {@link GraphRouter}. */
public interface GraphService {
  @JsonRequest("vcr/impact")
  CompletableFuture<Object> impact(GraphParams.ImpactParams params);

  @JsonRequest("vcr/paths")
  CompletableFuture<Object> paths(GraphParams.PathsParams params);

  @JsonRequest("vcr/cycles")
  CompletableFuture<Object> cycles(GraphParams.CyclesParams params);

  @JsonRequest("vcr/hotspots")
  CompletableFuture<Object> hotspots(GraphParams.HotspotsParams params);

  @JsonRequest("vcr/clusters")
  CompletableFuture<Object> clusters(GraphParams.LimitParams params);

  @JsonRequest("vcr/context")
  CompletableFuture<Object> context(GraphParams.ContextParams params);

  @JsonRequest("vcr/detail")
  CompletableFuture<Object> detail(GraphParams.SymbolParams params);

  @JsonRequest("vcr/graphStats")
  CompletableFuture<Object> graphStats();
}
