-- The daily_means ordered by device is no longer read.
DROP TABLE IF EXISTS cemsflow.daily_means_by_mn
