package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md is the rule catalogue that log lines, the audit trail and every {@code Runbook:} comment
 * point into: each rule of rules/ and each row of a decision table has a section under an anchor equal to
 * its name.
 */
class RuleCatalogueTest {
    private static final Pattern RULE = Pattern.compile("^rule \"([^\"]+)\"", Pattern.MULTILINE);
    private static final Pattern RUNBOOK = Pattern.compile("Runbook: docs/rules\\.md#([A-Za-z0-9-]+)");
    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"></a>");

    @Test
    void shouldAnchorEveryRuleNameWhenTheCatalogueIsRead() throws IOException {
        // given
        Set<String> anchors = matches(ANCHOR, read(RuleHarness.projectRoot().resolve("docs/rules.md")));

        // when
        List<String> rules = Stream.concat(drlFiles().map(RuleCatalogueTest::read), tableDrls())
                .flatMap(drl -> matches(RULE, drl).stream()).sorted().toList();

        // then
        assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(anchors)
                .as("docs/rules.md has no <a id=\"%s\"></a> section", rule).contains(rule));
    }

    @Test
    void shouldPointEveryRunbookLinkAtAnAnchorWhenTheRulesAreRead() throws IOException {
        // given
        Set<String> anchors = matches(ANCHOR, read(RuleHarness.projectRoot().resolve("docs/rules.md")));

        // when
        Set<String> links = drlFiles().map(RuleCatalogueTest::read).flatMap(drl -> matches(RUNBOOK, drl).stream())
                .collect(Collectors.toSet());

        // then
        assertThat(links).isNotEmpty();
        assertThat(anchors).containsAll(links);
    }

    private static Stream<Path> drlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(RuleHarness.projectRoot().resolve("rules"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".drl")).sorted().toList().stream();
        }
    }

    private static Stream<String> tableDrls() throws IOException {
        return DecisionTableGoldenTest.tables().map(table -> {
            try (InputStream in = Files.newInputStream(table)) {
                return new SpreadsheetCompiler().compile(in, InputType.XLS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
