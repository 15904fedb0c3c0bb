-- The open work of the engine across a restart: incidents still in memory, proposals waiting for a
-- guard or an approval, approvals, and actions in flight (whose outcome is then unknown and verified,
-- not repeated). Each row is the JSON form of one fact's State record; kind names its type.
CREATE TABLE engine_state (
    kind      VARCHAR(32)    NOT NULL,
    id        VARCHAR(64)    NOT NULL,
    state     VARCHAR(16000) NOT NULL,
    CONSTRAINT pk_engine_state PRIMARY KEY (kind, id)
);
