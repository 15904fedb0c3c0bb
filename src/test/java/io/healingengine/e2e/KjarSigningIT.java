package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.DeployConfig;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleVariants;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that requires signed kjars (deploy.signerCertificate) takes a kjar signed with the JDK's
 * jarsigner by the configured key, as docs/operations.md tells an analyst to sign it, and refuses an
 * unsigned one, one signed by another key, and signed ones changed afterwards, keeping its rules.
 */
class KjarSigningIT {
    private static final String TOKEN = "signing-admin-token";
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path keys;
    private static Path trustedCertificate;
    private static byte[] unsigned;
    private static byte[] signedByTrustedKey;
    private static byte[] signedByOtherKey;

    @TempDir
    Path dataDir;
    private EngineFixture engine;

    @BeforeAll
    static void signKjars() throws Exception {
        // given: the analyst's key pair and certificate, a stranger's, and a kjar signed with each
        Path trusted = keyPair("analyst");
        Path other = keyPair("stranger");
        trustedCertificate = keys.resolve("analyst.pem");
        run("keytool", "-exportcert", "-rfc", "-keystore", trusted.toString(), "-storepass", PASSWORD,
                "-alias", "rules", "-file", trustedCertificate.toString());
        unsigned = RuleVariants.withPolicyThreshold("throughput-drop", 500, 1500).kjar();
        Path kjar = keys.resolve("rules.jar");
        Files.write(kjar, unsigned);
        signedByTrustedKey = sign(kjar, trusted, "signed-analyst.jar");
        signedByOtherKey = sign(kjar, other, "signed-stranger.jar");
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void shouldDeployAKjarSignedWithTheConfiguredKey() throws Exception {
        // given
        startEngine();

        // when
        HttpResponse<String> response = deploy(signedByTrustedKey);

        // then: activated
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(engine.getJson("/api/v1/kjars").get("active").get("sha256").asText())
                .isEqualTo(CompiledRules.sha256Of(signedByTrustedKey));
    }

    @Test
    void shouldRefuseUnsignedForeignAndTamperedKjarsAndKeepTheRunningRules() throws Exception {
        // given
        startEngine();
        String before = engine.getJson("/api/v1/kjars").get("active").get("sha256").asText();

        // when: unsigned, signed by another key, a signed entry changed, an unsigned entry added
        List<HttpResponse<String>> refused = List.of(deploy(unsigned), deploy(signedByOtherKey),
                deploy(rewritten(signedByTrustedKey, true)), deploy(rewritten(signedByTrustedKey, false)));

        // then: 422 unsigned-kjar for each, saying why; the rules that ran before still run
        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
            JsonNode problem = EngineFixture.JSON.readTree(response.body());
            assertThat(problem.get("type").asText()).endsWith("/unsigned-kjar");
            assertThat(problem.get("detail").asText()).contains("deploy.signerCertificate")
                    .contains("the active rules keep running");
        });
        assertThat(EngineFixture.JSON.readTree(refused.get(0).body()).get("detail").asText()).contains("not signed");
        assertThat(EngineFixture.JSON.readTree(refused.get(1).body()).get("detail").asText())
                .contains("signed by another key");
        assertThat(engine.getJson("/api/v1/kjars").get("active").get("sha256").asText()).isEqualTo(before);
    }

    private void startEngine() throws Exception {
        engine = EngineFixture.start(0, dataDir, true, List.of(), null, true, new DeployConfig(
                CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)), null, null, null,
                trustedCertificate.toString()));
    }

    private HttpResponse<String> deploy(byte[] kjar) throws Exception {
        return engine.post("/api/v1/kjars?by=ana", kjar, "application/java-archive", TOKEN);
    }

    /**
     * The signed kjar with its first rule file changed ({@code changeSigned}), or with a file added that
     * the signature does not cover.
     */
    private static byte[] rewritten(byte[] signed, boolean changeSigned) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean changed = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(signed));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (changeSigned && !changed && !entry.isDirectory() && !entry.getName().startsWith("META-INF/")) {
                    content = (new String(content, StandardCharsets.ISO_8859_1) + "\n").getBytes(StandardCharsets.ISO_8859_1);
                    changed = true;
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
            if (!changeSigned) {
                zip.putNextEntry(new ZipEntry("io/healingengine/extra.drl"));
                zip.write("package io.healingengine\n".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static Path keyPair(String name) throws Exception {
        Path store = keys.resolve(name + ".p12");
        run("keytool", "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-alias", "rules", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-validity", "30");
        return store;
    }

    private static byte[] sign(Path kjar, Path store, String signedName) throws Exception {
        Path signed = keys.resolve(signedName);
        run("jarsigner", "-keystore", store.toString(), "-storepass", PASSWORD, "-signedjar", signed.toString(),
                kjar.toString(), "rules");
        return Files.readAllBytes(signed);
    }

    /** Runs a JDK tool (keytool, jarsigner) as an analyst would. */
    private static void run(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", tool).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(tool + " " + String.join(" ", args) + " failed: " + output);
        }
    }
}
