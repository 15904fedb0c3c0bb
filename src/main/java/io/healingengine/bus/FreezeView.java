package io.healingengine.bus;

import io.healingengine.domain.AreaFreeze;
import java.time.Instant;

/** A frozen area as the API shows it. */
public record FreezeView(String area, Instant since, Instant until, String reason) {
    public static FreezeView of(AreaFreeze freeze) {
        return new FreezeView(freeze.getArea(), Instant.ofEpochMilli(freeze.getSince()),
                Instant.ofEpochMilli(freeze.getEndsAt()), freeze.getReason());
    }
}
