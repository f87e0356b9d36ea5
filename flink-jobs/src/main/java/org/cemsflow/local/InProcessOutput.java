package org.cemsflow.local;

import java.io.IOException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.CloseableIterator;

/**
 * A run-local pipeline's output handed to the run's own threads. run-local's Flink is a local
 * cluster in its own process, so each subtask's writer puts its records, as they come, into a
 * bounded queue in this JVM, and a thread of the run takes them out. {@code collectAsync} instead
 * serializes every record, sends it over a socket to its coordinator and through the cluster's
 * RPC to the client, and deserializes it there: a tenth of a backfill's CPU.
 *
 * <p>Guarantees: every record a writer put is read, each subtask's in the order it wrote them
 * (subtasks interleave, as they did in the collect sink). The reader ends when the job is done
 * and the queue is empty. A full queue holds the writers back until the reader catches up. Once
 * the reader is closed, a writer that cannot put fails its task, so a run whose reader failed
 * ends instead of waiting. A record is the writer's own: without object reuse Flink copies it
 * to a chained sink.
 */
final class InProcessOutput<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** The open channels of this process, by id. */
    private static final Map<String, Channel<?>> CHANNELS = new ConcurrentHashMap<>();

    /** How many records wait between the writers and the reader at most. */
    static final int CAPACITY = 8_192;

    private static final long POLL_MS = 20;

    private final String id;
    private final String name;

    private InProcessOutput(String id, String name) {
        this.id = id;
        this.name = name;
    }

    /**
     * Adds a sink to {@code stream} (at its parallelism, so that it chains) whose records the
     * returned channel reads.
     */
    static <T> Channel<T> attach(DataStream<T> stream, String name) {
        Channel<T> channel = new Channel<>(UUID.randomUUID().toString(), name);
        CHANNELS.put(channel.id, channel);
        stream.sinkTo(new InProcessOutput<T>(channel.id, name))
                .name(name + " to the run")
                .uid(name.replace(' ', '-') + "-to-the-run")
                .setParallelism(stream.getParallelism());
        return channel;
    }

    @Override
    @SuppressWarnings("unchecked")
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Channel<T> channel = (Channel<T>) CHANNELS.get(id);
        if (channel == null) {
            throw new IllegalStateException(
                    "the run's reader of " + name + " is not in this process or was closed");
        }
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException, InterruptedException {
                channel.put(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    /** The queue between one output's writers and the run's reader of it. */
    static final class Channel<T> implements AutoCloseable {
        private final String id;
        private final String name;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
        private volatile boolean closed;

        private Channel(String id, String name) {
            this.id = id;
            this.name = name;
        }

        void put(T element) throws IOException, InterruptedException {
            while (closed || !queue.offer(element, POLL_MS, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new IOException("the run no longer reads its " + name);
                }
            }
        }

        /**
         * The records as they come, until {@code job} is done and none is left; closing the
         * iterator closes the channel.
         */
        CloseableIterator<T> until(Future<?> job) {
            return new CloseableIterator<>() {
                private Object next;
                private boolean ended;

                @Override
                public boolean hasNext() {
                    try {
                        while (next == null && !ended) {
                            next = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                            if (next == null && job.isDone()) {
                                // every put happened before the job ended: what is left is here
                                next = queue.poll();
                                ended = next == null;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted reading " + name, e);
                    }
                    return next != null;
                }

                @Override
                @SuppressWarnings("unchecked")
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    T t = (T) next;
                    next = null;
                    return t;
                }

                @Override
                public void close() {
                    Channel.this.close();
                }
            };
        }

        /** Stops reading: writers that cannot put fail, and new ones find no channel. */
        @Override
        public void close() {
            closed = true;
            CHANNELS.remove(id);
        }
    }
}
