package io.healingengine.ingest;

import io.healingengine.config.DeployConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.healingengine.rules.CompiledRules;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Lets a request through only with {@code Authorization: Bearer <admin token>}, the token whose SHA-256
 * is configured as {@code deploy.adminTokenSha256}. Runs before the body is read, so an anonymous upload
 * is refused without being stored. Without a configured token, admin endpoints are switched off (403).
 */
final class AdminAuth implements Handler<RoutingContext> {
    private static final String BEARER = "Bearer ";
    private final byte[] expectedSha256;

    AdminAuth(DeployConfig deploy) {
        this.expectedSha256 = deploy.deploysEnabled() ? HexFormat.of().parseHex(deploy.adminTokenSha256()) : null;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (expectedSha256 == null) {
            throw ApiProblem.forbidden("deploying rules is switched off on this engine: configure "
                    + "deploy.adminTokenSha256 (see docs/configuration.md#deploy-deployconfig)");
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiProblem.unauthorized("this needs the admin token: Authorization: Bearer <token>");
        }
        byte[] presented = HexFormat.of().parseHex(CompiledRules.sha256Of(
                header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8)));
        if (!MessageDigest.isEqual(presented, expectedSha256)) {
            throw ApiProblem.unauthorized("the token is not the admin token");
        }
        ctx.next();
    }
}
