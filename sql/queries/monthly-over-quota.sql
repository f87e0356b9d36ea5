-- The monthly report of confirmed over-quota units for enforcement: every unit and pollutant whose
-- year-to-date emitted mass (measured plus substituted) has reached its permitted annual quantity
-- by the end of the given month, with the month's own figures.
-- Parameters: month ('YYYY-MM').
SELECT
    unit_id,
    pollutant,
    year,
    month,
    round(measured_kg, 3) AS month_measured_kg,
    round(substituted_kg, 3) AS month_substituted_kg,
    round(ytd_emitted_kg, 3) AS ytd_emitted_kg,
    round(ytd_substituted_kg, 3) AS ytd_substituted_kg,
    permitted_kg,
    round(ratio, 4) AS ratio
FROM cemsflow.quota_usage FINAL
WHERE year = toUInt16(substring({month}, 1, 4))
  AND month = toUInt8(substring({month}, 6, 2))
  AND ratio >= 1
ORDER BY ratio DESC, unit_id, pollutant
