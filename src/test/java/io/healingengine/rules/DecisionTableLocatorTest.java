package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.healingengine.tools.TableCell;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.Test;

/**
 * A broken cell in a copy of the shipped policy table is reported at its sheet, row and column, whether it
 * feeds a condition or an action, and whether the compiler names a line of the generated DRL, a position
 * on it, only the rule, or nothing but the expression. Where no single cell can be blamed, the location
 * stops at the row. Checked with {@link RuleCompiler#check}, the classic compiler the kjar build runs first.
 */
class DecisionTableLocatorTest {
    private static final Path POLICIES = RuleHarness.projectRoot().resolve("decision-tables/policies/Policies.drl.xlsx");
    private static final String RESOURCE = "policies/Policies.drl.xlsx";

    @Test
    void shouldNameTheColumnOfANonNumberInANumericConditionCell() {
        // given: the latency threshold typed with letter O's (a parse error at a position on the line)
        TableCell cell = TableCell.of(POLICIES, "critical-latency-spike", "Latency p99 above (ms)");

        // when
        List<RuleProblem> problems = problems(cell.withValue("5OO"));

        // then: once; Drools' echo "Parser returned a null Package" says nothing more
        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.location())
                .isEqualTo("sheet Policies, row " + cell.row() + ", column " + cell.column()
                        + " \"Latency p99 above (ms)\" (rule critical-latency-spike)"));
    }

    @Test
    void shouldNameTheColumnOfAnUnknownNameInAConditionCellThoughTheCompilerGivesNoLine() {
        // given: a word where a number belongs: the compiler quotes the expression but names no line
        TableCell cell = TableCell.of(POLICIES, "high-error-rate", "Error rate above (fraction)");

        List<RuleProblem> problems = problems(cell.withValue("fifteen"));

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.location())
                .isEqualTo("sheet Policies, row " + cell.row() + ", column " + cell.column()
                        + " \"Error rate above (fraction)\" (rule high-error-rate)"));
    }

    @Test
    void shouldNameTheColumnOfAWordInANumericActionCell() {
        // given: the compiler reports a consequence error on the rule's line, naming only the word
        TableCell cell = TableCell.of(POLICIES, "critical-latency-spike", "Cooldown (s)");

        List<RuleProblem> problems = problems(cell.withValue("ten"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.location()).isEqualTo("sheet Policies, row " + cell.row() + ", column " + cell.column()
                    + " \"Cooldown (s)\" (rule critical-latency-spike)");
            assertThat(problem.message()).contains("ten cannot be resolved");
        });
    }

    @Test
    void shouldNameTheColumnOfAnActionCellOfTheWrongType() {
        // given: a fraction where a whole number of seconds belongs: the message names the setter, not the value
        TableCell cell = TableCell.of(POLICIES, "throughput-drop", "Validation window (s)");

        List<RuleProblem> problems = problems(cell.withValue("30.5"));

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.location())
                .isEqualTo("sheet Policies, row " + cell.row() + ", column " + cell.column()
                        + " \"Validation window (s)\" (rule throughput-drop)"));
    }

    @Test
    void shouldNameTheCellDroolsCannotReadAtAll() {
        // given: a value right of the last column, under no ACTION or CONDITION header
        TableCell ladder = TableCell.of(POLICIES, "moderate-latency", "Action ladder");
        String beyond = String.valueOf((char) (ladder.column().charAt(0) + 1));
        byte[] table = new TableCell(POLICIES, ladder.row(), beyond, null).withValue("oops");

        // when
        List<RuleProblem> problems = problems(table);

        // then: Drools throws instead of reporting; the cell it names is located all the same
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.location()).isEqualTo("sheet Policies, row " + ladder.row() + ", column " + beyond);
            assertThat(problem.message()).contains("cell " + beyond + ladder.row());
        });
    }

    @Test
    void shouldStopAtTheRowWhenNoSingleCellCanBeBlamed() throws Exception {
        // given: the generated DRL of the shipped table
        byte[] shipped = Files.readAllBytes(POLICIES);
        DecisionTableLocator locator = DecisionTableLocator.of(RESOURCE, shipped).orElseThrow();
        TableCell cell = TableCell.of(POLICIES, "critical-latency-spike", "Priority");
        List<String> drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(shipped), InputType.XLS)
                .lines().toList();
        int rule = drl.indexOf("rule \"critical-latency-spike\"") + 1; // 1-based, as the compiler counts
        int when = drl.subList(rule, drl.size()).indexOf("\twhen") + rule + 1;
        String row = "sheet Policies, row " + cell.row();

        // then: a consequence error naming nothing in the row, and an error on a line no cell wrote
        assertThat(locator.locate(rule, "Rule Compilation error Type mismatch: cannot convert from int to boolean"))
                .isEqualTo(row + " (rule critical-latency-spike)");
        assertThat(locator.locate(when, "something about the when keyword"))
                .isEqualTo(row + " (rule critical-latency-spike)");
        // and a token that two cells of the consequence hold: no guess between them
        assertThat(locator.locate(rule, "Rule Compilation error match cannot be resolved to a variable"))
                .isEqualTo(row + " (rule critical-latency-spike)");
    }

    private static List<RuleProblem> problems(byte[] policies) {
        RuleBuildException failure = catchThrowableOfType(RuleBuildException.class,
                () -> RuleCompiler.check(RuleSource.of(Map.of(RESOURCE, policies), "test")));
        assertThat(failure).as("the broken table must not compile").isNotNull();
        return failure.problems();
    }
}
