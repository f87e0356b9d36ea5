-- The rows of hourly_means into the table ordered by point (0026).
INSERT INTO cemsflow.hourly_means_by_point SELECT * FROM cemsflow.hourly_means
