package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/integrations.md shows the files the integration tests run (docs/examples/integrations/): each
 * snippet there, marked with an HTML comment naming its file, must be that file, and every file is shown.
 */
class IntegrationsDocsTest {
    private static final Pattern SNIPPET = Pattern.compile("<!-- (docs/examples/integrations/[^ ]+) -->\\n```yaml\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void shouldShowEveryExampleFileExactlyAsTheTestsRunIt() throws IOException {
        // given
        String doc = Files.readString(Path.of("docs", "integrations.md"));
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher matcher = SNIPPET.matcher(doc);
        while (matcher.find()) {
            shown.put(matcher.group(1), matcher.group(2));
        }

        // then
        try (Stream<Path> files = Files.list(ExampleConfigs.DIRECTORY)) {
            assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(
                    files.map(file -> ExampleConfigs.DIRECTORY.resolve(file.getFileName()).toString()).toList());
        }
        for (Map.Entry<String, String> snippet : shown.entrySet()) {
            assertThat(snippet.getValue()).as(snippet.getKey()).isEqualTo(Files.readString(Path.of(snippet.getKey())));
        }
    }
}
