-- What the guards remember across an engine restart: the ledger of actions (rate limit, daily budget,
-- dedup, restart-loop breaker), cooldowns, freezes and failure streaks. Portable like V1: the same
-- file runs on H2 and PostgreSQL; instants are BIGINT epoch milliseconds (UTC).

CREATE TABLE guard_ledger (
    request_id       VARCHAR(64)  NOT NULL,
    service_id       VARCHAR(200) NOT NULL,
    area             VARCHAR(200) NOT NULL,
    action_name      VARCHAR(64)  NOT NULL,
    intrusive        BOOLEAN      NOT NULL,
    taken_at         BIGINT       NOT NULL,
    verified_success BOOLEAN,
    streak_counted   BOOLEAN      NOT NULL,
    CONSTRAINT pk_guard_ledger PRIMARY KEY (request_id)
);

CREATE INDEX ix_guard_ledger_taken ON guard_ledger (taken_at);

CREATE TABLE guard_cooldown (
    policy_name VARCHAR(200) NOT NULL,
    service_id  VARCHAR(200) NOT NULL,
    until_at    BIGINT       NOT NULL,
    CONSTRAINT pk_guard_cooldown PRIMARY KEY (policy_name, service_id)
);

CREATE TABLE guard_freeze (
    area      VARCHAR(200)  NOT NULL,
    since_at  BIGINT        NOT NULL,
    until_at  BIGINT        NOT NULL,
    reason    VARCHAR(1000) NOT NULL,
    CONSTRAINT pk_guard_freeze PRIMARY KEY (area)
);

CREATE TABLE guard_streak (
    area     VARCHAR(200) NOT NULL,
    failures INTEGER      NOT NULL,
    CONSTRAINT pk_guard_streak PRIMARY KEY (area)
);
