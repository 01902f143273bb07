/**
 * The only code that converts between LSP4J types and kernel types: URIs to index keys, LSP positions to
 * kernel positions (in the negotiated encoding), kernel spans to LSP ranges, definitions to symbols and
 * call-hierarchy items, and {@code initializationOptions} to a record.
 *
 * <p>Architecture invariant: no other package reads a {@code Position.character} or builds a {@code Range};
 * the kernel keeps both column units in every {@code Span}, so converting out is a choice of field, and
 * converting in passes the unit along ({@code FilePosition.utf16}, {@code TextEdit.utf16}).
 */
package dev.vcr.lsp.protocol;
