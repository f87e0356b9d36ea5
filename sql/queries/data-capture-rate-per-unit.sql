-- Data capture rate per unit over a period: valid hourly means / expected hourly means
-- (24 per day and code that the unit's points report), with the rejected frames of its devices.
-- Parameters: from, to ('YYYY-MM-DD', to exclusive).
SELECT
    h.unit_id,
    h.point_codes,
    h.valid_hours,
    h.expected_hours,
    round(h.valid_hours / h.expected_hours, 4) AS capture_rate,
    q.frames,
    q.rejected
FROM
(
    SELECT unit_id,
           uniqExact(mn, pollutant) AS point_codes,
           sum(valid) AS valid_hours,
           uniqExact(mn, pollutant) * 24 * (toDate({to}) - toDate({from})) AS expected_hours
    FROM cemsflow.hourly_means FINAL
    WHERE period_start >= toDateTime(toDate({from}), 'Asia/Shanghai')
      AND period_start < toDateTime(toDate({to}), 'Asia/Shanghai')
      AND point_id != ''
    GROUP BY unit_id
) AS h
LEFT JOIN
(
    SELECT unit_id, sum(frames) AS frames, sum(rejected) AS rejected
    FROM
    (
        SELECT mn, frames,
               rejected_bad_length + rejected_bad_crc + rejected_bad_password
               + rejected_bad_timestamp + rejected_bad_value + rejected_late AS rejected
        FROM cemsflow.data_quality FINAL
        WHERE day >= toDate({from}) AND day < toDate({to})
    )
    ANY INNER JOIN (SELECT DISTINCT mn, unit_id FROM cemsflow.hourly_means) USING (mn)
    GROUP BY unit_id
) AS q USING (unit_id)
ORDER BY capture_rate, unit_id
