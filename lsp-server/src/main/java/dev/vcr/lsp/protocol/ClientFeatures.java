package dev.vcr.lsp.protocol;

import org.eclipse.lsp4j.ClientCapabilities;

/**
 * The client capabilities the server acts on, read once at {@code initialize}.
 *
 * @param workDoneProgress the client accepts {@code window/workDoneProgress/create} and {@code $/progress}
 * @param watchedFilesDynamic the client can watch files for us ({@code client/registerCapability} of
 *     {@code workspace/didChangeWatchedFiles}); otherwise the server watches the file system itself
 * @param linkSupport {@code textDocument/definition} may answer with {@code LocationLink}s
 * @param hierarchicalSymbols {@code textDocument/documentSymbol} may answer with nested {@code DocumentSymbol}s
 */
public record ClientFeatures(boolean workDoneProgress, boolean watchedFilesDynamic, boolean linkSupport,
    boolean hierarchicalSymbols) {

  public static ClientFeatures of(ClientCapabilities caps) {
    if (caps == null) {
      return new ClientFeatures(false, false, false, false);
    }
    boolean progress = caps.getWindow() != null && Boolean.TRUE.equals(caps.getWindow().getWorkDoneProgress());
    boolean watched = caps.getWorkspace() != null && caps.getWorkspace().getDidChangeWatchedFiles() != null
        && Boolean.TRUE.equals(caps.getWorkspace().getDidChangeWatchedFiles().getDynamicRegistration());
    boolean links = caps.getTextDocument() != null && caps.getTextDocument().getDefinition() != null
        && Boolean.TRUE.equals(caps.getTextDocument().getDefinition().getLinkSupport());
    boolean tree = caps.getTextDocument() != null && caps.getTextDocument().getDocumentSymbol() != null
        && Boolean.TRUE.equals(caps.getTextDocument().getDocumentSymbol().getHierarchicalDocumentSymbolSupport());
    return new ClientFeatures(progress, watched, links, tree);
  }
}
