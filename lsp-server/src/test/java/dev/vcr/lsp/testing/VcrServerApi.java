package dev.vcr.lsp.testing;

import com.google.gson.JsonObject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.services.LanguageServer;

/** The server as the test client sees it: LSP plus Vcr's own requests (typed, so LSP4J parses their results). */
public interface VcrServerApi extends LanguageServer {
  @JsonRequest("vcr/stats")
  CompletableFuture<JsonObject> stats();

  @JsonRequest("vcr/reindex")
  CompletableFuture<JsonObject> reindex();

  @JsonRequest("vcr/impact")
  CompletableFuture<JsonObject> impact(JsonObject params);

  @JsonRequest("vcr/context")
  CompletableFuture<JsonObject> context(JsonObject params);

  @JsonRequest("vcr/cycles")
  CompletableFuture<JsonObject> cycles(JsonObject params);

  @JsonRequest("vcr/hotspots")
  CompletableFuture<JsonObject> hotspots(JsonObject params);

  @JsonRequest("vcr/clusters")
  CompletableFuture<JsonObject> clusters(JsonObject params);
}
