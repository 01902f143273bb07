package dev.vcr.lsp.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.query.Results.FilePosition;
import dev.vcr.kernel.text.LineIndex;
import dev.vcr.kernel.text.TextEdit;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;

/**
 * LSP values to kernel values for one session: URIs to index keys, positions (validated against the
 * document's line table, in the negotiated encoding) and content changes to kernel edits. Also the
 * session-independent parsing of {@code initialize} parameters. Immutable and thread-safe.
 */
public final class FromLsp {
  private final PositionEncoding encoding;
  private final Workspace workspace;

  /** {@code workspace} may be null (a session without folders): then no URI has a key. */
  public FromLsp(PositionEncoding encoding, Workspace workspace) {
    this.encoding = encoding;
    this.workspace = workspace;
  }

  public PositionEncoding encoding() {
    return encoding;
  }

  /** The workspace whose keys this session uses, or null (no folder is open). */
  public Workspace workspace() {
    return workspace;
  }

  /** The file behind a {@code file:} URI; empty for other schemes or malformed URIs. */
  public static Optional<Path> path(String uri) {
    if (uri == null) {
      return Optional.empty();
    }
    try {
      URI u = new URI(uri);
      if (!"file".equalsIgnoreCase(u.getScheme())) {
        return Optional.empty();
      }
      return Optional.of(Path.of(u).toAbsolutePath().normalize());
    } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The index key of a document URI; empty when it is not a file inside the workspace. */
  public Optional<String> key(String uri) {
    if (workspace == null) {
      return Optional.empty();
    }
    Optional<Path> p = path(uri);
    return p.isEmpty() ? Optional.empty() : workspace.keyOf(p.get());
  }

  /**
   * A kernel position for an LSP position in a document.
   *
   * @throws org.eclipse.lsp4j.jsonrpc.ResponseErrorException (InvalidParams) when the position is negative,
   *     its line is past the end of the document or its character past the end of its line
   */
  public FilePosition position(String key, LineIndex lines, Position p) {
    if (p == null) {
      throw Errors.invalidParams("missing position");
    }
    int line = p.getLine();
    int character = p.getCharacter();
    if (line < 0 || character < 0) {
      throw Errors.invalidParams("position " + line + ":" + character + " is negative");
    }
    if (line >= lines.lineCount()) {
      throw Errors.invalidParams("line " + line + " is past the end of " + key + " (" + lines.lineCount()
          + " lines; lines are 0-based)");
    }
    int contentBytes = lines.lineContentEnd(line) - lines.lineStart(line);
    int length = encoding.utf16() ? lines.utf16Column(line, contentBytes) : contentBytes;
    if (character > length) {
      throw Errors.invalidParams("character " + character + " is past the end of line " + line + " of " + key
          + " (" + length + " " + (encoding.utf16() ? "UTF-16 units" : "bytes") + ")");
    }
    return new FilePosition(key, line, character, encoding.utf16());
  }

  /** A content change as a kernel edit; a change without range replaces the whole document. */
  public TextEdit edit(TextDocumentContentChangeEvent change) {
    String text = change.getText() == null ? "" : change.getText();
    if (change.getRange() == null) {
      return TextEdit.full(text);
    }
    Position s = change.getRange().getStart();
    Position e = change.getRange().getEnd();
    return new TextEdit(s.getLine(), s.getCharacter(), e.getLine(), e.getCharacter(), text, encoding.utf16());
  }

  /**
   * The kernel identity carried in a call-hierarchy item's {@code data}. LSP4J hands {@code data} back as a
   * gson {@code JsonObject}; an item built elsewhere may carry a map. Empty when absent or malformed.
   */
  public static Optional<CallItemRef> callItemRef(CallHierarchyItem item) {
    Object data = item == null ? null : item.getData();
    try {
      if (data instanceof JsonObject o) {
        if (!o.has("path") || !o.has("ordinal")) {
          return Optional.empty();
        }
        String external = string(o.get("external"));
        return Optional.of(new CallItemRef(o.get("path").getAsString(), o.get("ordinal").getAsInt(),
            string(o.get("name")), string(o.get("kind")), external == null ? null : Long.parseLong(external),
            string(o.get("type"))));
      }
      if (data instanceof Map<?, ?> m && m.get("path") instanceof String path && m.get("ordinal") instanceof Number n) {
        Object name = m.get("name");
        Object kind = m.get("kind");
        Object external = m.get("external");
        Object type = m.get("type");
        return Optional.of(new CallItemRef(path, n.intValue(), name == null ? null : name.toString(),
            kind == null ? null : kind.toString(), external == null ? null : Long.parseLong(external.toString()),
            type == null ? null : type.toString()));
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String string(JsonElement e) {
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  /**
   * The workspace roots of an {@code initialize}: its {@code workspaceFolders}, else {@code rootUri}, else
   * {@code rootPath}, in {@link #ordered} order. Folders that are not existing local directories are left
   * out (and named in {@code problems}); duplicates are dropped.
   */
  @SuppressWarnings("deprecation")
  public static List<Path> roots(InitializeParams params, List<String> problems) {
    List<String> uris = new ArrayList<>();
    if (params.getWorkspaceFolders() != null && !params.getWorkspaceFolders().isEmpty()) {
      for (WorkspaceFolder f : params.getWorkspaceFolders()) {
        if (f != null && f.getUri() != null) {
          uris.add(f.getUri());
        }
      }
    } else if (params.getRootUri() != null) {
      uris.add(params.getRootUri());
    } else if (params.getRootPath() != null) {
      try {
        uris.add(Path.of(params.getRootPath()).toAbsolutePath().toUri().toString());
      } catch (InvalidPathException e) {
        problems.add("rootPath is not a path: " + params.getRootPath());
      }
    }
    List<Path> roots = new ArrayList<>();
    for (String uri : uris) {
      folder(uri, problems).ifPresent(roots::add);
    }
    return ordered(roots);
  }

  /**
   * The roots after a {@code workspace/didChangeWorkspaceFolders}: {@code current} without the removed
   * folders, plus the added ones that are existing local directories (others are named in {@code
   * problems}), in {@link #ordered} order. A null event or entry changes nothing.
   */
  public static List<Path> roots(List<Path> current, WorkspaceFoldersChangeEvent event, List<String> problems) {
    List<Path> out = new ArrayList<>(current);
    if (event == null) {
      return ordered(out);
    }
    if (event.getRemoved() != null) {
      for (WorkspaceFolder f : event.getRemoved()) {
        if (f != null) {
          path(f.getUri()).ifPresent(out::remove);
        }
      }
    }
    if (event.getAdded() != null) {
      for (WorkspaceFolder f : event.getAdded()) {
        if (f != null) {
          folder(f.getUri(), problems).ifPresent(out::add);
        }
      }
    }
    return ordered(out);
  }

  /**
   * The one order of a set of roots, wherever they come from (initialize, a folder change, the daemon's
   * routing by the first message): sorted by path, duplicates dropped. A workspace's index keys and index
   * folder depend on its roots' order, so the same folders always make the same workspace.
   */
  public static List<Path> ordered(java.util.Collection<Path> roots) {
    return new ArrayList<>(new java.util.TreeSet<>(roots));
  }

  private static Optional<Path> folder(String uri, List<String> problems) {
    Optional<Path> p = path(uri);
    if (p.isEmpty() || !Files.isDirectory(p.get())) {
      problems.add("workspace folder is not a local directory: " + uri);
      return Optional.empty();
    }
    return p;
  }

  /** Parses {@code initializationOptions} ({@code {indexDir, languages, maxFileBytes, maxOpenDocuments, parseBudgetMillis}}, each optional). */
  public static InitOptions initOptions(Object raw) {
    if (!(raw instanceof JsonObject o)) {
      return InitOptions.none();
    }
    List<String> problems = new ArrayList<>();
    Path indexDir = null;
    JsonElement dir = o.get("indexDir");
    if (dir != null && !dir.isJsonNull()) {
      try {
        String s = dir.getAsString().trim();
        if (!s.isEmpty()) {
          indexDir = Path.of(s).toAbsolutePath().normalize();
        }
      } catch (RuntimeException e) {
        problems.add("indexDir is not a path: " + dir);
      }
    }
    List<String> languages = null;
    JsonElement langs = o.get("languages");
    if (langs != null && !langs.isJsonNull()) {
      if (langs instanceof JsonArray a) {
        languages = new ArrayList<>();
        for (JsonElement e : a) {
          if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            languages.add(e.getAsString());
          } else {
            problems.add("languages contains a non-string: " + e);
          }
        }
      } else {
        problems.add("languages is not an array: " + langs);
      }
    }
    Long maxFileBytes = null;
    JsonElement max = o.get("maxFileBytes");
    if (max != null && !max.isJsonNull()) {
      try {
        long v = max.getAsLong();
        if (v > 0) {
          maxFileBytes = v;
        } else {
          problems.add("maxFileBytes must be positive: " + max);
        }
      } catch (RuntimeException e) {
        problems.add("maxFileBytes is not a number: " + max);
      }
    }
    Integer maxOpenDocuments = null;
    JsonElement open = o.get("maxOpenDocuments");
    if (open != null && !open.isJsonNull()) {
      try {
        int v = open.getAsInt();
        if (v > 0) {
          maxOpenDocuments = v;
        } else {
          problems.add("maxOpenDocuments must be positive: " + open);
        }
      } catch (RuntimeException e) {
        problems.add("maxOpenDocuments is not a number: " + open);
      }
    }
    Long parseBudgetMillis = null;
    JsonElement budget = o.get("parseBudgetMillis");
    if (budget != null && !budget.isJsonNull()) {
      try {
        long v = budget.getAsLong();
        if (v >= 0) {
          parseBudgetMillis = v;
        } else {
          problems.add("parseBudgetMillis must not be negative: " + budget);
        }
      } catch (RuntimeException e) {
        problems.add("parseBudgetMillis is not a number: " + budget);
      }
    }
    return new InitOptions(indexDir, languages, maxFileBytes, maxOpenDocuments, parseBudgetMillis, problems);
  }
}
