package dev.vcr.lsp.eval;

/** One line of the accuracy kit's queries.jsonl (only the fields Vcr needs to answer it). */
public record EvalQuery(String id, String kind, String path, int line, int character, boolean includeDeclaration,
    String query) {}
