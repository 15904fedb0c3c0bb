package io.healingengine.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a demo service on loopback whether it is ready: {@code GET /health} answering 200. */
final class HealthProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    boolean isHealthy(long port) {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(TIMEOUT)
                .GET()
                .build();
        try {
            return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet, or not answering: poll again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoServiceControl.ControlException("interrupted");
        }
    }
}
