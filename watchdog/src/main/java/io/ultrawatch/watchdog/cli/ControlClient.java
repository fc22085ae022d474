package io.ultrawatch.watchdog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrawatch.watchdog.controlfile.ControlEndpoint;
import io.ultrawatch.watchdog.controlfile.ControlToken;
import io.ultrawatch.watchdog.process.PidFile;
import io.ultrawatch.watchdog.process.WatchdogLock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The CLI's side of the control API: finds the running watchdog's port in {@code status/control.json}, its token in
 * {@code status/control.token}, and says plainly when there is no watchdog to talk to.
 */
final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why the CLI cannot talk to the watchdog, in words for the person at the terminal. */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    /** An answer of the API: its status and JSON body. */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        String message() {
            return body.path(ok() ? "message" : "error").asText("HTTP " + status);
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ControlClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    static ControlClient connect(Path statusDir) throws Unreachable {
        Optional<Long> watchdog = WatchdogLock.pidFile(statusDir).read().filter(PidFile.Entry::isAlive)
                .map(PidFile.Entry::pid).or(() -> WatchdogLock.holder(statusDir));
        if (watchdog.isEmpty()) {
            throw new Unreachable("ultrawatch is not running (no live watchdog in " + statusDir + "). Start it with"
                    + " scripts/start_ultra_reliable_bot.sh");
        }
        ControlEndpoint endpoint = ControlEndpoint.read(statusDir).orElseThrow(() -> new Unreachable(
                "The watchdog runs but its control server does not (no " + ControlEndpoint.file(statusDir)
                        + "): is watchdog.control.enabled false in the config? See watchdog.log"));
        // The token goes only to the server the live watchdog itself bound: a control.json of a killed watchdog
        // names a port anyone may have bound since (issue 14, item 3).
        if (!endpoint.serving()) {
            throw new Unreachable(endpoint.error() + " (watchdog pid " + watchdog.get() + "; the bots are supervised"
                    + " anyway). Free the port or set watchdog.control.port, then restart the watchdog");
        }
        if (endpoint.pid() != watchdog.get()) {
            throw new Unreachable("control server not running: " + ControlEndpoint.file(statusDir) + " was written"
                    + " by pid " + endpoint.pid() + ", not by the running watchdog (pid " + watchdog.get() + ")"
                    + (listening(endpoint) ? "; port " + endpoint.port() + " is taken by another process" : "")
                    + ". Not sending the token there; see watchdog.log");
        }
        try {
            return new ControlClient(endpoint.baseUri(), ControlToken.read(statusDir));
        } catch (NoSuchFileException e) {
            throw new Unreachable("No token file " + ControlToken.file(statusDir) + "; it is created when the"
                    + " watchdog starts its control server");
        } catch (IOException e) {
            throw new Unreachable("Cannot read the token file " + ControlToken.file(statusDir) + " (" + e
                    .getMessage() + "): run this as the user the watchdog runs as");
        }
    }

    /** True when something accepts connections at the endpoint's address (nothing is sent). */
    private static boolean listening(ControlEndpoint endpoint) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.baseUri().getHost().replaceAll("^\\[|]$", ""),
                    endpoint.port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Answer post(String path) throws Unreachable {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer get(String path) throws Unreachable {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private Answer send(HttpRequest.Builder request) throws Unreachable {
        try {
            HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).header("X-Ultrawatch-Client", "cli").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                body = JSON.createObjectNode().put("error", "HTTP " + r.statusCode() + " (not JSON)");
            }
            return new Answer(r.statusCode(), body);
        } catch (ConnectException e) {
            throw new Unreachable("The watchdog does not answer on " + base + " (connection refused): it may be"
                    + " restarting; try again, or see logs/watchdog.log");
        } catch (IOException e) {
            throw new Unreachable("No answer from the watchdog on " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("Interrupted");
        }
    }
}
