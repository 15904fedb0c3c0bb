package io.healingengine.cli;

import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleBuildException;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleProblem;
import io.healingengine.rules.RuleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code validate <dir | kjar>}: compiles a rule set as the engine would and prints every problem with
 * its file and location (line of a DRL file; sheet, row, column and rule of a decision table). Exit code 0 when
 * the rules compile, 1 when they do not, 2 when the argument is unusable.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a rule set: a directory laid out like the project (rules/, decision-tables/) or a kjar.")
final class ValidateCommand implements Callable<Integer> {
    static final int EXIT_INVALID = 1;

    @Parameters(index = "0", paramLabel = "DIR|KJAR", description = "project directory or kjar file")
    Path target;

    @Override
    public Integer call() {
        if (!Files.exists(target)) {
            System.err.println("healing-engine validate: " + target + " does not exist");
            return Main.EXIT_CONFIG;
        }
        try {
            CompiledRules rules = Files.isDirectory(target) ? compileDirectory() : loadKjar();
            rules.warnings().forEach(System.out::println);
            long ruleCount = rules.container().getKieBase().getKiePackages().stream()
                    .mapToLong(pkg -> pkg.getRules().size()).sum();
            System.out.println("OK " + target + ": " + ruleCount + " rules, version " + rules.version()
                    + (rules.warnings().isEmpty() ? "" : ", " + rules.warnings().size() + " warning(s)"));
            return 0;
        } catch (RuleBuildException e) {
            for (RuleProblem problem : e.problems()) {
                System.out.println(problem);
            }
            System.out.println("INVALID " + target + ": " + e.problems().size() + " problem(s)");
            return EXIT_INVALID;
        } catch (IOException | RuntimeException e) {
            System.out.println("INVALID " + target + ": " + EngineLauncher.rootMessage(e));
            return EXIT_INVALID;
        }
    }

    private CompiledRules compileDirectory() {
        RuleSource source = RuleSource.fromProjectDirectory(target);
        if (source.resources().isEmpty()) {
            throw new IllegalArgumentException("no rules/ or decision-tables/ with *.drl or *.drl.xlsx files in " + target);
        }
        return RuleCompiler.compile(source);
    }

    private CompiledRules loadKjar() throws IOException {
        return RuleCompiler.load(Files.readAllBytes(target), target.toString());
    }
}
