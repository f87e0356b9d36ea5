package org.cemsflow.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The gateway's counters over HTTP in the Prometheus text format ({@code GET /metrics}), for the
 * monitoring that scrapes the job's TaskManagers too: connections, frames, bytes, stored records,
 * acknowledgements, CRC failures, garbage, oversize lines, Kafka errors and stalls, whether Kafka
 * takes writes, calibrations, retransmissions, and the store latency.
 */
final class GatewayMetrics implements AutoCloseable {
    private final HttpServer server;

    GatewayMetrics(String bind, int port, String instance, GatewayCounters c, KafkaHealth kafka)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext(
                "/metrics",
                exchange -> {
                    StringBuilder out = new StringBuilder();
                    String label =
                            "{instance=\""
                                    + instance.replace("\\", "\\\\").replace("\"", "\\\"")
                                    + "\"}";
                    counter(
                            out,
                            label,
                            "connections_total",
                            "connections accepted",
                            c.connections::get);
                    gauge(out, label, "connections_open", "connections open now", c.open::get);
                    counter(
                            out,
                            label,
                            "connections_refused_total",
                            "connections closed at once by the limits",
                            c.refused::get);
                    counter(out, label, "frames_total", "frames received", c.frames::get);
                    counter(out, label, "bytes_total", "bytes received", c.bytes::get);
                    counter(out, label, "stored_total", "records Kafka stored", c.stored::get);
                    counter(out, label, "acks_total", "answers sent (9014, 9013)", c.acks::get);
                    counter(
                            out,
                            label,
                            "crc_failures_total",
                            "frames whose CRC failed (stored, not answered)",
                            c.crcFailures::get);
                    counter(
                            out,
                            label,
                            "garbage_total",
                            "runs of bytes that were no frame",
                            c.garbage::get);
                    counter(
                            out,
                            label,
                            "oversize_total",
                            "lines cut at gateway.max-frame-bytes",
                            c.oversize::get);
                    counter(
                            out,
                            label,
                            "kafka_errors_total",
                            "records Kafka did not store",
                            c.kafkaErrors::get);
                    counter(
                            out,
                            label,
                            "kafka_stalls_total",
                            "times Kafka stopped taking writes",
                            c.kafkaStalls::get);
                    gauge(
                            out,
                            label,
                            "kafka_available",
                            "1 while Kafka takes writes, 0 while no connection is read",
                            () -> kafka.down() ? 0 : 1);
                    gauge(
                            out,
                            label,
                            "kafka_waiting",
                            "records waiting for Kafka now",
                            kafka::waiting);
                    counter(
                            out,
                            label,
                            "calibrations_total",
                            "clock settings (CN 1012) sent",
                            c.calibrations::get);
                    counter(
                            out,
                            label,
                            "retransmissions_total",
                            "frames sent again and not stored twice",
                            c.retransmissions::get);
                    counter(
                            out,
                            label,
                            "several_mns_total",
                            "connections that carried several MNs",
                            c.severalMns::get);
                    counter(
                            out,
                            label,
                            "store_micros_total",
                            "time from receipt to Kafka's answer, summed (divide by stored)",
                            c.storeMicros::get);
                    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders()
                            .add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(body);
                    }
                });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void counter(
            StringBuilder out, String label, String name, String help, LongSupplier value) {
        metric(out, label, name, help, "counter", value);
    }

    private static void gauge(
            StringBuilder out, String label, String name, String help, LongSupplier value) {
        metric(out, label, name, help, "gauge", value);
    }

    private static void metric(
            StringBuilder out,
            String label,
            String name,
            String help,
            String type,
            LongSupplier v) {
        String full = "cemsflow_gateway_" + name;
        out.append("# HELP ")
                .append(full)
                .append(' ')
                .append(help)
                .append('\n')
                .append("# TYPE ")
                .append(full)
                .append(' ')
                .append(type)
                .append('\n')
                .append(full)
                .append(label)
                .append(' ')
                .append(v.getAsLong())
                .append('\n');
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
