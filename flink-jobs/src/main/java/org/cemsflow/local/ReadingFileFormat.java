package org.cemsflow.local;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.cemsflow.avro.Reading;
import org.cemsflow.ingestion.ReadingSerializer;
import org.cemsflow.ingestion.ReadingTypeInfo;

/**
 * The local run's sorted readings on disk, in file order: a {@link RecordFile} of readings in
 * {@link ReadingSerializer}'s format.
 */
public final class ReadingFileFormat extends SimpleStreamFormat<Reading> {
    private static final long serialVersionUID = 1L;

    static RecordFile.Writer<Reading> writer(Path file) throws IOException {
        return new RecordFile.Writer<>(file, ReadingSerializer.INSTANCE);
    }

    @Override
    public StreamFormat.Reader<Reading> createReader(
            Configuration config, FSDataInputStream stream) {
        DataInputViewStreamWrapper in = RecordFile.input(stream);
        return new StreamFormat.Reader<>() {
            private boolean done;

            @Override
            public Reading read() throws IOException {
                Reading r = done ? null : RecordFile.read(in, ReadingSerializer.INSTANCE);
                done = r == null; // asked again after the end: still the end
                return r;
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
