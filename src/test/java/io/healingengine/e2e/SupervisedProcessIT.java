package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.ProbeConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.config.SuperviseConfig;
import io.healingengine.supervise.PidHttpTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervised processes on real parts: a real engine owns (or watches by pidfile) a real HTTP child process —
 * {@link PidHttpTarget} — and is told of its exit the moment it happens and of a hang by its liveness probe.
 */
class SupervisedProcessIT {
    private static final String SERVICE = "web";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private EngineFixture engine;
    private PageReceiver pager;
    private Process unowned;

    @TempDir
    Path temp;

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.close(); // stops the processes it owns
        }
        if (pager != null) {
            pager.close();
        }
        if (unowned != null) {
            unowned.destroyForcibly();
        }
    }

    /**
     * An engine that owns the target: probed every 100 ms (1 s timeout, down after 2 failures), stopped with
     * {@code stopGraceMs}, quick restarts backed off by {@code backoffMs}.
     */
    private PidHttpTarget startOwned(String tier, long stopGraceMs, long backoffMs, String... options) throws Exception {
        return startOwned(tier, stopGraceMs, backoffMs, 1_000, options);
    }

    private PidHttpTarget startOwned(String tier, long stopGraceMs, long backoffMs, long probeTimeoutMs,
                                     String... options) throws Exception {
        PidHttpTarget target = new PidHttpTarget(EngineFixture.freePort());
        pager = new PageReceiver();
        List<String> argv = new java.util.ArrayList<>(target.argv(options));
        argv.addAll(List.of("--log-requests", "yes"));
        SuperviseConfig owned = new SuperviseConfig(argv, temp.toString(), null, temp.resolve("logs").toString(), null,
                null, null, stopGraceMs, null, ProbeConfig.http(target.healthUrl() + "?probe=startup", 20, 1_000, 1),
                ProbeConfig.http(target.healthUrl() + "?probe=liveness", 100, probeTimeoutMs, 2), backoffMs, null, null);
        ServiceConfig web = ServiceConfig.supervised(SERVICE, tier, 500, owned);
        engine = EngineFixture.start(EngineFixture.freePort(), temp.resolve("data"), false, List.of(web), pager.url());
        return target;
    }

    /**
     * The pid of the owned target once the engine has it up: its liveness probe — which starts only when the
     * startup probe passed — has reached it (the target logs every request to its output file).
     */
    private long upPid(PidHttpTarget target) {
        long pid = answeringPid(target);
        await().atMost(PATIENCE).until(() -> Files.readString(temp.resolve("logs/web.out.log"))
                .contains("pid " + pid + " GET /health?probe=liveness"));
        return pid;
    }

    private long answeringPid(PidHttpTarget target) {
        return await().atMost(PATIENCE).until(() -> target.answeringPid(1_000), pid -> pid.isPresent()).getAsLong();
    }

    @Test
    void shouldRestartACrashedProcessAndResolveItsIncident() throws Exception {
        // given: a process the engine owns, up and answering
        PidHttpTarget target = startOwned("standard", 5_000, 500);
        long oldPid = upPid(target);

        // when: it is killed with SIGKILL
        ProcessHandle.of(oldPid).orElseThrow().destroyForcibly();

        // then: the engine knows it ended with status 137 — SIGKILL, or exit(137): the JDK reports both alike —
        // restarts it, and resolves the incident
        JsonNode resolved = await().atMost(PATIENCE).until(() -> incidents("RESOLVED"), list -> list.size() == 1).get(0);
        assertThat(resolved.get("trigger").asText()).isEqualTo("process-down");
        long newPid = answeringPid(target);
        assertThat(newPid).isNotEqualTo(oldPid);
        List<JsonNode> steps = steps(resolved);
        assertThat(steps.get(0).get("detail").asText()).isEqualTo("pid " + oldPid + " exited with status 137 (SIGKILL, or exit(137))");
        assertThat(steps.stream().map(step -> step.get("event").asText()).toList()).containsSubsequence(
                "incident_opened", "action_started", "action_succeeded", "recovery_observed", "incident_resolved");
        assertThat(detailOf(steps, "recovery_observed")).startsWith("pid " + newPid + " passed its startup probe");
        assertThat(steps).extracting(step -> step.get("detail").asText())
                .noneMatch(detail -> detail.startsWith("process went down during the fix"));
        assertThat(target.processes()).extracting(ProcessHandle::pid).containsExactly(newPid);
        assertThat(Files.readString(temp.resolve("logs/web.out.log"))).contains("listening on 127.0.0.1:"
                + target.port() + " pid " + oldPid, "pid " + newPid);
        // and /metrics counted the exit by its cause, and the liveness probes that passed
        assertThat(engine.metric("selfheal_process_exits_total{cause=\"signal\",service=\"web\"}")).isEqualTo(1.0);
        assertThat(engine.metric("selfheal_process_exits_total{cause=\"exit\",service=\"web\"}")).isZero();
        assertThat(engine.metric("selfheal_probe_results_total{outcome=\"pass\",service=\"web\"}")).isPositive();
        assertThat(engine.metric("selfheal_probe_duration_seconds_count{outcome=\"pass\",service=\"web\"}"))
                .isPositive();
    }

    @Test
    void shouldKillAHungProcessAndLeaveExactlyOneRunningWhenItIsStopped() throws Exception {
        // given: a process the engine owns, probed every 100 ms, that ignores SIGTERM (only SIGKILL, after the
        // 300 ms grace, ends it)
        PidHttpTarget target = startOwned("standard", 300, 500, "--ignore-sigterm", "yes");
        long oldPid = upPid(target);

        // when: it hangs (SIGSTOP: alive, but answering nothing)
        assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(oldPid)).start().waitFor()).isZero();

        // then: its probe fails, the engine stops it for good, starts one new process and resolves the incident
        JsonNode resolved = await().atMost(PATIENCE).until(() -> incidents("RESOLVED"), list -> list.size() == 1).get(0);
        assertThat(steps(resolved).get(0).get("detail").asText()).startsWith("liveness probe failed 2 times in a row: GET "
                + target.healthUrl());
        long newPid = answeringPid(target);
        assertThat(newPid).isNotEqualTo(oldPid);
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(target.processes()).extracting(ProcessHandle::pid).containsExactly(newPid);
        assertThat(detailOf(steps(resolved), "action_succeeded")).contains("pid " + oldPid + " stopped");
        // and /metrics counted the failed probes; the engine's own SIGTERM and SIGKILL are no unasked exit
        assertThat(engine.metric("selfheal_probe_results_total{outcome=\"fail\",service=\"web\"}"))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(engine.metric("selfheal_process_exits_total{cause=\"signal\",service=\"web\"}")).isZero();
    }

    @Test
    void shouldProposeTheSlowProbePolicyForAnAliveButSlowProcessWithoutRestartingIt() throws Exception {
        // given: a critical service the engine owns, whose liveness probe (3 s timeout) passes at once
        Path slow = temp.resolve("slow");
        PidHttpTarget target = startOwned("critical", 5_000, 500, 3_000, "--slow-if-exists", slow.toString());
        long pid = upPid(target);

        // when: it turns slow — every probe passes, after 1 s
        Files.writeString(slow, "x");

        // then: after three slow passes in a row the slow-liveness-probe row opens a policy incident and
        // proposes its first action; on-call is paged at the end of its ladder
        JsonNode incident = await().atMost(PATIENCE).until(() -> incidents(null), list -> !list.isEmpty()).get(0);
        assertThat(incident.get("trigger").asText()).isEqualTo("slow-liveness-probe");
        List<JsonNode> steps = steps(incident);
        assertThat(detailOf(steps, "incident_opened")).startsWith("policy slow-liveness-probe matched");
        assertThat(detailOf(steps, "action_proposed")).startsWith("scale-up (step 1 of 2)");
        await().atMost(PATIENCE).until(() -> pager.pages().size() == 1);
        // and liveness is not confused with it: the slow process was never restarted or called down
        assertThat(incidents(null)).hasSize(1);
        assertThat(target.processes()).extracting(ProcessHandle::pid).containsExactly(pid);
        assertThat(engine.metric("selfheal_probe_results_total{outcome=\"fail\",service=\"web\"}")).isZero();
        assertThat(engine.metric("selfheal_probe_duration_seconds_max{outcome=\"pass\",service=\"web\"}"))
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void shouldCountADeathDuringTheStartupProbeTowardTheRestartLoopBreaker() throws Exception {
        // given: a critical service (restart loop at 2 exits within 15 min) whose process cannot start while a
        // flag file exists, and whose quick restarts wait 3 s of backoff
        Path flag = Files.writeString(temp.resolve("broken-config"), "x");
        PidHttpTarget target = startOwned("critical", 5_000, 3_000, "--die-if-exists",
                flag.toString());

        // when: its first process dies during its startup probe, and the configuration is mended before the
        // backed-off restart starts the next one
        JsonNode first = await().atMost(PATIENCE).until(() -> incidents("ACTING"), list -> list.size() == 1).get(0);
        Files.delete(flag);
        assertThat(steps(first).get(0).get("detail").asText()).endsWith("exited with code 3 during its startup probe");
        assertThat(engine.metric("selfheal_process_exits_total{cause=\"exit\",service=\"web\"}")).isEqualTo(1.0);
        await().atMost(PATIENCE).until(() -> incidents("RESOLVED"), list -> list.size() == 1);
        long pid = upPid(target);

        // and the restarted process crashes
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        // then: the death during the startup probe was the first of two exits: a restart loop, paged, not restarted
        JsonNode loop = await().atMost(PATIENCE).until(() -> incidents("ESCALATED"), list -> list.size() == 1).get(0);
        assertThat(loop.get("trigger").asText()).isEqualTo("restart-loop");
        assertThat(detailOf(steps(loop), "diagnosis"))
                .isEqualTo("restart-loop: exited 2 times within 15 min (limit 2 for tier critical); no further restart");
        assertThat(pager.pages()).hasSize(1);
        assertThat(target.processes()).isEmpty();
    }

    @Test
    void shouldKnowAtOnceThatAPidfileWatchedProcessExitedWithoutPolling() throws Exception {
        // given: a process started elsewhere, which writes its pidfile, watched by the engine
        PidHttpTarget target = new PidHttpTarget(EngineFixture.freePort());
        Path pidfile = temp.resolve("web.pid");
        unowned = new ProcessBuilder(target.argv("--pidfile", pidfile.toString())).start();
        long pid = answeringPid(target);
        pager = new PageReceiver();
        SuperviseConfig watch = new SuperviseConfig(null, null, null, null, null, null, pidfile.toString(), null, null,
                null, null, null, null, null);
        engine = EngineFixture.start(EngineFixture.freePort(), temp.resolve("data"), false,
                List.of(ServiceConfig.supervised(SERVICE, "standard", 500, watch)), pager.url());

        // then: the engine waits on the process itself — a pidfd held by a helper child of the engine — not on a timer
        await().atMost(PATIENCE).until(() -> pidfdWaiters(pid) == 1);

        // when: the process is killed
        unowned.destroyForcibly();

        // then: the exit opens an incident (no restart command: the ladder goes on to a human)
        JsonNode incident = await().atMost(PATIENCE).until(() -> incidents(null), list -> list.size() == 1).get(0);
        assertThat(incident.get("trigger").asText()).isEqualTo("process-down");
        assertThat(steps(incident).get(0).get("detail").asText())
                .isEqualTo("pid " + pid + " exited (not the engine's child: its exit status is unknown)");
        assertThat(engine.metric("selfheal_process_exits_total{cause=\"unknown\",service=\"web\"}")).isEqualTo(1.0);
        assertThat(pidfdWaiters(pid)).isZero();
    }

    private static long pidfdWaiters(long pid) {
        return ProcessHandle.current().children().filter(child -> child.info().arguments()
                .map(args -> String.join(" ", args).contains("pidfd_open") && List.of(args).contains(Long.toString(pid)))
                .orElse(false)).count();
    }

    private List<JsonNode> incidents(String status) throws IOException, InterruptedException {
        JsonNode list = engine.getJson("/api/v1/incidents?service=" + SERVICE + (status == null ? "" : "&status=" + status))
                .get("incidents");
        return StreamSupport.stream(list.spliterator(), false).toList();
    }

    private List<JsonNode> steps(JsonNode incident) throws IOException, InterruptedException {
        JsonNode chain = engine.getJson("/api/v1/incidents/" + incident.get("id").asText());
        return StreamSupport.stream(chain.get("steps").spliterator(), false).toList();
    }

    private static String detailOf(List<JsonNode> steps, String event) {
        return steps.stream().filter(step -> step.get("event").asText().equals(event)).findFirst()
                .map(step -> step.get("detail").asText()).orElse("");
    }
}
