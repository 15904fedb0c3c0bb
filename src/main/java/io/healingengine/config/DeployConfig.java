package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.util.regex.Pattern;

/**
 * Deploying rules to a running engine ({@code POST /api/v1/kjars}, {@code healing-engine deploy}).
 *
 * @param adminTokenSha256 SHA-256 (hex) of one admin token, e.g. {@code printf %s "$TOKEN" | sha256sum}: the
 *                         older way to give what {@code auth.tokens} gives with role admin (it counts as the
 *                         token {@code deploy-admin}); without any admin token, deploys are refused (403)
 * @param maxKjarBytes     largest kjar accepted (default 64 MiB); larger uploads get 413
 * @param keepVersions     kjars kept in {@code <dataDir>/kjars} for roll back, the active one and the
 *                         ones it may roll back to included (default 20, at least 2)
 * @param follow           follow released versions in a Maven repository (off by default)
 * @param signerCertificate a PEM X.509 certificate: when set, only kjars signed with its key ({@code jarsigner})
 *                          are deployed, every entry signed; others are refused (422) and the running rules
 *                          stay (default none: signatures are not checked)
 */
public record DeployConfig(String adminTokenSha256, Integer maxKjarBytes, Integer keepVersions, FollowConfig follow,
                           String signerCertificate) {
    public static final int DEFAULT_MAX_KJAR_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_KEEP_VERSIONS = 20;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public DeployConfig {
        maxKjarBytes = maxKjarBytes == null ? DEFAULT_MAX_KJAR_BYTES : maxKjarBytes;
        keepVersions = keepVersions == null ? DEFAULT_KEEP_VERSIONS : keepVersions;
        if (adminTokenSha256 != null) {
            adminTokenSha256 = adminTokenSha256.strip().toLowerCase();
            check(SHA256.matcher(adminTokenSha256).matches(), "deploy.adminTokenSha256",
                    "must be the 64 hex digits of a SHA-256 (printf %s \"$TOKEN\" | sha256sum), not the token itself");
        }
        check(maxKjarBytes >= 1024, "deploy.maxKjarBytes", "must be >= 1024, but was " + maxKjarBytes);
        check(keepVersions >= 2, "deploy.keepVersions", "must be >= 2, but was " + keepVersions);
        check(signerCertificate == null || java.nio.file.Files.isReadable(java.nio.file.Path.of(signerCertificate)),
                "deploy.signerCertificate", "names a file that cannot be read: " + signerCertificate);
    }

    /** Without a signer certificate: signatures are not checked. */
    public DeployConfig(String adminTokenSha256, Integer maxKjarBytes, Integer keepVersions, FollowConfig follow) {
        this(adminTokenSha256, maxKjarBytes, keepVersions, follow, null);
    }

    public static DeployConfig ofDefaults() {
        return new DeployConfig(null, null, null, null, null);
    }

    public boolean deploysEnabled() {
        return adminTokenSha256 != null;
    }
}
