package dev.vcr.lsp.protocol;

import com.google.gson.JsonObject;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.model.Definition;
import dev.vcr.kernel.model.Span;
import dev.vcr.kernel.query.Results.CallItem;
import dev.vcr.kernel.query.Results.ExternalMember;
import dev.vcr.kernel.query.Results.SymbolMatch;
import dev.vcr.kernel.query.Results.SymbolTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Kernel values to LSP values for one session: spans to ranges in the negotiated encoding, index keys to
 * URIs, definitions to symbols and call-hierarchy items. Thread-safe (its one state is a cache of folder URIs).
 */
public final class ToLsp {
  private final PositionEncoding encoding;
  private final Workspace workspace;

  public ToLsp(PositionEncoding encoding, Workspace workspace) {
    this.encoding = encoding;
    this.workspace = workspace;
  }

  public Position start(Span s) {
    return new Position(s.startLine(), encoding.utf16() ? s.startCol16() : s.startCol());
  }

  public Position end(Span s) {
    return new Position(s.endLine(), encoding.utf16() ? s.endCol16() : s.endCol());
  }

  public Range range(Span s) {
    return new Range(start(s), end(s));
  }

  /**
   * The URI of an index key ({@code file:///...}), as {@link Path#toUri} gives it for a file. That method
   * asks the file system whether the path is a directory (a {@code stat} per call: a third of the time of
   * a references or workspace-symbol answer of hundreds of locations, more on a busy machine), so a file
   * whose name needs no escaping gets its folder's URI, found once per folder, followed by its name.
   */
  public String uri(String key) {
    Path p = workspace.resolve(key).orElseThrow(() -> new IllegalArgumentException("not a key of this workspace: " + key));
    Path parent = p.getParent();
    Path name = p.getFileName();
    if (parent != null && name != null && plain(name.toString())) {
      String folder = folderUris.get(parent);
      if (folder == null) {
        folder = parent.toUri().toString();
        if (!folder.endsWith("/")) {
          return p.toUri().toString(); // the folder is not (or no longer) a directory
        }
        if (folderUris.size() < MAX_FOLDERS) {
          folderUris.put(parent, folder);
        }
      }
      return folder + name;
    }
    return p.toUri().toString();
  }

  private static final int MAX_FOLDERS = 100_000;
  /** Folder URIs (ending in '/') by folder. */
  private final java.util.concurrent.ConcurrentHashMap<Path, String> folderUris = new java.util.concurrent.ConcurrentHashMap<>();

  /** A file name that {@link Path#toUri} leaves as it is: ASCII letters, digits and {@code . _ - $}. */
  private static boolean plain(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == '-' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  public Location location(String key, Span span) {
    return new Location(uri(key), range(span));
  }

  /** A definition link: the whole definition as target range, its name as target selection range. */
  public LocationLink link(Span origin, String key, Definition d) {
    Range full = range(d.span());
    Range name = range(d.nameSpan());
    return new LocationLink(uri(key), full, name, origin == null ? null : range(origin));
  }

  /** A workspace symbol: plain identifier as name, qualifier as container, the name's range as location. */
  public WorkspaceSymbol workspaceSymbol(SymbolMatch m) {
    Definition d = m.definition();
    WorkspaceSymbol s = new WorkspaceSymbol(d.name(), kind(d.kind()), Either.forLeft(location(m.path(), d.nameSpan())));
    String container = container(d);
    if (container != null) {
      s.setContainerName(container);
    }
    return s;
  }

  /** A hierarchical document symbol (children converted recursively). */
  public DocumentSymbol documentSymbol(SymbolTree t) {
    Definition d = t.definition();
    List<DocumentSymbol> children = new ArrayList<>();
    for (SymbolTree c : t.children()) {
      children.add(documentSymbol(c));
    }
    DocumentSymbol s = new DocumentSymbol(d.name(), kind(d.kind()), range(d.span()), range(d.nameSpan()));
    if (d.type() != null) {
      s.setDetail(d.type());
    }
    s.setChildren(children);
    return s;
  }

  /** Flat symbol information for clients without hierarchical document symbols, in outline order. */
  @SuppressWarnings("deprecation")
  public void symbolInformation(String key, List<SymbolTree> trees, String parent, List<SymbolInformation> out) {
    for (SymbolTree t : trees) {
      Definition d = t.definition();
      SymbolInformation si = new SymbolInformation(d.name(), kind(d.kind()), location(key, d.nameSpan()));
      if (parent != null) {
        si.setContainerName(parent);
      }
      out.add(si);
      symbolInformation(key, t.children(), d.name(), out);
    }
  }

  /**
   * A call-hierarchy item. {@code data} carries the kernel identity (path, ordinal, name, kind) so that the
   * follow-up requests can find the definition again and check it still exists. A file's top level (calls
   * outside any function) becomes a File item named after the file.
   */
  public CallHierarchyItem callItem(CallItem item) {
    JsonObject data = new JsonObject();
    data.addProperty("path", item.path());
    data.addProperty("ordinal", item.ordinal());
    CallHierarchyItem out = new CallHierarchyItem();
    out.setUri(uri(item.path()));
    Definition d = item.definition();
    if (item.external() != null) {
      // A library member: no declaration to show, so the item sits at the use it was asked at.
      ExternalMember m = item.external();
      Range at = m.at() == null ? new Range(new Position(0, 0), new Position(0, 0)) : range(m.at());
      out.setName(m.name());
      out.setKind(SymbolKind.Method);
      out.setRange(at);
      out.setSelectionRange(at);
      out.setDetail("library member, outside the workspace");
      data.addProperty("name", m.member());
      data.addProperty("kind", "external");
      data.addProperty("type", m.type());
      data.addProperty("external", Long.toString(m.id())); // a string: JSON numbers lose 64-bit precision
    } else if (d == null) {
      String file = item.path().substring(item.path().lastIndexOf('/') + 1);
      Range top = new Range(new Position(0, 0), new Position(0, 0));
      out.setName(file);
      out.setKind(SymbolKind.File);
      out.setRange(top);
      out.setSelectionRange(top);
      out.setDetail(item.path());
      data.addProperty("name", file);
      data.addProperty("kind", "file");
    } else {
      out.setName(d.name());
      out.setKind(kind(d.kind()));
      out.setRange(range(d.span()));
      out.setSelectionRange(range(d.nameSpan()));
      String container = container(d);
      out.setDetail(container != null ? container : item.path());
      data.addProperty("name", d.name());
      data.addProperty("kind", d.kind().label());
    }
    out.setData(data);
    return out;
  }

  /** The qualifier of a definition's qualified name ({@code a.b} for {@code a.b.c}), or null when none. */
  public static String container(Definition d) {
    String q = d.qualifiedName();
    if (q == null || q.equals(d.name())) {
      return null;
    }
    if (q.endsWith(d.name()) && q.length() > d.name().length()) {
      String head = q.substring(0, q.length() - d.name().length());
      while (!head.isEmpty() && !Character.isLetterOrDigit(head.charAt(head.length() - 1))
          && head.charAt(head.length() - 1) != '_' && head.charAt(head.length() - 1) != '$') {
        head = head.substring(0, head.length() - 1);
      }
      return head.isEmpty() ? null : head;
    }
    return q;
  }

  public static SymbolKind kind(dev.vcr.kernel.model.SymbolKind k) {
    switch (k) {
      case PACKAGE: return SymbolKind.Package;
      case MODULE: return SymbolKind.Module;
      case NAMESPACE: return SymbolKind.Namespace;
      case CLASS: case RECORD: case TYPE_ALIAS: case ANONYMOUS_CLASS: return SymbolKind.Class;
      case INTERFACE: case TRAIT: case ANNOTATION: return SymbolKind.Interface;
      case ENUM: return SymbolKind.Enum;
      case STRUCT: case UNION: return SymbolKind.Struct;
      case FUNCTION: case MACRO: return SymbolKind.Function;
      case METHOD: return SymbolKind.Method;
      case CONSTRUCTOR: return SymbolKind.Constructor;
      case FIELD: return SymbolKind.Field;
      case PROPERTY: return SymbolKind.Property;
      case CONSTANT: return SymbolKind.Constant;
      case ENUM_MEMBER: return SymbolKind.EnumMember;
      case VARIABLE: case PARAMETER: case LOCAL: default: return SymbolKind.Variable;
    }
  }
}
