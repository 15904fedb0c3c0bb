package io.healingengine.rules;

import java.util.List;
import org.kie.api.runtime.KieContainer;

/**
 * A rule set compiled into a container, with the checksum of its sources, any compiler warnings, and
 * the kjar bytes it can be saved as (and loaded back from without compiling again).
 */
public record CompiledRules(KieContainer container, String checksum, String origin, List<String> warnings,
                            long buildMillis, byte[] kjar) {
    /** Short form of the checksum, used as the rules version in /health and logs. */
    public String version() {
        return checksum.substring(0, 12);
    }
}
