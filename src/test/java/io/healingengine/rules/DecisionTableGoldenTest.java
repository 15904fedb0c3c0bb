package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binary workbooks cannot be reviewed in a diff, so every decision table under decision-tables/ is
 * compiled with {@link SpreadsheetCompiler} and compared with its committed text rendering
 * docs/rules/&lt;kebab-name&gt;.generated.drl (Policies.drl.xlsx → policies.generated.drl,
 * GuardLimits.drl.xlsx → guard-limits.generated.drl, ErrorTaxonomy.drl.xlsx → error-taxonomy.generated.drl):
 * every change of a table shows up as a text diff in the same commit, and no rendering outlives its table.
 * After an intended change, refresh the renderings with
 * {@code mvn test -Dtest=DecisionTableGoldenTest -Dupdate.golden=true} and commit them with the tables.
 */
class DecisionTableGoldenTest {
    private static final String UPDATE_PROPERTY = "update.golden";

    static Stream<Path> tables() throws IOException {
        Path root = RuleHarness.projectRoot().resolve("decision-tables");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".drl.xlsx")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void shouldEqualTheCommittedTextRenderingWhenTheTableIsCompiled(Path table) throws IOException {
        // given
        Path golden = goldenOf(table);

        // when
        String generated = compile(table);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, generated);
        }

        // then
        String committed = Files.isRegularFile(golden) ? Files.readString(golden) : "";
        assertThat(normaliseLineEndings(generated))
                .as("%s no longer compiles to the committed %s. Review the difference below; if the change is "
                        + "intended, rewrite the rendering with `mvn test -Dtest=DecisionTableGoldenTest -D%s=true` "
                        + "and commit it together with the workbook.", table, golden, UPDATE_PROPERTY)
                .isEqualTo(normaliseLineEndings(committed));
    }

    @Test
    void shouldHaveATableForEveryCommittedRenderingWhenATableIsRenamedOrRemoved() throws IOException {
        // given
        java.util.Set<Path> expected = tables().map(DecisionTableGoldenTest::goldenOf).collect(Collectors.toSet());

        // when
        List<Path> renderings;
        try (Stream<Path> files = Files.list(RuleHarness.projectRoot().resolve("docs/rules"))) {
            renderings = files.filter(p -> p.getFileName().toString().endsWith(".generated.drl")).toList();
        }

        // then: a rendering without its table would show reviewers rules the engine no longer has
        assertThat(renderings).isNotEmpty().allSatisfy(rendering -> assertThat(expected)
                .as("%s has no workbook under decision-tables/ any more; delete it", rendering)
                .contains(rendering));
    }

    static Path goldenOf(Path table) {
        String name = table.getFileName().toString().replace(".drl.xlsx", "");
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        return RuleHarness.projectRoot().resolve("docs/rules/" + kebab + ".generated.drl");
    }

    private static String compile(Path table) {
        try (InputStream in = Files.newInputStream(table)) {
            return new SpreadsheetCompiler().compile(in, InputType.XLS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String normaliseLineEndings(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
