package io.healingengine.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration files that docs/integrations.md shows, read from docs/examples/integrations/ with their
 * {@code ${NAME}} placeholders filled in, so that the tests run exactly what the documentation says.
 */
final class ExampleConfigs {
    static final Path DIRECTORY = Path.of("docs", "examples", "integrations");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    private ExampleConfigs() {
    }

    /** The file with every placeholder replaced; a placeholder without a value, or a value without a placeholder, fails. */
    static String filled(String file, Map<String, String> values) throws IOException {
        String text = Files.readString(DIRECTORY.resolve(file));
        StringBuilder out = new StringBuilder();
        Matcher matcher = PLACEHOLDER.matcher(text);
        java.util.Set<String> used = new java.util.HashSet<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!values.containsKey(name)) {
                throw new AssertionError(DIRECTORY.resolve(file) + " has a placeholder ${" + name + "} the test does not fill");
            }
            used.add(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(name)));
        }
        matcher.appendTail(out);
        if (!used.equals(values.keySet())) {
            throw new AssertionError(DIRECTORY.resolve(file) + " no longer has the placeholders "
                    + values.keySet().stream().filter(k -> !used.contains(k)).toList());
        }
        return out.toString();
    }

    /** Writes the filled file into {@code dir} under its own name and returns its path. */
    static Path write(String file, Map<String, String> values, Path dir) throws IOException {
        return Files.writeString(dir.resolve(file), filled(file, values));
    }
}
