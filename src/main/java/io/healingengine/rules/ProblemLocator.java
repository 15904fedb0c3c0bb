package io.healingengine.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kie.api.builder.Message;

/**
 * Turns what the compiler says about one rule set into {@link RuleProblem}s located as their authors know
 * them: the file under rules/ or decision-tables/, and the line of a DRL file or the sheet, row and column
 * of a decision table. Reads each decision table at most once per rule set.
 */
final class ProblemLocator {
    static final String RESOURCE_ROOT = "src/main/resources/healing/";
    private static final String GENERATED_ROOT = "src/main/java/";

    private final RuleSource source;
    private final Map<String, Optional<DecisionTableLocator>> tables = new HashMap<>();

    ProblemLocator(RuleSource source) {
        this.source = source;
    }

    /** A compiler message located as the author knows it: the file, and its line or sheet cell. */
    RuleProblem of(Message message, boolean error) {
        String resource = resource(message);
        String file = resource.isEmpty() ? "(rule base)" : source.sourceFile(resource);
        String text = message.getText().strip();
        String location = "";
        if (isDecisionTable(resource)) {
            location = table(resource).map(table -> table.locate(message.getLine(), text)).orElse("");
        } else if (message.getLine() > 0) {
            location = "line " + message.getLine() + (message.getColumn() > 0 ? ", column " + message.getColumn() : "");
        }
        return new RuleProblem(file, location, text, error);
    }

    /**
     * Drools threw instead of reporting: a decision table it could not even read. One problem per table
     * that fails to read, at the cell Drools names; empty if no table does (the exception is something else).
     */
    List<RuleProblem> unreadableTables() {
        List<RuleProblem> problems = new ArrayList<>();
        for (String resource : source.resources().keySet()) {
            if (isDecisionTable(resource)) {
                table(resource).filter(DecisionTableLocator::unreadable)
                        .ifPresent(table -> problems.add(new RuleProblem(source.sourceFile(resource),
                                table.locateFailure(), table.failureMessage(), true)));
            }
        }
        return problems;
    }

    /**
     * An error the executable model found in the Java it generates, which the classic compiler does not
     * report (so no line of any file is known): located at the one cell holding the token it names, among
     * the decision tables of the package the generated file belongs to, if exactly one cell does.
     */
    Optional<RuleProblem> inAuthorsTerms(RuleProblem generated) {
        List<RuleProblem> found = new ArrayList<>();
        for (String resource : source.resources().keySet()) {
            if (isDecisionTable(resource)) {
                table(resource)
                        .filter(table -> !table.packageName().isEmpty() && generated.file()
                                .startsWith(GENERATED_ROOT + table.packageName().replace('.', '/') + "/"))
                        .flatMap(table -> table.locateByToken(generated.message()))
                        .ifPresent(location -> found.add(new RuleProblem(source.sourceFile(resource), location,
                                generated.message(), generated.error())));
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private Optional<DecisionTableLocator> table(String resource) {
        byte[] content = source.resources().get(resource);
        if (content == null) {
            return Optional.empty();
        }
        return tables.computeIfAbsent(resource, r -> DecisionTableLocator.of(r, content));
    }

    private static String resource(Message message) {
        return message.getPath() == null ? ""
                : message.getPath().replace(RESOURCE_ROOT, "").replaceFirst("^healing/", "");
    }

    static boolean isDecisionTable(String resource) {
        return resource.endsWith(".drl.xlsx") || resource.endsWith(".drl.xls") || resource.endsWith(".drl.csv");
    }
}
