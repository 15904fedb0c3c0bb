package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleVariants;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals stream in while two versions of the rules are swapped back and forth: the shipped rules (A),
 * under which a throughput of 1000 req/s is fine, and a version whose throughput-drop policy acts below
 * 1500 (B). No signal may be lost, and every decision must have come from exactly one version — the one
 * that could make it.
 */
class HotSwapUnderLoadIT {
    private static final int SERVICES_PER_KIND = 20;
    private static final int SWAPS = 8;

    @TempDir
    Path dataDir;

    @Test
    void shouldLoseNoSignalAndTakeEveryDecisionFromExactlyOneVersionWhileVersionsSwap() throws Exception {
        CompiledRules a = RuleVariants.shipped();
        CompiledRules b = RuleVariants.withPolicyThreshold("throughput-drop", 500, 1500);
        try (EngineFixture engine = EngineFixture.start(0, dataDir, true, List.of(), null, true,
                CompiledRules.sha256Of(KjarDeployIT.TOKEN.getBytes(StandardCharsets.UTF_8)))) {
            // given: 20 services at 1000 req/s (a drop only for B) and 20 at 5000 req/s (fine for both)
            AtomicBoolean swapping = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            AtomicLong accepted = new AtomicLong();
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                int round = 0;
                try {
                    while (swapping.get() || round < 20) {
                        String batch = batch(round++);
                        HttpResponse<String> response = engine.post("/api/v1/signals", batch);
                        sent.addAndGet(2L * SERVICES_PER_KIND);
                        statuses.add(response.statusCode());
                        if (response.statusCode() == 202) {
                            accepted.addAndGet(EngineFixture.JSON.readTree(response.body()).get("accepted").asLong());
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // when: B is deployed and rolled back, again and again, while the signals stream
            List<Integer> swapStatuses = new ArrayList<>();
            for (int i = 0; i < SWAPS; i++) {
                HttpResponse<String> swap = i % 2 == 0
                        ? engine.post("/api/v1/kjars?by=load-test", b.kjar(), KjarDeployIT.KJAR, KjarDeployIT.TOKEN)
                        : engine.post("/api/v1/kjars/rollback", "{\"by\":\"load-test\"}".getBytes(StandardCharsets.UTF_8),
                                "application/json", KjarDeployIT.TOKEN);
                swapStatuses.add(swap.statusCode());
            }
            swapping.set(false);
            load.get();

            // then: every swap happened, every request was accepted and every signal reached the session
            assertThat(swapStatuses).containsOnly(201);
            assertThat(statuses).containsOnly(202);
            assertThat(accepted.get()).isEqualTo(sent.get());
            assertThat(signalsIngested(engine)).isEqualTo(sent.get());
            JsonNode history = engine.getJson("/api/v1/kjars").get("history");
            assertThat(history).hasSize(SWAPS + 1);
            assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(a.sha256());

            // and: every decision recorded names A or B; only B could open an incident, only for the drops
            List<JsonNode> chains = settledChains(engine);
            Set<String> versions = Set.of(a.shortSha(), b.shortSha());
            assertThat(chains).isNotEmpty();
            for (JsonNode chain : chains) {
                String service = chain.get("incident").get("serviceId").asText();
                assertThat(service).startsWith("drop-");
                List<JsonNode> steps = new ArrayList<>();
                chain.get("steps").forEach(steps::add);
                assertThat(steps).allSatisfy(step -> assertThat(versions).contains(step.get("rulesVersion").asText()));
                List<JsonNode> opened = steps.stream().filter(s -> s.get("event").asText().equals("incident_opened")).toList();
                assertThat(opened).as("incident_opened steps of " + chain.get("incident").get("id")).hasSize(1);
                assertThat(opened.get(0).get("rulesVersion").asText()).isEqualTo(b.shortSha());
                assertThat(chain.get("incident").get("trigger").asText()).isEqualTo("throughput-drop");
            }
            // and: no service ever had two incidents open at once (no signal was judged twice)
            Map<String, List<JsonNode>> byService = chains.stream().map(c -> c.get("incident"))
                    .collect(Collectors.groupingBy(i -> i.get("serviceId").asText()));
            byService.forEach((service, incidents) -> {
                incidents.sort(Comparator.comparing(i -> Instant.parse(i.get("openedAt").asText())));
                for (int i = 1; i < incidents.size(); i++) {
                    JsonNode earlier = incidents.get(i - 1);
                    assertThat(earlier.hasNonNull("closedAt")).as(service + " had two incidents open").isTrue();
                    assertThat(Instant.parse(earlier.get("closedAt").asText()))
                            .isBeforeOrEqualTo(Instant.parse(incidents.get(i).get("openedAt").asText()));
                }
            });
        }
    }

    private static String batch(int round) {
        String drops = IntStream.range(0, SERVICES_PER_KIND).mapToObj(i -> signal("drop-" + i, 900 + (round + i) % 200))
                .collect(Collectors.joining(","));
        String fine = IntStream.range(0, SERVICES_PER_KIND).mapToObj(i -> signal("fine-" + i, 5000 + (round + i) % 200))
                .collect(Collectors.joining(","));
        return "[" + drops + "," + fine + "]";
    }

    private static String signal(String service, double throughput) {
        return "{\"service\":\"" + service + "\",\"metric\":\"throughput\",\"value\":" + throughput + "}";
    }

    private static long signalsIngested(EngineFixture engine) throws Exception {
        String scrape = engine.get("/metrics").body();
        return scrape.lines().filter(line -> line.startsWith("selfheal_signals_ingested_total"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Every incident's chain, once the audit writer has caught up (two reads a second apart agree). */
    private static List<JsonNode> settledChains(EngineFixture engine) throws Exception {
        List<List<JsonNode>> reads = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<JsonNode> chains = new ArrayList<>();
            for (JsonNode incident : engine.getJson("/api/v1/incidents?limit=1000").get("incidents")) {
                chains.add(engine.getJson("/api/v1/incidents/" + incident.get("id").asText()));
            }
            reads.add(chains);
            return reads.size() >= 2 && reads.get(reads.size() - 2).toString().equals(chains.toString());
        });
        return reads.get(reads.size() - 1);
    }
}
