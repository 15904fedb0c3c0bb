package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.ProcessExit;
import io.healingengine.domain.SupervisedProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rules/liveness/supervised.drl: an exit or a hang gets a restart, a restart loop gets a human. */
class SupervisedRulesTest {
    private final RuleHarness harness = RuleHarness.of("rules/liveness/supervised.drl");
    private final SupervisedProcess process = new SupervisedProcess("svc-a", 2);

    @BeforeEach
    void superviseService() {
        GuardLimits critical = new GuardLimits("critical");
        critical.setRestartLoopCount(2);
        harness.insert(new ManagedService("svc-a", "critical", false, 5_000), new GuardLimits(GuardLimits.DEFAULT_TIER),
                critical, process);
        up(100);
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private void up(long pid) {
        process.started(pid, harness.now());
        harness.update(process).fireAll();
    }

    /** @param exitStatus as the JDK reports it: 137 for SIGKILL (or exit(137)), 3 for exit(3) */
    private void exit(long pid, Integer exitStatus, boolean duringStartup) {
        harness.insert(new ProcessExit("svc-a", pid, exitStatus, duringStartup, harness.now())).fireAll();
    }

    /** Process 100 was killed and its incident's restart is in flight (ACTING); fired rules cleared. */
    private Incident killedAndBeingRestarted() {
        exit(100, 137, false);
        Incident incident = open().get(0);
        incident.setStatus(IncidentStatus.ACTING);
        harness.update(incident).fireAll();
        harness.clearFired();
        return incident;
    }

    private List<Incident> open() {
        return harness.facts(Incident.class).stream().filter(Incident::isOpen).toList();
    }

    @Test
    void shouldOpenRestartIncidentWhenUpProcessIsKilled() {
        exit(100, 137, false);

        assertThat(harness.firedRules()).containsExactly("process-down-on-exit", "open-incident-on-process-down");
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getKind()).isEqualTo(IncidentKind.LIVENESS);
        assertThat(incident.getTrigger()).isEqualTo("process-down");
        assertThat(incident.getLadder()).containsExactly("restart");
        assertThat(harness.sink().steps().get(0).detail()).isEqualTo("pid 100 exited with status 137 (SIGKILL, or exit(137))");
    }

    @Test
    void shouldNotNoteTheExitThatOpenedTheIncidentAsADeathDuringTheFix() {
        exit(100, 137, false);
        Incident incident = open().get(0);
        harness.clearFired();

        incident.setStatus(IncidentStatus.ACTING);
        harness.update(incident).fireAll();

        assertThat(harness.firedRules()).isEmpty();
    }

    @Test
    void shouldNotNoteTheExitThatOpenedTheIncidentOnceTheRestartedProcessIsUp() {
        // given: a killed process whose incident restarts it
        Incident incident = killedAndBeingRestarted();

        // when: the new process, another pid, passed its startup probe and the fix is being verified
        up(101);
        incident.setStatus(IncidentStatus.VERIFYING);
        harness.update(incident).fireAll();

        // then: the exit that opened the incident is not "a death during the fix"
        assertThat(harness.firedRules()).doesNotContain("process-exit-during-fix");
        assertThat(harness.sink().events()).doesNotContain("diagnosis");
    }

    @Test
    void shouldNoteDeathDuringStartupProbeInRunningFixWithoutOpeningAnother() {
        Incident incident = killedAndBeingRestarted();

        exit(101, 3, true);

        assertThat(harness.firedRules()).containsExactly("process-exit-during-fix");
        assertThat(open()).containsExactly(incident);
        assertThat(harness.sink().steps().get(harness.sink().steps().size() - 1).detail())
                .isEqualTo("process went down during the fix: pid 101 exited with code 3 during its startup probe");
    }

    @Test
    void shouldPageInsteadOfRestartingWhenExitsReachTheTiersRestartLoopCount() {
        exit(100, 137, false);
        Incident first = open().get(0);
        first.setStatus(IncidentStatus.ACTING);
        harness.update(first).fireAll();
        exit(101, 3, true); // the restarted process died during its startup probe: it counts
        first.escalated(harness.now());
        harness.update(first).fireAll();
        harness.advance(Duration.ofMinutes(1));
        up(102);
        harness.clearFired();

        exit(102, 137, false);

        assertThat(harness.firedRules()).containsExactly("process-down-on-exit", "escalate-process-restart-loop");
        Incident loop = open().get(0);
        assertThat(loop.getTrigger()).isEqualTo("restart-loop");
        assertThat(loop.getLadder()).containsExactly("alert-oncall");
        assertThat(loop.getDiagnosis()).isEqualTo("restart-loop");
        assertThat(harness.sink().steps().get(harness.sink().steps().size() - 1).detail())
                .isEqualTo("restart-loop: exited 3 times within 15 min (limit 2 for tier critical); no further restart");
    }

    @Test
    void shouldOpenOneIncidentPerDownEpisodeEvenWhenItClosesWhileTheProcessIsStillDown() {
        exit(100, 137, false);
        Incident first = open().get(0);
        harness.advance(Duration.ofSeconds(1));
        harness.clearFired();

        first.escalated(harness.now());
        harness.update(first).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(harness.facts(Incident.class)).containsExactly(first);
    }

    @Test
    void shouldRestartAgainOnceEarlierExitsLeftTheWindow() {
        exit(100, 137, false);
        Incident first = open().get(0);
        first.resolve(harness.now());
        harness.update(first).fireAll();
        harness.advance(Duration.ofMinutes(16));
        up(101);
        harness.clearFired();

        exit(101, 137, false);

        assertThat(harness.firedRules()).containsExactly("process-down-on-exit", "open-incident-on-process-down");
    }

    @Test
    void shouldCallProcessHungOnlyWhenProbeFailuresReachTheThreshold() {
        process.probed(false, "GET http://127.0.0.1:1/health timed out after 150 ms");
        harness.update(process).fireAll();
        assertThat(harness.firedRules()).isEmpty();
        assertThat(process.isDown()).isFalse();

        process.probed(false, "GET http://127.0.0.1:1/health timed out after 150 ms");
        harness.update(process).fireAll();

        assertThat(harness.firedRules()).containsExactly("process-down-on-failed-probes", "open-incident-on-process-down");
        assertThat(process.getDownReason())
                .isEqualTo("liveness probe failed 2 times in a row: GET http://127.0.0.1:1/health timed out after 150 ms");
    }

    @Test
    void shouldNotCallProcessHungWhenAPassingProbeBreaksTheFailures() {
        process.probed(false, "timed out");
        process.probed(true, "answered 200");
        process.probed(false, "timed out");
        harness.update(process).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(process.isUp()).isTrue();
    }
}
