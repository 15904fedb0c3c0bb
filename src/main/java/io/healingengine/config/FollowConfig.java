package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

/**
 * Following released kjar versions in a Maven repository: every {@code intervalSeconds} the engine reads
 * {@code maven-metadata.xml} of the artifact and deploys a newer release through the same checks as an
 * upload (a SNAPSHOT is never followed).
 *
 * @param repositoryUrl   base URL of the repository (https://…, http://…, or file:/… for a directory)
 * @param groupId         the kjar's group id
 * @param artifactId      the kjar's artifact id
 * @param intervalSeconds how often to look (default 60, at least 1)
 */
public record FollowConfig(String repositoryUrl, String groupId, String artifactId, Integer intervalSeconds) {
    public static final int DEFAULT_INTERVAL_SECONDS = 60;

    public FollowConfig {
        intervalSeconds = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        check(repositoryUrl != null && repositoryUrl.matches("(?i)(https?|file):.+"), "deploy.follow.repositoryUrl",
                "must be an http(s):// or file: URL, but was " + repositoryUrl);
        check(groupId != null && groupId.matches("[A-Za-z0-9_.-]+"), "deploy.follow.groupId",
                "must be a Maven group id, but was " + groupId);
        check(artifactId != null && artifactId.matches("[A-Za-z0-9_.-]+"), "deploy.follow.artifactId",
                "must be a Maven artifact id, but was " + artifactId);
        check(intervalSeconds >= 1, "deploy.follow.intervalSeconds", "must be >= 1, but was " + intervalSeconds);
    }
}
