package org.cemsflow.local;

import java.io.IOException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.cemsflow.avro.Reading;

/** Reads an Avro container file of readings in file order (the local run's sorted input). */
public final class ReadingFileFormat extends SimpleStreamFormat<Reading> {
    private static final long serialVersionUID = 1L;

    @Override
    public StreamFormat.Reader<Reading> createReader(Configuration config, FSDataInputStream stream) throws IOException {
        DataFileStream<Reading> in = new DataFileStream<>(stream, new SpecificDatumReader<>(Reading.class));
        return new StreamFormat.Reader<>() {
            @Override
            public Reading read() {
                return in.hasNext() ? in.next() : null;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public TypeInformation<Reading> getProducedType() {
        return TypeInformation.of(Reading.class);
    }
}
