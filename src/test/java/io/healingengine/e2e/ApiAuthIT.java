package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.AuthConfig;
import io.healingengine.config.ConfigLoader;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.InventoryConfig;
import io.healingengine.config.ServerConfig;
import io.healingengine.config.TlsConfig;
import io.healingengine.config.TokenConfig;
import io.healingengine.rules.CompiledRules;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** Tokens with roles in front of a real engine: who gets in where, 401 against 403, TLS, and refusing to start. */
class ApiAuthIT {
    private static final String INGEST = "ingest-token-0001";
    private static final String OPERATOR = "operator-token-0002";
    private static final String ADMIN = "admin-token-0003";
    private static final String SIGNAL = "{\"service\":\"orders\",\"metric\":\"latency_p99\",\"value\":120}";

    @TempDir
    static Path temp;
    static EngineFixture engine;

    @BeforeAll
    static void start() throws Exception {
        // given: one engine on loopback with a token of each role and ingest closed
        engine = EngineFixture.start(new EngineConfig(new ServerConfig(null, 0, null, null), temp.resolve("data").toString(),
                null, new InventoryConfig(true, null, List.of()), null, null, null, null, null, null,
                new AuthConfig(List.of(token("collector", "ingest", INGEST), token("oncall", "operator", OPERATOR),
                        token("release", "admin", ADMIN)), false), null));
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    static TokenConfig token(String name, String role, String token) {
        return new TokenConfig(name, role, sha256(token));
    }

    static String sha256(String token) {
        return CompiledRules.sha256Of(token.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        // method | path                                | token    | status | what it proves
        "GET  | /health                             |          | 200 | probes need no token",
        "GET  | /metrics                            |          | 200 | scrapers need no token",
        "POST | /api/v1/signals                     |          | 401 | ingest closed: no token, no signals",
        "GET  | /api/v1/incidents                   |          | 401 | reading needs a token too",
        "POST | /api/v1/signals                     | ingest   | 202 | the ingest token sends signals",
        "GET  | /api/v1/incidents                   | ingest   | 200 | and reads",
        "POST | /api/v1/approvals/no-such           | ingest   | 403 | but may not approve",
        "POST | /api/v1/services/orders/heal        | ingest   | 403 | nor heal by hand",
        "POST | /api/v1/freezes/orders/unfreeze     | ingest   | 403 | nor unfreeze",
        "POST | /api/v1/approvals/no-such           | operator | 404 | the operator gets through to the approval",
        "POST | /api/v1/signals                     | operator | 202 | and may send signals (operator includes ingest)",
        "POST | /api/v1/kjars/rollback              | operator | 403 | but may not roll back rules",
        "POST | /api/v1/kjars                       | operator | 403 | nor deploy them",
        "POST | /api/v1/kjars/rollback              | admin    | 409 | the admin gets through (nothing to roll back)",
        "POST | /api/v1/approvals/no-such           | admin    | 404 | and may do what an operator may",
        "POST | /api/v1/signals                     | wrong    | 401 | an unknown token is refused",
        "PUT  | /api/v1/not-an-endpoint             | operator | 403 | anything not listed needs admin",
    })
    void shouldLetEachRoleDoWhatItMayAndNoMore(String method, String path, String who, int status, String why)
            throws Exception {
        // when
        String body = switch (path) {
            case "/api/v1/signals" -> SIGNAL;
            case "/api/v1/kjars/rollback" -> "{\"by\":\"dana\"}";
            case "/api/v1/kjars" -> null;
            case "/api/v1/services/orders/heal" -> "{\"action\":\"restart\"}";
            case "/api/v1/freezes/orders/unfreeze" -> "{\"by\":\"dana\",\"reason\":\"fixed\"}";
            default -> method.equals("GET") ? null : "{\"decision\":\"approve\",\"by\":\"dana\",\"reason\":\"ok\"}";
        };
        HttpResponse<String> response = engine.send(method, path, body, tokenOf(who));

        // then
        assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(status);
        if (status == 401 || status == 403) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = EngineFixture.JSON.readTree(response.body());
            assertThat(problem.get("type").asText()).endsWith(status == 401 ? "/unauthorized" : "/forbidden");
        }
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("Bearer"));
        }
    }

    @Test
    void shouldSayWhichRoleIsMissingAndLogTheRefusalWithoutTheToken() throws Exception {
        // given
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger auth = (Logger) LoggerFactory.getLogger("io.healingengine.ingest.TokenAuth");
        log.start();
        auth.addAppender(log);
        try {
            // when: the ingest token tries to approve
            HttpResponse<String> response = engine.send("POST", "/api/v1/approvals/a1", "{\"decision\":\"approve\"}",
                    INGEST);

            // then: 403 naming both roles; the log names the holder, never the token
            assertThat(EngineFixture.JSON.readTree(response.body()).get("detail").asText())
                    .isEqualTo("the token of 'collector' has role ingest; this needs operator");
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                    .startsWith("self_heal event=auth_refused outcome=403 reason=role_too_small method=POST "
                            + "path=\"/api/v1/approvals/a1\" needs=operator token=collector"));
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneSatisfy(line -> assertThat(line).contains(INGEST));
        } finally {
            auth.detachAppender(log);
        }
    }

    @Test
    void shouldNotBeFooledByAPathThatWalksIntoTheKjarEndpoints() throws Exception {
        // when: the operator sends a deploy through a path with dot segments and doubled slashes
        HttpResponse<String> response = engine.send("POST", "/api/v1/approvals/..//../kjars/rollback",
                "{\"by\":\"mallory\"}", OPERATOR);

        // then: the router's normalized path is the one judged
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    }

    @Test
    void shouldLeaveIngestAndReadingOpenOnLoopbackButNotOperatorEndpointsByDefault() throws Exception {
        // given: embedded defaults (no auth section) on 127.0.0.1, one operator token known
        try (EngineFixture open = EngineFixture.start(0, temp.resolve("open"), true, List.of(), null)) {
            // then: signals and reads need no token, approving does
            assertThat(open.post("/api/v1/signals", SIGNAL).statusCode()).isEqualTo(202);
            assertThat(open.get("/api/v1/incidents").statusCode()).isEqualTo(200);
            assertThat(open.post("/api/v1/approvals/a1", "{\"decision\":\"approve\"}").statusCode()).isEqualTo(401);
            assertThat(open.operatorPost("/api/v1/approvals/a1", "{\"decision\":\"approve\",\"by\":\"dana\",\"reason\":\"ok\"}")
                    .statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldListVersionsFromTheCliOnlyWithAToken(@TempDir Path dir) throws Exception {
        // given: a file holding the ingest token (reading needs any role here)
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, INGEST + "\n");

        // when
        CliRun without = CliRun.of("versions", "--url", engine.url(""));
        CliRun with = CliRun.of("versions", "--url", engine.url(""), "--token-file", tokenFile.toString());

        // then: refused without, listed with
        assertThat(without.exit()).as(without.transcript()).isEqualTo(1);
        assertThat(without.out()).contains("refused (HTTP 401 Unauthorized)").contains("--token-file");
        assertThat(with.exit()).as(with.transcript()).isEqualTo(0);
        assertThat(with.out()).contains("active on " + engine.url(""));
    }

    @Test
    void shouldRefuseToStartOnAPublicAddressWithoutTokens(@TempDir Path dir) throws Exception {
        // given
        Path config = dir.resolve("engine.yaml");
        Files.writeString(config, "server: {host: 0.0.0.0, port: 0}\ndataDir: " + dir.resolve("data") + "\n");

        // when
        CliRun run = CliRun.inNewJvm("serve", "--config", config.toString());

        // then: exit code 2 (configuration) with the key to fix; nothing listened
        assertThat(run.exit()).as(run.transcript()).isEqualTo(2);
        assertThat(run.err()).contains("configuration key 'auth.tokens' must list at least one token while "
                + "server.host (0.0.0.0) is not a loopback address");
    }

    @Test
    void shouldServeHttpsWithTheConfiguredCertificate() throws Exception {
        // given: a certificate made here, and an engine serving with it
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        EngineConfig config = ConfigLoader.parse("""
                server: {port: 0, tls: {certPath: "%s", keyPath: "%s"}}
                dataDir: "%s"
                """.formatted(certificate.certificatePath(), certificate.privateKeyPath(), temp.resolve("tls")));
        try (EngineFixture tls = EngineFixture.start(config)) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(Path.of(certificate.certificatePath())))
                    .connectTimeout(Duration.ofSeconds(5)).build();

            // when: a signal over https
            HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + tls.port + "/api/v1/signals"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SIGNAL))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            // then: accepted; and plain http on the same port gets no answer an engine would give
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            CliRun versions = CliRun.of("versions", "--url", "https://localhost:" + tls.port, "--ca-cert",
                    certificate.certificatePath());
            assertThat(versions.exit()).as(versions.transcript()).isEqualTo(0);
            assertThat(response.version()).isIn(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tls.post("/api/v1/signals", SIGNAL))
                    .isInstanceOf(IOException.class);
        } finally {
            certificate.delete();
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trusted.setCertificateEntry("engine", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String tokenOf(String who) {
        if (who == null) {
            return null;
        }
        return switch (who) {
            case "ingest" -> INGEST;
            case "operator" -> OPERATOR;
            case "admin" -> ADMIN;
            default -> "not-a-known-token";
        };
    }
}
