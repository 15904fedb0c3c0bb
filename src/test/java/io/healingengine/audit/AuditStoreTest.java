package io.healingengine.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit store on the embedded H2 database and on a real PostgreSQL server: the same SQL, the same answers. */
@ParameterizedClass
@EnumSource(StoreDatabase.Backend.class)
class AuditStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Parameter
    StoreDatabase.Backend backend;

    @TempDir
    Path dataDir;

    private StoreDatabase database;
    private AuditStore store;

    @BeforeEach
    void openStore() {
        database = backend.fresh(dataDir);
        store = database.open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldReturnIdenticalChainWhenStoreIsReopenedOnSameDirectory() {
        // given
        store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
        store.appendStep(step("inc-1", T0, "incident_opened", "high-error-rate", "error_rate 0.12 > 0.05"));
        store.appendStep(step("inc-1", T0, "diagnosis", null, "dependency_failure"));
        store.recordActionStarted(HealingRecord.started("act-1", "inc-1", "checkout", "restart", "error rate",
                T0.plusSeconds(1)));
        store.recordActionResult("act-1", "SUCCEEDED", 840, "restarted pid 4711", null);
        store.appendStep(step("inc-1", T0.plusSeconds(2), "action_succeeded", null, "restart took 840 ms"));
        store.recordVerdict("act-1", false, null);
        store.recordActionStarted(HealingRecord.started("act-2", "inc-1", "checkout", "rollback",
                "restart did not help", T0.plusSeconds(60)));
        store.recordActionResult("act-2", "SUCCEEDED", 5_000, null, null);
        store.recordVerdict("act-2", true, 70_000L);
        store.appendStep(step("inc-1", T0.plusSeconds(130), "verdict", "verify-error-rate", "recovered"));
        store.upsertIncident(resolved("inc-1", T0.plusSeconds(130), 70_000L));
        IncidentChain written = store.findIncident("inc-1").orElseThrow();

        // when
        store.close();
        store = database.open();
        IncidentChain reread = store.findIncident("inc-1").orElseThrow();

        // then
        assertThat(reread).isEqualTo(written);
        assertThat(reread.incident().status()).isEqualTo("RESOLVED");
        assertThat(reread.steps()).extracting(DecisionStepRecord::event)
                .containsExactly("incident_opened", "diagnosis", "action_succeeded", "verdict");
        assertThat(reread.actions()).extracting(HealingRecord::id).containsExactly("act-1", "act-2");
        assertThat(reread.actions().get(0)).isEqualTo(new HealingRecord("act-1", "inc-1", "checkout", "restart",
                "error rate", T0.plusSeconds(1), "SUCCEEDED", false, 840L, null, "restarted pid 4711"));
        assertThat(reread.actions().get(1).recoveryTimeMs()).isEqualTo(70_000L);
    }

    @Test
    void shouldReturnNewestFirstWhenHistoryIsLimited() {
        // given
        for (int i : new int[] {2, 0, 4, 1, 3}) {
            store.recordActionStarted(action("act-" + i, T0.plusSeconds(i)));
        }

        // when
        List<HealingRecord> history = store.history(3);

        // then
        assertThat(history).extracting(HealingRecord::id).containsExactly("act-4", "act-3", "act-2");
        assertThat(store.history(0)).hasSize(1);
        assertThat(store.history(1_000_000)).hasSize(5);
    }

    @Test
    void shouldCountOnlyActionsInWindowWhenCountingSince() {
        // given
        Instant since = T0.minus(Duration.ofHours(1));
        judged("too-old", T0.minus(Duration.ofHours(2)), true);
        judged("ok-1", since, true);
        judged("ok-2", T0.minus(Duration.ofMinutes(30)), true);
        judged("failed", T0.minus(Duration.ofMinutes(10)), false);
        store.recordActionStarted(action("in-flight", T0));

        // when
        HealingCounts counts = store.countsSince(since);

        // then
        assertThat(counts).isEqualTo(new HealingCounts(2, 1));
    }

    @Test
    void shouldUpdateStatusAndClosedAtWhenIncidentIsUpsertedAgain() {
        // given
        store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));

        // when
        store.upsertIncident(resolved("inc-1", T0.plusSeconds(300), 120_000L));

        // then
        IncidentRecord stored = store.findIncident("inc-1").orElseThrow().incident();
        assertThat(stored.status()).isEqualTo("RESOLVED");
        assertThat(stored.closedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(stored.recoveryTimeMs()).isEqualTo(120_000L);
        assertThat(stored.openedAt()).isEqualTo(T0);
        assertThat(store.listIncidents("OPEN", null, 10)).isEmpty();
        assertThat(store.listIncidents("RESOLVED", null, 10)).containsExactly(stored);
    }

    @Test
    void shouldKeepRecordedValuesWhenUpsertCarriesNulls() {
        // given
        store.upsertIncident(new IncidentRecord("inc-1", "checkout", "POLICY", "high-error-rate", "OPEN",
                "dependency_failure", 7, "error_rate below 0.05 within 5 min", T0, null, null, "[{\"m\":1}]"));

        // when
        store.upsertIncident(incident("inc-1", "checkout", "ACTING", T0));

        // then
        IncidentRecord stored = store.findIncident("inc-1").orElseThrow().incident();
        assertThat(stored.status()).isEqualTo("ACTING");
        assertThat(stored.diagnosis()).isEqualTo("dependency_failure");
        assertThat(stored.triggerSignals()).isEqualTo("[{\"m\":1}]");
    }

    @Test
    void shouldTruncateDetailWhenItIsLongerThanItsColumn() {
        // given
        String longDetail = "x".repeat(10_000);
        store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
        store.recordActionStarted(action("act-1", T0));

        // when
        store.appendStep(step("inc-1", T0, "action_failed", null, longDetail));
        store.recordActionResult("act-1", "FAILED", 30_000, longDetail, false);

        // then
        String stepDetail = store.findIncident("inc-1").orElseThrow().steps().get(0).detail();
        String actionDetail = store.history(1).get(0).detail();
        assertThat(stepDetail).hasSize(AuditSql.DETAIL).startsWith("xxxx").endsWith("\u2026");
        assertThat(actionDetail).isEqualTo(stepDetail);
    }

    @Test
    void shouldFailNamingThePathWhenDirectoryIsAlreadyOpen() throws Exception {
        assumeTrue(backend == StoreDatabase.Backend.H2, "a data directory is locked only by the embedded database");
        // given
        Path databaseFile = dataDir.toRealPath().resolve("audit.mv.db");

        // when / then
        assertThatThrownBy(() -> AuditStore.openEmbedded(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(databaseFile.toString());
        store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
        assertThat(store.findIncident("inc-1")).isPresent();
    }

    @Test
    void shouldOpenAgainWhenPreviousStoreOnDirectoryWasClosed() {
        // given
        store.close();

        // when
        store = database.open();

        // then
        assertThat(store.history(10)).isEmpty();
    }

    @Test
    void shouldListNewestOpenedFirstWhenFilteredByStatusAndService() {
        // given
        store.upsertIncident(incident("a-old", "svc-a", "OPEN", T0));
        store.upsertIncident(incident("a-new", "svc-a", "OPEN", T0.plusSeconds(10)));
        store.upsertIncident(incident("b-new", "svc-b", "OPEN", T0.plusSeconds(20)));
        store.upsertIncident(incident("a-gone", "svc-a", "ESCALATED", T0.plusSeconds(30)));

        // when / then
        assertThat(store.listIncidents(null, null, 10)).extracting(IncidentRecord::id)
                .containsExactly("a-gone", "b-new", "a-new", "a-old");
        assertThat(store.listIncidents("OPEN", "svc-a", 10)).extracting(IncidentRecord::id)
                .containsExactly("a-new", "a-old");
        assertThat(store.listIncidents(null, "svc-a", 2)).extracting(IncidentRecord::id)
                .containsExactly("a-gone", "a-new");
    }

    @Test
    void shouldFailNamingOperationWhenResultArrivesForUnknownAction() {
        assertThatThrownBy(() -> store.recordActionResult("nobody", "SUCCEEDED", 1, null, true))
                .isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("recordActionResult")
                .hasMessageContaining("nobody");
        assertThatThrownBy(() -> store.recordVerdict("nobody", true, 5L))
                .isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("recordVerdict");
    }

    @Test
    void shouldKeepRecordedRowWhenActionIsStartedTwice() {
        // given
        store.recordActionStarted(action("act-1", T0));
        store.recordActionResult("act-1", "SUCCEEDED", 10, "done", true);

        // when
        store.recordActionStarted(action("act-1", T0.plusSeconds(5)));

        // then
        assertThat(store.history(10)).singleElement().satisfies(record -> {
            assertThat(record.timestamp()).isEqualTo(T0);
            assertThat(record.outcome()).isEqualTo("SUCCEEDED");
        });
    }

    @Test
    void shouldKeepEachWritersOrderWhenStepsAreAppendedConcurrently() throws Exception {
        // given
        int writers = 4;
        int stepsEach = 50;
        store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();

        // when
        for (int w = 0; w < writers; w++) {
            String writer = "w" + w;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < stepsEach; i++) {
                    store.appendStep(step("inc-1", T0, "rule_fired", null, writer + ":" + i));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // then
        List<String> details = store.findIncident("inc-1").orElseThrow().steps().stream()
                .map(DecisionStepRecord::detail).toList();
        assertThat(details).hasSize(writers * stepsEach);
        for (int w = 0; w < writers; w++) {
            String prefix = "w" + w + ":";
            assertThat(details.stream().filter(d -> d.startsWith(prefix)).collect(Collectors.toList()))
                    .containsExactlyElementsOf(IntStream.range(0, stepsEach)
                            .mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void shouldKeepOneRowWhenSameIncidentIsUpsertedConcurrently() throws Exception {
        // given
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();

        // when
        for (int w = 0; w < writers; w++) {
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 10; i++) {
                    store.upsertIncident(incident("inc-" + i, "checkout", "OPEN", T0.plusSeconds(i)));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // then
        assertThat(store.listIncidents(null, "checkout", 100)).hasSize(10);
    }

    @Test
    void shouldKeepCommittedWritesWhenProcessIsKilledWithoutClose() throws Exception {
        // given: another JVM writes a chain and halts without closing the store (no shutdown hooks)
        StoreDatabase crashed = backend.fresh(dataDir.resolve("crashed"));
        Path output = dataDir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName()));
        command.addAll(List.of(crashed.args()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        assertThat(child.exitValue()).as("child exit code, output in %s", output).isEqualTo(CrashingWriter.HALTED);

        // when
        try (AuditStore reopened = crashed.open()) {
            Optional<IncidentChain> chain = reopened.findIncident("inc-1");

            // then
            assertThat(chain).as("incident written before the crash").isPresent();
            assertThat(chain.get().steps()).hasSize(CrashingWriter.STEPS);
            assertThat(chain.get().actions()).extracting(HealingRecord::id).containsExactly("act-1");
        }
    }

    @Test
    void shouldKeepTheGroupsOtherWritesWhenOneWriteInTheGroupFails() throws Exception {
        // given: a database that refuses one step (a check constraint; on PostgreSQL a refused statement aborts
        // the whole transaction unless it is undone alone), and a group with that step and the result of an
        // action never started (refused by the store)
        database.execute("ALTER TABLE audit_step ADD CONSTRAINT test_refuses_poison CHECK (detail <> 'poison')");
        List<String> failures = new ArrayList<>();

        // when
        store.inGroup(() -> {
            store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
            for (Runnable refused : List.<Runnable>of(
                    () -> store.appendStep(step("inc-1", T0, "rule_fired", "high-error-rate", "poison")),
                    () -> store.recordActionResult("nobody", "SUCCEEDED", 1, null, true))) {
                try {
                    refused.run();
                } catch (AuditStoreException e) {
                    failures.add(e.getMessage());
                }
            }
            store.recordActionStarted(action("act-1", T0));
            store.appendStep(step("inc-1", T0, "incident_opened", "high-error-rate", "after the refused writes"));
        });

        // then: each refusal was reported on its own, every other write of the group went in
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0)).contains("appendStep");
        assertThat(failures.get(1)).contains("recordActionResult");
        IncidentChain chain = store.findIncident("inc-1").orElseThrow();
        assertThat(chain.steps()).extracting(DecisionStepRecord::detail).containsExactly("after the refused writes");
        assertThat(chain.actions()).extracting(HealingRecord::id).containsExactly("act-1");
    }

    @Test
    void shouldKeepTheGroupsWritesWhenAWriteOfTheGroupAsksForASync() {
        // given / when: a group whose barrier asks for the disk to be synced (intake.syncToDisk), which is done
        // after the group's commit, then more writes of the same group
        store.inGroup(() -> {
            store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
            store.syncToDisk();
            store.appendStep(step("inc-1", T0, "incident_opened", "high-error-rate", "after the sync"));
        });

        // then: every write of the group is there
        assertThat(store.findIncident("inc-1").orElseThrow().steps()).extracting(DecisionStepRecord::detail)
                .containsExactly("after the sync");
    }

    @Test
    void shouldSeeItsOwnWritesWhenGroupReadsBeforeItCommits() {
        // given: an incident written earlier in the same group
        // when: the group then updates it (an update reads the row it changes)
        store.inGroup(() -> {
            store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
            store.upsertIncident(incident("inc-1", "checkout", "RESOLVED", T0));
        });

        // then: one row, the last state
        assertThat(store.findIncident("inc-1").orElseThrow().incident().status()).isEqualTo("RESOLVED");
    }

    @Test
    void shouldStoreChainWhenOpenedOnJdbcUrl() {
        assumeTrue(backend == StoreDatabase.Backend.H2, "the PostgreSQL runs open every store on a JDBC URL");
        // given
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("external") + ";DB_CLOSE_DELAY=0";
        try (AuditStore external = AuditStore.open(url, "sa", "")) {
            // when
            external.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
            external.appendStep(step("inc-1", T0, "incident_opened", "crash-loop", "3 crashes in 4 min"));
            external.recordActionStarted(action("act-1", T0));

            // then
            IncidentChain chain = external.findIncident("inc-1").orElseThrow();
            assertThat(chain.steps()).extracting(DecisionStepRecord::rule).containsExactly("crash-loop");
            assertThat(chain.actions()).extracting(HealingRecord::id).containsExactly("act-1");
            assertThat(external.findIncident("other")).isEmpty();
        }
    }

    /** Runs in a child JVM: writes, alone and in a group, then dies the hard way right after the last commit. */
    static final class CrashingWriter {
        static final int STEPS = 50;
        static final int HALTED = 42;

        public static void main(String[] args) {
            AuditStore store = StoreDatabase.of(args).open();
            store.upsertIncident(incident("inc-1", "checkout", "OPEN", T0));
            for (int i = 0; i < STEPS / 2; i++) {
                store.appendStep(step("inc-1", T0, "rule_fired", "high-error-rate", "step " + i));
            }
            // the rest as the audit writer writes an evaluation: one group, halted right after it ends
            store.inGroup(() -> {
                for (int i = STEPS / 2; i < STEPS; i++) {
                    store.appendStep(step("inc-1", T0, "rule_fired", "high-error-rate", "step " + i));
                }
                store.recordActionStarted(action("act-1", T0));
            });
            Runtime.getRuntime().halt(HALTED);
        }
    }

    private void judged(String id, Instant at, boolean success) {
        store.recordActionStarted(action(id, at));
        store.recordActionResult(id, success ? "SUCCEEDED" : "FAILED", 100, null, null);
        store.recordVerdict(id, success, success ? 1_000L : null);
    }

    private static IncidentRecord incident(String id, String serviceId, String status, Instant openedAt) {
        return new IncidentRecord(id, serviceId, "POLICY", "high-error-rate", status, null, 7,
                "error_rate below 0.05 within 5 min", openedAt, null, null, null);
    }

    private static IncidentRecord resolved(String id, Instant closedAt, long recoveryTimeMs) {
        return new IncidentRecord(id, "checkout", "POLICY", "high-error-rate", "RESOLVED", "dependency_failure", 7,
                "error_rate below 0.05 within 5 min", T0, closedAt, recoveryTimeMs, "[{\"metric\":\"error_rate\"}]");
    }

    private static DecisionStepRecord step(String incidentId, Instant at, String event, String rule, String detail) {
        return new DecisionStepRecord(incidentId, at, event, rule, "checkout", detail, "3f2a9c1b7d0e");
    }

    private static HealingRecord action(String id, Instant at) {
        return HealingRecord.started(id, "inc-1", "checkout", "restart", "error rate above 0.05", at);
    }
}
