package org.cemsflow.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.cemsflow.e2e.ClickHouseHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RowBinary on the real server: every column type of the project's tables has a binary form, and
 * rows of every kind of value arrive from RowBinary as they arrive from TabSeparated, doubles bit
 * for bit (which TabSeparated is not, on 18.16).
 */
class RowBinaryIT {
    @BeforeAll
    static void migrate() throws Exception {
        ClickHouseHttp.migrate();
    }

    @Test
    void everyColumnOfTheProjectsTablesIsWrittenInRowBinary() throws Exception {
        List<String> columns =
                ClickHouseHttp.rows(
                        "SELECT c.table, c.name, c.type FROM system.columns AS c"
                                + " ANY INNER JOIN (SELECT name AS table, engine FROM system.tables"
                                + " WHERE database = 'cemsflow') USING table"
                                + " WHERE c.database = 'cemsflow' AND engine != 'View'");
        assertTrue(columns.size() > 100, "the migrated tables' columns: " + columns.size());
        for (String line : columns) {
            String[] f = line.split("\t");
            String type = f[2].replace("\\'", "'");
            assertNotNull(ColumnType.parse(type), f[0] + "." + f[1] + " " + type);
        }
    }

    private static final String COLUMNS =
            "k UInt64, s String, ns Nullable(String), f Float64, nf Nullable(Float64), u8 UInt8,"
                    + " u16 UInt16, u32 UInt32, i64 Int64, d Date,"
                    + " t DateTime('Asia/Shanghai'), nt Nullable(DateTime('Asia/Shanghai')),"
                    + " e Enum8('OPEN' = 1, 'it\\'s' = 2, 'RETRACTED' = -3),"
                    + " ne Nullable(Enum16('x' = 1000, 'y' = -1000))";

    private static final String[] TYPES = {
        "UInt64",
        "String",
        "Nullable(String)",
        "Float64",
        "Nullable(Float64)",
        "UInt8",
        "UInt16",
        "UInt32",
        "Int64",
        "Date",
        "DateTime('Asia/Shanghai')",
        "Nullable(DateTime('Asia/Shanghai'))",
        "Enum8('OPEN' = 1, 'it\\'s' = 2, 'RETRACTED' = -3)",
        "Nullable(Enum16('x' = 1000, 'y' = -1000))"
    };

    /** A batch of random rows: strings with what TabSeparated escapes, extreme numbers, NULLs. */
    private static RowBatch rows(int n, long seed) {
        Random random = new Random(seed);
        String[] strings = {
            "",
            "tab\there",
            "line\nbreak\r",
            "back\\slash",
            "nul\0",
            "\u6c61\u67d3 NOx",
            "x".repeat(200)
        };
        double[] doubles = {
            0.1, -0.0, 1e-300, Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, 123456.789
        };
        String[] enums = {"OPEN", "it's", "RETRACTED"};
        RowBatch batch = new RowBatch(TYPES.length);
        for (int i = 0; i < n; i++) {
            RowBatch.Row r = batch.add();
            r.setLong(1, i);
            r.setString(2, strings[random.nextInt(strings.length)]);
            if (random.nextBoolean()) {
                r.setNull(3, Types.VARCHAR);
            } else {
                r.setString(3, strings[random.nextInt(strings.length)]);
            }
            r.setDouble(
                    4,
                    random.nextInt(3) == 0
                            ? doubles[random.nextInt(doubles.length)]
                            : random.nextGaussian() * 1e3);
            if (random.nextBoolean()) {
                r.setNull(5, Types.DOUBLE);
            } else {
                r.setDouble(5, Math.round(random.nextDouble() * 1e6) / 1e3);
            }
            r.setInt(6, random.nextInt(256));
            r.setLong(7, random.nextInt(65_536));
            r.setLong(8, random.nextInt() & 0xFFFF_FFFFL);
            r.setLong(9, random.nextLong());
            r.setString(10, java.time.LocalDate.ofEpochDay(random.nextInt(40_000)).toString());
            r.setLong(11, i == 0 ? 0 : random.nextInt() & 0xFFFF_FFFFL);
            if (random.nextBoolean()) {
                r.setNull(12, Types.BIGINT);
            } else {
                r.setLong(12, 1_796_223_166L + random.nextInt(1000));
            }
            r.setString(13, enums[random.nextInt(enums.length)]);
            if (random.nextBoolean()) {
                r.setNull(14, Types.VARCHAR);
            } else {
                r.setString(14, random.nextBoolean() ? "x" : "y");
            }
        }
        return batch;
    }

    @Test
    void rowsArriveAsFromTabSeparatedAndDoublesBitForBit() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String binary = "cemsflow.rowbinary_it_b_" + suffix,
                text = "cemsflow.rowbinary_it_t_" + suffix;
        List<String> tables = List.of(binary, text);
        for (String t : tables) {
            ClickHouseHttp.query(
                    "CREATE TABLE " + t + " (" + COLUMNS + ") ENGINE = MergeTree ORDER BY k");
        }
        try {
            RowBatch batch = rows(5000, 20261204L);
            ColumnType[] types = new ColumnType[TYPES.length];
            boolean[] dateTimes = new boolean[TYPES.length];
            for (int i = 0; i < TYPES.length; i++) {
                types[i] = ColumnType.parse(TYPES[i]);
                dateTimes[i] = TYPES[i].contains("DateTime");
            }
            Bytes body = batch.rowBinary(types);
            assertNotNull(body, "every value has a binary form");
            ClickHouseHttp.insert("INSERT INTO " + binary + " FORMAT RowBinary", body.bytes());
            ClickHouseHttp.insert(
                    "INSERT INTO " + text + " FORMAT TabSeparated",
                    batch.tabSeparated(dateTimes).bytes());
            // 18.16 parses some 17-digit decimals an ulp off, so TabSeparated does not always
            // keep a double; RowBinary keeps its bits. The doubles are compared with the bound
            // values, the other columns with what TabSeparated gave.
            String others = "k, s, ns, u8, u16, u32, i64, d, t, nt, e, ne";
            List<List<String>> got = new ArrayList<>();
            for (String t : tables) {
                got.add(ClickHouseHttp.rows("SELECT " + others + " FROM " + t + " ORDER BY k"));
            }
            assertEquals(5000, got.get(1).size());
            for (int i = 0; i < got.get(1).size(); i++) {
                assertEquals(got.get(1).get(i), got.get(0).get(i), "row " + i);
            }
            List<String> doubles =
                    ClickHouseHttp.rows("SELECT f, nf FROM " + binary + " ORDER BY k");
            for (int i = 0; i < doubles.size(); i++) {
                String[] f = doubles.get(i).split("\t");
                for (int c = 0; c < 2; c++) {
                    Object bound = batch.values(i).get(3 + c);
                    assertEquals(
                            bound instanceof Double d ? Double.doubleToRawLongBits(d) : null,
                            f[c].equals("\\N")
                                    ? null
                                    : Double.doubleToRawLongBits(ClickHouseHttp.parseDouble(f[c])),
                            "row " + i + " column " + (4 + c) + ": " + f[c]);
                }
            }
        } finally {
            for (String t : tables) {
                ClickHouseHttp.query("DROP TABLE IF EXISTS " + t);
            }
        }
    }
}
