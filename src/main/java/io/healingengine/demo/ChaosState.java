package io.healingengine.demo;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The faults injected into a demo service and the metrics it reports because of them. Thread-safe: HTTP
 * handlers change it while the reporting thread samples it.
 */
final class ChaosState {
    /** Below this a halved latency counts as healthy again. */
    private static final double HEALTHY_LATENCY_CEILING_MS = 80;

    /** {@code null} latency or error rate means "not injected, report healthy values". */
    record Faults(Double latencyMs, Double errorRate, boolean silent) {
        static final Faults HEALTHY = new Faults(null, null, false);

        String toJson() {
            return String.format(Locale.ROOT, "{\"latencyMs\":%s,\"errorRate\":%s,\"silent\":%s}",
                    latencyMs, errorRate, silent);
        }
    }

    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.HEALTHY);

    Faults current() {
        return faults.get();
    }

    Faults injectLatency(double ms) {
        return faults.updateAndGet(f -> new Faults(ms, f.errorRate(), f.silent()));
    }

    Faults injectErrors(double rate) {
        return faults.updateAndGet(f -> new Faults(f.latencyMs(), rate, f.silent()));
    }

    Faults silence() {
        return faults.updateAndGet(f -> new Faults(f.latencyMs(), f.errorRate(), true));
    }

    Faults reset() {
        faults.set(Faults.HEALTHY);
        return Faults.HEALTHY;
    }

    /** What circuit-break, fallback and rollback achieve: the errors stop. */
    Faults clearErrors() {
        return faults.updateAndGet(f -> new Faults(f.latencyMs(), null, f.silent()));
    }

    /** What scale-up achieves: twice the capacity, half the injected latency. */
    Faults halveLatency() {
        return faults.updateAndGet(f -> {
            if (f.latencyMs() == null) {
                return f;
            }
            double halved = f.latencyMs() / 2;
            return new Faults(halved < HEALTHY_LATENCY_CEILING_MS ? null : halved, f.errorRate(), f.silent());
        });
    }

    /** One metrics sample as the engine's signal JSON array: {@code [{"service","metric","value"}, ...]}. */
    String sampleJson(String service, Random random) {
        Faults f = faults.get();
        double latency = f.latencyMs() == null ? 40 + 40 * random.nextDouble()
                : f.latencyMs() * (0.95 + 0.1 * random.nextDouble());
        double errors = f.errorRate() == null ? 0.005 + 0.01 * random.nextDouble()
                : Math.min(1, f.errorRate() * (0.9 + 0.2 * random.nextDouble()));
        double throughput = (800 + 400 * random.nextDouble()) * (1 - errors);
        double cpu = 0.25 + 0.1 * random.nextDouble();
        double memory = 0.35 + 0.1 * random.nextDouble();
        return "[" + signal(service, "latency_p99", latency)
                + "," + signal(service, "error_rate", errors)
                + "," + signal(service, "throughput", throughput)
                + "," + signal(service, "cpu_util", cpu)
                + "," + signal(service, "memory_util", memory) + "]";
    }

    private static String signal(String service, String metric, double value) {
        return String.format(Locale.ROOT, "{\"service\":\"%s\",\"metric\":\"%s\",\"value\":%.4f}",
                service, metric, value);
    }
}
