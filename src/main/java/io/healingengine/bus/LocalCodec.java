package io.healingengine.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable message records between verticles of one JVM without copying or serialising.
 * Records on the bus are immutable, so sharing the instance is safe.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {
    public static final String NAME = "local";
    public static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME);

    public static void register(EventBus bus) {
        bus.registerCodec(new LocalCodec());
    }

    /** Delivery options with the local codec and a send timeout. */
    public static DeliveryOptions withTimeout(long timeoutMs) {
        return new DeliveryOptions().setCodecName(NAME).setSendTimeout(timeoutMs);
    }

    @Override
    public void encodeToWire(Buffer buffer, Object o) {
        throw new UnsupportedOperationException("local messages never leave the JVM");
    }

    @Override
    public Object decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException("local messages never leave the JVM");
    }

    @Override
    public Object transform(Object o) {
        return o;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
