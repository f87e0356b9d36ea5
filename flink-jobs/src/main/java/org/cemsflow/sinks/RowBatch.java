package org.cemsflow.sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Rows of one table, as the column values their binder set, waiting for their checkpoint to
 * complete. It is what {@link ClickHouseSink}'s writer hands to its committer, and so part of the
 * checkpoint: its serialized form holds every value exactly (strings as UTF-8, numbers as bits,
 * SQL NULLs with their type), and its TabSeparated form is the same after a restore.
 */
public final class RowBatch {
    private final int columns;
    private final List<Object[]> rows = new ArrayList<>();

    public RowBatch(int columns) {
        this.columns = columns;
    }

    /** The column values of one row: set by 1-based column index, in the sink's column order. */
    public static final class Row {
        private final Object[] values;

        Row(Object[] values) {
            this.values = values;
        }

        public void setString(int column, String v) {
            values[column - 1] = v == null ? new SqlNull(java.sql.Types.VARCHAR) : v;
        }

        public void setLong(int column, long v) {
            values[column - 1] = v;
        }

        public void setInt(int column, int v) {
            values[column - 1] = v;
        }

        public void setDouble(int column, double v) {
            values[column - 1] = v;
        }

        public void setNull(int column, int sqlType) {
            values[column - 1] = new SqlNull(sqlType);
        }
    }

    /** A NULL parameter and its {@link java.sql.Types} type. */
    record SqlNull(int sqlType) {}

    Row add() {
        Object[] values = new Object[columns];
        rows.add(values);
        return new Row(values);
    }

    public int size() {
        return rows.size();
    }

    /**
     * The rows in ClickHouse's TabSeparated format: one line per row, values separated by tabs,
     * strings escaped ({@code \\ \t \n \r \0}), NULL as {@code \N}, numbers as decimal text
     * (doubles as Java writes them, which parses back to the same bits; NaN and infinities as
     * ClickHouse spells them). DateTime columns ({@code dateTime[i]}) are bound as epoch seconds and
     * written with at least ten digits: ClickHouse reads a DateTime field as a timestamp only when
     * its fifth character is a digit (and an integer column would refuse the leading zeros).
     */
    byte[] tabSeparated(boolean[] dateTime) {
        Tsv out = new Tsv(64 + rows.size() * columns * 12);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.put((byte) '\t');
                }
                Object v = row[i];
                if (v instanceof String str) {
                    out.escaped(str);
                } else if (v instanceof Long || v instanceof Integer) {
                    String digits = v.toString();
                    if (dateTime[i] && !digits.startsWith("-")) {
                        for (int z = digits.length(); z < 10; z++) {
                            out.put((byte) '0');
                        }
                    }
                    out.ascii(digits);
                } else if (v instanceof Double d) {
                    out.ascii(
                            d.isNaN()
                                    ? "nan"
                                    : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : d.toString());
                } else if (v instanceof SqlNull) {
                    out.ascii("\\N");
                } else {
                    throw new IllegalStateException(
                            "column " + (i + 1) + " of " + row.length + " was not bound");
                }
            }
            out.put((byte) '\n');
        }
        return out.bytes();
    }

    /** A growing byte buffer that writes text as TabSeparated needs it. */
    private static final class Tsv {
        private byte[] buf;
        private int n;

        Tsv(int capacity) {
            buf = new byte[Math.max(capacity, 256)];
        }

        void put(byte b) {
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[n++] = b;
        }

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                put((byte) s.charAt(i));
            }
        }

        /** UTF-8, with the characters TabSeparated reserves escaped. */
        void escaped(String s) {
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                switch (b) {
                    case '\\' -> {
                        put((byte) '\\');
                        put((byte) '\\');
                    }
                    case '\t' -> {
                        put((byte) '\\');
                        put((byte) 't');
                    }
                    case '\n' -> {
                        put((byte) '\\');
                        put((byte) 'n');
                    }
                    case '\r' -> {
                        put((byte) '\\');
                        put((byte) 'r');
                    }
                    case 0 -> {
                        put((byte) '\\');
                        put((byte) '0');
                    }
                    default -> put(b);
                }
            }
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buf, n);
        }
    }

    /** The values of row {@code row}, for tests. */
    List<Object> values(int row) {
        return java.util.Arrays.asList(rows.get(row).clone());
    }

    private static final byte NULL = 0, STRING = 1, LONG = 2, INT = 3, DOUBLE = 4;

    /** Version 1: row count, then per value a tag and its bits. */
    static final class Serializer implements SimpleVersionedSerializer<RowBatch> {
        private final int columns;

        Serializer(int columns) {
            this.columns = columns;
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(RowBatch batch) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64 + batch.size() * columns * 12);
            out.writeInt(batch.columns);
            out.writeInt(batch.size());
            for (Object[] row : batch.rows) {
                for (Object v : row) {
                    if (v instanceof String s) {
                        byte[] b = s.getBytes(StandardCharsets.UTF_8);
                        out.writeByte(STRING);
                        out.writeInt(b.length);
                        out.write(b);
                    } else if (v instanceof Long l) {
                        out.writeByte(LONG);
                        out.writeLong(l);
                    } else if (v instanceof Integer n) {
                        out.writeByte(INT);
                        out.writeInt(n);
                    } else if (v instanceof Double d) {
                        out.writeByte(DOUBLE);
                        out.writeDouble(d);
                    } else if (v instanceof SqlNull n) {
                        out.writeByte(NULL);
                        out.writeInt(n.sqlType());
                    } else {
                        throw new IOException("a row has an unbound column: " + v);
                    }
                }
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public RowBatch deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown ClickHouse row batch version " + version);
            }
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int cols = in.readInt();
            if (cols != columns) {
                throw new IOException(
                        "a checkpointed row batch has " + cols + " columns, the table " + columns);
            }
            RowBatch batch = new RowBatch(cols);
            int n = in.readInt();
            for (int r = 0; r < n; r++) {
                Object[] row = new Object[cols];
                for (int i = 0; i < cols; i++) {
                    byte tag = in.readByte();
                    row[i] =
                            switch (tag) {
                                case STRING -> {
                                    byte[] b = new byte[in.readInt()];
                                    in.readFully(b);
                                    yield new String(b, StandardCharsets.UTF_8);
                                }
                                case LONG -> in.readLong();
                                case INT -> in.readInt();
                                case DOUBLE -> in.readDouble();
                                case NULL -> new SqlNull(in.readInt());
                                default ->
                                        throw new IOException(
                                                "bad tag " + tag + " in a checkpointed row batch");
                            };
                }
                batch.rows.add(row);
            }
            return batch;
        }
    }
}
