package dev.vcr.lsp.protocol;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.List;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCall;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.SymbolTag;
import org.eclipse.lsp4j.jsonrpc.json.adapters.JsonElementTypeAdapter;

/**
 * Hand-written JSON writers for the types that make up large answers (locations, ranges, call hierarchy
 * items and calls, symbol information, highlights). Gson's reflective writer looks up a runtime adapter for
 * every field of every object; for a 650-caller call hierarchy answer that cost as much as computing it.
 * These write the same bytes as LSP4J's reflective adapters (its fields in declaration order, nulls left
 * out; {@code WireAdaptersTest} compares them on random values), and read through the reflective ones.
 */
public final class WireAdapters implements TypeAdapterFactory {
  @Override
  @SuppressWarnings("unchecked")
  public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
    Class<? super T> raw = type.getRawType();
    Writer<?> writer = writerFor(raw, gson);
    if (writer == null) {
      return null;
    }
    TypeAdapter<T> reader = gson.getDelegateAdapter(this, type);
    Writer<T> w = (Writer<T>) writer;
    return new TypeAdapter<T>() {
      @Override
      public void write(JsonWriter out, T value) throws IOException {
        if (value == null) {
          out.nullValue();
        } else {
          w.write(out, value);
        }
      }

      @Override
      public T read(JsonReader in) throws IOException {
        return reader.read(in);
      }
    };
  }

  private interface Writer<T> {
    void write(JsonWriter out, T value) throws IOException;
  }

  private static Writer<?> writerFor(Class<?> raw, Gson gson) {
    if (raw == Position.class) {
      return (Writer<Position>) WireAdapters::position;
    }
    if (raw == Range.class) {
      return (Writer<Range>) WireAdapters::range;
    }
    if (raw == Location.class) {
      return (Writer<Location>) WireAdapters::location;
    }
    if (raw == DocumentHighlight.class) {
      return (Writer<DocumentHighlight>) WireAdapters::highlight;
    }
    if (raw == SymbolInformation.class) {
      return (Writer<SymbolInformation>) WireAdapters::symbol;
    }
    if (raw == CallHierarchyItem.class) {
      TypeAdapter<Object> data = new JsonElementTypeAdapter.Factory().create(gson, TypeToken.get(Object.class));
      return (Writer<CallHierarchyItem>) (out, v) -> callItem(out, v, data);
    }
    if (raw == CallHierarchyIncomingCall.class) {
      TypeAdapter<Object> data = new JsonElementTypeAdapter.Factory().create(gson, TypeToken.get(Object.class));
      return (Writer<CallHierarchyIncomingCall>) (out, v) -> call(out, "from", v.getFrom(), v.getFromRanges(), data);
    }
    if (raw == CallHierarchyOutgoingCall.class) {
      TypeAdapter<Object> data = new JsonElementTypeAdapter.Factory().create(gson, TypeToken.get(Object.class));
      return (Writer<CallHierarchyOutgoingCall>) (out, v) -> call(out, "to", v.getTo(), v.getFromRanges(), data);
    }
    return null;
  }

  private static void position(JsonWriter out, Position p) throws IOException {
    out.beginObject();
    out.name("line").value(p.getLine());
    out.name("character").value(p.getCharacter());
    out.endObject();
  }

  private static void range(JsonWriter out, Range r) throws IOException {
    out.beginObject();
    if (r.getStart() != null) {
      position(out.name("start"), r.getStart());
    }
    if (r.getEnd() != null) {
      position(out.name("end"), r.getEnd());
    }
    out.endObject();
  }

  private static void range(JsonWriter out, String name, Range r) throws IOException {
    if (r != null) {
      range(out.name(name), r);
    }
  }

  private static void string(JsonWriter out, String name, String value) throws IOException {
    if (value != null) {
      out.name(name).value(value);
    }
  }

  private static void location(JsonWriter out, Location l) throws IOException {
    out.beginObject();
    string(out, "uri", l.getUri());
    range(out, "range", l.getRange());
    out.endObject();
  }

  private static void highlight(JsonWriter out, DocumentHighlight h) throws IOException {
    out.beginObject();
    range(out, "range", h.getRange());
    if (h.getKind() != null) {
      out.name("kind").value(h.getKind().getValue());
    }
    out.endObject();
  }

  private static void kind(JsonWriter out, SymbolKind kind) throws IOException {
    if (kind != null) {
      out.name("kind").value(kind.getValue());
    }
  }

  private static void tags(JsonWriter out, List<SymbolTag> tags) throws IOException {
    if (tags != null) {
      out.name("tags").beginArray();
      for (SymbolTag t : tags) {
        if (t == null) {
          out.nullValue();
        } else {
          out.value(t.getValue());
        }
      }
      out.endArray();
    }
  }

  private static void ranges(JsonWriter out, String name, List<Range> ranges) throws IOException {
    if (ranges != null) {
      out.name(name).beginArray();
      for (Range r : ranges) {
        if (r == null) {
          out.nullValue();
        } else {
          range(out, r);
        }
      }
      out.endArray();
    }
  }

  private static void symbol(JsonWriter out, SymbolInformation s) throws IOException {
    out.beginObject();
    string(out, "name", s.getName());
    kind(out, s.getKind());
    tags(out, s.getTags());
    @SuppressWarnings("deprecation")
    Boolean deprecated = s.getDeprecated();
    if (deprecated != null) {
      out.name("deprecated").value(deprecated);
    }
    if (s.getLocation() != null) {
      location(out.name("location"), s.getLocation());
    }
    string(out, "containerName", s.getContainerName());
    out.endObject();
  }

  /** An incoming ({@code from}) or outgoing ({@code to}) call: the item, then the call sites. */
  private static void call(JsonWriter out, String itemName, CallHierarchyItem item, List<Range> sites,
      TypeAdapter<Object> data) throws IOException {
    out.beginObject();
    if (item != null) {
      callItem(out.name(itemName), item, data);
    }
    ranges(out, "fromRanges", sites);
    out.endObject();
  }

  private static void callItem(JsonWriter out, CallHierarchyItem c, TypeAdapter<Object> data) throws IOException {
    out.beginObject();
    string(out, "name", c.getName());
    string(out, "detail", c.getDetail());
    kind(out, c.getKind());
    tags(out, c.getTags());
    string(out, "uri", c.getUri());
    range(out, "range", c.getRange());
    range(out, "selectionRange", c.getSelectionRange());
    if (c.getData() != null) {
      data.write(out.name("data"), c.getData());
    }
    out.endObject();
  }
}
