package dev.vcr.kernel.index;

import dev.vcr.kernel.model.SymbolKind;

/**
 * What the definition-name table knows of one named declaration, without its file's facts: where it is
 * ({@code path} and its {@code ordinal} in the file's definitions), what it is ({@code kind}, {@code arity},
 * -1 when unknown or not callable) and its symbol id ({@link SymbolIds}). The name fallback of resolution
 * and the popularity ranking of workspace symbols need no more than this.
 */
public record DefEntry(String path, int ordinal, SymbolKind kind, int arity, long id) {}
