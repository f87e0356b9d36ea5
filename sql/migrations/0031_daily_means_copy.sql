-- The rows of daily_means into the table ordered by point (0030).
INSERT INTO cemsflow.daily_means_by_point SELECT * FROM cemsflow.daily_means
