package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise under the harshest stop there is: a real engine JVM killed with SIGKILL in the middle
 * of load, three times over, on the same data directory. Every signal the engine acknowledged with 202 must
 * have been evaluated — each acknowledged critical signal opened an incident that is still in the history
 * after the kills — no restart may run twice (the restart argv appends the HEALING_ACTION_ID it receives to a
 * file), and every incident's decision chain must read back whole.
 */
class CrashRecoveryIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final int CYCLES = 3;
    private static final int TARGETS_PER_CYCLE = 12;
    private static final int STEADY_SERVICES = 4;
    @TempDir
    Path temp;

    @Test
    void shouldKeepEveryAcknowledgedSignalAndRunNoActionTwiceWhenKilledUnderLoad() throws Exception {
        Path runs = temp.resolve("restart-runs");
        Path data = temp.resolve("data");
        Path config = writeConfig(runs);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int killedRightAfterA202 = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            try (EngineJvm engine = EngineJvm.start(config, data, temp.resolve("engine-" + cycle + ".log"))) {
                // then (for the kills before): every service whose critical signal was acknowledged has its incident
                assertEveryAcknowledgedSignalOpenedItsIncident(engine, acknowledged);
                int restartsBefore = restartLines(runs).size();
                // given: steady signals from two clients, and critical signals for this cycle's services among them
                // when: the engine is killed (SIGKILL) while the load goes on and restarts are under way — by the
                // client of the critical signals the moment one more of them is acknowledged, so that the kill
                // follows a 202 as closely as it can
                java.util.function.BooleanSupplier underWay = () -> restartLines(runs).size() > restartsBefore;
                try (Load load = new Load(engine, cycle, acknowledged, underWay)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> !engine.alive()
                            || load.triggersAcknowledged() >= TARGETS_PER_CYCLE && underWay.getAsBoolean());
                    engine.kill();
                    assertThat(load.steadyAcknowledged()).as("steady signals acknowledged in cycle " + cycle).isPositive();
                    killedRightAfterA202 += load.killedRightAfterA202() ? 1 : 0;
                }
            }
        }

        try (EngineJvm engine = EngineJvm.start(config, data, temp.resolve("engine-last.log"))) {
            // then: nothing acknowledged was lost ...
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(CYCLES * TARGETS_PER_CYCLE / 3);
            assertEveryAcknowledgedSignalOpenedItsIncident(engine, acknowledged);
            // ... no restart ran twice: no idempotency key twice, no service restarted twice ...
            List<String[]> restarts = restartLines(runs).stream().map(line -> line.split(" ")).toList();
            List<String> keys = restarts.stream().map(r -> r[0]).toList();
            assertThat(keys).as("HEALING_ACTION_ID of every restart run").doesNotHaveDuplicates().isNotEmpty();
            assertThat(restarts.stream().map(r -> r[1]).toList()).as("services restarted").doesNotHaveDuplicates();
            // ... and the history is whole: every restart that ran is recorded, and its incident's chain reads back
            // from its opening through the step that sent it
            Map<String, JsonNode> history = byId(engine.json("/api/v1/history?limit=1000").get("history"));
            assertThat(history.keySet()).as("recorded actions").containsAll(keys);
            for (String key : keys) {
                JsonNode chain = engine.json("/api/v1/incidents/" + history.get(key).get("incidentId").asText());
                List<String> events = chain.get("steps").findValuesAsText("event");
                assertThat(events).as("chain of the incident of restart " + key).first().isEqualTo("incident_opened");
                assertThat(chain.get("steps").findValuesAsText("detail")).as("chain of restart " + key)
                        .anyMatch(detail -> detail.contains(key));
            }
            JsonNode incidents = engine.json("/api/v1/incidents?limit=1000").get("incidents");
            for (JsonNode incident : incidents) {
                JsonNode chain = engine.json("/api/v1/incidents/" + incident.get("id").asText());
                assertThat(chain.get("steps").findValuesAsText("event")).as("chain of " + incident)
                        .first().isEqualTo("incident_opened");
            }
            LOG.info("{} kills ({} right after a 202): {} critical signals acknowledged, {} incidents, {} restarts run, action outcomes {}",
                    CYCLES, killedRightAfterA202, acknowledged.size(), incidents.size(), keys.size(), history.values().stream()
                            .collect(Collectors.groupingBy(row -> row.get("action").asText() + ":"
                                    + row.get("outcome").asText(), java.util.TreeMap::new, Collectors.counting())));
        }
    }

    private static void assertEveryAcknowledgedSignalOpenedItsIncident(EngineJvm engine, Set<String> acknowledged)
            throws IOException, InterruptedException {
        Set<String> withIncident = new HashSet<>();
        for (JsonNode incident : engine.json("/api/v1/incidents?limit=1000").get("incidents")) {
            withIncident.add(incident.get("serviceId").asText());
        }
        assertThat(withIncident).as("services with an incident").containsAll(acknowledged);
    }

    private static Map<String, JsonNode> byId(JsonNode rows) {
        List<JsonNode> list = new ArrayList<>();
        rows.forEach(list::add);
        return list.stream().collect(Collectors.toMap(row -> row.get("id").asText(), Function.identity()));
    }

    private static List<String> restartLines(Path runs) {
        try {
            return Files.exists(runs) ? Files.readAllLines(runs).stream().filter(line -> !line.isBlank()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path writeConfig(Path runs) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                engine:
                  tickMs: 50
                inventory:
                  autoRegister: false
                  services:
                """);
        for (int i = 0; i < STEADY_SERVICES; i++) {
            yaml.append("    - id: steady-").append(i).append('\n');
        }
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (int i = 0; i < TARGETS_PER_CYCLE; i++) {
                String id = target(cycle, i);
                yaml.append("    - id: ").append(id).append('\n')
                        .append("      restart:\n")
                        .append("        argv: [\"sh\", \"-c\", \"printf '%s %s\\\\n' \\\"$HEALING_ACTION_ID\\\" \\\"$SERVICE\\\" >> \\\"$RUNS\\\"\"]\n")
                        .append("        env: {SERVICE: ").append(id).append(", RUNS: \"").append(runs).append("\"}\n");
            }
        }
        return Files.writeString(temp.resolve("engine.yaml"), yaml);
    }

    private static String target(int cycle, int i) {
        return "svc-" + cycle + "-" + i;
    }

    /**
     * Two clients sending batches of healthy signals for the steady services without pause, and a third that sends
     * one critical latency signal to each of the cycle's target services, a few steady batches apart. A target whose
     * critical signal got 202 is added to {@code acknowledged}; once a third of them are and {@code underWay} holds,
     * that client kills the engine right after the next 202. Connection failures (the engine was killed) end a client.
     */
    private static final class Load implements AutoCloseable {
        private final ExecutorService clients = Executors.newFixedThreadPool(3);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger steady = new AtomicInteger();
        private final AtomicInteger triggers = new AtomicInteger();
        private final AtomicBoolean killedRightAfterA202 = new AtomicBoolean();

        Load(EngineJvm engine, int cycle, Set<String> acknowledged, java.util.function.BooleanSupplier underWay) {
            for (int c = 0; c < 2; c++) {
                clients.submit(() -> {
                    while (running.get() && steadyBatch(engine)) {
                        steady.incrementAndGet();
                    }
                    return null;
                });
            }
            clients.submit(() -> {
                for (int i = 0; i < TARGETS_PER_CYCLE && running.get(); i++) {
                    String service = target(cycle, i);
                    HttpResponse<String> answer = engine.postJson("/api/v1/signals",
                            "{\"service\":\"" + service + "\",\"metric\":\"latency_p99\",\"value\":650}");
                    if (answer.statusCode() == 202) {
                        acknowledged.add(service);
                        if (triggers.incrementAndGet() > TARGETS_PER_CYCLE / 3 && underWay.getAsBoolean()) {
                            engine.kill();
                            killedRightAfterA202.set(true);
                            return null;
                        }
                    }
                    for (int pause = 0; pause < 3 && running.get(); pause++) {
                        steadyBatch(engine);
                    }
                }
                return null;
            });
        }

        private static boolean steadyBatch(EngineJvm engine) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < STEADY_SERVICES; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"service\":\"steady-").append(i)
                        .append("\",\"metric\":\"latency_p99\",\"value\":40},{\"service\":\"steady-").append(i)
                        .append("\",\"metric\":\"error_rate\",\"value\":0.01}");
            }
            try {
                return engine.postJson("/api/v1/signals", batch.append(']').toString()).statusCode() == 202;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        int triggersAcknowledged() {
            return triggers.get();
        }

        boolean killedRightAfterA202() {
            return killedRightAfterA202.get();
        }

        int steadyAcknowledged() {
            return steady.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            clients.shutdown();
            if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
                clients.shutdownNow();
            }
        }
    }
}
