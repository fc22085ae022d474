package io.ultrawatch.watchdog.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** A value that writes itself as one JSON value (a record that is part of a document, like a chart's restart). */
public interface JsonWritable {
    void writeJson(JsonGenerator out) throws IOException;
}
