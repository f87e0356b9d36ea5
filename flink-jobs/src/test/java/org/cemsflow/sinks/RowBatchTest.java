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
                        back.tabSeparated(new boolean[4]),
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
                        batch.tabSeparated(new boolean[4]),
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
                        batch.tabSeparated(new boolean[] {true, false, true}),
                        java.nio.charset.StandardCharsets.UTF_8));
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
