package io.healingengine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthConfigTest {
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    @Test
    void shouldLeaveIngestOpenOnLoopbackWhenNothingIsConfigured() {
        // when: the embedded defaults (the README's zero-config command)
        EngineConfig config = ConfigLoader.parse("");

        // then: no tokens, ingest open because the engine listens on 127.0.0.1
        assertThat(config.auth().tokens()).isEmpty();
        assertThat(config.auth().ingestOpen(config.server())).isTrue();
    }

    @Test
    void shouldReadTokensWithTheirRolesAndCountTheOldAdminKeyAsAnAdminToken() {
        // given
        String yaml = """
                auth:
                  openIngest: false
                  tokens:
                    - {name: collector, role: ingest, sha256: %s}
                    - {name: oncall, role: operator, sha256: "%s"}
                deploy: {adminTokenSha256: %s}
                """.formatted(HASH_A, HASH_B.toUpperCase(), "c".repeat(64));

        // when
        EngineConfig config = ConfigLoader.parse(yaml);

        // then
        assertThat(config.auth().ingestOpen(config.server())).isFalse();
        assertThat(config.auth().effectiveTokens(config.deploy()))
                .extracting(TokenConfig::name, TokenConfig::parsedRole, TokenConfig::sha256)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("collector", Role.INGEST, HASH_A),
                        org.assertj.core.groups.Tuple.tuple("oncall", Role.OPERATOR, HASH_B),
                        org.assertj.core.groups.Tuple.tuple("deploy-admin", Role.ADMIN, "c".repeat(64)));
    }

    @Test
    void shouldLetAHigherRoleDoWhatALowerOneMay() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.ADMIN.includes(Role.INGEST)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.INGEST)).isTrue();
        assertThat(Role.INGEST.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.1.2.3", "engine.example.com", "::"})
    void shouldRefuseToListenBeyondLoopbackWithoutAnyToken(String host) {
        assertThatThrownBy(() -> ConfigLoader.parse("server: {host: \"" + host + "\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'auth.tokens'")
                .hasMessageContaining("not a loopback address");
    }

    @Test
    void shouldRefuseOpenIngestBeyondLoopback() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                server: {host: 0.0.0.0}
                auth:
                  openIngest: true
                  tokens: [{name: ops, role: operator, sha256: %s}]
                """.formatted(HASH_A)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'auth.openIngest' must be false while server.host (0.0.0.0)");
    }

    @Test
    void shouldListenBeyondLoopbackWithTokensAndIngestClosedByDefault() {
        // when
        EngineConfig config = ConfigLoader.parse("""
                server: {host: 0.0.0.0}
                auth: {tokens: [{name: collector, role: ingest, sha256: %s}]}
                """.formatted(HASH_A));

        // then: openIngest defaults to false off loopback
        assertThat(config.auth().ingestOpen(config.server())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]"})
    void shouldTakeLoopbackAddressesForLoopback(String host) {
        assertThat(new ServerConfig(host, null, null, null).onLoopback()).isTrue();
    }

    @Test
    void shouldRefuseATokenGivenInPlainTextInsteadOfItsHash() {
        assertThatThrownBy(() -> ConfigLoader.parse("auth: {tokens: [{name: ops, role: operator, sha256: s3cret}]}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'auth.tokens[ops].sha256' must be the 64 hex digits of a SHA-256")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldRefuseAnUnknownRole() {
        assertThatThrownBy(() -> ConfigLoader.parse("auth: {tokens: [{name: ops, role: root, sha256: %s}]}"
                .formatted(HASH_A)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'auth.tokens[ops].role' must be one of ingest, operator, admin, but was 'root'");
    }

    @Test
    void shouldRefuseTwoHoldersSharingOneToken() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                auth: {tokens: [{name: a, role: ingest, sha256: %s}, {name: b, role: admin, sha256: %s}]}
                """.formatted(HASH_A, HASH_A)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'auth.tokens[b].sha256' is the hash of another token too");
    }

    @Test
    void shouldRefuseATlsKeyThatCannotBeRead() {
        assertThatThrownBy(() -> ConfigLoader.parse("server: {tls: {certPath: /nonexistent/cert.pem, keyPath: /x}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'server.tls.certPath' names a file that cannot be read: /nonexistent/cert.pem");
    }
}
