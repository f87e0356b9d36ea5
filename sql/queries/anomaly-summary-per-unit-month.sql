-- Per unit and correlation anomaly type in one calendar month (local time): how many episodes,
-- their hours in all, the longest, how many still last, and the points and codes involved.
-- Parameters: month ('YYYY-MM').
SELECT
    unit_id,
    type,
    count() AS episodes,
    round(sum(duration_min) / 60, 1) AS hours,
    round(max(duration_min) / 60, 1) AS longest_hours,
    sum(ongoing) AS ongoing,
    uniqExact(point_id) AS points,
    groupUniqArray(code) AS codes
FROM cemsflow.anomaly_episodes FINAL
WHERE retracted = 0 AND started_at >= toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai')
      AND started_at < addMonths(toDateTime(concat({month}, '-01 00:00:00'), 'Asia/Shanghai'), 1)
GROUP BY unit_id, type
ORDER BY unit_id, episodes DESC, type
