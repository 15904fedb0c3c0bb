package io.healingengine.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives ZGC a heap goal ({@code -XX:SoftMaxHeapSize}) unless the operator gave one: a quarter of the maximum heap,
 * at least 1 GiB (never above the maximum).
 *
 * <p>Why: left alone, ZGC lets the heap grow towards its maximum (a quarter of the machine's memory) before it
 * collects, and every page the heap grows into is new memory the kernel must zero on first touch. Measured under
 * the benchmark's latency load, that zeroing was a sixth of the HTTP event loops' CPU in the engine's first
 * minutes and the heap reached 1.8 GiB for a live set of 300 MiB; with a goal, the heap reuses the memory it
 * already has (signal-to-dispatch p50 4.0–4.3 ms against 5.0–5.2 ms, docs/benchmarks.md). The goal is soft:
 * when the live set needs more, ZGC grows past it rather than stall. {@code SoftMaxHeapSize} is a manageable
 * flag, so {@code serve} sets it once the engine listens; one set on the command line (JAVA_OPTS) is kept.
 */
public final class SoftHeapLimit {
    private static final Logger LOG = LoggerFactory.getLogger(SoftHeapLimit.class);
    private static final long FLOOR_BYTES = 1L << 30;
    private static final String FLAG = "SoftMaxHeapSize";
    /** Origins of a value the JVM chose itself; any other means the operator set it. */
    private static final Set<VMOption.Origin> CHOSEN_BY_JVM = Set.of(VMOption.Origin.DEFAULT, VMOption.Origin.ERGONOMIC);

    private SoftHeapLimit() {
    }

    /** The goal for a maximum heap of {@code maxHeapBytes}. */
    static long goalBytes(long maxHeapBytes) {
        return Math.min(maxHeapBytes, Math.max(FLOOR_BYTES, maxHeapBytes / 4));
    }

    /** Sets the goal when the collector is ZGC and nobody set one; logs what it did either way. */
    public static void apply() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null || !"true".equals(hotspot.getVMOption("UseZGC").getValue())) {
            return; // another collector: G1 in Java 17 has no use for the flag
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        VMOption current = hotspot.getVMOption(FLAG);
        if (!CHOSEN_BY_JVM.contains(current.getOrigin())) {
            LOG.info("self_heal event=heap_goal soft_max_mib={} max_heap_mib={} set_by=operator",
                    Long.parseLong(current.getValue()) >> 20, maxHeap >> 20);
            return;
        }
        long goal = goalBytes(maxHeap);
        hotspot.setVMOption(FLAG, Long.toString(goal));
        LOG.info("self_heal event=heap_goal soft_max_mib={} max_heap_mib={} set_by=engine", goal >> 20, maxHeap >> 20);
    }
}
