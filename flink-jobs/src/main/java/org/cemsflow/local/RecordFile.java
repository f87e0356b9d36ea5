package org.cemsflow.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The local run's files of records: each record is a 1 byte and the record in its serializer's
 * format; a 0 byte ends the file. Records are serialized into a memory buffer written out in
 * blocks (the JDK's data streams lock on every byte a serializer writes).
 */
final class RecordFile {
    private static final int BLOCK = 1 << 16;

    private RecordFile() {}

    /** Writes records; closing it ends the file. */
    static final class Writer<T> implements AutoCloseable {
        private final TypeSerializer<T> serializer;
        private final OutputStream os;
        private final DataOutputSerializer buf = new DataOutputSerializer(BLOCK + 4096);

        Writer(Path file, TypeSerializer<T> serializer) throws IOException {
            this.serializer = serializer;
            this.os = Files.newOutputStream(file);
        }

        void write(T record) throws IOException {
            buf.writeByte(1);
            serializer.serialize(record, buf);
            if (buf.length() >= BLOCK) {
                flush();
            }
        }

        private void flush() throws IOException {
            os.write(buf.getSharedBuffer(), 0, buf.length());
            buf.clear();
        }

        @Override
        public void close() throws IOException {
            try (os) {
                buf.writeByte(0);
                flush();
            }
        }
    }

    /** A file's records in order, from its stream. */
    static DataInputViewStreamWrapper input(java.io.InputStream in) {
        return new DataInputViewStreamWrapper(BufferedStreams.input(in));
    }

    /** The next record, or null at the end of the file (and when asked again after it). */
    static <T> T read(DataInputView in, TypeSerializer<T> serializer) throws IOException {
        return in.readByte() == 1 ? serializer.deserialize(in) : null;
    }
}
