-- The table ordered by point becomes hourly_means; the old one is kept as hourly_means_by_mn until 0029.
RENAME TABLE cemsflow.hourly_means TO cemsflow.hourly_means_by_mn, cemsflow.hourly_means_by_point TO cemsflow.hourly_means
