package io.healingengine.deploy;

import io.healingengine.config.FollowConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Follows released versions of a kjar in a Maven repository, as KieScanner would: every interval it
 * reads the artifact's {@code maven-metadata.xml}, and a release never seen in the deploy history is
 * downloaded, its {@code .sha1} checked, its coordinates checked against the followed ones, and deployed
 * through the same checks as an upload (action "follow"). A version that was ever active — even one an
 * operator rolled back from — is not deployed again by the follower. SNAPSHOTs are never followed.
 */
public final class MavenReleaseFollower {
    private static final Logger LOG = LoggerFactory.getLogger(MavenReleaseFollower.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Vertx vertx;
    private final RulesDeployer deployer;
    private final FollowConfig follow;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private String lastFailed;
    private boolean looking;

    public MavenReleaseFollower(Vertx vertx, RulesDeployer deployer, FollowConfig follow) {
        this.vertx = vertx;
        this.deployer = deployer;
        this.follow = follow;
    }

    public void start() {
        LOG.info("self_heal event=follow_started repository={} artifact={}:{} interval_s={}", follow.repositoryUrl(),
                follow.groupId(), follow.artifactId(), follow.intervalSeconds());
        vertx.setPeriodic(1, follow.intervalSeconds() * 1000L, id -> lookOnce());
    }


    /** One look at the repository; never overlaps itself (the deployer refuses a second deploy anyway). */
    Future<Void> lookOnce() {
        if (looking) {
            return Future.succeededFuture();
        }
        looking = true;
        return vertx.<Optional<String>>executeBlocking(this::newRelease, false)
                .compose(release -> release.isEmpty() ? Future.succeededFuture() : deploy(release.get()))
                .onFailure(e -> LOG.warn("self_heal event=follow_failed repository={} reason=\"{}\"",
                        follow.repositoryUrl(), e.getMessage()))
                .onComplete(done -> looking = false)
                .otherwiseEmpty();
    }

    /** The repository's release, if the deploy history has never seen it. Blocking. */
    private Optional<String> newRelease() throws IOException, InterruptedException {
        String release = latestRelease(fetch(artifactUrl("maven-metadata.xml")));
        if (release == null || release.endsWith("-SNAPSHOT") || release.equals(lastFailed)) {
            return Optional.empty();
        }
        String releaseId = follow.groupId() + ":" + follow.artifactId() + ":" + release;
        boolean seen = deployer.depot().history().stream().anyMatch(entry -> entry.releaseId().equals(releaseId));
        return seen ? Optional.empty() : Optional.of(release);
    }

    private Future<Void> deploy(String version) {
        String jarUrl = artifactUrl(version + "/" + follow.artifactId() + "-" + version + ".jar");
        return vertx.executeBlocking(() -> download(jarUrl, version), false)
                .compose(kjar -> deployer.deploy(kjar, jarUrl, "follow", "follower", "release " + version
                        + " found in " + follow.repositoryUrl()))
                .onSuccess(outcome -> LOG.info("self_heal event=follow_deployed version={} sha256={}", version,
                        outcome.active().shortSha()))
                .onFailure(e -> {
                    if (e instanceof DeployRefused refused && refused.reason() == DeployRefused.Reason.BUSY) {
                        return;
                    }
                    lastFailed = version;
                    LOG.error("self_heal event=follow_refused version={} url={} reason=\"{}\" (not retried until the "
                            + "repository has a newer release)", version, jarUrl, e.getMessage());
                })
                .mapEmpty();
    }

    /**
     * The jar, checked against the repository's SHA-1 when it publishes one, and against the followed
     * coordinates (its Maven pom.properties must say them). Blocking.
     */
    private byte[] download(String jarUrl, String version) throws IOException, InterruptedException {
        byte[] jar = fetch(jarUrl);
        String says = coordinatesOf(jar);
        String expected = follow.groupId() + ":" + follow.artifactId() + ":" + version;
        if (!expected.equals(says)) {
            throw new IOException(jarUrl + " is " + (says == null ? "not a Maven artifact" : says) + ", not " + expected);
        }
        byte[] sha1 = fetchIfPresent(jarUrl + ".sha1");
        if (sha1 != null) {
            String published = new String(sha1, StandardCharsets.US_ASCII).strip().split("\\s+")[0].toLowerCase();
            String actual = sha1Of(jar);
            if (!actual.equals(published)) {
                throw new IOException("the downloaded " + jarUrl + " has SHA-1 " + actual + " but the repository says "
                        + published);
            }
        }
        return jar;
    }

    /** group:artifact:version from the jar's META-INF/maven/…/pom.properties, or null. */
    private static String coordinatesOf(byte[] jar) throws IOException {
        try (var zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(jar))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                    java.util.Properties pom = new java.util.Properties();
                    pom.load(zip);
                    return pom.getProperty("groupId") + ":" + pom.getProperty("artifactId") + ":" + pom.getProperty("version");
                }
            }
        }
        return null;
    }

    static String latestRelease(byte[] metadata) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(metadata));
            NodeList release = doc.getElementsByTagName("release");
            if (release.getLength() > 0 && !release.item(0).getTextContent().isBlank()) {
                return release.item(0).getTextContent().strip();
            }
            NodeList versions = doc.getElementsByTagName("version");
            for (int i = versions.getLength() - 1; i >= 0; i--) {
                String version = versions.item(i).getTextContent().strip();
                if (!version.endsWith("-SNAPSHOT") && versions.item(i).getParentNode().getNodeName().equals("versions")) {
                    return version;
                }
            }
            return null;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("maven-metadata.xml cannot be read: " + e.getMessage(), e);
        }
    }

    private String artifactUrl(String tail) {
        String base = follow.repositoryUrl().endsWith("/") ? follow.repositoryUrl() : follow.repositoryUrl() + "/";
        return base + follow.groupId().replace('.', '/') + "/" + follow.artifactId() + "/" + tail;
    }

    private byte[] fetch(String url) throws IOException, InterruptedException {
        byte[] body = fetchIfPresent(url);
        if (body == null) {
            throw new IOException(url + " does not exist");
        }
        return body;
    }

    private byte[] fetchIfPresent(String url) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path path = Path.of(uri);
            return Files.exists(path) ? Files.readAllBytes(path) : null;
        }
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static String sha1Of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
