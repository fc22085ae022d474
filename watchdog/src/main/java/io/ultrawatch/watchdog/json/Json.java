package io.ultrawatch.watchdog.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Writes the watchdog's documents (status.json, events.jsonl lines, the control API's answers) with Jackson's
 * streaming generator rather than an {@code ObjectMapper}: jackson-databind is some 350 classes the always-on JVM
 * would keep in metaspace for three kinds of value. A document is plain data: {@link Map} (written in its iteration
 * order), {@link Collection}, {@link String}, {@link Number}, {@link Boolean}, {@code null}, an enum (its name) and
 * {@link JsonWritable}. The bytes are those {@code ObjectMapper.writeValueAsBytes} gives for the same value (the same
 * generator and, for {@link #pretty}, the same default pretty printer). Thread-safe.
 */
public final class Json {
    /** The one JSON factory of the watchdog (also {@link JsonTree}'s); thread-safe, and never reconfigured. */
    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Compact UTF-8 JSON. */
    public static byte[] bytes(Object value) {
        return bytes(value, false);
    }

    /** Indented UTF-8 JSON, two spaces a level, {@code "key" : value} (status.json, which the shell scripts read). */
    public static byte[] pretty(Object value) {
        return bytes(value, true);
    }

    /** Compact JSON as a string (one events.jsonl line). */
    public static String string(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static byte[] bytes(Object value, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pretty ? 2048 : 256);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes one value.
     *
     * @throws IllegalArgumentException for a type a document does not hold (a bug: fail loudly rather than write
     *     something a reader cannot parse)
     */
    public static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object v : list) {
                write(g, v);
            }
            g.writeEndArray();
        } else if (value instanceof Number n) {
            number(g, n);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof JsonWritable w) {
            w.writeJson(g);
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else {
            throw new IllegalArgumentException("not a JSON document value: " + value.getClass().getName());
        }
    }

    private static void number(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            g.writeNumber(n.intValue());
        } else if (n instanceof Long) {
            g.writeNumber(n.longValue());
        } else if (n instanceof Double) {
            g.writeNumber(n.doubleValue());
        } else if (n instanceof Float) {
            g.writeNumber(n.floatValue());
        } else if (n instanceof BigInteger big) {
            g.writeNumber(big);
        } else if (n instanceof BigDecimal dec) {
            g.writeNumber(dec);
        } else {
            throw new IllegalArgumentException("not a JSON document number: " + n.getClass().getName());
        }
    }
}
