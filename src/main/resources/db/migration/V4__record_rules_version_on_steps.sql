-- Which version of the rules made each decision: the first 12 hex digits of the active kjar's SHA-256
-- (GET /api/v1/kjars lists them). Null for steps recorded before versions were tracked.
ALTER TABLE audit_step ADD COLUMN rules_version VARCHAR(64);
