package io.ultrawatch.watchdog.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.EventLog;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.probe.ProbeResult;
import io.ultrawatch.watchdog.status.StatusDocument;
import io.ultrawatch.watchdog.status.WatchdogInfo;
import io.ultrawatch.watchdog.supervisor.BotSnapshot;
import io.ultrawatch.watchdog.model.BotState;
import io.ultrawatch.watchdog.model.RestartReason;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The watchdog writes its documents with the streaming generator, and the scripts, the dashboard and the tests read
 * what ObjectMapper used to write: these pin that the bytes did not change.
 */
class JsonTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00.123456Z");
    private final ObjectMapper mapper = new ObjectMapper();

    /** A record written like databind writes a record: its components in order. */
    record Point(long t, String reason) implements JsonWritable {
        @Override
        public void writeJson(JsonGenerator out) throws IOException {
            out.writeStartObject();
            out.writeNumberField("t", t);
            out.writeStringField("reason", reason);
            out.writeEndObject();
        }
    }

    private static Map<String, Object> statusDocument() {
        BotSnapshot running = new BotSnapshot("demo", BotState.RUNNING, 4242L, false, NOW.minusSeconds(12), 3,
                Map.of(RestartReason.EXITED, 3L), new BotSnapshot.LastRestart(NOW, RestartReason.EXITED,
                "exit code 1 \"quoted\" \u00e9\u2603 \u0001"), 0, ProbeResult.success(NOW, 2.15, 200),
                81L * 1024 * 1024 + 12345, 512, 1500, null, 0, false, NOW, 7, null, NOW.minusSeconds(30), 0);
        BotSnapshot stopped = new BotSnapshot("other", BotState.STOPPED, null, false, null, 0, Map.of(), null, 2,
                null, null, 0, 0, NOW.plusSeconds(3), 4, true, NOW, 200, NOW.plusSeconds(3600), null, 4);
        return StatusDocument.build(new WatchdogInfo(4100, "0.1.0", NOW, "watchdog.yml"), NOW.plusSeconds(1), NOW,
                List.of(running, stopped), "bad: config\nsecond line");
    }

    private static Map<String, Object> everyKind() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("int", 7);
        m.put("long", 1L << 40);
        m.put("negative", -3L);
        m.put("double", 0.1 + 0.2);
        m.put("whole double", 512.0);
        m.put("tiny", 1e-9);
        m.put("huge", 1e300);
        m.put("float", 1.5f);
        m.put("big int", new BigInteger("123456789012345678901234567890"));
        m.put("big decimal", new BigDecimal("1.50"));
        m.put("true", true);
        m.put("null", null);
        m.put("escapes", "tab\t newline\n quote\" backslash\\ slash/ </script> \u2028 \ud83d\ude00");
        m.put("empty map", Map.of());
        m.put("empty list", List.of());
        m.put("set", Set.of("only"));
        m.put("nested", List.of(List.of(1, 2), Map.of("a", List.of())));
        m.put("enum", BotState.RUNNING);
        return m;
    }

    @Test
    void statusJsonIsIndentedExactlyAsObjectMapperIndentedIt() throws Exception {
        Map<String, Object> doc = statusDocument();
        assertThat(new String(Json.pretty(doc), StandardCharsets.UTF_8))
                .isEqualTo(mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc))
                .contains("\"heartbeat_at\" : \"2026-11-23T08:00:00.123Z\",\n")
                .contains("\"restarts_by_reason\" : { },");
    }

    @Test
    void compactBytesAndStringsAreThoseOfObjectMapper() throws Exception {
        for (Object doc : List.of(statusDocument(), everyKind(), List.of(), "just text", 42)) {
            assertThat(Json.bytes(doc)).isEqualTo(mapper.writeValueAsBytes(doc));
            assertThat(Json.string(doc)).isEqualTo(mapper.writeValueAsString(doc));
            assertThat(Json.pretty(doc)).isEqualTo(mapper.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(doc));
        }
    }

    @Test
    void anEventsLineIsTheOneObjectMapperWrote() throws Exception {
        WatchdogEvent e = new WatchdogEvent(NOW, "demo", EventKind.STOPPED, RestartReason.HEALTH_CHECK_FAILED,
                "demo stopped", Map.of("pid", 4242L, "killed", false, "exit_code", 143, "pids", List.of(1L, 2L),
                "memory_mb", 81.5));
        Map<String, Object> json = EventLog.toJson(e);
        assertThat(Json.string(json)).isEqualTo(mapper.writeValueAsString(json))
                .startsWith("{\"at\":\"2026-11-23T08:00:00.123Z\",\"bot\":\"demo\",\"kind\":\"stopped\"");
    }

    @Test
    void aWritableRecordComesOutAsObjectMapperWritesARecord() throws Exception {
        List<Object> doc = List.of(new Point(1795450486L, "health_check"), Map.of("points", List.of(new Point(1,
                "exited"))));
        assertThat(Json.bytes(doc)).isEqualTo(mapper.writeValueAsBytes(doc));
    }

    @Test
    void whatIsReadBackIsWrittenAsReadTreeAndBackWouldWriteIt() throws Exception {
        List<String> lines = List.of(
                "{\"at\":\"2026-11-23T08:00:00.123Z\",\"bot\":null,\"kind\":\"x\",\"n\":1,\"l\":12345678901,"
                        + "\"d\":0.30000000000000004,\"e\":1.0E-9,\"b\":true,\"a\":[1,[],{}],\"s\":\"\\u0001\\\"\"}",
                "{ \"spaced\" : [ 1 , 2 ] , \"big\" : 123456789012345678901234567890 , \"neg\" : -0.0 }",
                "{\"dup\":1,\"other\":2,\"dup\":3}",
                "[1,2,3]", "\"text\"", "12", "null");
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(Json.string(JsonTree.parse(bytes))).as(line)
                    .isEqualTo(mapper.writeValueAsString(mapper.readTree(bytes)));
        }
    }

    @Test
    void readsTheFirstValueOfASliceAndRefusesWhatIsNotJson() throws Exception {
        byte[] data = "xx{\"a\":1}\n{\"b\":2}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonTree.parse(data, 2, 8)).isEqualTo(Map.of("a", 1));
        assertThatThrownBy(() -> JsonTree.parse("{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTree.parse("   ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void textIsWhatJsonNodeAsTextGives() throws Exception {
        Object doc = JsonTree.parse("{\"s\":\"x\",\"n\":5,\"d\":2.5,\"b\":false,\"z\":null,\"m\":{},\"l\":[]}"
                .getBytes(StandardCharsets.UTF_8));
        var node = mapper.readTree(Json.bytes(doc));
        for (String key : List.of("s", "n", "d", "b", "z", "m", "l", "missing")) {
            assertThat(JsonTree.text(JsonTree.field(doc, key))).as(key).isEqualTo(node.path(key).asText(null));
        }
    }

    @Test
    void aValueNoDocumentHoldsIsRefusedRatherThanWrittenWrong() {
        List<Object> doc = new ArrayList<>();
        doc.add(new Object());
        assertThatThrownBy(() -> Json.bytes(doc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
