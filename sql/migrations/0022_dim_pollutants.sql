-- Dimension: the pollutant and parameter codes the job knows by name: HJ 212-2017 code, HJ/T
-- 212-2005 code, Chinese and English name, unit as sent.
CREATE TABLE IF NOT EXISTS cemsflow.dim_pollutants
(
    code String,
    code_2005 String,
    name_zh String,
    name_en String,
    unit String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY code
