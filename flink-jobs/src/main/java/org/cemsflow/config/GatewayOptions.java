package org.cemsflow.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/** The HJ 212 TCP gateway that data loggers connect to. */
public final class GatewayOptions {
    private GatewayOptions() {}

    public static final ConfigOption<String> BIND =
            OptionDefs.text("gateway.bind", "0.0.0.0", "HJ 212 gateway: the address it listens on");

    public static final ConfigOption<Integer> PORT =
            OptionDefs.integer(
                    "gateway.port",
                    9212,
                    0,
                    65535,
                    "HJ 212 gateway: the TCP port data loggers connect to");

    public static final ConfigOption<Integer> MAX_FRAME_BYTES =
            OptionDefs.integer(
                    "gateway.max-frame-bytes",
                    16384,
                    256,
                    1 << 20,
                    "HJ 212 gateway: a longer line is cut here and counted");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            OptionDefs.duration(
                    "gateway.idle-timeout",
                    "PT5M",
                    "HJ 212 gateway: a connection silent this long is closed");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT =
            OptionDefs.integer(
                    "gateway.max-in-flight",
                    1000,
                    1,
                    100000,
                    "HJ 212 gateway: records of one connection Kafka has not yet stored before the gateway stops reading it");

    public static final ConfigOption<String> INSTANCE =
            OptionDefs.text(
                    "gateway.instance",
                    "",
                    "HJ 212 gateway: its name in the records' headers (default: the host name)");

    public static final ConfigOption<Integer> MAX_CONNECTIONS =
            OptionDefs.integer(
                    "gateway.max-connections",
                    50000,
                    1,
                    1000000,
                    "HJ 212 gateway: connections it holds at most; more are closed at once");

    public static final ConfigOption<Integer> MAX_CONNECTIONS_PER_ADDRESS =
            OptionDefs.integer(
                    "gateway.max-connections-per-address",
                    2000,
                    1,
                    1000000,
                    "HJ 212 gateway: connections from one remote address at most (loggers behind NAT share one)");

    public static final ConfigOption<Duration> CLOCK_TOLERANCE =
            OptionDefs.duration(
                    "gateway.clock-tolerance",
                    "PT5M",
                    "HJ 212 gateway: a logger whose clock is off by more is set (CN 1012)");

    public static final ConfigOption<Duration> KAFKA_STALL =
            OptionDefs.duration(
                    "gateway.kafka-stall",
                    "PT5S",
                    "HJ 212 gateway: a write unanswered this long means Kafka takes none: no connection is read until it does");

    public static final ConfigOption<Integer> METRICS_PORT =
            OptionDefs.integer(
                    "gateway.metrics-port",
                    9213,
                    -1,
                    65535,
                    "HJ 212 gateway: Prometheus metrics at http://bind:port/metrics (0: any free port, -1: off)");

    public static final ConfigOption<Duration> CALIBRATION_INTERVAL =
            OptionDefs.duration(
                    "gateway.calibration-interval",
                    "PT1H",
                    "HJ 212 gateway: at most one clock setting per MN in this time");
}
