CREATE TABLE IF NOT EXISTS cemsflow.schema_migrations
(
    version String,
    applied_at DateTime('Asia/Shanghai')
)
ENGINE = ReplacingMergeTree
ORDER BY version
