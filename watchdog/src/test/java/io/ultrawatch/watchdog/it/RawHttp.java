package io.ultrawatch.watchdog.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test can send exactly the headers an attacker would (a foreign Host, an Origin,
 * a huge Content-Length), which the JDK's client refuses to set.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final int port;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String method = "GET";
    private String path = "/";
    private byte[] body = new byte[0];

    private RawHttp(int port) {
        this.port = port;
        headers.put("Host", "127.0.0.1:" + port);
    }

    static RawHttp to(int port) {
        return new RawHttp(port);
    }

    RawHttp get(String p) {
        method = "GET";
        path = p;
        return this;
    }

    RawHttp post(String p) {
        method = "POST";
        path = p;
        return this;
    }

    RawHttp header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    RawHttp token(String token) {
        return header("Authorization", "Bearer " + token);
    }

    RawHttp body(byte[] b) {
        body = b;
        return this;
    }

    Reply send() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer 413 and close before taking the whole body; the answer is still readable
            }
            return parse(s.getInputStream());
        }
    }

    private static Reply parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException e) {
            // connection reset after the answer: keep what arrived
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, split).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(split + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int nl = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, nl).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, nl + 2, nl + 2 + size);
            i = nl + 2 + size + 2;
        }
    }
}
