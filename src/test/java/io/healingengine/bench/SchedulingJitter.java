package io.healingengine.bench;

/**
 * The machine's scheduling noise: one thread reads the clock in a tight loop for some seconds and counts the
 * gaps between two reads — the times it was not running (another thread had the core, the hypervisor, a
 * page fault, the JVM's own safepoints). Run it on an idle machine and beside a load to see how long a
 * runnable thread can wait for a core there (docs/benchmarks.md, latency):
 *
 * <pre>java -cp target/test-classes io.healingengine.bench.SchedulingJitter 20</pre>
 */
public final class SchedulingJitter {
    private static final long[] LIMITS_NANOS = {250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000};

    private SchedulingJitter() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long[] over = new long[LIMITS_NANOS.length];
        long longest = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long previous = System.nanoTime();
        while (previous < end) {
            long now = System.nanoTime();
            long gap = now - previous;
            previous = now;
            for (int i = 0; i < LIMITS_NANOS.length && gap > LIMITS_NANOS[i]; i++) {
                over[i]++;
            }
            longest = Math.max(longest, gap);
        }
        StringBuilder line = new StringBuilder("gaps in " + seconds + " s:");
        for (int i = 0; i < LIMITS_NANOS.length; i++) {
            line.append(" >").append(LIMITS_NANOS[i] / 1_000_000.0).append(" ms: ").append(over[i]).append(',');
        }
        System.out.println(line.append(" longest ").append("%.2f ms".formatted(longest / 1e6)));
    }
}
