package org.cemsflow.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowBatchTest {

    @Test
    void aCheckpointedBatchBindsTheSameValues() throws IOException {
        RowBatch batch = new RowBatch(5);
        RowBatch.Row r = batch.add();
        r.setString(1, "站点 \\ 'quoted'\n" + "x".repeat(70_000)); // longer than writeUTF allows
        r.setLong(2, Long.MIN_VALUE);
        r.setInt(3, 7);
        r.setDouble(4, -0.0);
        r.setNull(5, Types.DOUBLE);
        RowBatch.Row s = batch.add();
        s.setString(1, null);
        s.setLong(2, 1);
        s.setInt(3, 0);
        s.setDouble(4, Double.NaN);
        s.setDouble(5, 1e-300);
        RowBatch.Serializer serializer = new RowBatch.Serializer(5);
        RowBatch back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));
        assertEquals(2, back.size());
        assertEquals(batch.values(0), back.values(0));
        assertEquals(batch.values(1), back.values(1));
        assertEquals(
                List.of(new RowBatch.SqlNull(Types.VARCHAR), 1L, 0, Double.NaN, 1e-300),
                back.values(1));
        assertEquals(
                Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits((Double) back.values(0).get(3)));
    }

    /** Checkpoints of the version that kept rows as objects: the same layout, written value by value. */
    @Test
    void aBatchCheckpointedByTheEarlierWriterReadsTheSame() throws IOException {
        org.apache.flink.core.memory.DataOutputSerializer out =
                new org.apache.flink.core.memory.DataOutputSerializer(64);
        out.writeInt(4); // columns
        out.writeInt(1); // rows
        byte[] name = "站 x".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeByte(1);
        out.writeInt(name.length);
        out.write(name);
        out.writeByte(2);
        out.writeLong(1_796_223_166L);
        out.writeByte(4);
        out.writeDouble(12.5);
        out.writeByte(0);
        out.writeInt(Types.DOUBLE);
        RowBatch.Serializer serializer = new RowBatch.Serializer(4);
        byte[] earlier = out.getCopyOfBuffer();
        RowBatch back = serializer.deserialize(1, earlier);
        assertEquals(
                Arrays.asList("站 x", 1_796_223_166L, 12.5, new RowBatch.SqlNull(Types.DOUBLE)),
                back.values(0));
        assertArrayEquals(earlier, serializer.serialize(back));
        assertEquals(
                "站 x\t1796223166\t12.5\t\\N\n",
                new String(
                        back.tabSeparated(new boolean[4]).bytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anUnboundColumnOrAnotherTableIsAnError() throws IOException {
        RowBatch batch = new RowBatch(2);
        batch.add().setLong(1, 1);
        IOException unbound =
                assertThrows(IOException.class, () -> new RowBatch.Serializer(2).serialize(batch));
        assertEquals(
                "a row has an unbound column: column 2 of 2 was not bound", unbound.getMessage());
        assertThrows(IllegalStateException.class, batch::add, "nor is the next row added");
        RowBatch three = new RowBatch(3);
        byte[] bytes = new RowBatch.Serializer(3).serialize(three);
        IOException other =
                assertThrows(
                        IOException.class, () -> new RowBatch.Serializer(2).deserialize(1, bytes));
        assertEquals("a checkpointed row batch has 3 columns, the table 2", other.getMessage());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length);
        truncated[7] = 1; // one row of three columns, and no bytes for it
        IOException shortBatch =
                assertThrows(
                        IOException.class,
                        () -> new RowBatch.Serializer(3).deserialize(1, truncated));
        assertEquals("a checkpointed row batch ends within a row", shortBatch.getMessage());
    }

    @Test
    void tabSeparatedEscapesWhatTheFormatReserves() {
        RowBatch batch = new RowBatch(4);
        RowBatch.Row r = batch.add();
        r.setString(1, "a\tb\nc\\d\re\0f 站");
        r.setLong(2, -5);
        r.setDouble(3, 1e-5);
        r.setNull(4, Types.DOUBLE);
        RowBatch.Row s = batch.add();
        s.setString(1, "");
        s.setInt(2, 0);
        s.setDouble(3, Double.NEGATIVE_INFINITY);
        s.setDouble(4, Double.NaN);
        RowBatch.Row ascii = batch.add();
        ascii.setString(1, "plain\\ascii\t");
        ascii.setLong(2, 1);
        ascii.setDouble(3, 2.5);
        ascii.setDouble(4, 0);
        assertEquals(
                "a\\tb\\nc\\\\d\\re\\0f 站\t-5\t1.0E-5\t\\N\n\t0\t-inf\tnan\n"
                        + "plain\\\\ascii\\t\t1\t2.5\t0.0\n",
                new String(
                        batch.tabSeparated(new boolean[4]).bytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aDateTimeHasTenDigitsSoThatClickHouseReadsItAsATimestamp() {
        RowBatch batch = new RowBatch(3);
        RowBatch.Row r = batch.add();
        r.setLong(1, 0);
        r.setLong(2, 0);
        r.setLong(3, 1_796_223_166L);
        assertEquals(
                "0000000000\t0\t1796223166\n",
                new String(
                        batch.tabSeparated(new boolean[] {true, false, true}).bytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ColumnType[] types(String... names) {
        ColumnType[] out = new ColumnType[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = ColumnType.parse(names[i]);
        }
        return out;
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    /** RowBinary as the server lays a row out, type by type, checked byte by byte. */
    @Test
    void rowBinaryIsTheServersLayoutOfEachType() {
        RowBatch batch = new RowBatch(10);
        RowBatch.Row r = batch.add();
        r.setString(1, "站a");
        r.setNull(2, Types.DOUBLE);
        r.setDouble(3, -2.5);
        r.setInt(4, 200);
        r.setLong(5, 1_796_223_166L);
        r.setString(6, "2026-12-04");
        r.setString(7, "B");
        r.setInt(8, 300);
        r.setLong(9, -2);
        r.setLong(10, 3);
        byte[] got =
                batch.rowBinary(
                                types(
                                        "String",
                                        "Nullable(Float64)",
                                        "Float64",
                                        "UInt8",
                                        "DateTime('Asia/Shanghai')",
                                        "Date",
                                        "Enum8('A' = 1, 'B' = -2)",
                                        "Nullable(UInt16)",
                                        "Int64",
                                        "Float64"))
                        .bytes();
        long half = Double.doubleToRawLongBits(-2.5), three = Double.doubleToRawLongBits(3.0);
        java.io.ByteArrayOutputStream want = new java.io.ByteArrayOutputStream();
        want.writeBytes(bytes(4, 0xE7, 0xAB, 0x99, 'a')); // length, UTF-8
        want.writeBytes(bytes(1)); // NULL
        for (int i = 0; i < 8; i++) {
            want.write((int) (half >>> (8 * i)));
        }
        want.writeBytes(bytes(200));
        want.writeBytes(bytes(0xBE, 0x30, 0x10, 0x6B)); // 1796223166 = 0x6B1030BE
        int days = (int) java.time.LocalDate.of(2026, 12, 4).toEpochDay();
        want.writeBytes(bytes(days & 0xFF, days >>> 8));
        want.writeBytes(bytes(0xFE)); // the Enum's value, -2
        want.writeBytes(bytes(0, 0x2C, 0x01)); // not NULL, 300
        want.writeBytes(bytes(0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
        for (int i = 0; i < 8; i++) {
            want.write((int) (three >>> (8 * i)));
        }
        assertArrayEquals(want.toByteArray(), got);
    }

    @Test
    void aStringsLengthIsLeb128() {
        RowBatch batch = new RowBatch(1);
        batch.add().setString(1, "x".repeat(300));
        byte[] got = batch.rowBinary(types("String")).bytes();
        assertEquals(302, got.length);
        assertArrayEquals(bytes(0xAC, 0x02), Arrays.copyOf(got, 2)); // 300 = 0b10_0101100
    }

    /** A value without an exact binary form in its column leaves the batch to TabSeparated. */
    @Test
    void aValueWithoutAnExactBinaryFormLeavesTheBatchToTabSeparated() {
        Object[][] cases = {
            {"UInt32", null}, // NULL in a column that is not Nullable
            {"UInt8", 256L},
            {"UInt32", -1L},
            {"UInt64", -1L},
            {"Int8", -129L},
            {"DateTime", -1L},
            {"DateTime", 1L << 32},
            {"Enum8('A' = 1)", "C"},
            {"Date", "2026-02-30"},
            {"Date", "1969-12-31"},
            {"Date", "2026-1-04x"},
            {"UInt8", 1.0},
            {"Float64", (1L << 53) + 1},
            {"String", 5L},
        };
        for (Object[] c : cases) {
            RowBatch batch = new RowBatch(2);
            RowBatch.Row ok = batch.add();
            ok.setString(1, "fine");
            ok.setLong(2, 1);
            RowBatch.Row r = batch.add();
            r.setString(1, "fine");
            if (c[1] == null) {
                r.setNull(2, Types.BIGINT);
            } else if (c[1] instanceof Long v) {
                r.setLong(2, v);
            } else if (c[1] instanceof Double v) {
                r.setDouble(2, v);
            } else {
                r.setString(2, (String) c[1]);
            }
            assertEquals(
                    null, batch.rowBinary(types("String", (String) c[0])), c[0] + " and " + c[1]);
        }
        assertEquals(null, ColumnType.parse("Decimal(9, 2)"), "an unknown type: the table as text");
        assertEquals(null, ColumnType.parse("Array(String)"));
        assertEquals(null, ColumnType.parse("Enum8('A' = 1, junk)"));
    }

    @Test
    void enumNamesAndTypeNamesAreReadAsTheServerWritesThem() {
        ColumnType e = ColumnType.parse("Nullable(Enum16('it\\'s' = 1000, 'a,b' = -1))");
        RowBatch batch = new RowBatch(2);
        RowBatch.Row r = batch.add();
        r.setString(1, "it's");
        r.setString(2, "a,b");
        assertArrayEquals(
                bytes(0, 0xE8, 0x03, 0, 0xFF, 0xFF),
                batch.rowBinary(new ColumnType[] {e, e}).bytes());
        assertEquals(ColumnType.Kind.DATE_TIME, ColumnType.parse("DateTime").kind);
        assertEquals(null, ColumnType.parse("DateTime64(3)"));
        assertEquals(4, ColumnType.parse("Nullable(Int32)").bytes);
    }

    @Test
    void theUrlGivesTheHttpEndpointAndDatabase() {
        assertEquals(
                "http://127.0.0.1:8123/?database=cemsflow",
                new ClickHouseSink.ClickHouseConnection("jdbc:clickhouse://127.0.0.1:8123/cemsflow")
                        .endpoint()
                        .toString());
        assertEquals(
                "https://ch.example:8443/?database=analytics",
                new ClickHouseSink.ClickHouseConnection(
                                "jdbc:clickhouse://ch.example:8443/analytics?ssl=true&compress=0")
                        .endpoint()
                        .toString());
        assertEquals(
                "http://h:8123/?database=default",
                new ClickHouseSink.ClickHouseConnection("http://h:8123").endpoint().toString());
        assertThrows(
                IllegalArgumentException.class,
                () -> new ClickHouseSink.ClickHouseConnection("clickhouse:8123").endpoint());
    }
}
