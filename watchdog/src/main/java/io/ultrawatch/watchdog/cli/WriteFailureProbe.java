package io.ultrawatch.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrawatch.watchdog.status.HeartbeatLine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Tells a watchdog that cannot write its status files (a full disk) from a hung one, for {@code ultrawatch status}:
 * both leave a stale heartbeat file, but the first still answers {@code /healthz} with
 * {@code "status_write_failing": true} and its own pid. Asked only when the heartbeat file is stale or missing, at
 * the address the last heartbeat line names (the control port stays the same across watchdogs of one config). No
 * token is sent: {@code /healthz} needs none.
 */
final class WriteFailureProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WriteFailureProbe() {
    }

    /** A line for the person at the terminal when watchdog {@code pid} says it cannot write; empty otherwise. */
    static Optional<String> check(Optional<HeartbeatLine> lastLine, long pid) {
        if (lastLine.isEmpty() || !lastLine.get().hasControl()) {
            return Optional.empty();
        }
        String host = lastLine.get().controlHost();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + lastLine.get().controlPort() + "/healthz");
        try {
            HttpResponse<byte[]> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = JSON.readTree(r.body());
            if (body.path("pid").asLong() == pid && body.path("status_write_failing").asBoolean()) {
                return Optional.of("watchdog: running, pid " + pid + ", but it CANNOT WRITE its status files (disk"
                        + " full?): it supervises on, and what follows is as old as its last written heartbeat."
                        + " cron leaves it alone");
            }
        } catch (IOException | RuntimeException e) {
            // no answer: nothing to add, the caller's verdict stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }
}
