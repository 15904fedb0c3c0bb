package io.healingengine.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The rule resources of one rule set: DRL files and decision tables keyed by their path under the
 * {@code healing/} resource folder (which is also their package: {@code liveness/heartbeat.drl} holds
 * {@code package healing.liveness}), plus the kmodule.xml. The checksum names the exact content.
 */
public final class RuleSource {
    /** Where the engine jar carries the shipped rules (see pom.xml resources). */
    public static final String EMBEDDED_ROOT = "healing-kjar";

    private final Map<String, byte[]> resources;
    private final Map<String, String> sourceFiles;
    private final String kmoduleXml;
    private final String origin;

    private RuleSource(Map<String, byte[]> resources, Map<String, String> sourceFiles, String kmoduleXml, String origin) {
        this.resources = Collections.unmodifiableMap(new TreeMap<>(resources));
        this.sourceFiles = Map.copyOf(sourceFiles);
        this.kmoduleXml = kmoduleXml;
        this.origin = origin;
    }

    /** Resources given directly (resource path under healing/ → content), with the default kmodule. */
    public static RuleSource of(Map<String, byte[]> resources, String origin) {
        return new RuleSource(resources, Map.of(), null, origin);
    }

    /** A project laid out like this repository: {@code rules/}, {@code decision-tables/} and {@code kjar/}. */
    public static RuleSource fromProjectDirectory(Path projectDir) {
        Map<String, byte[]> resources = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        collect(projectDir.resolve("rules"), resources, sources);
        collect(projectDir.resolve("decision-tables"), resources, sources);
        Path kmodule = projectDir.resolve("kjar/src/main/resources/META-INF/kmodule.xml");
        return new RuleSource(resources, sources, Files.isRegularFile(kmodule) ? read(kmodule) : null,
                projectDir.toAbsolutePath().normalize().toString());
    }

    /** Only the named files (paths relative to the project root), e.g. for a test of one rule file. */
    public static RuleSource fromFiles(Path projectDir, String... relativePaths) {
        Map<String, byte[]> resources = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        for (String relative : relativePaths) {
            Path file = projectDir.resolve(relative);
            String key = resourceKey(stripTopFolder(Path.of(relative)));
            resources.put(key, readBytes(file));
            sources.put(key, relative);
        }
        Path kmodule = projectDir.resolve("kjar/src/main/resources/META-INF/kmodule.xml");
        return new RuleSource(resources, sources, Files.isRegularFile(kmodule) ? read(kmodule) : null,
                String.join(",", relativePaths));
    }

    /** The rules shipped inside the engine jar (or target/classes when run from the build). */
    public static RuleSource embedded() {
        URL marker = RuleSource.class.getClassLoader().getResource(EMBEDDED_ROOT + "/rules");
        if (marker == null) {
            throw new IllegalStateException("no embedded rules found on the classpath under " + EMBEDDED_ROOT + "/rules");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs = jarFileSystem(uri);
                return fromEmbeddedRoot(fs.getPath("/" + EMBEDDED_ROOT));
            }
            return fromEmbeddedRoot(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the embedded rules at " + marker, e);
        }
    }

    private static RuleSource fromEmbeddedRoot(Path root) {
        Map<String, byte[]> resources = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        collect(root.resolve("rules"), resources, sources);
        collect(root.resolve("decision-tables"), resources, sources);
        Path kmodule = root.resolve("kmodule.xml");
        return new RuleSource(resources, sources, Files.isRegularFile(kmodule) ? read(kmodule) : null, "embedded");
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
            return FileSystems.newFileSystem(uri, Map.of());
        }
    }

    private static void collect(Path dir, Map<String, byte[]> into, Map<String, String> sources) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> isRuleResource(p.getFileName().toString()))
                    .forEach(p -> {
                        String key = resourceKey(dir.relativize(p));
                        into.put(key, readBytes(p));
                        sources.put(key, dir.getFileName() + "/" + key);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list rule resources in " + dir, e);
        }
    }

    /**
     * A rule file: *.drl or a decision table; never the owner file Excel keeps beside an open workbook
     * ({@code ~$Policies.drl.xlsx}) nor any other hidden file.
     */
    static boolean isRuleResource(String fileName) {
        if (fileName.startsWith("~$") || fileName.startsWith(".")) {
            return false;
        }
        return fileName.endsWith(".drl") || fileName.endsWith(".drl.xlsx") || fileName.endsWith(".drl.xls")
                || fileName.endsWith(".drl.csv");
    }

    private static Path stripTopFolder(Path relative) {
        return relative.getNameCount() > 1 ? relative.subpath(1, relative.getNameCount()) : relative;
    }

    private static String resourceKey(Path relative) {
        StringBuilder key = new StringBuilder();
        for (Path part : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part.toString());
        }
        return key.toString();
    }

    private static byte[] readBytes(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule resource " + file, e);
        }
    }

    private static String read(Path file) {
        return new String(readBytes(file), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Resource path (under healing/) → content. */
    public Map<String, byte[]> resources() {
        return resources;
    }

    /**
     * The file a resource came from, as the author knows it (e.g. {@code rules/liveness/heartbeat.drl}
     * for {@code liveness/heartbeat.drl}); the resource path itself when unknown.
     */
    public String sourceFile(String resourcePath) {
        return sourceFiles.getOrDefault(resourcePath, resourcePath);
    }

    /** The kmodule.xml to build with, or null to use the built-in default. */
    public String kmoduleXml() {
        return kmoduleXml;
    }

    public String origin() {
        return origin;
    }

    /** SHA-256 over every resource path and content, as hex. */
    public String checksum() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            resources.forEach((path, bytes) -> {
                digest.update(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(bytes);
            });
            if (kmoduleXml != null) {
                digest.update(kmoduleXml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
