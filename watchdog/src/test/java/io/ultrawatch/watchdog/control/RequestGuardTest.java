package io.ultrawatch.watchdog.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.controlfile.ControlToken;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestGuardTest {
    @TempDir
    Path status;

    private Optional<Response> check(String bound, String host, String origin) throws Exception {
        RequestGuard guard = new RequestGuard(ControlToken.loadOrCreate(status), status.resolve("control.token"),
                bound, 8000);
        Map<String, String> headers = new HashMap<>();
        if (host != null) {
            headers.put("host", host);
        }
        if (origin != null) {
            headers.put("origin", origin);
        }
        return guard.checkOrigin(new Request("GET", "/api/status", Map.of(), headers, new byte[0]));
    }

    @Test
    void loopbackNamesWithTheBoundPortAreThisServer() throws Exception {
        for (String host : new String[] {"127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"}) {
            assertThat(check("127.0.0.1", host, null)).as(host).isEmpty();
        }
        assertThat(check("127.0.0.1", "localhost:8000", "http://localhost:8000")).isEmpty();
    }

    @Test
    void foreignHostsOtherPortsAndCrossSiteOriginsAreRefused() throws Exception {
        for (String host : new String[] {"evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "10.0.0.5:8000", ""}) {
            assertThat(check("127.0.0.1", host, null)).as(host).hasValueSatisfying(r -> assertThat(r.status())
                    .isEqualTo(403));
        }
        assertThat(check("127.0.0.1", null, null)).isPresent();
        for (String origin : new String[] {"http://evil.example", "null", "https://localhost:8000",
                "http://localhost:8001"}) {
            assertThat(check("127.0.0.1", "127.0.0.1:8000", origin)).as(origin).isPresent();
        }
    }

    @Test
    void aSpecificAddressAndAWildcardBindAcceptTheirAddressesButNeverAName() throws Exception {
        assertThat(check("192.168.1.5", "192.168.1.5:8000", null)).isEmpty();
        assertThat(check("192.168.1.5", "192.168.1.6:8000", null)).isPresent();
        assertThat(check("0.0.0.0", "192.168.1.6:8000", "http://192.168.1.6:8000")).isEmpty();
        assertThat(check("0.0.0.0", "[fe80::1]:8000", null)).isEmpty();
        assertThat(check("0.0.0.0", "attacker.example:8000", null)).isPresent();
    }
}
