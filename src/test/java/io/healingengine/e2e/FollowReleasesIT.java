package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healingengine.config.DeployConfig;
import io.healingengine.config.FollowConfig;
import io.healingengine.rules.CompiledRules;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine follows released versions of a kjar in a Maven repository served over HTTP on loopback:
 * a new release is deployed, a version an operator rolled back from is not deployed again, and a jar
 * whose checksum does not match the repository's is refused.
 */
class FollowReleasesIT {
    private static final String ARTIFACT_DIR = "com/example/tiny-rules/";

    @TempDir
    Path repository;
    @TempDir
    Path dataDir;
    private final List<String> published = new ArrayList<>();
    private Vertx vertx;
    private HttpServer server;
    private EngineFixture engine;

    @BeforeEach
    void serveRepository() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            Path file = repository.resolve(request.path().substring(1)).normalize();
            if (file.startsWith(repository) && Files.isRegularFile(file)) {
                request.response().sendFile(file.toString());
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private void startFollowing() throws Exception {
        FollowConfig follow = new FollowConfig("http://127.0.0.1:" + server.actualPort() + "/", "com.example",
                "tiny-rules", 1);
        engine = EngineFixture.start(0, dataDir, true, List.of(), null, true, new DeployConfig(
                CompiledRules.sha256Of(KjarDeployIT.TOKEN.getBytes(StandardCharsets.UTF_8)), null, null, follow));
    }

    /** Publishes a release as `mvn deploy` would: the jar, its .sha1, and maven-metadata.xml naming it. */
    private void publish(String version, String sha1Override) throws Exception {
        byte[] jar = KjarDeployIT.tinyKjar(version, "rule \"release-" + version.replace('.', '-') + "\" when then end", true);
        Path dir = Files.createDirectories(repository.resolve(ARTIFACT_DIR + version));
        Files.write(dir.resolve("tiny-rules-" + version + ".jar"), jar);
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar));
        Files.writeString(dir.resolve("tiny-rules-" + version + ".jar.sha1"), sha1Override != null ? sha1Override : sha1);
        published.add(version);
        StringBuilder versions = new StringBuilder();
        published.forEach(v -> versions.append("      <version>").append(v).append("</version>\n"));
        Files.writeString(repository.resolve(ARTIFACT_DIR + "maven-metadata.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>com.example</groupId>
                  <artifactId>tiny-rules</artifactId>
                  <versioning>
                    <latest>%s</latest>
                    <release>%s</release>
                    <versions>
                %s    </versions>
                  </versioning>
                </metadata>
                """.formatted(version, version, versions));
    }

    private String activeRelease() throws Exception {
        return engine.getJson("/health").get("rulesReleaseId").asText();
    }

    @Test
    void shouldDeployEachNewReleaseOnceAndNeverOneAnOperatorRolledBackFrom() throws Exception {
        // given: release 1.0.0 in the repository
        publish("1.0.0", null);

        // when: the engine starts following it
        startFollowing();

        // then: 1.0.0 is deployed, by the follower
        await().atMost(Duration.ofSeconds(15)).until(() -> activeRelease().equals("com.example:tiny-rules:1.0.0"));
        assertThat(engine.getJson("/api/v1/kjars").get("history").get(0).get("action").asText()).isEqualTo("follow");

        // when: 1.1.0 is released, then an operator rolls back from it
        publish("1.1.0", null);
        await().atMost(Duration.ofSeconds(15)).until(() -> activeRelease().equals("com.example:tiny-rules:1.1.0"));
        assertThat(engine.post("/api/v1/kjars/rollback", "{\"by\":\"ana\"}".getBytes(StandardCharsets.UTF_8),
                "application/json", KjarDeployIT.TOKEN).statusCode()).isEqualTo(201);

        // then: the follower leaves the operator's choice alone for several intervals
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> activeRelease().equals("com.example:tiny-rules:1.0.0"));

        // when: a release whose jar does not match its published checksum, then a good one
        publish("1.2.0", "0000000000000000000000000000000000000000");
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> activeRelease().equals("com.example:tiny-rules:1.0.0"));
        publish("1.3.0", null);

        // then: the bad one was refused, the good one deployed
        await().atMost(Duration.ofSeconds(15)).until(() -> activeRelease().equals("com.example:tiny-rules:1.3.0"));
        assertThat(engine.getJson("/api/v1/kjars").get("history")).extracting(e -> e.get("version").asText())
                .doesNotContain("1.2.0");
    }
}
