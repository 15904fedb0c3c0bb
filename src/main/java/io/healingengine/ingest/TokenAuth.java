package io.healingengine.ingest;

import io.healingengine.config.EngineConfig;
import io.healingengine.config.Role;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} of a configured token whose role
 * covers the endpoint ({@link EndpointRoles}); without a token, only what is open. Runs before any body is
 * read. A missing, malformed or unknown token is 401, a known token with too small a role 403; each
 * refusal is logged as {@code self_heal event=auth_refused}, naming the token's holder, never the token.
 */
final class TokenAuth implements Handler<RoutingContext> {
    /** Where the accepted token's name is put in the routing context, for handlers that record who acted. */
    static final String TOKEN_NAME = "tokenName";
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuth.class);
    private static final String BEARER = "Bearer ";
    private static final int MAX_TOKEN_CHARS = 1024;

    private record Known(String name, Role role, byte[] sha256) {
    }

    private final List<Known> tokens;
    private final boolean ingestOpen;

    TokenAuth(EngineConfig config) {
        this.tokens = config.auth().effectiveTokens(config.deploy()).stream()
                .map(t -> new Known(t.name(), t.parsedRole(), HexFormat.of().parseHex(t.sha256()))).toList();
        this.ingestOpen = config.auth().ingestOpen(config.server());
    }

    @Override
    public void handle(RoutingContext ctx) {
        Role needed = EndpointRoles.required(ctx.request().method(), ctx.normalizedPath());
        if (needed == null) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (needed == Role.INGEST && ingestOpen) {
            ctx.next(); // open: a token, right or wrong, changes nothing
            return;
        }
        if (tokens.stream().noneMatch(t -> t.role().includes(needed))) {
            throw refused(ctx, needed, "no_token_configured", "", ApiProblem.forbidden("this needs a token with role "
                    + needed.key() + ", and this engine has none, so it is switched off: configure one in auth.tokens"
                    + (needed == Role.ADMIN ? " (or deploy.adminTokenSha256)" : "")
                    + " (see docs/configuration.md#auth-authconfig)"));
        }
        if (header == null) {
            throw refused(ctx, needed, "missing_token", "", ApiProblem.unauthorized("this needs a token with role "
                    + needed.key() + " or higher: Authorization: Bearer <token>"));
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() > MAX_TOKEN_CHARS) {
            throw refused(ctx, needed, "malformed_header", "", ApiProblem.unauthorized("the Authorization header must be "
                    + "'Bearer <token>'"));
        }
        Known holder = holderOf(header.substring(BEARER.length()).strip());
        if (holder == null) {
            throw refused(ctx, needed, "unknown_token", "", ApiProblem.unauthorized("the token is not one this engine "
                    + "knows"));
        }
        if (!holder.role().includes(needed)) {
            throw refused(ctx, needed, "role_too_small", holder.name(), ApiProblem.forbidden("the token of '"
                    + holder.name() + "' has role " + holder.role().key() + "; this needs " + needed.key()));
        }
        ctx.put(TOKEN_NAME, holder.name());
        ctx.next();
    }

    /** The token's holder, comparing the hash with every configured one in constant time. */
    private Known holderOf(String token) {
        byte[] presented = sha256(token);
        Known match = null;
        for (Known known : tokens) {
            if (MessageDigest.isEqual(presented, known.sha256()) && match == null) {
                match = known;
            }
        }
        return match;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ApiProblem refused(RoutingContext ctx, Role needed, String reason, String holder, ApiProblem problem) {
        LOG.info("self_heal event=auth_refused outcome={} reason={} method={} path=\"{}\" needs={} token={} remote={}",
                problem.status(), reason, ctx.request().method(), JsonBodies.clip(ctx.normalizedPath()), needed.key(),
                holder.isEmpty() ? "-" : holder, ctx.request().remoteAddress() == null ? "-"
                        : ctx.request().remoteAddress().hostAddress());
        return problem;
    }
}
