package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.Test;

/**
 * Binary diffs can't be reviewed: the guard-limits workbook is compiled to DRL and compared with the
 * committed golden rendering, so every change of the XLSX shows up as a text diff of {@value #GOLDEN} in
 * the same PR.
 *
 * <p>After an intended change of the table, refresh the golden file with
 * {@code mvn test -Dtest=GuardLimitsTableGoldenTest -Dupdate.golden=true} and commit both files.
 */
class GuardLimitsTableGoldenTest {
    private static final String TABLE = "decision-tables/guards/GuardLimits.drl.xlsx";
    private static final String GOLDEN = "docs/rules/guard-limits.generated.drl";
    private static final String UPDATE_PROPERTY = "update.golden";

    @Test
    void shouldEqualTheCommittedGoldenDrlWhenTheTableIsCompiled() throws IOException {
        // given
        Path golden = RuleHarness.projectRoot().resolve(GOLDEN);

        // when
        String generated = compile(RuleHarness.projectRoot().resolve(TABLE));
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, generated);
        }

        // then
        String committed = Files.isRegularFile(golden) ? Files.readString(golden) : "";
        assertThat(normaliseLineEndings(generated))
                .as("%s no longer compiles to the committed %s. Review the difference below; if the change is "
                        + "intended, rewrite the golden file with `mvn test -Dtest=GuardLimitsTableGoldenTest "
                        + "-D%s=true` and commit it together with the XLSX.", TABLE, GOLDEN, UPDATE_PROPERTY)
                .isEqualTo(normaliseLineEndings(committed));
    }

    private static String compile(Path table) throws IOException {
        try (InputStream in = Files.newInputStream(table)) {
            return new SpreadsheetCompiler().compile(in, InputType.XLS);
        }
    }

    private static String normaliseLineEndings(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
