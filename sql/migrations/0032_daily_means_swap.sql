-- The table ordered by point becomes daily_means; the old one is kept as daily_means_by_mn until 0033.
RENAME TABLE cemsflow.daily_means TO cemsflow.daily_means_by_mn, cemsflow.daily_means_by_point TO cemsflow.daily_means
