package org.cemsflow.local;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.cemsflow.avro.Reading;
import org.cemsflow.ingestion.ReadingSerializer;
import org.cemsflow.ingestion.ReadingTypeInfo;

/**
 * The local run's sorted readings on disk, in file order: each record is a 1 byte and the
 * reading in {@link ReadingSerializer}'s format; a 0 byte ends the file.
 */
public final class ReadingFileFormat extends SimpleStreamFormat<Reading> {
    private static final long serialVersionUID = 1L;

    /** Writes a file of this format, record by record; closing it ends the file. */
    public static final class Writer implements AutoCloseable {
        private final OutputStream os;
        private final DataOutputViewStreamWrapper out;

        private Writer(Path file) throws IOException {
            os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            out = new DataOutputViewStreamWrapper(os);
        }

        public void write(Reading r) throws IOException {
            out.writeByte(1);
            ReadingSerializer.INSTANCE.serialize(r, out);
        }

        @Override
        public void close() throws IOException {
            try (os) {
                out.writeByte(0);
            }
        }
    }

    public static Writer writer(Path file) throws IOException {
        return new Writer(file);
    }

    @Override
    public StreamFormat.Reader<Reading> createReader(
            Configuration config, FSDataInputStream stream) {
        DataInputViewStreamWrapper in =
                new DataInputViewStreamWrapper(new BufferedInputStream(stream, 1 << 16));
        return new StreamFormat.Reader<>() {
            private boolean done;

            @Override
            public Reading read() throws IOException {
                if (done || in.readByte() != 1) {
                    done = true; // asked again after the end: still the end
                    return null;
                }
                return ReadingSerializer.INSTANCE.deserialize(in);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public TypeInformation<Reading> getProducedType() {
        return ReadingTypeInfo.INSTANCE;
    }
}
