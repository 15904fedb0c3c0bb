package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.util.regex.Pattern;

/**
 * One API token, stored only as its hash.
 *
 * @param name   who or what holds it, 1-64 letters, digits, '.', '_' or '-'; logged with each refusal
 *               and with nothing else about the token
 * @param role   {@code ingest}, {@code operator} or {@code admin} (see {@link Role})
 * @param sha256 SHA-256 (64 hex digits) of the token as sent after {@code Authorization: Bearer }, e.g.
 *               {@code printf %s "$TOKEN" | sha256sum}
 */
public record TokenConfig(String name, String role, String sha256) {
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public TokenConfig {
        check(name != null && NAME.matcher(name).matches(), "auth.tokens[].name",
                "must be 1-64 letters, digits, '.', '_' or '-', but was " + (name == null ? "missing" : "'" + name + "'"));
        check(role != null, "auth.tokens[" + name + "].role", "is required: ingest, operator or admin");
        Role.parse(role, "auth.tokens[" + name + "].role");
        sha256 = sha256 == null ? null : sha256.strip().toLowerCase();
        check(sha256 != null && SHA256.matcher(sha256).matches(), "auth.tokens[" + name + "].sha256",
                "must be the 64 hex digits of a SHA-256 (printf %s \"$TOKEN\" | sha256sum), not the token itself");
    }

    public Role parsedRole() {
        return Role.parse(role, "auth.tokens[" + name + "].role");
    }
}
