package io.healingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** simulate against the shipped rules and the example scenario of the docs. */
class SimulateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    @Test
    void shouldShowTheDecisionsTheirRulesAndTheOutcomeOfALatencySpike() {
        // when
        int exit = new CommandLine(new Main()).execute("simulate", ".", "docs/examples/scenarios/latency-spike.yaml");

        // then: the spike opens an incident, a restart is decided, and fresh low latency resolves it
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("incident_opened").contains("[open-incident-on-policy-match]")
                .contains("critical-latency-spike").contains("action_started").contains("restart")
                .contains("incident_resolved").contains("checkout  critical-latency-spike  RESOLVED  actions: restart");
        // and the row that almost matched says which condition missed
        assertThat(output).contains("moderate-latency on checkout: missed latency_p99 < 500 (650); held latency_p99 > 300 (650)");
    }

    @Test
    void shouldShowTheSlowProbePolicyPagingWhenItsScaleUpHasNoRollbackInTheExampleScenario() {
        // when
        int exit = new CommandLine(new Main()).execute("simulate", ".",
                "docs/examples/scenarios/slow-liveness-probe.yaml");

        // then: three slow passing probes make the row match; its scale-up is refused, on-call is paged
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("policy slow-liveness-probe matched (priority 3, ladder [scale-up, alert-oncall])")
                .contains("[skip-blocked-proposal] rollback-plan: scale-up changes web")
                .contains("web  slow-liveness-probe  ESCALATED  actions: alert-oncall");
    }

    @Test
    void shouldShowNothingButNearMissesWhenTheServiceStaysJustBelowAThreshold(@TempDir Path temp) throws Exception {
        Path scenario = Files.writeString(temp.resolve("near.yaml"), """
                services: [{id: search}]
                steps:
                  - at: 0s
                    signals: [{service: search, metric: latency_p99, value: 290}, {service: search, metric: throughput, value: 900}]
                duration: 5s
                """);

        int exit = new CommandLine(new Main()).execute("simulate", ".", scenario.toString());

        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(output).contains("Incidents:\n  none");
        assertThat(output).contains("moderate-latency on search: missed latency_p99 > 300 (290); held latency_p99 < 500 (290)");
    }

    @Test
    void shouldRefuseAScenarioWithABadTime(@TempDir Path temp) throws Exception {
        Path scenario = Files.writeString(temp.resolve("bad.yaml"), "steps: [{at: soon}]\n");

        int exit = new CommandLine(new Main()).execute("simulate", ".", scenario.toString());

        assertThat(exit).isEqualTo(Main.EXIT_CONFIG);
    }
}
