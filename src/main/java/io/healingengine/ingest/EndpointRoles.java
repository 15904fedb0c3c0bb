package io.healingengine.ingest;

import io.healingengine.config.Role;
import io.vertx.core.http.HttpMethod;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which role each endpoint needs. Anything not listed needs {@link Role#ADMIN}, reading (GET) excepted,
 * so that an endpoint added later is closed until someone decides otherwise.
 */
final class EndpointRoles {
    private static final Set<String> OPEN = Set.of("/health", "/metrics");
    /** The ingest endpoints (POST): what the intake's gate bounds, and what the ingest role may send. */
    static final Set<String> INGEST_POSTS = Set.of("/api/v1/signals", "/api/v1/heartbeats", "/api/v1/errors",
            AlertmanagerRoutes.PATH, CloudEventsRoutes.PATH);
    private static final Pattern OPERATOR_POSTS = Pattern.compile(
            "/api/v1/services/[^/]+/heal|/api/v1/approvals/[^/]+|/api/v1/freezes/[^/]+/unfreeze");

    private EndpointRoles() {
    }

    /**
     * The role {@code method path} needs, or null when it is open to anyone.
     *
     * @param path the normalized path (no {@code //}, {@code .} or {@code ..}), as the router matches it
     */
    static Role required(HttpMethod method, String path) {
        String route = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (reads && OPEN.contains(route)) {
            return null;
        }
        if (reads) {
            return Role.INGEST;
        }
        if (method == HttpMethod.POST && INGEST_POSTS.contains(route)) {
            return Role.INGEST;
        }
        if (method == HttpMethod.DELETE && route.equals("/api/v1/latency")) {
            return Role.INGEST; // only starts the latency figures again: the load generator does it
        }
        if (method == HttpMethod.POST && OPERATOR_POSTS.matcher(route).matches()) {
            return Role.OPERATOR;
        }
        return Role.ADMIN;
    }
}
