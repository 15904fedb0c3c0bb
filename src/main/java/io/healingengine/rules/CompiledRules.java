package io.healingengine.rules;

import java.util.List;
import org.kie.api.runtime.KieContainer;

/** A rule set compiled into a container, with its checksum and any compiler warnings. */
public record CompiledRules(KieContainer container, String checksum, String origin, List<String> warnings,
                            long buildMillis) {
    /** Short form of the checksum, used as the rules version in /health and logs. */
    public String version() {
        return checksum.substring(0, 12);
    }
}
