package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may use the HTTP API. Every request needs {@code Authorization: Bearer <token>} with a token whose
 * role covers the endpoint (docs/api.md lists each endpoint's role), except {@code GET /health} and
 * {@code GET /metrics}, which are always open, and what {@code openIngest} leaves open.
 *
 * @param tokens     the API tokens, each with a name, a role and the SHA-256 of the token (default none)
 * @param openIngest whether requests without a token may do what an ingest token may (send signals,
 *                   read incidents). Default: true while {@code server.host} is a loopback address,
 *                   false otherwise; true on any other address is refused at start
 */
public record AuthConfig(List<TokenConfig> tokens, Boolean openIngest) {

    public AuthConfig {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (TokenConfig token : tokens) {
            check(names.add(token.name()), "auth.tokens[" + token.name() + "].name", "is given to two tokens");
            check(hashes.add(token.sha256()), "auth.tokens[" + token.name() + "].sha256",
                    "is the hash of another token too: give each holder a token of its own");
        }
    }

    public static AuthConfig ofDefaults() {
        return new AuthConfig(null, null);
    }

    /** Whether requests without a token get the ingest role, on a server listening on {@code server}. */
    public boolean ingestOpen(ServerConfig server) {
        return openIngest == null ? server.onLoopback() : openIngest;
    }

    /**
     * The tokens the engine accepts: these, and {@code deploy.adminTokenSha256} as an admin token named
     * {@code deploy-admin} (the older way to give the admin token).
     */
    public List<TokenConfig> effectiveTokens(DeployConfig deploy) {
        List<TokenConfig> all = new ArrayList<>(tokens);
        if (deploy.deploysEnabled() && all.stream().noneMatch(t -> t.sha256().equals(deploy.adminTokenSha256()))) {
            all.add(new TokenConfig("deploy-admin", Role.ADMIN.key(), deploy.adminTokenSha256()));
        }
        return List.copyOf(all);
    }

    /** Refuses a listener on a non-loopback address that is open to anyone or that no token could use. */
    void checkAgainst(ServerConfig server, DeployConfig deploy) {
        if (server.onLoopback()) {
            return;
        }
        check(openIngest == null || !openIngest, "auth.openIngest", "must be false while server.host ("
                + server.host() + ") is not a loopback address: anyone who reaches it could feed the engine signals; "
                + "give senders ingest tokens (auth.tokens) instead");
        check(!effectiveTokens(deploy).isEmpty(), "auth.tokens", "must list at least one token while server.host ("
                + server.host() + ") is not a loopback address; see docs/operations.md#security-model");
    }
}
