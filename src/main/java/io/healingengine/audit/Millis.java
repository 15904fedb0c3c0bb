package io.healingengine.audit;

import java.time.Instant;

/** Instants as the store keeps them: epoch milliseconds. */
final class Millis {

    private Millis() {
    }

    /** The instant cut to the millisecond (towards the past), null stays null. */
    static Instant of(Instant instant) {
        return instant == null ? null : Instant.ofEpochMilli(instant.toEpochMilli());
    }

    static Long toMillis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant toInstant(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
