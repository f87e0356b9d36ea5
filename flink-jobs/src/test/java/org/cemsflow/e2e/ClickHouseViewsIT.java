package org.cemsflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysts' views on the real ClickHouse server: the limit in force is the one with the latest
 * valid_from at or before each hour, the names come from the dimensions, and scripts/query passes a
 * parameter with quotes and backslashes as a literal.
 */
class ClickHouseViewsIT {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** A point id that would end a badly quoted literal, twice. */
    static final String POINT = "p-" + RUN + "-o'b\\";

    static final String UNIT = "u-" + RUN;

    /** 2026-03-01 00:00 UTC+8, epoch seconds. */
    static final long H0 = 1_772_294_400L;

    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @BeforeAll
    static void rows() throws Exception {
        ClickHouseHttp.migrate();
        ClickHouseHttp.query(
                "INSERT INTO cemsflow.dim_units VALUES ("
                        + literal(UNIT)
                        + ", '电厂 "
                        + RUN
                        + "', 1)");
        ClickHouseHttp.query(
                "INSERT INTO cemsflow.dim_points VALUES ("
                        + literal(POINT)
                        + ", 'MN-"
                        + RUN
                        + "', "
                        + literal(UNIT)
                        + ", 'air', 6, NULL, 0, 1)");
        ClickHouseHttp.query(
                "INSERT INTO cemsflow.dim_pollutants VALUES ('a21026', '02', '二氧化硫', 'SO2', 'mg/m3', 0)");
        // 30 always, 40 from the third hour on; a removed 10 from the first never applies
        ClickHouseHttp.query(
                "INSERT INTO cemsflow.dim_limits VALUES ("
                        + literal(POINT)
                        + ", 'a21026', 'hour', 0, 30, 0, 1), ("
                        + literal(POINT)
                        + ", 'a21026', 'hour', "
                        + (H0 + 2 * 3600)
                        + ", 40, 0, 1), ("
                        + literal(POINT)
                        + ", 'a21026', 'hour', "
                        + H0
                        + ", 10, 1, 1)");
        StringBuilder hours =
                new StringBuilder(
                        "INSERT INTO cemsflow.hourly_means (mn, point_id, unit_id, pollutant, "
                                + "period_start, avg, zs_avg, coverage_min, valid, source, revision) VALUES ");
        for (int h = 0; h < 4; h++) {
            hours.append(h == 0 ? "" : ", ")
                    .append("('MN-")
                    .append(RUN)
                    .append("', ")
                    .append(literal(POINT))
                    .append(", ")
                    .append(literal(UNIT))
                    .append(", 'a21026', ")
                    .append(H0 + h * 3600L)
                    .append(", 20, 35, 60, 1, 'minute', 1)");
        }
        ClickHouseHttp.query(hours.toString());
    }

    @Test
    void theLimitInForceAndTheNamesAreJoinedToEachHour() throws Exception {
        assertEquals(
                List.of(
                        "电厂 " + RUN + "\t二氧化硫\t35\t30\t1",
                        "电厂 " + RUN + "\t二氧化硫\t35\t30\t1",
                        "电厂 " + RUN + "\t二氧化硫\t35\t40\t0",
                        "电厂 " + RUN + "\t二氧化硫\t35\t40\t0"),
                ClickHouseHttp.rows(
                        "SELECT unit_name, pollutant_zh, compared_mean, limit_value, over_limit "
                                + "FROM cemsflow.v_hourly_means WHERE point_id = "
                                + literal(POINT)
                                + " ORDER BY period_start"));
    }

    @Test
    void scriptsQueryPassesQuotesAndBackslashesAsALiteral() throws Exception {
        Path root = org.cemsflow.testkit.Repository.root();
        Process p =
                new ProcessBuilder(
                                "bash",
                                root.resolve("scripts/query").toString(),
                                "hourly-series-of-a-point",
                                "point_id=" + POINT,
                                "pollutant=a21026",
                                "from=2026-03-01 00:00:00",
                                "to=2026-03-01 02:00:00",
                                "--format",
                                "TSV")
                        .redirectErrorStream(true)
                        .start();
        String out =
                new String(
                        p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        assertEquals(2, out.lines().count(), "the point's two hours: " + out);
    }
}
