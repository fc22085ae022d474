package io.ultrawatch.watchdog.control;

import io.ultrawatch.watchdog.controlfile.ControlEndpoint;
import io.ultrawatch.watchdog.controlfile.ControlToken;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks every request passes before routing.
 *
 * <ul>
 *   <li>{@code Host} must name this server: localhost, 127.0.0.1, [::1] or the bound address, with the bound port.
 *       A page on evil.example whose name is re-pointed at 127.0.0.1 (DNS rebinding) sends {@code Host:
 *       evil.example} and is refused. A wildcard bind (0.0.0.0) also accepts any IP literal; any other name must
 *       come through a reverse proxy that sets {@code Host} to one of these.</li>
 *   <li>{@code Origin}, when a browser sends one, must be {@code http://} plus such a host: no cross-site POST.</li>
 *   <li>The bearer token, compared in constant time, where a route needs it.</li>
 * </ul>
 */
final class RequestGuard {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");

    private final ControlToken token;
    private final Path tokenFile;
    private final int port;
    private final boolean wildcard;
    private final Set<String> hosts = new LinkedHashSet<>();

    RequestGuard(ControlToken token, Path tokenFile, String boundHost, int port) {
        this.token = token;
        this.tokenFile = tokenFile;
        this.port = port;
        this.wildcard = ControlEndpoint.isWildcard(boundHost);
        String bound = boundHost.toLowerCase(Locale.ROOT);
        for (String h : new String[] {"127.0.0.1", "localhost", "[::1]",
                bound.contains(":") && !bound.startsWith("[") ? "[" + bound + "]" : bound}) {
            if (!ControlEndpoint.isWildcard(h)) {
                hosts.add(h + ":" + port);
                if (port == 80) {
                    hosts.add(h);
                }
            }
        }
    }

    /** A 403 when Host or Origin do not name this server. */
    Optional<Response> checkOrigin(Request r) {
        String host = r.header("host");
        if (host == null || !allowedHost(host)) {
            return Optional.of(Response.error(403, "Host '" + (host == null ? "" : host) + "' is not this watchdog"
                    + " (use http://" + hosts.iterator().next() + "); refused to guard against DNS rebinding"));
        }
        String origin = r.header("origin");
        if (origin != null && !(origin.toLowerCase(Locale.ROOT).startsWith("http://")
                && allowedHost(origin.substring("http://".length())))) {
            return Optional.of(Response.error(403, "Origin '" + origin + "' may not call this watchdog: only pages"
                    + " served by the watchdog itself may (cross-site request refused)"));
        }
        return Optional.empty();
    }

    private boolean allowedHost(String hostAndPort) {
        String h = hostAndPort.toLowerCase(Locale.ROOT);
        if (hosts.contains(h)) {
            return true;
        }
        if (!wildcard) {
            return false;
        }
        int colon = h.lastIndexOf(':');
        String name = colon > h.lastIndexOf(']') ? h.substring(0, colon) : h;
        String p = colon > h.lastIndexOf(']') ? h.substring(colon + 1) : "80";
        return p.equals(Integer.toString(port)) && (IPV4.matcher(name).matches() || IPV6.matcher(name).matches());
    }

    /** A 401 when the request lacks the right bearer token. */
    Optional<Response> checkToken(Request r) {
        String auth = r.header("authorization");
        String hint = "send 'Authorization: Bearer <token>' with the token from " + tokenFile;
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized("This needs the control token: " + hint));
        }
        if (!token.matches(auth.substring(7).strip())) {
            return Optional.of(unauthorized("Wrong control token: " + hint));
        }
        return Optional.empty();
    }

    private static Response unauthorized(String message) {
        return Response.error(401, message).withHeader("WWW-Authenticate", "Bearer realm=\"ultrawatch\"");
    }
}
