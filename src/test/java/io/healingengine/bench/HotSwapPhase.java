package io.healingengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys two kjars of the shipped rules plus generated rows in turn to the running engine, whose session
 * first receives every (service, metric) of the fleet, and times each: the whole request (upload, load and
 * check of the kjar, the swap) and the swap itself (the session moving to the new rules, between two
 * messages: the time no signal is evaluated). Ends with the first kjar active.
 */
final class HotSwapPhase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EngineProcess engine;
    private final String token;
    private final Say say;

    HotSwapPhase(EngineProcess engine, String token, Say say) {
        this.engine = engine;
        this.token = token;
        this.say = say;
    }

    void run(byte[][] kjars, int swaps, List<String> fleetSignals, List<BenchmarkMain.Row> table) throws Exception {
        sendFleet(fleetSignals);
        JsonNode health = JSON.readTree(engine.get("/health").body());
        say.log("hot swap: %d swaps, session with %d facts …", swaps, health.path("factsInSession").asLong());
        List<Long> requestMillis = new ArrayList<>();
        List<Long> swapMillis = new ArrayList<>();
        int count = Math.max(2, swaps + (swaps % 2)); // even, so that the first kjar ends active
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            long swap = deploy(kjars[(i + 1) % 2], "hot-swap-" + i);
            long took = (System.nanoTime() - t0) / 1_000_000;
            requestMillis.add(took);
            swapMillis.add(swap);
            say.log("  swap %d: deploy request %d ms, session swap %d ms", i + 1, took, swap);
        }
        long swapMedian = median(swapMillis);
        long requestMedian = median(requestMillis);
        table.add(new BenchmarkMain.Row("hot swap of a kjar with the generated rows (%,d facts in session)"
                .formatted(health.path("factsInSession").asLong()),
                "%,d ms swap (no signal evaluated); %,d ms whole deploy request (upload, load, check, swap)"
                        .formatted(swapMedian, requestMedian),
                "median of " + count + "; swaps " + swapMillis + ", requests " + requestMillis, "",
                "swap ≤ 1,000 ms", swapMedian >= 0 && swapMedian <= 1_000));
    }

    /** Sends every (service, metric) of the fleet once, so that the session holds the fleet's facts. */
    void sendFleet(List<String> fleetSignals) throws Exception {
        for (String body : fleetSignals) {
            HttpResponse<String> answer = engine.send(HttpRequest.newBuilder(URI.create(engine.url("/api/v1/signals")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("the fleet's signals were refused: " + answer.body());
            }
        }
    }

    /** Deploys {@code kjar}; the session swap's milliseconds (the time no signal was evaluated). */
    long deploy(byte[] kjar, String note) throws Exception {
        HttpResponse<String> answer = engine.send(HttpRequest.newBuilder(
                        URI.create(engine.url("/api/v1/kjars?by=benchmark&note=" + note)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(kjar)));
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("deploy " + note + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).path("entry").path("swapMillis").asLong(-1);
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
