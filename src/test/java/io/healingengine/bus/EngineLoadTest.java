package io.healingengine.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineLoadTest {
    @Test
    void shouldRefuseARequestThatWouldPassTheQueueBoundAndAdmitItOnceTheEngineTookTheRest() {
        // given: a queue of 100 items holding 80
        EngineLoad load = new EngineLoad(100, 10);
        assertThat(load.tryAdmit(80)).isNull();

        // when: 30 more arrive, then the engine takes the 80
        String refusal = load.tryAdmit(30);
        load.taken(80);

        // then: the 30 were refused whole, naming the bound, and are admitted afterwards
        assertThat(refusal).contains("80 items waiting").contains("intake.maxQueuedItems 100");
        assertThat(load.queuedItems()).isZero();
        assertThat(load.tryAdmit(30)).isNull();
        assertThat(load.queuedItems()).isEqualTo(30);
    }

    @Test
    void shouldAdmitARequestLargerThanTheBoundIntoAnEmptyQueue() {
        EngineLoad load = new EngineLoad(100, 10);

        assertThat(load.tryAdmit(500)).isNull();
        assertThat(load.tryAdmit(1)).isNotNull();
    }

    @Test
    void shouldRefuseEverythingWhileTheAuditStoreLagsBehind() {
        // given: ten audit writes waiting, as many as allowed
        EngineLoad load = new EngineLoad(100, 10);
        for (int i = 0; i < 10; i++) {
            load.auditQueued();
        }

        // then: nothing is admitted until one is applied
        assertThat(load.tryAdmit(1)).contains("10 writes waiting").contains("intake.maxAuditBacklog 10");
        load.auditApplied();
        assertThat(load.tryAdmit(1)).isNull();
    }
}
