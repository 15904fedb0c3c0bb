package io.healingengine.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleBuildException;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleProblem;
import io.healingengine.rules.RuleSource;
import io.healingengine.simulation.Scenario;
import io.healingengine.simulation.SimulationReport;
import io.healingengine.simulation.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code simulate <dir | kjar> <scenario>}: replays a scenario on a pseudo clock and prints what the
 * engine would decide — incidents, proposals, guard blocks, actions, each with its rule — and the policy
 * rows that almost matched. Nothing is executed.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Replay a scenario of signals against a rule set and print what the engine would decide.")
final class SimulateCommand implements Callable<Integer> {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Parameters(index = "0", paramLabel = "DIR|KJAR", description = "project directory or kjar file")
    Path rulesPath;

    @Parameters(index = "1", paramLabel = "SCENARIO", description = "scenario file (YAML or JSON), see docs/examples/scenarios/")
    Path scenarioPath;

    @Override
    public Integer call() {
        Scenario scenario;
        try {
            scenario = YAML.readValue(scenarioPath.toFile(), Scenario.class);
        } catch (IOException e) {
            System.err.println("healing-engine simulate: scenario " + scenarioPath + " cannot be read: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        CompiledRules rules;
        List<byte[]> workbooks = new ArrayList<>();
        try {
            if (Files.isDirectory(rulesPath)) {
                RuleSource source = RuleSource.fromProjectDirectory(rulesPath);
                source.resources().forEach((path, bytes) -> {
                    if (path.endsWith(".drl.xlsx")) {
                        workbooks.add(bytes);
                    }
                });
                rules = RuleCompiler.compile(source);
            } else {
                byte[] kjar = Files.readAllBytes(rulesPath);
                workbooks.addAll(workbooksIn(kjar));
                rules = RuleCompiler.load(kjar, rulesPath.toString());
            }
        } catch (RuleBuildException e) {
            e.problems().stream().map(RuleProblem::toString).forEach(System.out::println);
            System.out.println("INVALID " + rulesPath + ": the rules do not compile; nothing simulated");
            return ValidateCommand.EXIT_INVALID;
        } catch (IOException e) {
            System.err.println("healing-engine simulate: " + rulesPath + " cannot be read: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        SimulationReport report;
        try {
            report = Simulator.of(rules, workbooks).run(scenario);
        } catch (IllegalArgumentException e) {
            System.err.println("healing-engine simulate: scenario " + scenarioPath + ": " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        print(report, rules);
        return 0;
    }

    private void print(SimulationReport report, CompiledRules rules) {
        System.out.println("simulate: rules " + rules.version() + " from " + rulesPath + ", scenario " + scenarioPath
                + " (pseudo clock; nothing is executed)");
        System.out.println();
        for (SimulationReport.Entry entry : report.timeline()) {
            System.out.printf(Locale.ROOT, "%9s  %-22s %-12s [%s] %s%n", offset(entry.atMs()), entry.event(),
                    entry.service(), entry.rule(), entry.detail());
        }
        System.out.println();
        System.out.println("Incidents:");
        if (report.incidents().isEmpty()) {
            System.out.println("  none");
        }
        report.incidents().forEach(i -> System.out.println("  " + i.service() + "  " + i.trigger() + "  " + i.status()
                + "  actions: " + (i.actionsRun().isEmpty() ? "none" : String.join(", ", i.actionsRun()))));
        System.out.println();
        System.out.println("Near misses (policy rows that did not match, and the conditions that missed):");
        if (report.nearMisses().isEmpty()) {
            System.out.println("  none");
        }
        report.nearMisses().forEach(m -> System.out.println("  " + offset(m.atMs()) + "  " + m.policy() + " on "
                + m.service() + ": missed " + String.join(", ", m.missed())
                + (m.held().isEmpty() ? "" : "; held " + String.join(", ", m.held()))));
    }

    private static String offset(long ms) {
        return String.format(Locale.ROOT, "+%.3fs", ms / 1000.0);
    }

    private static List<byte[]> workbooksIn(byte[] kjar) throws IOException {
        List<byte[]> workbooks = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(kjar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().endsWith(".drl.xlsx")) {
                    workbooks.add(zip.readAllBytes());
                }
            }
        }
        return workbooks;
    }
}
