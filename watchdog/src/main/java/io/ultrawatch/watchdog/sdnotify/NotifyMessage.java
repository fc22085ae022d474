package io.ultrawatch.watchdog.sdnotify;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One datagram a bot sent to its notify socket: {@code KEY=VALUE} lines ({@code sd_notify(3)}), with the sender's
 * pid and uid as the kernel vouched for them (SCM_CREDENTIALS, so a process cannot claim another's pid).
 *
 * @param fields the assignments in the order sent; a key sent twice keeps its last value, as systemd reads it
 * @param senderPid the sending process, or 0 when the kernel attached no credentials
 * @param senderUid the sending process's user, or -1 when unknown
 */
public record NotifyMessage(Map<String, String> fields, long senderPid, int senderUid) {
    /** The largest datagram read; systemd reads the same at most (NOTIFY_BUFFER_MAX is 4 KiB of text per message). */
    public static final int MAX_BYTES = 4096;

    public NotifyMessage {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String get(String key) {
        return fields.get(key);
    }

    /** {@code KEY=1}, the protocol's "yes". */
    public boolean flag(String key) {
        return "1".equals(fields.get(key));
    }

    /**
     * Parses a datagram, or empty when it is malformed: not UTF-8, a NUL byte, or a non-empty line without
     * {@code =} or with an empty key. Blank lines (a trailing newline) are allowed, as systemd allows them.
     */
    public static Optional<NotifyMessage> parse(byte[] data, long senderPid, int senderUid) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        if (text.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(new NotifyMessage(fields, senderPid, senderUid));
    }
}
