package org.cemsflow.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Clock periods in UTC+8, the time of HJ 212 DataTime, independent of the JVM's zone. UTC+8 is a
 * whole number of hours, so local hours start where UTC hours do; local days do not.
 */
public final class LocalTimes {
    public static final ZoneOffset UTC8 = ZoneOffset.ofHours(8);
    public static final long HOUR_MS = 3_600_000L;
    public static final long DAY_MS = 86_400_000L;
    private static final long OFFSET_MS = 8 * HOUR_MS;
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private LocalTimes() {}

    public static long hourStart(long epochMs) {
        return Math.floorDiv(epochMs, HOUR_MS) * HOUR_MS;
    }

    public static long dayStart(long epochMs) {
        return Math.floorDiv(epochMs + OFFSET_MS, DAY_MS) * DAY_MS - OFFSET_MS;
    }

    public static int minuteOfHour(long epochMs) {
        return (int) (Math.floorMod(epochMs, HOUR_MS) / 60_000L);
    }

    /** ISO-8601 local time with offset, e.g. {@code 2025-12-29T10:00:00+08:00}. */
    /** The local (UTC+8) year of an instant. */
    public static int yearOf(long epochMs) {
        return java.time.Instant.ofEpochMilli(epochMs).atOffset(UTC8).getYear();
    }

    /** The start of the local (UTC+8) year of an instant. */
    public static long yearStart(long epochMs) {
        return java.time.LocalDate.of(yearOf(epochMs), 1, 1)
                .atStartOfDay()
                .toInstant(UTC8)
                .toEpochMilli();
    }

    /** The start of a local (UTC+8) month, {@code YYYY-MM}. */
    public static long monthStart(String yearMonth) {
        return java.time.YearMonth.parse(yearMonth)
                .atDay(1)
                .atStartOfDay()
                .toInstant(UTC8)
                .toEpochMilli();
    }

    /** The start of the local (UTC+8) month after {@code YYYY-MM}. */
    public static long nextMonthStart(String yearMonth) {
        return java.time.YearMonth.parse(yearMonth)
                .plusMonths(1)
                .atDay(1)
                .atStartOfDay()
                .toInstant(UTC8)
                .toEpochMilli();
    }

    public static String iso(long epochMs) {
        return ISO.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), UTC8));
    }

    /** Parses ISO-8601 with or without offset; no offset means +08:00. */
    public static long parseIso(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.LocalDateTime.parse(t).toInstant(UTC8).toEpochMilli();
        }
    }
}
