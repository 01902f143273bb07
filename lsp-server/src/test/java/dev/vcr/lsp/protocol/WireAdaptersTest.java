package dev.vcr.lsp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.lsp4j.CallHierarchyIncomingCall;
import org.eclipse.lsp4j.CallHierarchyItem;
import org.eclipse.lsp4j.CallHierarchyOutgoingCall;
import org.eclipse.lsp4j.DocumentHighlight;
import org.eclipse.lsp4j.DocumentHighlightKind;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.SymbolTag;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.junit.jupiter.api.Test;

/** The hand-written writers produce exactly the bytes of LSP4J's reflective ones, and read back the same. */
class WireAdaptersTest {
  private final MessageJsonHandler reflective = new MessageJsonHandler(Map.of());
  private final MessageJsonHandler handWritten =
      new MessageJsonHandler(Map.of(), gson -> gson.registerTypeAdapterFactory(new WireAdapters()));

  @Test
  void randomAnswersSerializeExactlyAsLsp4jDoes() {
    Random r = new Random(7);
    for (int i = 0; i < 400; i++) {
      Object result = switch (i % 5) {
        case 0 -> list(r, () -> location(r));
        case 1 -> list(r, () -> incoming(r));
        case 2 -> list(r, () -> outgoing(r));
        case 3 -> list(r, () -> symbol(r));
        default -> list(r, () -> highlight(r));
      };
      ResponseMessage m = new ResponseMessage();
      m.setId(i);
      m.setResult(result);
      String expected = reflective.serialize(m);
      assertEquals(expected, handWritten.serialize(m), "answer " + i);
    }
  }

  @Test
  void theHandWrittenAdaptersAreTheOnesUsed() {
    Gson gson = handWritten.getGson();
    for (Class<?> c : List.of(Position.class, Range.class, Location.class, CallHierarchyItem.class,
        CallHierarchyIncomingCall.class, CallHierarchyOutgoingCall.class, SymbolInformation.class,
        DocumentHighlight.class)) {
      assertTrue(gson.getAdapter(c).getClass().getName().startsWith(WireAdapters.class.getName()), c.getName());
    }
  }

  @Test
  void readingGoesThroughTheReflectiveAdapters() {
    Random r = new Random(11);
    for (int i = 0; i < 50; i++) {
      CallHierarchyItem item = callItem(r);
      String json = handWritten.getGson().toJson(item);
      assertEquals(item, handWritten.getGson().fromJson(json, CallHierarchyItem.class));
      assertEquals(item, reflective.getGson().fromJson(json, CallHierarchyItem.class));
    }
  }

  private static <T> List<T> list(Random r, java.util.function.Supplier<T> each) {
    List<T> out = new ArrayList<>();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      out.add(each.get());
    }
    return out;
  }

  private static String text(Random r) {
    if (r.nextInt(8) == 0) {
      return null;
    }
    String[] parts = {"a", "Ünïcode", "quote\"", "back\\slash", "tab\t", "<html>", "é𝄞", "path/to/File.java", ""};
    return parts[r.nextInt(parts.length)] + r.nextInt(100);
  }

  /** Required properties (their setters refuse null) are sometimes left unset rather than set to null. */
  private static boolean unset(Random r) {
    return r.nextInt(20) == 0;
  }

  private static String name(Random r) {
    String t = text(r);
    return t == null ? "n" : t;
  }

  private static Position position(Random r) {
    return new Position(r.nextInt(100_000), r.nextInt(500));
  }

  private static Range range(Random r) {
    Range out = new Range();
    if (!unset(r)) {
      out.setStart(position(r));
    }
    if (!unset(r)) {
      out.setEnd(position(r));
    }
    return out;
  }

  private static Location location(Random r) {
    Location out = new Location();
    if (!unset(r)) {
      out.setUri(name(r));
    }
    if (!unset(r)) {
      out.setRange(range(r));
    }
    return out;
  }

  private static DocumentHighlight highlight(Random r) {
    DocumentHighlight h = new DocumentHighlight();
    if (!unset(r)) {
      h.setRange(range(r));
    }
    if (r.nextBoolean()) {
      h.setKind(DocumentHighlightKind.values()[r.nextInt(3)]);
    }
    return h;
  }

  private static List<SymbolTag> tags(Random r) {
    return r.nextInt(3) == 0 ? List.of(SymbolTag.Deprecated) : null;
  }

  private static SymbolKind kind(Random r) {
    return SymbolKind.values()[r.nextInt(SymbolKind.values().length)];
  }

  @SuppressWarnings("deprecation")
  private static SymbolInformation symbol(Random r) {
    SymbolInformation s = new SymbolInformation();
    if (!unset(r)) {
      s.setName(name(r));
    }
    if (!unset(r)) {
      s.setKind(kind(r));
    }
    s.setTags(tags(r));
    if (r.nextInt(4) == 0) {
      s.setDeprecated(r.nextBoolean());
    }
    if (!unset(r)) {
      s.setLocation(location(r));
    }
    s.setContainerName(text(r));
    return s;
  }

  private static CallHierarchyItem callItem(Random r) {
    CallHierarchyItem c = new CallHierarchyItem();
    if (!unset(r)) {
      c.setName(name(r));
    }
    c.setDetail(text(r));
    if (!unset(r)) {
      c.setKind(kind(r));
    }
    c.setTags(tags(r));
    if (!unset(r)) {
      c.setUri(name(r));
    }
    if (!unset(r)) {
      c.setRange(range(r));
    }
    if (!unset(r)) {
      c.setSelectionRange(range(r));
    }
    if (r.nextBoolean()) {
      JsonObject data = new JsonObject();
      data.addProperty("path", name(r));
      data.addProperty("ordinal", r.nextInt(1000));
      c.setData(data);
    }
    return c;
  }

  private static CallHierarchyIncomingCall incoming(Random r) {
    CallHierarchyIncomingCall c = new CallHierarchyIncomingCall();
    if (!unset(r)) {
      c.setFrom(callItem(r));
    }
    if (!unset(r)) {
      c.setFromRanges(list(r, () -> range(r)));
    }
    return c;
  }

  private static CallHierarchyOutgoingCall outgoing(Random r) {
    CallHierarchyOutgoingCall c = new CallHierarchyOutgoingCall();
    if (!unset(r)) {
      c.setTo(callItem(r));
    }
    if (!unset(r)) {
      c.setFromRanges(list(r, () -> range(r)));
    }
    return c;
  }
}
