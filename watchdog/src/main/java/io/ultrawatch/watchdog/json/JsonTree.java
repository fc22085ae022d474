package io.ultrawatch.watchdog.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON the watchdog wrote back (events.jsonl lines, history.json, control.json) into the plain values
 * {@link Json} writes: {@link LinkedHashMap} (file order; a repeated key keeps its first place and last value),
 * {@link ArrayList}, {@link String}, {@link Integer}/{@link Long}/{@link java.math.BigInteger} (the smallest that
 * holds the number), {@link Double}, {@link Boolean} and {@code null}; so a value read and written again comes out as
 * {@code ObjectMapper.readTree} and back would give it. Streaming parser only (see {@link Json} for why). Stateless.
 */
public final class JsonTree {
    private JsonTree() {
    }

    /**
     * The first JSON value in {@code data[offset, offset + length)}; what follows it is not read.
     *
     * @throws IOException when the bytes are not JSON, or hold no value at all
     */
    public static Object parse(byte[] data, int offset, int length) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(data, offset, length)) {
            if (p.nextToken() == null) {
                throw new JsonParseException(p, "no JSON value");
            }
            return value(p);
        }
    }

    public static Object parse(byte[] data) throws IOException {
        return parse(data, 0, data.length);
    }

    private static Object value(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, value(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(p, "unexpected " + p.currentToken());
        }
    }

    /** {@code map.get(key)} when {@code value} is an object, else null. */
    public static Object field(Object value, String key) {
        return value instanceof Map<?, ?> m ? m.get(key) : null;
    }

    /**
     * A scalar as text ({@code JsonNode.asText(null)}): a string as is, a number or boolean as written, null for a
     * missing value or JSON null, and "" for an object or a list.
     */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            return "";
        }
        return value.toString();
    }
}
