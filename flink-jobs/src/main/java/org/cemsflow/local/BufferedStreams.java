package org.cemsflow.local;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered input stream for one thread. The JDK's takes a lock on every call, and the
 * serializers read a byte at a time: in the local run's sort files that lock was most of the cost
 * of reading readings back. (Writing goes through {@link RecordFile.Writer}.)
 */
final class BufferedStreams {
    private static final int SIZE = 1 << 16;

    private BufferedStreams() {}

    static InputStream input(InputStream in) {
        return new In(in);
    }

    private static final class In extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[SIZE];
        private int pos;
        private int end;

        In(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            pos = 0;
            end = Math.max(n, 0);
            return n > 0;
        }

        @Override
        public int read() throws IOException {
            if (pos == end && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == end && !fill()) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
