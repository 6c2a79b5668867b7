package io.jray.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesNestedObjectsAndArraysWithCommas() {
    String json = new Json().beginObject()
        .field("a", 1)
        .field("b", "x")
        .name("c").beginArray().value(1.5).value(true).value((String) null).beginObject().endObject()
        .endArray()
        .field("d", Instant.ofEpochMilli(42))
        .field("e", (Integer) null)
        .endObject().toString();
    assertEquals("{\"a\":1,\"b\":\"x\",\"c\":[1.5,true,null,{}],\"d\":42,\"e\":null}", json);
  }

  @Test
  void escapesWhatJsonAndHtmlNeedEscaped() {
    String json = new Json().beginArray()
        .value("quote \" backslash \\ newline \n tab \t bell \u0007 </script>")
        .value(Double.NaN)
        .endArray().toString();
    assertEquals("[\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 \\u003c/script>\","
        + "null]", json);
  }

  @Test
  void refusesUnclosedDocuments() {
    assertThrows(IllegalStateException.class, () -> new Json().beginObject().toString());
  }
}
