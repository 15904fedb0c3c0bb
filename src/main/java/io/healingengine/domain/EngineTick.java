package io.healingengine.domain;

/**
 * The engine's notion of "now" (session clock, epoch ms), a single fact updated before every
 * evaluation and on a periodic tick, so that rules about deadlines (missed heartbeats, validation
 * windows, cooldowns) fire on time with the real clock and on a pseudo clock alike.
 */
public class EngineTick {
    private long now;

    public EngineTick(long now) {
        this.now = now;
    }

    public long getNow() {
        return now;
    }

    public void setNow(long now) {
        this.now = now;
    }
}
