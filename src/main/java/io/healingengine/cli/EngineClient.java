package io.healingengine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP side of {@code deploy}, {@code rollback} and {@code versions}: one running engine's base URL,
 * requests with or without the admin token, and its answers read as JSON. Anything that stops a command
 * before the engine could say yes or no — an unusable URL or token, an engine that cannot be reached, a
 * server that is not an engine — is {@link Unusable}: exit code 2, with what to do.
 */
final class EngineClient {
    /** Exit code when the engine answered no (4xx, 5xx) or local rules do not compile. */
    static final int EXIT_REFUSED = 1;
    static final String KJARS = "/api/v1/kjars";
    static final String KJAR_TYPE = "application/java-archive";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    /** The engine loads a kjar and then waits up to 60 s for its session to move over: allow for both. */
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(150);

    private final URI base;
    private final HttpClient http;
    private final String token;

    private EngineClient(URI base, HttpClient http, String token) {
        this.base = base;
        this.http = http;
        this.token = token;
    }

    /** This client, sending {@code token} as {@code Authorization: Bearer} with every request (null: none). */
    EngineClient withToken(String newToken) {
        return new EngineClient(base, http, newToken);
    }

    /** The command cannot go on; the message says what to do. Exit code 2. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    /** The engine's answer: its status, its JSON body, and the body as sent. */
    record Answer(int status, JsonNode body, String text) {
        boolean succeeded() {
            return status / 100 == 2;
        }

        String field(String name) {
            return body.path(name).asText("");
        }
    }

    /** A command's body; {@link Unusable} thrown from it becomes exit code 2 with its message. */
    interface Body {
        int run();
    }

    /** Runs {@code body}, printing an {@link Unusable} as {@code healing-engine <command>: <message>}. */
    static int run(String command, PrintWriter err, Body body) {
        try {
            return body.run();
        } catch (Unusable e) {
            err.println("healing-engine " + command + ": " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
    }

    /** A client of the engine at {@code url}, e.g. {@code http://127.0.0.1:8080}. */
    static EngineClient to(String url) {
        return to(url, null);
    }

    /**
     * A client of the engine at {@code url}, trusting the PEM certificate {@code caCert} for HTTPS besides the
     * JVM's own trusted ones (null: only those).
     */
    static EngineClient to(String url, Path caCert) {
        try {
            URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null
                    || uri.getQuery() != null) {
                throw new URISyntaxException(url, "not an http:// or https:// address of a host");
            }
            HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT);
            if (caCert != null) {
                http.sslContext(TrustedCertificate.sslContext(caCert));
            }
            return new EngineClient(uri, http.build(), null);
        } catch (URISyntaxException e) {
            throw new Unusable("--url " + url + " is not an engine address: give it as http://HOST:PORT, e.g. "
                    + EngineOptions.DEFAULT_URL);
        }
    }

    String url() {
        return base.toString();
    }

    Answer get(String path) {
        return send(request(path, READ_TIMEOUT, token).GET().build(), false);
    }

    /** POSTs {@code body}; with {@code bearer} as {@code Authorization: Bearer} (null: this client's token). */
    Answer post(String path, byte[] body, String contentType, String bearer) {
        HttpRequest.Builder request = request(path, CHANGE_TIMEOUT, bearer == null ? token : bearer)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send(request.build(), true);
    }

    /** {@code ?k=v&…} of the non-null values, URL-encoded, in the given order. */
    static String query(Map<String, String> parameters) {
        Map<String, String> present = new LinkedHashMap<>(parameters);
        present.values().removeIf(value -> value == null || value.isEmpty());
        return present.isEmpty() ? "" : present.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    private Answer send(HttpRequest request, boolean changes) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new Unusable("cannot reach the engine at " + base + " (" + reason(e) + "): start it (java -jar "
                    + "healing-engine.jar serve) or point --url at it");
        } catch (HttpTimeoutException e) {
            throw new Unusable("the engine at " + base + " did not answer " + request.method() + " " + request.uri().getPath()
                    + " within " + request.timeout().orElseThrow().toSeconds() + " s" + (changes
                    ? "; it may still finish: check with healing-engine versions --url " + base
                    : "; check that it is up (curl " + base + "/health)"));
        } catch (IOException e) {
            throw new Unusable("talking to the engine at " + base + " failed (" + reason(e) + "): check --url and "
                    + "that the engine is up (curl " + base + "/health)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unusable("interrupted while waiting for the engine at " + base);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new Unusable(base + " answered " + request.method() + " " + request.uri().getPath() + " with HTTP "
                    + response.statusCode() + " and no JSON: is --url the address of a healing-engine (e.g. "
                    + EngineOptions.DEFAULT_URL + ")?");
        }
        return new Answer(response.statusCode(), body, response.body());
    }

    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "no host is known by that name";
            }
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }
}
